import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../../numerics/index.js";
import { findMaterial, makeComposite, type Material } from "../../materials/index.js";
import { num, readCsv } from "../fit/data.js";
import { fitFracture } from "../fit/fracture.js";
import { sample } from "../params.js";
import { assemblyIntrusion } from "../creep/index.js";
import {
  DEFAULT_SOFT_LAYER_LIMIT,
  FRACTURE,
  FRACTURE_DEFAULTS,
  effectivePressure,
  fractureKind,
  fractureParameters,
  fractureProbability,
} from "./index.js";

const MPA = 1e6;

function material(name: string): Material {
  const r = findMaterial(name);
  if (!r.ok) throw new Error(`no material ${name}`);
  return r.value;
}

const lpscl = material("Li6PS5Cl");
const li = material("Li");
const llzo = material("LLZO");

describe("classic recipe and over-pressing", () => {
  it("gives a low fracture probability for the classic recipe steps (< 0.1)", () => {
    // separator at 250 MPa
    expect(
      fractureProbability({ material: lpscl, pressure: 250 * MPA, softLayerInStack: false }),
    ).toBeLessThan(0.1);
    // cathode + separator co-pressed at 500 MPa (the composite breaks like its electrolyte)
    const cathode = makeComposite(
      "NMC811 + Li6PS5Cl",
      [
        { material: material("NMC811"), fraction: 0.7 },
        { material: lpscl, fraction: 0.3 },
      ],
      "weight",
    );
    for (const m of [lpscl, cathode]) {
      expect(fractureProbability({ material: m, pressure: 500 * MPA, softLayerInStack: false })).toBeLessThan(
        0.1,
      );
    }
    // Li anode attached at 50 MPa
    expect(fractureProbability({ material: lpscl, pressure: 50 * MPA, softLayerInStack: true })).toBeLessThan(
      0.1,
    );
  });

  it("makes 750 MPa on Li6PS5Cl likely to fracture (> 0.5, Yan 2026)", () => {
    expect(
      fractureProbability({ material: lpscl, pressure: 750 * MPA, softLayerInStack: false }),
    ).toBeGreaterThan(0.5);
  });

  it("400 MPa on the whole stack with Li in it shorts or fractures the cell with probability ≥ 0.9", () => {
    for (const phi of [0.13, 0.18]) {
      const pf = fractureProbability({ material: lpscl, pressure: 400 * MPA, softLayerInStack: true });
      const ps = assemblyIntrusion({
        pressure: 400 * MPA,
        hold: 60,
        separatorPorosity: phi,
        separatorThickness: 1e-3,
        liThickness: 100e-6,
      }).shortProbability;
      expect(1 - (1 - pf) * (1 - ps)).toBeGreaterThanOrEqual(0.9);
      // pressing with Li in the stack loads the pellet more than the same pressure without it
      expect(pf).toBeGreaterThan(
        fractureProbability({ material: lpscl, pressure: 400 * MPA, softLayerInStack: false }),
      );
    }
  });

  it("agrees with every sulfide pellet reported intact after release (P < 0.1 each)", () => {
    let checked = 0;
    for (const r of readCsv("densification.csv")) {
      const p = num(r.pressure_MPa);
      const found = findMaterial(r.material ?? "");
      if (
        p === undefined ||
        r.state !== "after release" ||
        !found.ok ||
        found.value.class !== "sulfide-electrolyte"
      )
        continue;
      expect(
        fractureProbability({ material: found.value, pressure: p * MPA, softLayerInStack: false }),
        r.material,
      ).toBeLessThan(0.1);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});

describe("analytic limits", () => {
  it("fails 1 − 1/e of pellets at the Weibull scale", () => {
    const scale = FRACTURE_DEFAULTS[FRACTURE.compactScale] as number;
    expect(
      fractureProbability({ material: lpscl, pressure: scale * MPA, softLayerInStack: false }),
    ).toBeCloseTo(1 - Math.exp(-1), 12);
    const strength = FRACTURE_DEFAULTS[FRACTURE.oxideStrength] as number;
    const ratio = FRACTURE_DEFAULTS[FRACTURE.oxideStressRatio] as number;
    expect(
      fractureProbability({ material: llzo, pressure: (strength / ratio) * MPA, softLayerInStack: false }),
    ).toBeCloseTo(1 - Math.exp(-1), 12);
  });

  it("adds nothing for a slow release or a soft layer below its limit, and the full factor for an instant release", () => {
    const base = { material: lpscl, pressure: 300 * MPA, softLayerInStack: false };
    expect(effectivePressure(base)).toBe(300 * MPA);
    expect(effectivePressure({ ...base, releaseRate: 0 })).toBe(300 * MPA);
    expect(effectivePressure({ ...base, softLayerInStack: true, softLayerLimit: 400 * MPA })).toBe(300 * MPA);
    const kr = FRACTURE_DEFAULTS[FRACTURE.releaseFactor] as number;
    expect(effectivePressure({ ...base, releaseRate: Infinity })).toBeCloseTo(300 * MPA * (1 + kr), 0);
    const kc = FRACTURE_DEFAULTS[FRACTURE.softLayerConcentration] as number;
    expect(effectivePressure({ ...base, softLayerInStack: true })).toBeCloseTo(
      300 * MPA + (kc - 1) * (300 * MPA - DEFAULT_SOFT_LAYER_LIMIT),
      0,
    );
    expect(DEFAULT_SOFT_LAYER_LIMIT).toBe(50 * MPA);
  });

  it("never breaks metals; breaks sintered oxides less when they are denser (tougher)", () => {
    expect(fractureKind(li)).toBe("ductile");
    expect(fractureKind("alloy-anode")).toBe("ductile");
    expect(fractureKind(llzo)).toBe("sintered");
    expect(fractureKind(lpscl)).toBe("compact");
    expect(fractureProbability({ material: li, pressure: 1000 * MPA, softLayerInStack: true })).toBe(0);
    const c = { material: llzo, pressure: 800 * MPA, softLayerInStack: false };
    expect(fractureProbability({ ...c, relativeDensity: 0.85 })).toBeGreaterThan(
      fractureProbability({ ...c, relativeDensity: 0.97 }),
    );
  });

  it("rejects nonsense input", () => {
    expect(() => fractureProbability({ material: lpscl, pressure: NaN, softLayerInStack: false })).toThrow(
      /pressure/,
    );
    expect(() =>
      fractureProbability({ material: lpscl, pressure: 1e8, softLayerInStack: false, releaseRate: -1 }),
    ).toThrow(/releaseRate/);
    expect(() =>
      fractureProbability({ material: llzo, pressure: 1e8, softLayerInStack: false, relativeDensity: 1.2 }),
    ).toThrow(/relativeDensity/);
  });
});

describe("properties (over sampled parameter sets)", () => {
  const values = fc
    .integer({ min: 0, max: 1_000_000 })
    .map((seed) => sample(fractureParameters, createRng(seed)));
  const materials = fc.constantFrom<Material | "halide-electrolyte" | "cathode-active">(
    lpscl,
    llzo,
    material("LLZTO"),
    "halide-electrolyte",
    "cathode-active",
  );
  const step = fc.record({
    pressure: fc.double({ min: 0, max: 2000e6, noNaN: true }),
    softLayerInStack: fc.boolean(),
    softLayerLimit: fc.option(fc.double({ min: 0, max: 200e6, noNaN: true }), { nil: undefined }),
    releaseRate: fc.option(fc.double({ min: 0, max: 1e10, noNaN: true }), { nil: undefined }),
    relativeDensity: fc.option(fc.double({ min: 0.7, max: 1, noNaN: true }), { nil: undefined }),
  });

  it("is monotone in pressure and stays in [0, 1]", () => {
    fc.assert(
      fc.property(materials, step, fc.double({ min: 1, max: 3, noNaN: true }), values, (m, s, k, v) => {
        const p1 = fractureProbability({ ...s, material: m }, v);
        const p2 = fractureProbability({ ...s, material: m, pressure: s.pressure * k }, v);
        expect(p1).toBeGreaterThanOrEqual(0);
        expect(p2).toBeLessThanOrEqual(1);
        expect(p2).toBeGreaterThanOrEqual(p1);
      }),
    );
  });

  it("a soft layer in the stack or a faster release never lowers the risk", () => {
    fc.assert(
      fc.property(materials, step, fc.double({ min: 1, max: 100, noNaN: true }), values, (m, s, k, v) => {
        const base = fractureProbability({ ...s, material: m, softLayerInStack: false }, v);
        expect(fractureProbability({ ...s, material: m, softLayerInStack: true }, v)).toBeGreaterThanOrEqual(
          base,
        );
        const r = s.releaseRate ?? 1e6;
        expect(fractureProbability({ ...s, material: m, releaseRate: r * k }, v)).toBeGreaterThanOrEqual(
          fractureProbability({ ...s, material: m, releaseRate: r }, v),
        );
      }),
    );
  });
});

describe("fit", () => {
  it("reproduces the committed parameters from data/published", () => {
    expect(fitFracture().parameters.fractureParameters).toEqual(fractureParameters);
  });

  it("every parameter has a range around its value, and a note for assumptions", () => {
    for (const [key, p] of Object.entries(fractureParameters)) {
      expect(p.min, key).toBeLessThanOrEqual(p.value);
      expect(p.max, key).toBeGreaterThanOrEqual(p.value);
      if (p.source === "assumption") expect(p.note, key).toBeTruthy();
      else expect(p.citations.length, key).toBeGreaterThan(0);
    }
  });
});
