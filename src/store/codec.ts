/**
 * Samples ⇄ compact rows. A 500 h Operate step at 10 Hz is recorded as 1.8 M per-second summaries
 * and must fit in 100 MB, so samples are stored as small integers in fixed point, which SQLite
 * stores in 0–4 bytes each (a double always takes 8):
 *
 * - test time in ms since the run started (samples come at most every 10 ms);
 * - Unix time as its difference from run start + test time, in ms: almost always 0, which SQLite
 *   stores in no bytes at all;
 * - forces in mN (a load cell of a lab press resolves ~10 N), pressure in Pa (~0.1 MPa), position
 *   in nm (~1 µm), temperature in m°C (~0.1 °C): each three orders of magnitude or more below any
 *   sensor's resolution, so no information is lost. Any value with at most 6 decimals in kN, mm or
 *   MPa comes back exactly (integer ÷ 10⁶ is correctly rounded to the same double).
 * - absent quantities are NULL (no bytes); min/max only on summaries.
 *
 * Measured on SQLite (size.test.ts, rows 400 h into a run): 47 bytes per Operate summary row
 * including B-tree page overhead, i.e. 85 MB for 1.8 M rows. Pressure is stored (~4 bytes a row)
 * rather than derived from force and die area, so a press that reports pressure and force
 * separately keeps both exactly; deriving it would be the next saving if the budget ever tightens.
 */
import type { SampleDocument } from "../engine/documents.js";
import { SAMPLE_ID_SPAN, type SamplesTable } from "./schema.js";

/** The column order of the ingest statements: id, t, dt, step, setpoint, F, p, x, T, Fmin, Fmax. */
export const SAMPLE_COLUMNS = [
  "id",
  "t_ms",
  "dt_ms",
  "step",
  "setpoint_mn",
  "force_mn",
  "pressure_pa",
  "position_nm",
  "temperature_mc",
  "force_min_mn",
  "force_max_mn",
] as const;

export type SampleRow = (number | null)[];

const fixed = (v: number | null | undefined, scale: number): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * scale);

const unfixed = (v: number | string | bigint | null, scale: number): number | null =>
  v === null ? null : Number(v) / scale;

/** A sample as a row (SAMPLE_COLUMNS order); `startMs` is the run-start time in ms. */
export function sampleRow(doc: SampleDocument, runKey: number, seq: number, startMs: number): SampleRow {
  const tMs = Math.round(doc["Test time [s]"] * 1000);
  return [
    runKey * SAMPLE_ID_SPAN + seq,
    tMs,
    Math.round(doc.time * 1000) - startMs - tMs,
    doc.step,
    fixed(doc["Force setpoint [kN]"], 1e6),
    fixed(doc["Force [kN]"], 1e6),
    fixed(doc["Pressure [MPa]"], 1e6),
    fixed(doc["Position [mm]"], 1e6),
    fixed(doc["Temperature [degC]"], 1e3),
    fixed(doc["Force min [kN]"], 1e6),
    fixed(doc["Force max [kN]"], 1e6),
  ];
}

/** The sample document a stored row stands for. */
export function sampleDocument(row: SamplesTable, runId: string, startMs: number): SampleDocument {
  const tMs = Number(row.t_ms);
  const doc: SampleDocument = {
    type: "sample",
    run: runId,
    time: (startMs + tMs + Number(row.dt_ms)) / 1000,
    step: Number(row.step),
    "Test time [s]": tMs / 1000,
    "Force setpoint [kN]": unfixed(row.setpoint_mn, 1e6),
    "Force [kN]": unfixed(row.force_mn, 1e6),
    "Pressure [MPa]": unfixed(row.pressure_pa, 1e6),
    "Position [mm]": unfixed(row.position_nm, 1e6),
    "Temperature [degC]": unfixed(row.temperature_mc, 1e3),
  };
  const min = unfixed(row.force_min_mn, 1e6);
  const max = unfixed(row.force_max_mn, 1e6);
  if (min !== null) doc["Force min [kN]"] = min;
  if (max !== null) doc["Force max [kN]"] = max;
  return doc;
}

/** Run-start time in whole ms, the origin of the samples' Unix time. */
export const startMsOf = (startTime: number): number => Math.round(startTime * 1000);
