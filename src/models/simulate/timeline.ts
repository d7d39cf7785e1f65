/**
 * The assembly as it happens, and the cell after a predicted short.
 *
 * The step results (simulate.ts) give the state at the end of each step. A reader of the plot needs
 * the path in between: a powder compacts while the load rises (Heckel under load, model 1), stays at
 * the step's density through a hold (the densification model has no creep in time), and springs back
 * elastically on release. `TimelineRecorder` samples that path inside each ramp, hold and release
 * from the same physics call the step results use (`Physics.relativeDensity` under the current
 * pressure), so the curve ends exactly where the step's numbers are. It is built only for the nominal
 * simulation that is shown (plot, tables); Monte Carlo samples do not build it.
 *
 * `predictedShort` says when the nominal prediction puts the short: a press step whose own short
 * probability reaches 1/2 (the median intrusion outcome is a short), or the median time to short of
 * the operation within its duration. From then on the cell is shorted: a shorted cell stops cycling,
 * so the operation's pressure trace ends there (`cutAtShort`).
 */
import type { Segment } from "../../protocol/compile.js";
import type { Layer } from "../../protocol/types.js";
import type { Physics } from "./physics.js";

/** Points inside one ramp or release: a smooth curve, and ≤ 50 points per press step in all. */
export const POINTS_PER_RAMP = 24;

/** A layer in the die as the recorder sees it (structurally the simulator's own layer state). */
export interface TimelineLayerState {
  layer: Layer;
  /** Highest pressure seen before the current segment [Pa]. */
  maxPressure: number;
  /** Temperature at which that pressure was applied [K]. */
  pressTemperature: number;
}

/** Pressure and every layer's state at points through the assembly. */
export interface AssemblyTimeline {
  /** On the assembly timeline [s]. */
  time: number[];
  /** Pressure on the stack [Pa]. */
  pressure: number[];
  /** The step each point belongs to. */
  step: number[];
  /**
   * Per layer id: relative density under the pressure of the moment (once released at zero) [-] and
   * thickness [m]; null before the layer is in the die, or when its thickness is unknown.
   */
  layers: Record<string, { relativeDensity: (number | null)[]; thickness: (number | null)[] }>;
}

/** Where the nominal prediction puts the short. */
export interface PredictedShort {
  phase: "assembly" | "operation";
  step: number;
  /** On the assembly timeline [s] for an assembly short; from the start of operation [s] otherwise. */
  time: number;
}

export class TimelineRecorder {
  private readonly out: AssemblyTimeline = { time: [0], pressure: [0], step: [0], layers: {} };

  constructor(
    private readonly physics: Physics,
    private readonly isSoft: (l: Layer) => boolean,
    private readonly thicknessOf: (s: TimelineLayerState, rel: number) => number | undefined,
  ) {}

  /**
   * Record one segment that took the die from (t0, p0) to (t1, p1). Called after the segment is
   * applied and before the step's press effects raise the layers' highest pressure, except for a
   * release, which follows them.
   */
  record(seg: Segment, t0: number, p0: number, t1: number, p1: number, inDie: TimelineLayerState[]): void {
    const temperature = seg.temperature;
    if (this.out.time.length === 1) this.out.step[0] = seg.step; // the die before the first step
    if (seg.kind === "place") {
      this.point(t0, p0, seg.step, inDie, temperature);
      if (t1 > t0) this.point(t1, p1, seg.step, inDie, temperature);
      return;
    }
    if ((seg.kind === "ramp" || seg.kind === "release") && p1 !== p0) {
      for (let i = 1; i <= POINTS_PER_RAMP; i++) {
        const f = i / POINTS_PER_RAMP;
        this.point(t0 + (t1 - t0) * f, p0 + (p1 - p0) * f, seg.step, inDie, temperature);
      }
      return;
    }
    if (t1 > t0) this.point(t1, p1, seg.step, inDie, temperature);
  }

