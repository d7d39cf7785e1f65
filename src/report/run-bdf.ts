/**
 * The Battery Data Format export of a run (`runs export --format bdf`, CONTRACTS §7): a CSV file with
 * BDF's `Name / unit` columns in SI units, and a sidecar `X.metadata.json` beside `-o X.csv` that
 * says which run, protocol, die and software produced it.
 *
 * `Applied Pressure / Pa` is what was commanded at that moment — the force setpoint (which follows
 * the ramp) over the die area —, `Surface Pressure / Pa` what was measured on the cell. `Step Count`
 * is the protocol's step number (0 before the first step). Null quantities are empty cells.
 */
import type { SampleDocument } from "../engine/documents.js";
import type { RunRecord } from "../store/types.js";
import { csvLine, csvNumber, LineBuffer, type ChunkWriter } from "./run-export.js";

export const BDF_COLUMNS = [
  "Test Time / s",
  "Unix Time / s",
  "Step Count / 1",
  "Applied Pressure / Pa",
  "Surface Pressure / Pa",
  "Force / N",
  "Ram Position / m",
  "Platen Temperature / degC",
] as const;

/** A unit conversion without binary noise in the printed value (0.1 mm → 0.0001 m, not 0.00010000000000000002). */
const scaled = (v: number | null | undefined, factor: number): number | null =>
  typeof v === "number" && Number.isFinite(v) ? +(v * factor).toPrecision(12) : null;

/** Die area [m²] of the run, or null when unknown. */
function dieArea(record: RunRecord): number | null {
  const mm2 = record.start.die["Area [mm2]"];
  return Number.isFinite(mm2) && mm2 > 0 ? +(mm2 * 1e-6).toPrecision(12) : null;
}

function bdfRow(s: SampleDocument, area: number | null): string {
  const sp = s["Force setpoint [kN]"];
  const applied = area !== null && sp !== null && Number.isFinite(sp) ? scaled((sp * 1e3) / area, 1) : null;
  return [
    csvNumber(s["Test time [s]"]),
    csvNumber(s.time),
    csvNumber(s.step),
    csvNumber(applied),
    csvNumber(scaled(s["Pressure [MPa]"], 1e6)),
    csvNumber(scaled(s["Force [kN]"], 1e3)),
    csvNumber(scaled(s["Position [mm]"], 1e-3)),
    csvNumber(s["Temperature [degC]"]),
  ].join(",");
}

/** Writes the BDF table; returns the number of samples. */
export async function writeRunBdf(
  record: RunRecord,
  samples: AsyncIterable<SampleDocument>,
  write: ChunkWriter,
): Promise<number> {
  const area = dieArea(record);
  const out = new LineBuffer(write);
  await out.line(csvLine([...BDF_COLUMNS]));
  let n = 0;
  for await (const s of samples) {
    await out.line(bdfRow(s, area));
    n++;
  }
  await out.flush();
  return n;
}

/** The sidecar's name for a BDF file: `X.csv` → `X.metadata.json`; another name gets the suffix added. */
export function sidecarPath(path: string): string {
  return /\.csv$/i.test(path) ? path.replace(/\.csv$/i, ".metadata.json") : `${path}.metadata.json`;
}

const iso = (unix: number | undefined) =>
  typeof unix === "number" && Number.isFinite(unix) ? new Date(unix * 1000).toISOString() : null;

/**
 * The sidecar's content: the run, the protocol text and its SHA-256, the die (SI), the press, the
 * operator, start and stop, the software, and what each column is. `dataSha256` is the SHA-256 of the
 * CSV file it describes, when the caller computed it while writing.
 */
export function bdfMetadata(
  record: RunRecord,
  opts: { dataFile?: string; dataSha256?: string; samples?: number } = {},
): Record<string, unknown> {
  const s = record.start;
  const rating = s.die["Rating [MPa]"];
  return {
    format: "Battery Data Format (CSV) with ssbpress press columns",
    ...(opts.dataFile !== undefined ? { "data file": opts.dataFile } : {}),
    ...(opts.dataSha256 !== undefined ? { "data sha256": opts.dataSha256 } : {}),
    ...(opts.samples !== undefined ? { samples: opts.samples } : {}),
    run: s.run,
    name: s.name,
    status: record.stop?.status ?? record.summary.status,
    reason: record.stop?.reason ?? null,
    started: iso(s.time),
    stopped: iso(record.stop?.time),
    press: s.press,
    map: s.map,
    operator: s.operator,
    software: { name: "ssbpress", version: s.version },
    ...(s.options ? { options: s.options } : {}),
    die: {
      "Diameter [m]": scaled(s.die["Diameter [mm]"], 1e-3),
      "Area [m2]": dieArea(record),
      "Rating [Pa]": rating === null ? null : scaled(rating, 1e6),
    },
    protocol: { sha256: s.sha256, text: s.protocol },
    steps: record.steps.map(({ start, end }) => ({
      "Step Count": start.step,
      text: start.text,
      started: iso(start.time),
      ended: iso(end?.time),
    })),
    events: record.events.map((e) => ({
      time: iso(e.time),
      "Test Time / s": +(e.time - s.time).toPrecision(12),
      "Step Count": e.step,
      kind: e.kind,
      message: e.message,
    })),
    columns: {
      "Test Time / s": "time since the run started",
      "Unix Time / s": "seconds since 1970-01-01 UTC",
      "Step Count / 1": "protocol step number (0 before the first step)",
      "Applied Pressure / Pa": "commanded pressure: force setpoint over the die area, following the ramp",
      "Surface Pressure / Pa": "pressure measured on the cell (load cell force over the die area)",
      "Force / N": "force measured by the press's load cell",
      "Ram Position / m": "ram position reported by the press",
      "Platen Temperature / degC": "platen temperature (empty without a heated press)",
    },
  };
}
