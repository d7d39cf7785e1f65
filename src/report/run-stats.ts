/**
 * Statistics per step of a recorded run (`runs show`, CONTRACTS §7): peak force and pressure, the
 * hold's mean and standard deviation, the final position and the duration. Computed in one pass over
 * the streamed samples with a fixed amount of state per step, so a 500 h run is never held in memory.
 *
 * The hold of a step is where the press was asked to stay put and did:
 * - with a force setpoint (automatic presses, the twin): the samples after the setpoint last changed
 *   *and* the measured force first came within 1 % of it — the same rule as the engine's hold timer.
 *   A setpoint that moves again (a further ramp) starts the hold over. A setpoint of 0 (a release)
 *   has no hold.
 * - without a setpoint (a manual press reporting force only): the samples after the force first came
 *   within 1 % of its running peak; a force rising more than 1 % above that peak starts the hold over.
 * Either way the hold ends with the step. A step that never settles has no hold (nulls).
 *
 * The per-second summaries of a long Operate step count as one sample each (their force is the mean
 * over the second); their `Force min/max [kN]` enter the peaks.
 */
import type { SampleDocument } from "../engine/documents.js";
import type { RunRecord } from "../store/types.js";

/** How close the force must come to its reference for the hold to start (fraction). */
const HOLD_TOLERANCE = 0.01;
/** Setpoints closer than this are "the same" [kN] (a setpoint streamed along a ramp changes more). */
const SETPOINT_EPSILON = 1e-6;

export interface StepStats {
  step: number;
  text: string;
  /** ISO 8601 (null when the step's start is unknown). */
  started: string | null;
  /** ISO 8601; null when the step never ended (the run stopped or died in it). */
  ended: string | null;
  "Duration [s]": number | null;
  Samples: number;
  "Peak force [kN]": number | null;
  "Peak pressure [MPa]": number | null;
  "Hold duration [s]": number | null;
  "Hold force mean [kN]": number | null;
  "Hold force std [kN]": number | null;
  "Hold pressure mean [MPa]": number | null;
  "Hold pressure std [MPa]": number | null;
  "Final position [mm]": number | null;
  "Max temperature [degC]": number | null;
}

/** Running mean and variance (Welford): stable for millions of samples. */
class Moments {
  n = 0;
  private mean = 0;
  private m2 = 0;
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  get average(): number | null {
    return this.n > 0 ? this.mean : null;
  }
  /** Sample standard deviation (n − 1); 0 for a single sample. */
  get std(): number | null {
    if (this.n === 0) return null;
    return this.n < 2 ? 0 : Math.sqrt(Math.max(0, this.m2 / (this.n - 1)));
  }
}

const isNum = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);
const maxOf = (a: number | null, b: number | null | undefined) =>
  isNum(b) ? (a === null || b > a ? b : a) : a;
const iso = (unix: number | null | undefined) => (isNum(unix) ? new Date(unix * 1000).toISOString() : null);

/** The state kept for one step while the samples stream by. */
class StepAccumulator {
  samples = 0;
  peakForce: number | null = null;
  peakPressure: number | null = null;
  maxTemperature: number | null = null;
  finalPosition: number | null = null;
  firstTime: number | null = null;
  lastTime: number | null = null;
  private setpoint: number | null = null;
  /** The force the hold is measured against (the setpoint, or the running peak without one). */
  private reference: number | null = null;
  private holdStart: number | null = null;
  private holdForce = new Moments();
  private holdPressure = new Moments();
  /** Test time of the last sample counted in the current hold [s]. */
  private holdEnd: number | null = null;
  /**
   * The longest hold seen so far in this step: a press step ends with its release ramp, which
   * moves the setpoint and so restarts the hold — the hold that matters is the one before it.
   */
  private best: { start: number; end: number; force: Moments; pressure: Moments } | null = null;

  /** `kNToMPa` converts a force to the pressure on the die (null when the die area is unknown). */
  constructor(private readonly kNToMPa: number | null) {}

  add(s: SampleDocument): void {
    this.samples++;
    if (this.firstTime === null) this.firstTime = s.time;
    this.lastTime = s.time;
    const force = s["Force [kN]"];
    this.peakForce = maxOf(maxOf(this.peakForce, force), s["Force max [kN]"]);
    this.peakPressure = maxOf(this.peakPressure, s["Pressure [MPa]"]);
    if (this.kNToMPa !== null && isNum(s["Force max [kN]"]))
      this.peakPressure = maxOf(this.peakPressure, s["Force max [kN]"] * this.kNToMPa);
    this.maxTemperature = maxOf(this.maxTemperature, s["Temperature [degC]"]);
    if (isNum(s["Position [mm]"])) this.finalPosition = s["Position [mm]"];
    this.trackHold(s, force);
  }

