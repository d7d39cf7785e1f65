/**
 * The plot of a recorded run (`runs plot ID -o FILE.svg`, CONTRACTS §7): pressure (or force) measured
 * and commanded, and the ram position (with the platen temperature when there is one), against time;
 * steps shaded in alternating bands labelled with their numbers (hover for the step's text), events
 * marked by vertical lines (hover the thin strip for the message).
 *
 * The samples stream through a min/max decimator: time is cut into at most `MAX_BUCKETS` buckets and
 * each keeps only its lowest and highest value (with their times), so spikes survive and a 500 h run
 * plots in constant memory into a small file (≤ 2 points per bucket per series). When the samples
 * run past the buckets, the bucket width doubles and neighbours merge.
 */
import type { EventKind, SampleDocument } from "../engine/documents.js";
import type { RunRecord } from "../store/types.js";
import { pressurePerForce } from "./run-stats.js";
import { renderChart, type Panel } from "./svg-chart.js";

/** Buckets per series: at most 2 points each, so at most ~2000 points per series. */
const MAX_BUCKETS = 1000;
/** Events marked with a line; more (a long Operate step's band excursions) are counted in the title. */
const MAX_EVENTS = 200;

interface Bucket {
  lo: number;
  tLo: number;
  hi: number;
  tHi: number;
}

/** Min/max decimation of one series over time, in constant memory. */
export class Decimator {
  private buckets = new Map<number, Bucket>();
  constructor(
    private width: number,
    private readonly maxBuckets = MAX_BUCKETS,
  ) {
    if (!(width > 0)) this.width = 1;
  }

  /** Adds a value at time t, optionally with the range it summarises (lo ≤ v ≤ hi). */
  add(t: number, v: number | null | undefined, lo?: number | null, hi?: number | null): void {
    if (typeof v !== "number" || !Number.isFinite(v) || !Number.isFinite(t)) return;
    const low = typeof lo === "number" && Number.isFinite(lo) ? Math.min(lo, v) : v;
    const high = typeof hi === "number" && Number.isFinite(hi) ? Math.max(hi, v) : v;
    let k = Math.floor(Math.max(0, t) / this.width);
    while (k >= this.maxBuckets) {
      this.coarsen();
      k = Math.floor(Math.max(0, t) / this.width);
    }
    const b = this.buckets.get(k);
    if (!b) {
      this.buckets.set(k, { lo: low, tLo: t, hi: high, tHi: t });
      return;
    }
    if (low < b.lo) [b.lo, b.tLo] = [low, t];
    if (high > b.hi) [b.hi, b.tHi] = [high, t];
  }

  /** Doubles the bucket width, merging pairs of buckets. */
  private coarsen(): void {
    this.width *= 2;
    const merged = new Map<number, Bucket>();
    for (const [k, b] of this.buckets) {
      const m = merged.get(Math.floor(k / 2));
      if (!m) merged.set(Math.floor(k / 2), { ...b });
      else {
        if (b.lo < m.lo) [m.lo, m.tLo] = [b.lo, b.tLo];
        if (b.hi > m.hi) [m.hi, m.tHi] = [b.hi, b.tHi];
      }
    }
    this.buckets = merged;
  }

  /** The decimated points in time order: each bucket's extremes, the earlier first. */
  points(): { t: number[]; v: number[] } {
    const t: number[] = [];
    const v: number[] = [];
    for (const k of [...this.buckets.keys()].sort((a, b) => a - b)) {
      const b = this.buckets.get(k)!;
      const pts: [number, number][] =
        b.tLo === b.tHi && b.lo === b.hi
          ? [[b.tLo, b.lo]]
          : b.tLo <= b.tHi
            ? [
                [b.tLo, b.lo],
                [b.tHi, b.hi],
              ]
            : [
                [b.tHi, b.hi],
                [b.tLo, b.lo],
              ];
      for (const [x, y] of pts) {
        t.push(x);
        v.push(y);
      }
    }
    return { t, v };
  }
}

export type PlotQuantity = "pressure" | "force";

export interface RunPlotOptions {
  /** What the upper panel shows; pressure [MPa] by default (what protocols are written in). */
  y?: PlotQuantity;
}

const EVENT_COLORS: Record<EventKind, string> = {
  interlock: "#d62728",
  band: "#ff7f0e",
  operator: "#2ca02c",
  note: "#7f7f7f",
  prompt: "#9467bd",
};
const STEP_COLORS = ["#7f7f7f", "#1f77b4"];

/** Time axis unit for a run of this length [s]: seconds, minutes or hours. */
function timeUnit(span: number): { label: string; div: number } {
  if (span <= 600) return { label: "Time [s]", div: 1 };
  if (span <= 36_000) return { label: "Time [min]", div: 60 };
  return { label: "Time [h]", div: 3600 };
}

const scale = (xs: number[], k: number) => xs.map((x) => x / k);

