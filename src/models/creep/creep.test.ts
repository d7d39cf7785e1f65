import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng, solveStiff } from "../../numerics/index.js";
import { lowerBound, num, readCsv } from "../fit/data.js";
import { fitCreep } from "../fit/creep.js";
import { sample } from "../params.js";
import {
  CREEP,
  CREEP_DEFAULTS,
  assemblyIntrusion,
  creepParameters,
  creepRate,
  creepTemperatureFactor,
  criticalCurrentDensity,
  damageRate,
  mechanicalIntrusionPressure,
  shortProbability,
  timeToShort,
  type ShortConditions,
} from "./index.js";
import { foilSqueeze, squeezeIntegral } from "./foil.js";
import { normalCdf } from "./normal.js";

const MPA = 1e6;
const HOUR = 3600;

/** The Doux 2020 cells: 82 % dense (~18 % porosity), ~1 mm separator, 75 µA/cm². */
const doux: Omit<ShortConditions, "stackPressure"> = {
  separatorPorosity: 0.18,
  separatorThickness: 1e-3,
  currentDensity: 0.75,
  anode: "Li",
};
const at = (mpa: number, extra: Partial<ShortConditions> = {}): ShortConditions => ({
  ...doux,
  stackPressure: mpa * MPA,
  ...extra,
});

