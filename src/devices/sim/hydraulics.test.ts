import { describe, expect, it } from "vitest";
import { Hydraulics } from "./hydraulics.js";

const config = { lag: 0.3, maxRate: 25e3, ventRate: 20e3, capacity: 100e3 };

/** The same controller integrated the slow way (explicit Euler, tiny steps), as a reference. */
function euler(setpoint: number, rate: number, seconds: number, overshoot = 0): number[] {
  const dt = 1e-4;
  let ref = 0;
  let force = 0;
  let target = overshoot > 0 ? setpoint * (1 + overshoot) : setpoint;
  const out: number[] = [];
  const every = Math.round(0.1 / dt);
  for (let i = 1; i <= Math.round(seconds / dt); i++) {
    const step = Math.min(rate, config.maxRate) * dt;
    ref = Math.abs(target - ref) <= step ? target : ref + Math.sign(target - ref) * step;
    force += ((ref - force) / config.lag) * dt;
    if (target !== setpoint && ref === target && Math.abs(force - target) < 1e-4 * target + 0.5) {
      target = setpoint;
      ref = setpoint;
    }
    if (i % every === 0) out.push(force);
  }
  return out;
}

describe("hydraulics", () => {
  it("the closed-form ramp and lag match a fine numerical integration, read at any rate", () => {
    const reference = euler(20e3, 5e3, 8);
    const h = new Hydraulics(config);
    h.command(20e3, 5e3);
    reference.forEach((f, i) => {
      h.advance(0.1);
      expect(Math.abs(h.force - f), `t = ${((i + 1) * 0.1).toFixed(1)} s`).toBeLessThan(5);
    });
    // one big step lands on the same trajectory as many small ones
    const once = new Hydraulics(config);
    once.command(20e3, 5e3);
    once.advance(8);
    expect(once.force).toBeCloseTo(h.force, 6);
    expect(h.phase).toBe("hold");
  });

  it("the pump's rate caps the commanded rate; the force never passes the setpoint without overshoot", () => {
    const h = new Hydraulics(config);
    h.command(50e3, 1e9);
    const { peak } = h.advance(1);
    expect(peak).toBeLessThanOrEqual(25e3);
    let max = 0;
    for (let i = 0; i < 100; i++) max = Math.max(max, h.advance(0.05).peak);
    expect(max).toBeLessThanOrEqual(50e3);
    expect(h.force).toBeGreaterThan(49.99e3);
  });

  it("an overshoot peaks near setpoint × (1 + fraction) and settles back", () => {
    const reference = euler(20e3, 10e3, 6, 0.15);
    const h = new Hydraulics(config);
    h.command(20e3, 10e3, 0.15);
    let peak = 0;
    reference.forEach((f) => {
      peak = Math.max(peak, h.advance(0.1).peak);
      expect(Math.abs(h.force - f)).toBeLessThan(20);
    });
    expect(peak / 20e3).toBeGreaterThan(1.149);
    expect(Math.abs(h.force - 20e3)).toBeLessThan(0.001 * 20e3);
  });

  it("counts time at the target (a hold) and vents at the vent rate", () => {
    const h = new Hydraulics(config);
    h.command(10e3, 10e3);
    const a = h.advance(1);
    const b = h.advance(10);
    expect(a.held + b.held).toBeGreaterThan(9.9);
    expect(a.held + b.held).toBeLessThan(10.1);
    h.vent();
    h.advance(0.25);
    // settled within 1e-4 of the target (+0.5 N), then 0.25 s at 20 kN/s
    expect(Math.abs(h.force - 5e3)).toBeLessThan(2);
    expect(h.advance(1).held).toBe(0);
    expect(h.force).toBe(0);
    expect(h.phase).toBe("idle");
  });
});
