/**
 * The interlocks that watch every reading (CONTRACTS §6). Pure bookkeeping: the runner feeds it
 * each reading with what the run is doing, and it answers with the trip, if any. What a trip does
 * (release, e-stop, record) is the runner's job.
 *
 * Checked on every reading, in order of urgency:
 * 1. e-stop or fault status bit (device) → fault;
 * 2. force above the limit in force by more than 2 % (+ a noise margin, confirmed over two
 *    readings; at once when grossly above) → release within 0.25 s, e-stop after 1 s;
 * 3. temperature above the limit in force → stop;
 * 4. while the force is meant to be steady (an established hold, a wait under load, Operate):
 *    a sudden force drop (fracture suspected) and a ram jump at constant force (extrusion
 *    suspected) → stop.
 * "No setpoint above the limit is ever commanded" is not here: it is enforced where commands are
 * sent (runner.ts), before they are sent.
 */
import type { PressSample } from "../devices/press.js";
import { describeLimit, kN, type ForceLimit } from "./limit.js";
import { THRESHOLDS as T } from "./thresholds.js";

export interface Trip {
  /** "interlock": the process is unsafe; "fault": the device or the link is. */
  status: "interlock" | "fault";
  /** "overforce": release now, e-stop if the force does not fall; "release": release now. */
  action: "overforce" | "release";
  reason: string;
}

export interface SuperviseContext {
  limit: ForceLimit;
  /** Highest temperature allowed now [K] (null: none). */
  maxTemperature: number | null;
  /**
   * The force is meant to be steady at `target` [N] since `since` (Unix time [s]): an established
   * hold, a wait under load, Operate in its band. Null during ramps, releases, prompts.
   */
  steady: { target: number; since: number } | null;
  /**
   * The force is being ramped up by the engine since `since` (Unix time [s]): it should only rise,
   * so a sudden drop is a fracture too. Null otherwise.
   */
  rising?: { since: number } | null;
}

interface Entry {
  time: number;
  force: number;
  /** Mean of the last `smoothReadings` forces. */
  smooth: number;
  /** Time of the oldest reading in that mean [s]: a mean reaching back before a window's start is no reference. */
  first: number;
  position: number | null;
}

const CELSIUS = 273.15;

export class Supervisor {
  /** One σ of load-cell noise [N]. */
  readonly sigma: number;
  private readonly history: Entry[] = [];
  private overCount = 0;
  private hotCount = 0;

  constructor(
    /** Full scale of the load cell [N]: the press capacity, or the largest limit when unknown. */
    readonly fullScale: number,
    private readonly area: number,
  ) {
    this.sigma = T.noiseFraction * fullScale;
  }

  /** The force above which the over-force interlock counts a reading [N]. */
  overForceThreshold(limit: ForceLimit): number {
    // CONTRACTS §6: 2 % above the limit is load-cell noise. Only where the cell's own noise is larger
    // than that (a small force on a big press) does the margin widen to what the noise needs — the
    // larger of the two, never their sum.
    return limit.force + Math.max(limit.force * T.overForceFraction, T.overForceNoiseSigmas * this.sigma);
  }

  /** "Released": below this force [N]. */
  get zeroForce(): number {
    return Math.max(T.zeroForceMin, T.zeroForceFraction * this.fullScale);
  }

  /** Forget the history (e.g. after a pause or a comm gap, so stale readings are not compared). */
  resetHistory(): void {
    this.history.length = 0;
  }

  check(s: PressSample, ctx: SuperviseContext): Trip | null {
    this.remember(s);
    if (s.status.estop)
      return {
        status: "fault",
        action: "release",
        reason: "the press reports its e-stop latched (status bit)",
      };
    if (s.status.fault)
      return { status: "fault", action: "release", reason: "the press reports a fault (status bit)" };

    const over = this.overForceThreshold(ctx.limit);
    if (s.force > over) {
      this.overCount += 1;
      const gross = s.force > ctx.limit.force * (1 + T.overForceGrossFraction);
      if (gross || this.overCount >= T.overForceConfirmReadings) {
        const by = ((s.force / ctx.limit.force - 1) * 100).toFixed(1);
        return {
          status: "interlock",
          action: "overforce",
          reason: `measured force ${kN(s.force)} kN is above the limit in force ${describeLimit(ctx.limit, this.area)} by ${by} %`,
        };
      }
    } else this.overCount = 0;

    if (
      ctx.maxTemperature !== null &&
      s.temperature !== null &&
      s.temperature > ctx.maxTemperature + T.temperatureMargin
    ) {
      this.hotCount += 1;
      if (this.hotCount >= T.temperatureConfirmReadings)
        return {
          status: "interlock",
          action: "release",
          reason: `temperature ${(s.temperature - CELSIUS).toFixed(1)} °C is above the limit in force ${(ctx.maxTemperature - CELSIUS).toFixed(1)} °C`,
        };
    } else this.hotCount = 0;

    if (ctx.steady) return this.fracture(s, ctx.steady) ?? this.jump(s, ctx.steady);
    if (ctx.rising) return this.drop(s, ctx.rising.since);
    return null;
  }