describe("creep law (Masias 2019)", () => {
  it("reproduces the measured secondary creep rates within their two-point scatter (±25 %)", () => {
    const rows = readCsv("lithium-mechanics.csv");
    let checked = 0;
    for (const r of rows) {
      const m = /^secondary creep rate at ([\d.]+) MPa$/.exec(r.property ?? "");
      const rate = num(r.value);
      if (!m || rate === undefined) continue;
      const model = creepRate(Number(m[1]) * MPA);
      expect(model / rate).toBeGreaterThan(0.75);
      expect(model / rate).toBeLessThan(1.25);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it("is a power law with the stress exponent n", () => {
    const n = CREEP_DEFAULTS[CREEP.creepExponent] as number;
    expect(creepRate(0.6 * MPA) / creepRate(0.3 * MPA)).toBeCloseTo(2 ** n, 9);
    expect(creepRate(0)).toBe(0);
  });
});

describe("time to short vs stack pressure (Doux 2020)", () => {
  const series = readCsv("stack-pressure-li.csv").filter(
    (r) => (r.loading_sequence ?? "") !== "after 25 MPa",
  );

  it("is within a factor of 2 of every measured time to short", () => {
    const finite = series
      .map((r) => ({ p: num(r.stack_pressure_MPa), t: num(r.time_to_short_h) }))
      .filter((r): r is { p: number; t: number } => r.p !== undefined && r.t !== undefined && r.t > 0);
    expect(finite.map((r) => r.p)).toEqual(expect.arrayContaining([10, 15, 20, 25]));
    for (const { p, t } of finite) {
      const model = timeToShort(at(p)) / HOUR;
      expect(model, `${p} MPa`).toBeGreaterThan(t / 2);
      expect(model, `${p} MPa`).toBeLessThan(t * 2);
    }
  });

  it("does not short where the cells ran without a short (2 MPa > 163 h, 5 MPa > 1000 h)", () => {
    const bounds = series
      .map((r) => ({ p: num(r.stack_pressure_MPa), t: lowerBound(r.time_to_short_h) }))
      .filter((r): r is { p: number; t: number } => r.p !== undefined && r.t !== undefined);
    expect(bounds.length).toBeGreaterThanOrEqual(2);
    for (const { p, t } of bounds) {
      expect(timeToShort(at(p)) / HOUR, `${p} MPa`).toBeGreaterThan(t);
      expect(shortProbability({ ...at(p), duration: t * HOUR }), `${p} MPa`).toBeLessThan(0.5);
    }
    expect(shortProbability({ ...at(5), duration: 1000 * HOUR })).toBeLessThan(0.1);
  });

  it("shorts at once, mechanically, where the cell shorted before any plating (75 MPa)", () => {
    const immediate = series
      .map((r) => ({ p: num(r.stack_pressure_MPa), t: num(r.time_to_short_h) }))
      .filter((r): r is { p: number; t: number } => r.p !== undefined && r.t === 0);
    expect(immediate.length).toBeGreaterThanOrEqual(1);
    for (const { p } of immediate) {
      expect(timeToShort(at(p))).toBe(0);
      expect(timeToShort(at(p, { currentDensity: 0 }))).toBe(0);
      expect(shortProbability({ ...at(p, { currentDensity: 0 }), duration: 0 })).toBeGreaterThan(0.99);
      expect(damageRate(at(p))).toBe(Infinity);
    }
  });

  it("needs plating at 25 MPa: without current the cell outlives the 48 h it lasted with current", () => {
    expect(timeToShort(at(25, { currentDensity: 0 })) / HOUR).toBeGreaterThan(48);
    expect(timeToShort(at(25)) / HOUR).toBeLessThan(timeToShort(at(25, { currentDensity: 0 })) / HOUR);
  });

  it("shorts a Li-metal cell at 75 MPa within 24 h but not a Li–In cell (Koerver 2018, Doux 2020)", () => {
    expect(timeToShort(at(75))).toBeLessThan(24 * HOUR);
    expect(shortProbability({ ...at(75), duration: 24 * HOUR })).toBeGreaterThan(0.99);
    for (const p of [25, 60, 70, 75]) {
      expect(timeToShort(at(p, { anode: "alloy" }))).toBe(Infinity);
      expect(shortProbability({ ...at(p, { anode: "alloy" }), duration: 1e4 * HOUR })).toBe(0);
      expect(damageRate(at(p, { anode: "alloy" }))).toBe(0);
    }
  });

  it("puts the mechanical threshold of the calibration separator between 25 and 75 MPa in every sampled parameter set", () => {
    const rng = createRng(7);
    for (let k = 0; k < 500; k++) {
      const v = sample(creepParameters, rng);
      const phi = v[CREEP.refPorosity] as number;
      const p = mechanicalIntrusionPressure(phi, v) / MPA;
      expect(p).toBeGreaterThan(25);
      expect(p).toBeLessThanOrEqual(75 + 1e-9);
      expect(timeToShort(at(75, { separatorPorosity: phi }), v)).toBe(0);
      expect(timeToShort(at(25, { separatorPorosity: phi }), v)).toBeGreaterThan(0);
    }
  });
});

describe("analytic limits", () => {
  it("scales with the creep exponent at rest: t(2P)/t(P) = 2^−n below the mechanical threshold", () => {
    const n = CREEP_DEFAULTS[CREEP.creepExponent] as number;
    const r = timeToShort(at(20, { currentDensity: 0 })) / timeToShort(at(10, { currentDensity: 0 }));
    expect(r).toBeCloseTo(2 ** -n, 9);
  });

  it("is proportional to the separator thickness (constant front velocity)", () => {
    const t1 = timeToShort(at(15, { separatorThickness: 0.5e-3 }));
    const t2 = timeToShort(at(15, { separatorThickness: 1e-3 }));
    expect(t2 / t1).toBeCloseTo(2, 12);
  });

  it("never shorts without pressure, nor without porosity below the critical current", () => {
    expect(timeToShort(at(0))).toBe(Infinity);
    expect(timeToShort(at(0, { currentDensity: 50 }))).toBe(Infinity); // no contact: the cell opens
    expect(timeToShort(at(50, { separatorPorosity: 0 }))).toBe(Infinity);
    expect(shortProbability({ ...at(0), duration: 1e9 })).toBe(0);
  });

  it("damage integrates to 1 at the median time (Miner sum) and the median has probability 1/2", () => {
    for (const p of [10, 20, 30]) {
      const t = timeToShort(at(p));
      expect(damageRate(at(p)) * t).toBeCloseTo(1, 12);
      expect(shortProbability({ ...at(p), duration: t })).toBeCloseTo(0.5, 3);
    }
  });

  it("has an accurate normal distribution function", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.644853627)).toBeCloseTo(0.05, 6);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });

  it("rejects nonsense input", () => {
    expect(() => timeToShort(at(NaN))).toThrow(/stackPressure/);
    expect(() => timeToShort(at(10, { separatorPorosity: 1.5 }))).toThrow(/porosity/i);
    expect(() => timeToShort(at(10, { separatorThickness: 0 }))).toThrow(/thickness/i);
    expect(() => shortProbability({ ...at(10), duration: -1 })).toThrow(/duration/);
  });
});