  result(): AssemblyTimeline {
    return this.out;
  }

  /**
   * Relative density at pressure p: on the compaction curve while p exceeds every earlier pressure
   * (pressed at the die's temperature of the moment), on the elastic unload/reload line below it.
   */
  private density(s: TimelineLayerState, p: number, temperature: number): number {
    if (this.isSoft(s.layer)) return 1;
    const max = Math.max(s.maxPressure, p);
    const t = p > s.maxPressure ? temperature : s.pressTemperature;
    if (max <= 0) return this.physics.relativeDensity(s.layer, 0, t, true);
    return p <= 0
      ? this.physics.relativeDensity(s.layer, max, t, true)
      : this.physics.relativeDensity(s.layer, max, t, false, p);
  }

  private point(t: number, p: number, step: number, inDie: TimelineLayerState[], temperature: number): void {
    const o = this.out;
    const n = o.time.length;
    o.time.push(t);
    o.pressure.push(p);
    o.step.push(step);
    for (const s of inDie) {
      let l = o.layers[s.layer.id];
      if (!l) {
        l = { relativeDensity: new Array<null>(n).fill(null), thickness: new Array<null>(n).fill(null) };
        o.layers[s.layer.id] = l;
      }
      const rel = this.density(s, p, temperature);
      l.relativeDensity.push(rel);
      l.thickness.push(this.thicknessOf(s, rel) ?? null);
    }
    // layers that left the die (none today) or are not in it yet stay null at this point
    for (const l of Object.values(o.layers))
      if (l.relativeDensity.length < n + 1) {
        l.relativeDensity.push(null);
        l.thickness.push(null);
      }
  }
}

/** Share of a step's own short probability from which the median prediction is a short. */
const MEDIAN_SHORT = 0.5;

/**
 * The first short the nominal prediction makes: during assembly (a press step whose own short
 * probability is ≥ 1/2, at the step's end), else during operation (median time to short within the
 * operation's duration). Null when the risk is only a probability below its median.
 */
export function predictedShort(
  steps: readonly { step: number; kind: string; end: number; stepShortProbability: number }[],
  operation: { step: number; timeToShort: number } | undefined,
  operationDuration: number | undefined,
): PredictedShort | null {
  for (const s of steps) {
    if (s.kind === "operate") break;
    if (s.stepShortProbability >= MEDIAN_SHORT) return { phase: "assembly", step: s.step, time: s.end };
  }
  if (
    operation &&
    operationDuration !== undefined &&
    Number.isFinite(operation.timeToShort) &&
    operation.timeToShort <= operationDuration
  )
    return { phase: "operation", step: operation.step, time: operation.timeToShort };
  return null;
}

/**
 * The stack-pressure trace of a cell that shorts at `at` [s from the start of operation]: the points
 * before it and one at the short (interpolated); nothing after, since a shorted cell no longer cycles.
 */
export function cutAtShort(
  series: { time: ArrayLike<number>; pressure: ArrayLike<number> },
  at: number,
): { time: Float64Array; pressure: Float64Array } {
  const { time, pressure } = series;
  const n = time.length;
  let k = 0; // points with time < at
  while (k < n && time[k]! < at) k++;
  if (k === 0 || n === 0) {
    const p0 = n ? pressure[0]! : 0;
    return { time: Float64Array.of(Math.max(0, at)), pressure: Float64Array.of(p0) };
  }
  const t = new Float64Array(k + 1);
  const p = new Float64Array(k + 1);
  for (let i = 0; i < k; i++) {
    t[i] = time[i]!;
    p[i] = pressure[i]!;
  }
  const ta = time[k - 1]!;
  const pa = pressure[k - 1]!;
  const pb = k < n ? pressure[k]! : pa;
  const tb = k < n ? time[k]! : ta;
  t[k] = at;
  p[k] = tb > ta ? pa + ((pb - pa) * (at - ta)) / (tb - ta) : pa;
  return { time: t, pressure: p };
}