/** The SVG plot of a run, in one streaming pass over its samples. */
export async function runPlotSvg(
  record: RunRecord,
  samples: AsyncIterable<SampleDocument>,
  opts: RunPlotOptions = {},
): Promise<string> {
  const quantity = opts.y ?? "pressure";
  const k = pressurePerForce(record);
  const t0 = record.start.time;
  // when the run has stopped its length is known: start with buckets that fit it
  const known = record.stop ? record.stop.time - t0 : 0;
  const width = known > 0 ? known / MAX_BUCKETS : 1;
  const measured = new Decimator(width);
  const commanded = new Decimator(width);
  const position = new Decimator(width);
  const temperature = new Decimator(width);
  let last = 0;
  for await (const s of samples) {
    const t = s["Test time [s]"];
    last = Math.max(last, t);
    const f = s["Force [kN]"];
    const sp = s["Force setpoint [kN]"];
    if (quantity === "force") {
      measured.add(t, f, s["Force min [kN]"], s["Force max [kN]"]);
      commanded.add(t, sp);
    } else {
      const lo = s["Force min [kN]"];
      const hi = s["Force max [kN]"];
      measured.add(
        t,
        s["Pressure [MPa]"],
        k !== null && typeof lo === "number" ? lo * k : null,
        k !== null && typeof hi === "number" ? hi * k : null,
      );
      if (k !== null && sp !== null) commanded.add(t, sp * k);
    }
    position.add(t, s["Position [mm]"]);
    temperature.add(t, s["Temperature [degC]"]);
  }
  const span = Math.max(last, known, ...record.events.map((e) => e.time - t0));
  const unit = timeUnit(span);

  const m = measured.points();
  const c = commanded.points();
  const pos = position.points();
  const temp = temperature.points();
  const yLabel = quantity === "force" ? "Force [kN]" : "Pressure [MPa]";
  const name = quantity === "force" ? "Force" : "Pressure";
  const top = Math.max(0, ...m.v, ...c.v);
  const posLo = pos.v.length ? Math.min(...pos.v) : 0;
  const posHi = pos.v.length ? Math.max(...pos.v) : 1;

  const end = (i: number) => {
    const e = record.steps[i]!.end?.time ?? record.steps[i + 1]?.start.time ?? t0 + span;
    return e - t0;
  };
  // Alternate the shading over the steps that last (an Add step takes no time): otherwise every
  // press step of an add/press recipe gets the same colour and they read as one band.
  const shade: number[] = [];
  let lasting = 0;
  for (let i = 0; i < record.steps.length; i++)
    shade.push(end(i) > record.steps[i]!.start.time - t0 ? lasting++ % 2 : 0);
  const stepBands = (lo: number, hi: number): NonNullable<Panel["bands"]> =>
    record.steps.map((s, i) => ({
      name: `Step ${s.start.step}: ${s.start.text}`,
      x: [(s.start.time - t0) / unit.div, end(i) / unit.div],
      lo: [lo, lo],
      hi: [hi, hi],
      color: STEP_COLORS[shade[i]!]!,
    }));
  const shown = record.events.slice(0, MAX_EVENTS);
  const strip = Math.max(span, 1) * 0.003;
  const eventBands = (lo: number, hi: number): NonNullable<Panel["bands"]> =>
    shown.map((e) => ({
      name: `${e.kind} at ${new Date(e.time * 1000).toISOString()} (step ${e.step}): ${e.message}`,
      x: [(e.time - t0 - strip) / unit.div, (e.time - t0 + strip) / unit.div],
      lo: [lo, lo],
      hi: [hi, hi],
      color: EVENT_COLORS[e.kind],
    }));
  const vlines: NonNullable<Panel["vlines"]> = [
    // a line and a number where each lasting step starts (an Add step's would sit on the next one's)
    ...record.steps
      .filter((s, i) => end(i) > s.start.time - t0)
      .map((s) => ({ x: (s.start.time - t0) / unit.div, label: String(s.start.step), color: "#555555" })),
    // Notes and operator answers come at step starts, where the step number is: only interlocks and
    // band excursions are labelled (every event has its tooltip strip).
    ...shown.map((e) => ({
      x: (e.time - t0) / unit.div,
      label: e.kind === "interlock" || e.kind === "band" ? e.kind : "",
      color: EVENT_COLORS[e.kind],
    })),
  ];

  const panels: Panel[] = [
    {
      title: `${name}, measured and commanded; steps shaded, events marked`,
      xLabel: unit.label,
      yLabel,
      yMin: 0,
      bands: [...stepBands(0, top), ...eventBands(0, top)],
      vlines,
      series: [
        { name: `${name} commanded`, x: scale(c.t, unit.div), y: c.v, color: "#9467bd", dashed: true },
        { name: `${name} measured`, x: scale(m.t, unit.div), y: m.v, color: "#333333" },
      ],
    },
    {
      title: temp.v.length ? "Ram position and platen temperature" : "Ram position",
      xLabel: unit.label,
      yLabel: "Position [mm]",
      ...(temp.v.length ? { y2Label: "Temperature [°C]" } : {}),
      bands: [...stepBands(posLo, posHi), ...eventBands(posLo, posHi)],
      vlines,
      series: [
        { name: "Position", x: scale(pos.t, unit.div), y: pos.v, color: "#1f77b4" },
        ...(temp.v.length
          ? [
              {
                name: "Temperature",
                x: scale(temp.t, unit.div),
                y: temp.v,
                color: "#d62728",
                axis: "right" as const,
              },
            ]
          : []),
      ],
    },
  ];
  const more = record.events.length - shown.length;
  const status = record.stop?.status ?? record.summary.status;
  const title = `${record.start.name} — run ${record.start.run} (${status})${more > 0 ? ` — ${more} more events not marked` : ""}`;
  return renderChart(panels, { title });
}