describe("current density and critical current (Kasemchainan 2019, Doux 2020)", () => {
  const ccdRow = readCsv("li-short-circuit.csv").find(
    (r) => r.quantity === "critical stripping current density",
  );

  it("reproduces the published critical stripping current at its pressure and room temperature", () => {
    expect(ccdRow).toBeDefined();
    const measured = (num(ccdRow?.value) as number) * 10; // mA/cm2 → A/m2
    const p = Number(ccdRow?.stack_pressure_MPa) * MPA;
    expect(criticalCurrentDensity(p) / measured).toBeCloseTo(1, 6);
    // and it sits between the Doux cell that cycled 75 uA/cm2 at 2 MPa and 5 mA/cm2
    expect(criticalCurrentDensity(2 * MPA)).toBeGreaterThan(0.75);
    expect(criticalCurrentDensity(2 * MPA)).toBeLessThan(50);
  });

  it("above the critical current a Li cell at 2 MPa shorts within hours; below it, it does not in the test time", () => {
    // 5 mA/cm2 through the Doux separator at 2 MPa: filaments (the issue: before, 10^9 h).
    const fast = at(2, { currentDensity: 50 });
    expect(timeToShort(fast) / HOUR).toBeLessThan(1);
    expect(shortProbability({ ...fast, duration: 24 * HOUR })).toBeGreaterThan(0.99);
    // 75 uA/cm2 at 2 MPa ran > 163 h without a short (Doux 2020).
    const slow = at(2);
    expect(timeToShort(slow) / HOUR).toBeGreaterThan(163);
    expect(shortProbability({ ...slow, duration: 163 * HOUR })).toBeLessThan(0.01);
  });

  it("shorts through a dense separator above the critical current, never below it", () => {
    const dense = { separatorPorosity: 0, separatorThickness: 600e-6, anode: "Li" as const };
    expect(timeToShort({ ...dense, stackPressure: 2 * MPA, currentDensity: 50 }) / HOUR).toBeLessThan(1);
    expect(timeToShort({ ...dense, stackPressure: 2 * MPA, currentDensity: 0.5 })).toBe(Infinity);
  });

  it("more stack pressure raises the critical current and delays the filament short", () => {
    expect(criticalCurrentDensity(10 * MPA)).toBeGreaterThan(criticalCurrentDensity(3 * MPA));
    const t2 = timeToShort(at(2, { currentDensity: 20 }));
    const t4 = timeToShort(at(4, { currentDensity: 20 }));
    expect(t4).toBeGreaterThan(t2);
  });

  it("keeps the Doux cells below the critical current for every sampled parameter set (the series stays a creep series)", () => {
    const rng = createRng(11);
    for (let k = 0; k < 500; k++) {
      const v = sample(creepParameters, rng);
      for (const p of [2, 5, 10, 15, 20, 25]) {
        expect(criticalCurrentDensity(p * MPA, undefined, v), `${p} MPa`).toBeGreaterThanOrEqual(0.75 - 1e-9);
      }
    }
  });

  it("rejects a temperature at which Li is not a solid", () => {
    expect(() => timeToShort(at(10, { temperature: 500 }))).toThrow(/temperature/);
    expect(() => timeToShort(at(10, { temperature: -1 }))).toThrow(/temperature/);
    expect(() => criticalCurrentDensity(NaN)).toThrow(/stackPressure/);
  });
});

