/**
 * From the server's decimated series (min and max per pixel column) to uPlot's columns, and the
 * steps and events of a run to shaded spans and markers on its time axis.
 */
import type uPlot from "uplot";
import type { Marker, Span } from "../charts/plugins";
import { INTERLOCK } from "../charts/axes";
import type { RunSeries, RunShow } from "./types";

export type Quantity = "Force [kN]" | "Pressure [MPa]";
/** The quantities a run's trace can show, as radio options. */
export const QUANTITY_OPTIONS: readonly { value: Quantity; label: string }[] = [
  { value: "Force [kN]", label: "Force [kN]" },
  { value: "Pressure [MPa]", label: "Pressure [MPa]" },
];

type Column = (number | null)[];

const mid = (a: Column, b: Column): Column =>
  a.map((x, i) => {
    const y = b[i];
    return x === null || x === undefined || y === null || y === undefined ? (x ?? y ?? null) : (x + y) / 2;
  });

const empty = (n: number): Column => new Array<number | null>(n).fill(null);

export interface TraceColumns {
  time: number[];
  min: Column;
  max: Column;
  setpoint: Column;
  position: Column;
}

/**
 * The quantity's min and max per column, its setpoint (force setpoint, or that divided by the die
 * area for pressure) and the ram position (middle of its min and max).
 */
export function traceColumns(s: RunSeries, quantity: Quantity, areaMm2?: number | null): TraceColumns {
  const n = s["Test time [s]"].length;
  const q = s.series[quantity];
  const sp = s.series["Force setpoint [kN]"];
  const pos = s.series["Position [mm]"];
  let setpoint: Column = sp ? sp.max : empty(n);
  if (quantity === "Pressure [MPa]")
    // kN / mm² = GPa: ×1000 for MPa
    setpoint = areaMm2 ? setpoint.map((f) => (f === null ? null : (f * 1000) / areaMm2)) : empty(n);
  return {
    time: s["Test time [s]"],
    min: q ? q.min : empty(n),
    max: q ? q.max : empty(n),
    setpoint,
    position: pos ? mid(pos.min, pos.max) : empty(n),
  };
}

export function traceData(c: TraceColumns): uPlot.AlignedData {
  return [c.time, c.max, c.min, c.setpoint, c.position] as uPlot.AlignedData;
}

/** One line per run for an overlay: the middle of each column's min and max. */
export function middleLine(s: RunSeries, quantity: Quantity): [number[], Column] {
  const q = s.series[quantity];
  const n = s["Test time [s]"].length;
  return [s["Test time [s]"], q ? mid(q.min, q.max) : empty(n)];
}

const seconds = (iso: string | null | undefined, t0: number) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? (t - t0) / 1000 : NaN;
};

/** Each step that took time, on the run's test-time axis [s]. */
export function stepSpans(run: RunShow): Span[] {
  const t0 = Date.parse(run.started);
  return run.steps
    .map((s) => ({ from: seconds(s.started, t0), to: seconds(s.ended, t0), label: String(s.step) }))
    .filter((s) => Number.isFinite(s.from) && Number.isFinite(s.to) && s.to > s.from);
}

export const EVENT_COLOURS: Record<string, string> = {
  interlock: INTERLOCK,
  operator: "#0b4fa8",
  prompt: "#6a1b9a",
  band: "#7a4a00",
  note: "#4a4f57",
};

/** Each event at its test time, labelled with its kind; interlocks solid red. */
export function eventMarkers(run: RunShow): Marker[] {
  const t0 = Date.parse(run.started);
  return run.events
    .map((e) => ({
      at: typeof e["Test time [s]"] === "number" ? e["Test time [s]"] : seconds(e.time, t0),
      label: e.kind,
      color: EVENT_COLOURS[e.kind] ?? "#4a4f57",
      strong: e.kind === "interlock",
    }))
    .filter((m) => Number.isFinite(m.at));
}
