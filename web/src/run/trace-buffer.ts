/**
 * The live trace's points, in columns ready for uPlot (time, force, force setpoint, pressure,
 * pressure setpoint, position). A long run must not slow the page: the buffer keeps at most
 * `limit` points. When it is full, the older part is thinned — each run of four points becomes its
 * lowest and highest force, in time order — so peaks and drops stay visible, while the newest
 * points stay at full resolution. `received` counts every sample ever added.
 */
import type { Sample } from "./documents";

type Column = (number | null)[];

/** The columns in uPlot's order: x first, then the series. */
export interface TraceColumns {
  time: number[];
  force: Column;
  forceSetpoint: Column;
  pressure: Column;
  pressureSetpoint: Column;
  position: Column;
}

/** How many newest points are never thinned. */
const KEEP_FRESH = 0.25;

export class TraceBuffer {
  readonly columns: TraceColumns = empty();
  /** Samples added since the start (thinning does not lower it). */
  received = 0;
  /** MPa per kN, learnt from the samples, to draw the setpoint as a pressure. */
  private mpaPerKn: number | null = null;

  constructor(readonly limit = 4000) {}

  get length(): number {
    return this.columns.time.length;
  }

  clear(): void {
    Object.assign(this.columns, empty());
    this.received = 0;
  }

  /** Sets the die's area as MPa per kN (known from the preflight before samples arrive). */
  setMpaPerKn(ratio: number | null): void {
    if (ratio !== null && Number.isFinite(ratio) && ratio > 0) this.mpaPerKn = ratio;
  }

  add(samples: readonly Sample[]): void {
    const c = this.columns;
    for (const s of samples) {
      const f = s["Force [kN]"];
      const p = s["Pressure [MPa]"];
      if (this.mpaPerKn === null && f !== null && p !== null && Math.abs(f) > 0.05) this.mpaPerKn = p / f;
      const sp = s["Force setpoint [kN]"];
      c.time.push(s["Test time [s]"]);
      c.force.push(f);
      c.forceSetpoint.push(sp);
      c.pressure.push(p);
      c.pressureSetpoint.push(sp !== null && this.mpaPerKn !== null ? sp * this.mpaPerKn : null);
      c.position.push(s["Position [mm]"]);
    }
    this.received += samples.length;
    while (this.length > this.limit) this.thin();
  }

  /** Halves the older part: four points → the min and max force of the four, in time order. */
  private thin(): void {
    const c = this.columns;
    const old = Math.floor((this.length * (1 - KEEP_FRESH)) / 4) * 4;
    const keep: number[] = [];
    for (let i = 0; i < old; i += 4) {
      let lo = i;
      let hi = i;
      for (let j = i + 1; j < i + 4; j++) {
        if ((c.force[j] ?? Infinity) < (c.force[lo] ?? Infinity)) lo = j;
        if ((c.force[j] ?? -Infinity) > (c.force[hi] ?? -Infinity)) hi = j;
      }
      if (lo === hi) keep.push(lo);
      else keep.push(Math.min(lo, hi), Math.max(lo, hi));
    }
    for (const key of Object.keys(c) as (keyof TraceColumns)[]) {
      const col = c[key] as Column;
      const thinned = keep.map((i) => col[i] ?? null);
      (c[key] as Column) = thinned.concat(col.slice(old));
    }
  }
}

function empty(): TraceColumns {
  return { time: [], force: [], forceSetpoint: [], pressure: [], pressureSetpoint: [], position: [] };
}