  private remember(s: PressSample): void {
    const h = this.history;
    const n = Math.min(T.smoothReadings - 1, h.length);
    let sum = s.force;
    for (let i = h.length - n; i < h.length; i++) sum += h[i]?.force ?? 0;
    const first = n > 0 ? (h[h.length - n]?.time ?? s.time) : s.time;
    h.push({ time: s.time, force: s.force, smooth: sum / (n + 1), first, position: s.position });
    const keep = Math.max(T.fractureWindow, T.jumpWindow) + 0.5;
    while (h.length > 2 && (h[0]?.time ?? s.time) < s.time - keep) h.shift();
  }

  /** A sudden drop within the fracture window while the setpoint stood still. */
  private fracture(s: PressSample, steady: { target: number; since: number }): Trip | null {
    const now = this.history[this.history.length - 1];
    if (!now) return null;
    const from = Math.max(steady.since, s.time - T.fractureWindow);
    let ref = -Infinity;
    // only means of readings taken since the force became steady: the ramp before is no reference
    for (const e of this.history)
      if (e.time >= from && e.first >= steady.since) ref = Math.max(ref, e.smooth);
    const drop = ref - now.smooth;
    const threshold = Math.max(T.fractureDropFraction * steady.target, T.fractureNoiseSigmas * this.sigma);
    if (drop > threshold && now.smooth < steady.target * (1 - T.fractureDropFraction))
      return {
        status: "interlock",
        action: "release",
        reason: `force dropped from ${kN(ref)} kN to ${kN(now.smooth)} kN within ${T.fractureWindow} s at a constant setpoint of ${kN(steady.target)} kN: pellet fracture suspected`,
      };
    return null;
  }

  /** A sudden drop while the force is being ramped up (a pellet cracking under increasing load). */
  private drop(s: PressSample, since: number): Trip | null {
    const now = this.history[this.history.length - 1];
    if (!now) return null;
    const from = Math.max(since, s.time - T.fractureWindow);
    let ref = -Infinity;
    // only means of readings taken since loading began: a release just before (readings still
    // high in the mean) is not a drop of this ramp (found by the fault-injection test)
    for (const e of this.history) if (e.time >= from && e.first >= since) ref = Math.max(ref, e.smooth);
    const drop = ref - now.smooth;
    if (drop > Math.max(T.fractureDropFraction * ref, T.fractureNoiseSigmas * this.sigma))
      return {
        status: "interlock",
        action: "release",
        reason: `force dropped from ${kN(ref)} kN to ${kN(now.smooth)} kN within ${T.fractureWindow} s while loading: pellet fracture suspected`,
      };
    return null;
  }

  /** The ram moved more than jumpDistance within jumpWindow while the force held steady. */
  private jump(s: PressSample, steady: { target: number; since: number }): Trip | null {
    if (s.position === null || s.force < 2 * this.zeroForce) return null;
    let then: Entry | undefined;
    for (const e of this.history) if (e.time <= s.time - T.jumpWindow + 1e-9) then = e;
    if (!then || then.position === null || then.time < steady.since) return null;
    const moved = Math.abs(s.position - then.position);
    const steadyForce =
      Math.abs(s.force - then.force) <
      Math.max(T.jumpSteadyFraction * s.force, T.jumpSteadyNoiseSigmas * this.sigma);
    if (moved > T.jumpDistance && steadyForce)
      return {
        status: "interlock",
        action: "release",
        reason: `ram moved ${(moved * 1e6).toFixed(1)} µm within ${(s.time - then.time).toFixed(2)} s at a steady force of ${kN(s.force)} kN: extrusion suspected`,
      };
    return null;
  }
}