describe("temperature: thermally activated Li creep", () => {
  const HOT = 353.15; // 80 °C
  it("is Arrhenius: 1 at 25 °C, ×9–31 at 80 °C over the activation-energy range", () => {
    expect(creepTemperatureFactor(298.15)).toBeCloseTo(1, 12);
    const lo = { ...CREEP_DEFAULTS, [CREEP.activationEnergy]: creepParameters[CREEP.activationEnergy]!.min };
    const hi = { ...CREEP_DEFAULTS, [CREEP.activationEnergy]: creepParameters[CREEP.activationEnergy]!.max };
    expect(creepTemperatureFactor(HOT, lo)).toBeGreaterThan(5);
    expect(creepTemperatureFactor(HOT, hi)).toBeLessThan(40);
    expect(creepRate(0.5 * MPA, CREEP_DEFAULTS, HOT) / creepRate(0.5 * MPA)).toBeCloseTo(
      creepTemperatureFactor(HOT),
      9,
    );
  });

  it("an 80 °C cell shorts sooner than a 25 °C one at the same high pressure, and has a higher critical current", () => {
    for (const p of [15, 25]) {
      const cold = timeToShort(at(p));
      const hot = timeToShort(at(p, { temperature: HOT }));
      expect(hot, `${p} MPa`).toBeLessThan(cold / 3);
    }
    expect(criticalCurrentDensity(3 * MPA, HOT)).toBeGreaterThan(5 * criticalCurrentDensity(3 * MPA));
    // A softer Li needs less pressure to flow through the pores at once.
    expect(mechanicalIntrusionPressure(0.18, CREEP_DEFAULTS, HOT)).toBeLessThan(
      mechanicalIntrusionPressure(0.18),
    );
  });

  it("a hot press squeezes the foil further in the same hold", () => {
    const base = {
      pressure: 25 * MPA,
      hold: 60,
      separatorPorosity: 0.18,
      separatorThickness: 1e-3,
      liThickness: 100e-6,
    };
    expect(assemblyIntrusion({ ...base, temperature: HOT }).thicknessAfter).toBeLessThan(
      assemblyIntrusion(base).thicknessAfter,
    );
  });
});

describe("high pressure on a denser separator (size effect of the pore throats)", () => {
  const nmc811At60 = {
    stackPressure: 60 * MPA,
    separatorPorosity: 0.1,
    separatorThickness: 600e-6,
    anode: "Li" as const,
  };
  // The issue #8 review reports Li|NMC811 cells cycled at about 60 MPa long enough to measure their
  // pressure swing; the publication could not be located, so this is a plausibility check of the
  // pore-throat size effect on the review's separator (90 % dense, 600 µm), not a validation point.
  // "Long enough" is taken as one C/10 charge, 10 h. Known miss: with Xu2017's fitted size exponent
  // (0.68; the two-point reading 1.02 gave 39 h) the model gives 10.6 h at rest, 10.0 h at 0.1 and
  // 9.4 h at 0.2 mA/cm2, on that bound: `it.fails` turns red the day it clears it, and the guard
  // below keeps the 0.54 h from coming back.
  it.fails("a 90 %-dense, 600 µm separator at 60 MPa does not short within one C/10 charge (10 h)", () => {
    for (const i of [0, 1, 2]) {
      expect(timeToShort({ ...nmc811At60, currentDensity: i }) / HOUR, `${i / 10} mA/cm2`).toBeGreaterThan(
        10,
      );
    }
  });

  it("a 90 %-dense, 600 µm separator at 60 MPa is not predicted to short within the first hours (was 0.54 h; regression guard)", () => {
    for (const i of [0, 1, 2]) {
      expect(timeToShort({ ...nmc811At60, currentDensity: i }) / HOUR, `${i / 10} mA/cm2`).toBeGreaterThan(5);
    }
    expect(mechanicalIntrusionPressure(0.1) / MPA).toBeGreaterThan(100);
  });

  // E(0.10)/E(0.179) = 1.26 from the extrusion factor, times the size effect on the throats
  // (1.96 narrower)^m: 1.58 at m = 0.68, 1.38-1.81 over m's range 0.48-0.88.
  it("finer pores need more pressure: the intrusion threshold of a 90 %-dense separator is ~2× the 82 %-dense one", () => {
    const r = mechanicalIntrusionPressure(0.1) / mechanicalIntrusionPressure(0.179);
    expect(r).toBeGreaterThan(1.26 * 1.96 ** 0.48);
    expect(r).toBeLessThan(1.26 * 1.96 ** 0.88);
  });
});