  private restartHold(reference: number | null): void {
    this.keepIfLongest();
    this.reference = reference;
    this.holdStart = null;
    this.holdForce = new Moments();
    this.holdPressure = new Moments();
  }

  private trackHold(s: SampleDocument, force: number | null): void {
    const sp = s["Force setpoint [kN]"];
    if (isNum(sp)) {
      if (this.setpoint === null || Math.abs(sp - this.setpoint) > SETPOINT_EPSILON) this.restartHold(sp);
      this.setpoint = sp;
    } else if (this.setpoint === null && isNum(force)) {
      // no setpoint at all in this step: follow the peak
      const ref = this.reference;
      if (ref === null || force > ref * (1 + HOLD_TOLERANCE)) this.restartHold(force);
      else if (force > ref) this.reference = force;
    }
    const ref = this.reference;
    if (!isNum(force) || ref === null || !(ref > 0)) return;
    if (this.holdStart === null) {
      if (Math.abs(force - ref) > HOLD_TOLERANCE * ref) return;
      this.holdStart = s["Test time [s]"];
    }
    this.holdEnd = s["Test time [s]"];
    this.holdForce.add(force);
    const p = s["Pressure [MPa]"];
    if (isNum(p)) this.holdPressure.add(p);
  }

  private keepIfLongest(): void {
    // A sample that merely passes its own streamed setpoint on a ramp is not a hold.
    if (this.holdStart === null || this.holdEnd === null || this.holdForce.n < 2) return;
    if (this.best && this.best.end - this.best.start >= this.holdEnd - this.holdStart) return;
    this.best = {
      start: this.holdStart,
      end: this.holdEnd,
      force: this.holdForce,
      pressure: this.holdPressure,
    };
  }

  /** The step's hold: the longest settled stretch (the current one runs to the step's last sample). */
  hold(lastTestTime: number | null) {
    const current =
      this.holdStart !== null && lastTestTime !== null && this.holdForce.n >= 2
        ? { start: this.holdStart, end: lastTestTime, force: this.holdForce, pressure: this.holdPressure }
        : null;
    const best =
      current && (!this.best || current.end - current.start >= this.best.end - this.best.start)
        ? current
        : this.best;
    return {
      "Hold duration [s]": best ? best.end - best.start : null,
      "Hold force mean [kN]": best ? best.force.average : null,
      "Hold force std [kN]": best ? best.force.std : null,
      "Hold pressure mean [MPa]": best ? best.pressure.average : null,
      "Hold pressure std [MPa]": best ? best.pressure.std : null,
    };
  }
}

/** Pressure [MPa] per force [kN] on the run's die; null when the area is unknown. */
export function pressurePerForce(record: RunRecord): number | null {
  const area = record.start.die["Area [mm2]"];
  return isNum(area) && area > 0 ? 1000 / area : null;
}

/**
 * Step statistics fed one sample at a time (for `runs show`, and for anything that watches a live
 * run). Samples of steps the record does not list (step 0, before the first step) are ignored.
 */
export class RunStatistics {
  private readonly steps = new Map<number, { acc: StepAccumulator; lastTestTime: number | null }>();

  constructor(private readonly record: RunRecord) {
    const k = pressurePerForce(record);
    for (const s of record.steps)
      this.steps.set(s.start.step, { acc: new StepAccumulator(k), lastTestTime: null });
  }

  add(s: SampleDocument): void {
    const entry = this.steps.get(s.step);
    if (!entry) return;
    entry.acc.add(s);
    entry.lastTestTime = s["Test time [s]"];
  }

  result(): StepStats[] {
    const stop = this.record.stop;
    return this.record.steps.map(({ start, end }) => {
      const { acc, lastTestTime } = this.steps.get(start.step)!;
      // a step without an end lasted until the run stopped, or (a run that died) its last sample
      const until = end?.time ?? stop?.time ?? acc.lastTime;
      return {
        step: start.step,
        text: start.text,
        started: iso(start.time),
        ended: iso(end?.time),
        "Duration [s]": isNum(until) ? Math.max(0, until - start.time) : null,
        Samples: acc.samples,
        "Peak force [kN]": acc.peakForce,
        "Peak pressure [MPa]": acc.peakPressure,
        ...acc.hold(lastTestTime),
        "Final position [mm]": acc.finalPosition,
        "Max temperature [degC]": acc.maxTemperature,
      };
    });
  }
}

/** Statistics of every step of a run, in one streaming pass over its samples. */
export async function stepStatistics(
  record: RunRecord,
  samples: AsyncIterable<SampleDocument>,
): Promise<StepStats[]> {
  const stats = new RunStatistics(record);
  for await (const s of samples) stats.add(s);
  return stats.result();
}
