import { describe, expect, it } from "vitest";
import type { PressSample } from "../devices/press.js";
import { Supervisor, type SuperviseContext } from "./supervisor.js";
import { THRESHOLDS } from "./thresholds.js";

const AREA = Math.PI * 0.005 ** 2;
const FS = 100e3;

/** A seeded Gaussian source (mulberry32 + Box–Muller), so a failure replays. */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function reading(time: number, force: number, more: Partial<PressSample> = {}): PressSample {
  return {
    time,
    force,
    setpoint: null,
    position: 1e-3 - force / 1e9,
    temperature: 298.15,
    status: { ready: true, moving: false, atSetpoint: true, fault: false, estop: false },
    ...more,
  };
}

const limit = (force: number) => ({ force, what: "test limit" });

describe("Supervisor", () => {
  it("does not trip on load-cell noise during a 10 h hold at exactly a small limit (3.9 kN on a 100 kN cell)", () => {
    const sup = new Supervisor(FS, AREA);
    const noise = gaussian(7);
    const target = 50e6 * AREA;
    const ctx: SuperviseContext = { limit: limit(target), maxTemperature: 400, steady: { target, since: 0 } };
    const sigma = THRESHOLDS.noiseFraction * FS;
    for (let i = 0; i < 360_000; i++) {
      const f = target + sigma * noise();
      const trip = sup.check(reading(i * 0.1, f, { position: 1e-3 + 0.5e-6 * noise() }), ctx);
      if (trip) throw new Error(`tripped at reading ${i}: ${trip.reason}`);
    }
  });

  it("does not trip on a slow leak of 2 %/min, which a fracture check could mistake", () => {
    const sup = new Supervisor(FS, AREA);
    const target = 39e3;
    const ctx: SuperviseContext = { limit: limit(40e3), maxTemperature: null, steady: { target, since: 0 } };
    for (let i = 0; i < 6000; i++)
      expect(sup.check(reading(i * 0.1, target * (1 - (0.02 / 60) * i * 0.1)), ctx)).toBeNull();
  });

  it("trips on over-force after two readings, or at once when grossly over", () => {
    const sup = new Supervisor(FS, AREA);
    const ctx: SuperviseContext = { limit: limit(39e3), maxTemperature: null, steady: null };
    expect(sup.check(reading(0, 40.5e3), ctx)).toBeNull();
    expect(sup.check(reading(0.1, 40.5e3), ctx)).toMatchObject({ status: "interlock", action: "overforce" });
    const fresh = new Supervisor(FS, AREA);
    expect(fresh.check(reading(0, 43.5e3), ctx)).toMatchObject({ action: "overforce" });
    // 1.5 % over is within the margin of §6
    const calm = new Supervisor(FS, AREA);
    for (let i = 0; i < 10; i++) expect(calm.check(reading(i / 10, 39.58e3), ctx)).toBeNull();
  });

  it("trips on a sudden drop only while the force is meant to be steady", () => {
    const target = 19.6e3;
    const steady: SuperviseContext = {
      limit: limit(58e3),
      maxTemperature: null,
      steady: { target, since: 0 },
    };
    const sup = new Supervisor(FS, AREA);
    for (let i = 0; i < 20; i++) expect(sup.check(reading(i / 10, target), steady)).toBeNull();
    let trip = null;
    for (let i = 20; i < 25 && !trip; i++) trip = sup.check(reading(i / 10, target * 0.85), steady);
    expect(trip?.reason).toMatch(/fracture suspected/);
    const ramping = new Supervisor(FS, AREA);
    const ctx = { ...steady, steady: null };
    for (let i = 0; i < 20; i++)
      expect(ramping.check(reading(i / 10, i < 10 ? target : target * 0.85), ctx)).toBeNull();
  });

  it("trips on a sudden drop while loading up, not on a steady rise with noise", () => {
    const ctx: SuperviseContext = {
      limit: limit(58e3),
      maxTemperature: null,
      steady: null,
      rising: { since: 0 },
    };
    const sup = new Supervisor(FS, AREA);
    const noise = gaussian(3);
    const sigma = THRESHOLDS.noiseFraction * FS;
    for (let i = 0; i < 1000; i++)
      expect(sup.check(reading(i / 10, 39.27 * i + sigma * noise()), ctx)).toBeNull();
    let trip = null;
    for (let i = 1000; i < 1005 && !trip; i++) trip = sup.check(reading(i / 10, 39.27 * i * 0.8), ctx);
    expect(trip?.reason).toMatch(/while loading: pellet fracture suspected/);
  });

  it("does not take the readings of a release just before a ramp for a drop of that ramp", () => {
    // regression (fault-injection test): a release ramp down to ~500 N, a vent to 0, then loading
    // starts; the 3-reading mean at the ramp's first reading still held the release's forces
    const sup = new Supervisor(FS, AREA);
    const idle: SuperviseContext = { limit: limit(58e3), maxTemperature: null, steady: null };
    let t = 0;
    for (const f of [1200, 900, 600, 500, 0]) expect(sup.check(reading((t += 0.1), f), idle)).toBeNull();
    const rising: SuperviseContext = { ...idle, rising: { since: t } };
    for (const f of [0, 6, 21, 60, 120, 200, 300, 400, 500])
      expect(sup.check(reading((t += 0.1), f), rising)).toBeNull();
    // a real drop of this ramp is still seen
    let trip = null;
    for (const f of [2000, 2100, 2200, 2300, 1000, 900, 800])
      trip ??= sup.check(reading((t += 0.1), f), rising);
    expect(trip?.reason).toMatch(/while loading: pellet fracture suspected/);
  });

  it("trips on a ram jump at steady force, not on the same movement while the force changes", () => {
    const target = 19.6e3;
    const ctx: SuperviseContext = { limit: limit(58e3), maxTemperature: null, steady: { target, since: 0 } };
    const sup = new Supervisor(FS, AREA);
    for (let i = 0; i < 10; i++)
      expect(sup.check(reading(i / 10, target, { position: 500e-6 }), ctx)).toBeNull();
    expect(sup.check(reading(1, target, { position: 470e-6 }), ctx)?.reason).toMatch(
      /ram moved 30\.0 µm .*extrusion/,
    );
    const loading = new Supervisor(FS, AREA);
    for (let i = 0; i < 10; i++)
      expect(loading.check(reading(i / 10, target, { position: 500e-6 }), ctx)).toBeNull();
    expect(loading.check(reading(1, target * 1.2, { position: 470e-6 }), ctx)).toBeNull();
  });

  it("trips on status bits and on a temperature above the limit for two readings", () => {
    const sup = new Supervisor(FS, AREA);
    const ctx: SuperviseContext = { limit: limit(58e3), maxTemperature: 400, steady: null };
    const bits = (b: Partial<PressSample["status"]>) => ({
      status: { ready: true, moving: false, atSetpoint: false, fault: false, estop: false, ...b },
    });
    expect(sup.check(reading(0, 0, bits({ estop: true })), ctx)).toMatchObject({ status: "fault" });
    expect(sup.check(reading(0, 0, bits({ fault: true })), ctx)).toMatchObject({ status: "fault" });
    expect(sup.check(reading(0, 0, { temperature: 400.5 }), ctx)).toBeNull();
    expect(sup.check(reading(0.1, 0, { temperature: 402 }), ctx)).toBeNull();
    expect(sup.check(reading(0.2, 0, { temperature: 402 }), ctx)?.reason).toMatch(
      /temperature 128\.9 °C is above the limit in force 126\.9 °C/,
    );
  });
});