describe("monotonicity (properties, over sampled parameter sets)", () => {
  const values = fc
    .integer({ min: 0, max: 1_000_000 })
    .map((seed) => sample(creepParameters, createRng(seed)));
  const cond = fc.record({
    stackPressure: fc.double({ min: 0, max: 200e6, noNaN: true }),
    separatorPorosity: fc.double({ min: 0.01, max: 0.6, noNaN: true }),
    separatorThickness: fc.double({ min: 20e-6, max: 3e-3, noNaN: true }),
    currentDensity: fc.double({ min: 0, max: 50, noNaN: true }),
    anode: fc.constant("Li" as const),
  });

  // Below the critical current (at the lower pressure, hence at the higher too) pressure only drives
  // the Li into the pores; above it pressure also refills the stripped interface and slows the
  // filaments (tested in "current density and critical current").
  const belowCcd = (c: ShortConditions, v: Record<string, number>): ShortConditions => ({
    ...c,
    currentDensity: Math.min(
      c.currentDensity,
      0.99 * criticalCurrentDensity(c.stackPressure, c.temperature, v),
    ),
  });

  it("more stack pressure never lengthens the time to short below the critical current, at any temperature", () => {
    fc.assert(
      fc.property(
        cond,
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.double({ min: 250, max: 400, noNaN: true }),
        values,
        (c0, k, T, v) => {
          const c = belowCcd({ ...c0, temperature: T }, v);
          expect(timeToShort({ ...c, stackPressure: c.stackPressure * k }, v)).toBeLessThanOrEqual(
            timeToShort(c, v),
          );
        },
      ),
    );
  });

  it("a hotter cell never lasts longer (faster creep, softer Li; the critical current rises)", () => {
    fc.assert(
      fc.property(
        cond,
        fc.double({ min: 250, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        values,
        (c0, T, dT, v) => {
          const c = belowCcd({ ...c0, temperature: T }, v);
          expect(timeToShort({ ...c, temperature: T + dT }, v)).toBeLessThanOrEqual(timeToShort(c, v));
          expect(
            criticalCurrentDensity(c.stackPressure, T + dT, v) >=
              criticalCurrentDensity(c.stackPressure, T, v),
          ).toBe(true);
        },
      ),
    );
  });

  it("a denser or thicker separator never shortens it", () => {
    fc.assert(
      fc.property(
        cond,
        fc.double({ min: 0.2, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        values,
        (c, f, g, v) => {
          const t = timeToShort(c, v);
          expect(timeToShort({ ...c, separatorPorosity: c.separatorPorosity * f }, v)).toBeGreaterThanOrEqual(
            t,
          );
          expect(
            timeToShort({ ...c, separatorThickness: c.separatorThickness * g }, v),
          ).toBeGreaterThanOrEqual(t);
        },
      ),
    );
  });

  it("more current never lengthens it; probabilities grow with duration and pressure and stay in [0, 1]", () => {
    fc.assert(
      fc.property(
        cond,
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        values,
        (c, k, d, v) => {
          expect(timeToShort({ ...c, currentDensity: c.currentDensity * k }, v)).toBeLessThanOrEqual(
            timeToShort(c, v),
          );
          const p = shortProbability({ ...c, duration: d }, v);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(shortProbability({ ...c, duration: d * k }, v)).toBeGreaterThanOrEqual(p);
          const b = belowCcd(c, v);
          expect(
            shortProbability({ ...b, stackPressure: b.stackPressure * k, duration: d }, v),
          ).toBeGreaterThanOrEqual(shortProbability({ ...b, duration: d }, v) - 1e-12);
        },
      ),
    );
  });
});

describe("assembly: Li already in the die", () => {
  const step = { hold: 60, separatorThickness: 1e-3, liThickness: 100e-6 };

  it("50 MPa for 1 min on an 82–87 % dense separator is low-risk, also over the parameter ranges", () => {
    for (const phi of [0.13, 0.18]) {
      for (const liThickness of [100e-6, 500e-6]) {
        const r = assemblyIntrusion({ ...step, liThickness, pressure: 50 * MPA, separatorPorosity: phi });
        expect(r.shortProbability).toBeLessThan(0.01);
        expect(r.thicknessAfter).toBeGreaterThan(0.8 * liThickness);
      }
      const rng = createRng(11);
      let sum = 0;
      const N = 2000;
      for (let k = 0; k < N; k++) {
        const v = sample(creepParameters, rng);
        sum += assemblyIntrusion({ ...step, pressure: 50 * MPA, separatorPorosity: phi }, v).shortProbability;
      }
      // The reference porosity (0.151-0.197 over the Doux pellets) now also sets the pore size the
      // intrusion threshold scales with, so the sampled threshold at phi = 0.18 spreads wider (mean
      // risk 0.07 → ~0.2): 50 MPa sits between the 25 MPa that held and the 75 MPa that shorted.
      expect(sum / N).toBeLessThan(0.25);
    }
  });

  it("attaching the foil at 25 MPa, as in the Doux 2020 cells, does not short them", () => {
    const r = assemblyIntrusion({
      ...step,
      pressure: 25 * MPA,
      separatorPorosity: 0.18,
      liThickness: 500e-6,
    });
    expect(r.shortProbability).toBeLessThan(0.001);
  });

  it("400 MPa on the whole stack after the Li is in shorts it", () => {
    for (const phi of [0.1, 0.13, 0.18]) {
      const r = assemblyIntrusion({ ...step, pressure: 400 * MPA, separatorPorosity: phi });
      expect(r.shortProbability).toBeGreaterThan(0.9);
      expect(r.intrusionDepth).toBe(step.separatorThickness);
    }
    // A 95 %-dense separator has pore throats ~4× narrower than the 82 %-dense calibration one, and Li
    // is stronger in them (Xu2017): its intrusion threshold is ~260 MPa. 400 MPa still shorts it.
    const dense = { ...step, separatorPorosity: 0.05 };
    expect(assemblyIntrusion({ ...dense, pressure: 400 * MPA }).shortProbability).toBeGreaterThan(0.05);
    expect(assemblyIntrusion({ ...dense, pressure: 400 * MPA, hold: 1800 }).shortProbability).toBeGreaterThan(
      0.9,
    );
    expect(assemblyIntrusion({ ...dense, pressure: 500 * MPA }).shortProbability).toBeGreaterThan(0.9);
  });

  it("changes nothing without a hold or without pressure (only the immediate mechanical risk remains)", () => {
    for (const c of [
      { pressure: 50 * MPA, hold: 0 },
      { pressure: 0, hold: 600 },
    ]) {
      const r = assemblyIntrusion({ ...step, ...c, separatorPorosity: 0.18 });
      expect(r.thicknessAfter).toBe(step.liThickness);
      expect(r.extrudedFraction).toBe(0);
      expect(r.intrusionDepth).toBe(0);
      expect(r.shortProbability).toBeLessThan(1e-6);
    }
    expect(
      assemblyIntrusion({ ...step, pressure: 0, hold: 600, separatorPorosity: 0.18 }).shortProbability,
    ).toBe(0);
  });

  it("extrudes more and leaves less Li with more pressure or a longer hold (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e6, max: 300e6, noNaN: true }),
        fc.double({ min: 1, max: 1800, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.double({ min: 10e-6, max: 800e-6, noNaN: true }),
        fc.double({ min: 0.3, max: 1.05, noNaN: true }),
        (p, hold, k, h, foil) => {
          const base = {
            separatorPorosity: 0.18,
            separatorThickness: 1e-3,
            liThickness: h,
            liDiameter: foil * 0.01,
            dieDiameter: 0.01,
          };
          const a = assemblyIntrusion({ ...base, pressure: p, hold });
          const b = assemblyIntrusion({ ...base, pressure: p * k, hold });
          const c = assemblyIntrusion({ ...base, pressure: p, hold: hold * k });
          for (const r of [a, b, c]) {
            expect(r.extrudedFraction).toBeGreaterThanOrEqual(0);
            expect(r.extrudedFraction).toBeLessThanOrEqual(1);
            expect(r.thicknessAfter).toBeLessThanOrEqual(h);
          }
          const tol = 1e-9 * h;
          expect(b.thicknessAfter).toBeLessThanOrEqual(a.thicknessAfter + tol);
          expect(c.thicknessAfter).toBeLessThanOrEqual(a.thicknessAfter + tol);
          expect(b.shortProbability).toBeGreaterThanOrEqual(a.shortProbability - 1e-12);
        },
      ),
    );
  });

  it("spreads a free foil as the Rosenbrock integration of the squeeze ODE does", () => {
    const v = CREEP_DEFAULTS;
    const n = v[CREEP.creepExponent] as number;
    for (const [p, h0, d, hold] of [
      [50, 100e-6, 6e-3, 60],
      [20, 300e-6, 8e-3, 600],
      [400, 50e-6, 3e-3, 1],
    ] as const) {
      const drive = creepRate(p * MPA, v);
      const c1 = ((2 / (3 * Math.sqrt(3))) * (d / 2)) / h0;
      // du/dt = ε̇(p/F), F = 1 + c₁e^{3u/2}; the die is made wide enough that the foil never reaches it.
      const sol = solveStiff(
        (_t, y) => [drive * (1 + c1 * Math.exp(1.5 * (y[0] as number))) ** -n],
        0,
        [0],
        hold,
        {
          rtol: 1e-9,
          atol: 1e-12,
          autonomous: true,
        },
      );
      expect(sol.status).toBe("done");
      const u = (sol.y[sol.y.length - 1] as number[])[0] as number;
      const closed = foilSqueeze(p * MPA, hold, h0, d, 1, v);
      expect(closed.confinedAt).toBe(Infinity);
      expect(closed.thickness / (h0 * Math.exp(-u))).toBeCloseTo(1, 6);
    }
  });

  it("matches the Rosenbrock integration of the fin squeezed into the die clearance", () => {
    const v = CREEP_DEFAULTS;
    const n = v[CREEP.creepExponent] as number;
    const delta = (v[CREEP.dieClearance] as number) * 1e-6;
    const p = 100 * MPA;
    const h0 = 200e-6;
    const Rd = 5e-3;
    const drive = creepRate(p, v);
    const F0 =
      (v[CREEP.extrusionA] as number) +
      (v[CREEP.extrusionB] as number) * Math.log(Rd / (2 * delta)) +
      ((2 / (3 * Math.sqrt(3))) * Rd) / h0;
    // dℓ/dt = (√3/2)·δ·ε̇(p/F), F = F₀ + 2ℓ/(√3δ)
    const sol = solveStiff(
      (_t, y) => [
        (Math.sqrt(3) / 2) * delta * drive * (F0 + (2 * (y[0] as number)) / (Math.sqrt(3) * delta)) ** -n,
      ],
      0,
      [0],
      120,
      { rtol: 1e-9, atol: 1e-15, autonomous: true },
    );
    const fin = (sol.y[sol.y.length - 1] as number[])[0] as number;
    const closed = foilSqueeze(p, 120, h0, 2 * Rd, 2 * Rd, v);
    expect(closed.confinedAt).toBe(0);
    expect(closed.fin / fin).toBeCloseTo(1, 6);
  });

  it("integrates sⁿ/(s − 1) exactly for an integer n", () => {
    const n = 6;
    const exact = (w0: number, w: number): number => {
      let s = Math.log((w - 1) / (w0 - 1));
      for (let k = 1; k <= n; k++) s += (w ** (n - k + 1) - w0 ** (n - k + 1)) / (n - k + 1);
      return s;
    };
    for (const [w0, w] of [
      [1.01, 1.5],
      [2, 40],
      [5, 5000],
    ] as const) {
      expect(squeezeIntegral(w0, w, n) / exact(w0, w)).toBeCloseTo(1, 10);
    }
    // non-integer n against a fine trapezoid rule in z = ln(s − 1)
    const m = 6.56;
    const [w0, w] = [1.3, 80];
    const N = 200000;
    const z0 = Math.log(w0 - 1);
    const z1 = Math.log(w - 1);
    let trap = 0;
    for (let i = 0; i <= N; i++) {
      const z = z0 + ((z1 - z0) * i) / N;
      const s = 1 + Math.exp(z);
      const f = (s ** m / (s - 1)) * (s - 1);
      trap += (i === 0 || i === N ? 0.5 : 1) * f;
    }
    trap *= (z1 - z0) / N;
    expect(squeezeIntegral(w0, w, m) / trap).toBeCloseTo(1, 7);
  });
});

describe("fit", () => {
  it("reproduces the committed parameters from data/published", () => {
    const report = fitCreep();
    expect(report.parameters.creepParameters).toEqual(creepParameters);
  });

  it("every parameter has a range around its value, citations or a reason, and a note for assumptions", () => {
    for (const [key, p] of Object.entries(creepParameters)) {
      expect(p.min, key).toBeLessThanOrEqual(p.value);
      expect(p.max, key).toBeGreaterThanOrEqual(p.value);
      if (p.source === "assumption") expect(p.note, key).toBeTruthy();
      else expect(p.citations.length, key).toBeGreaterThan(0);
    }
  });
});
