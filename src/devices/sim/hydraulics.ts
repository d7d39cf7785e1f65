/**
 * The twin's hydraulic force: a controller reference that ramps towards the target at the commanded
 * rate (capped by the pump), and the true force following the reference through a first-order lag.
 * Everything is integrated in closed form piece by piece (ramp, settle, hold, vent), so advancing by
 * a microsecond or by an hour costs the same and reads at any rate see one consistent trajectory.
 */

export interface HydraulicsConfig {
  /** Time constant of the force following the controller's reference [s]. */
  lag: number;
  /** Fastest the pump can load [N/s]. */
  maxRate: number;
  /** Venting rate after release [N/s]. */
  ventRate: number;
  /** Largest force the cylinder can produce [N]. */
  capacity: number;
}

/**
 * idle: pump off, valve shut, nothing commanded. ramp: the reference moves at the rate. settle: the
 * reference sits at the target and the force closes in. hold: settled, pump off (a leak sags the
 * force). vent: releasing at the vent rate.
 */
export type Phase = "idle" | "ramp" | "settle" | "hold" | "vent";

export class Hydraulics {
  /** True force on the pellet [N]. */
  force = 0;
  /** The setpoint the press was given [N] (0 after release or e-stop). */
  setpoint = 0;
  phase: Phase = "idle";
  /** Fraction of the force a leak loses per second while the pump is off [1/s]. */
  leak = 0;
  private ref = 0;
  /** What the reference is heading for now: the setpoint, or an overshoot peak before it. */
  private target = 0;
  private rate = 0;
  /** The rate of the vent in progress [N/s]: the valve's, or slower (a watchdog's controlled release). */
  private ventRate: number;

  constructor(private readonly c: HydraulicsConfig) {
    this.ventRate = c.ventRate;
  }

  /**
   * A new setpoint at a rate; `overshoot` (fraction of the step, the classical percent overshoot)
   * makes the controller pass it first: loading from zero to F peaks at F × (1 + overshoot).
   */
  command(setpoint: number, rate: number, overshoot = 0): void {
    const r = Math.min(rate, this.c.maxRate);
    // The same setpoint and rate again while the controller is still on its way (a PLC register
    // rewritten with its value): nothing changes. Otherwise a supervisor's periodic re-command would
    // cut every overshoot short. Once holding, a re-command pumps a sagging force back.
    if ((this.phase === "ramp" || this.phase === "settle") && setpoint === this.setpoint && r === this.rate)
      return;
    this.setpoint = setpoint;
    this.rate = r;
    // A controller picks up from where the force is, not from an old reference: no step.
    this.ref = this.force;
    this.target =
      setpoint > this.force && overshoot > 0
        ? Math.min(setpoint + overshoot * (setpoint - this.force), this.c.capacity)
        : setpoint;
    this.phase = "ramp";
  }

  /** Vent to zero at the valve's rate, or at `rate` [N/s] when given (a controlled release). */
  vent(rate = this.c.ventRate): void {
    this.setpoint = 0;
    this.ventRate = rate;
    this.phase = this.force > 0 ? "vent" : "idle";
  }

  /** Loading (the pump follows a setpoint): ramping, settling or holding something. */
  get loading(): boolean {
    return (
      (this.phase === "ramp" || this.phase === "settle" || this.phase === "hold") &&
      (this.setpoint > 0 || this.force > 0)
    );
  }

  /**
   * Stop loading where the force is (a watchdog trip): the pump stops, the valve stays shut, so the
   * force never rises again (a leak still sags it).
   */
  freeze(): void {
    if (!this.loading) return;
    this.setpoint = Math.min(this.setpoint, this.force);
    this.ref = this.force;
    this.target = this.force;
    this.phase = "hold";
  }

  /** E-stop: the valve dumps at once. */
  dump(): void {
    this.force = 0;
    this.ref = 0;
    this.setpoint = 0;
    this.target = 0;
    this.phase = "idle";
  }

  /** The pellet gives way: the force drops by `fraction`; a loading controller ramps back up. */
  drop(fraction: number): void {
    this.force *= 1 - fraction;
    if (this.phase === "ramp" || this.phase === "settle" || this.phase === "hold") {
      this.ref = this.force;
      this.target = this.setpoint;
      this.phase = "ramp";
    }
  }

  /** Whether the pump is running (ramping or closing in on the target). */
  get pumping(): boolean {
    return this.phase === "ramp" || this.phase === "settle";
  }

  /**
   * Advances by `dt` seconds; returns the highest force reached meanwhile [N] and the time spent at
   * the target (settling or holding under a setpoint > 0) [s]: a hold, as the protocol means it.
   */
  advance(dt: number): { peak: number; held: number } {
    let left = Math.max(0, dt);
    let peak = this.force;
    let held = 0;
    const tau = this.c.lag;
    // A handful of pieces at most (ramp → settle → [settle back from a peak] → hold).
    for (let guard = 0; guard < 8 && left > 0; guard++) {
      if (this.phase === "ramp") {
        const a = Math.sign(this.target - this.ref) * this.rate;
        const tr = a === 0 ? 0 : (this.target - this.ref) / a;
        const t = Math.min(left, tr);
        // F(t) for a linearly moving reference through a first-order lag (exact).
        const f0 = this.force - this.ref + a * tau;
        this.ref += a * t;
        this.force = this.ref - a * tau + f0 * Math.exp(-t / tau);
        left -= t;
        if (t === tr) {
          this.ref = this.target;
          this.phase = "settle";
        }
      } else if (this.phase === "settle") {
        const gap = this.force - this.target;
        const tol = 1e-4 * Math.abs(this.target) + 0.5;
        const ts = Math.abs(gap) <= tol ? 0 : tau * Math.log(Math.abs(gap) / tol);
        const t = Math.min(left, ts);
        this.force = this.target + gap * Math.exp(-t / tau);
        if (this.setpoint > 0) held += t;
        left -= t;
        if (t === ts) {
          if (this.target !== this.setpoint) {
            // The overshoot peak is reached: the controller comes back down to the setpoint.
            this.target = this.setpoint;
            this.ref = this.setpoint;
          } else {
            this.phase = "hold";
          }
        }
      } else if (this.phase === "hold") {
        this.force *= Math.exp(-this.leak * left);
        if (this.setpoint > 0) held += left;
        left = 0;
      } else if (this.phase === "vent") {
        const tv = this.force / this.ventRate;
        const t = Math.min(left, tv);
        this.force = t === tv ? 0 : this.force - this.ventRate * t;
        left -= t;
        if (this.force === 0) this.phase = "idle";
      } else {
        left = 0;
      }
      peak = Math.max(peak, this.force);
    }
    return { peak, held };
  }
}
