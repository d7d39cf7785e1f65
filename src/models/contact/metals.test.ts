import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SsbError } from "../../core/errors.js";
import { hasReference } from "../../materials/index.js";
import { createRng } from "../../numerics/random.js";
import { num, readCsv } from "../fit/data.js";
import { nominal, sample } from "../params.js";
import {
  CONTACT_KEYS as K,
  areaSpecificResistance,
  cathodeChargeTransfer,
  cathodeChargeTransferParameters,
  contactFraction,
  contactMetalOf,
  contactParameters,
  fullContactAsr,
  type ContactMetal,
} from "./index.js";

const MPa = 1e6;
const HOUR = 3600;

const metal = (m: ContactMetal, p: number, t = HOUR, pMax = p) =>
  contactFraction({
    kind: "metal|electrolyte",
    metal: m,
    maxPressure: pMax * MPa,
    pressure: p * MPa,
    timeUnderPressure: t,
  });

describe("contact: In and Li-In have their own parameters, not Li's", () => {
  it("each metal has its own set, and In and Li-In touch less than Li at the same history", () => {
    const li = contactParameters("metal|electrolyte", "Li").set;
    const inSet = contactParameters("metal|electrolyte", "In").set;
    const liIn = contactParameters("metal|electrolyte", "LiIn").set;
    expect(inSet).not.toBe(li);
    expect(liIn).not.toBe(li);
    expect(liIn).not.toBe(inSet);
    for (const p of [5, 10, 25, 60, 120]) {
      expect(metal("In", p), `${p} MPa`).toBeLessThan(metal("Li", p));
      expect(metal("LiIn", p), `${p} MPa`).toBeLessThan(metal("In", p));
    }
    // the Li-In anode pressed at 120 MPa (Doux2020) is far from Li's full contact
    expect(metal("Li", 120)).toBeGreaterThan(0.99);
    expect(metal("LiIn", 120)).toBeLessThan(0.5);
    const asr = (m: ContactMetal) =>
      areaSpecificResistance({
        kind: "metal|electrolyte",
        metal: m,
        maxPressure: 120 * MPa,
        pressure: 60 * MPa,
        timeUnderPressure: 100 * HOUR,
      });
    expect(asr("LiIn")).toBeGreaterThan(asr("In"));
    expect(asr("In")).toBeGreaterThan(asr("Li"));
  });

  it("In's hardness ratio is In's published strength over Li's published yield strength", () => {
    const strengths = readCsv("interfaces.csv")
      .filter((r) => r.material === "In" && r.property === "tensile strength")
      .map((r) => num(r.value) ?? NaN);
    const liYield = num(
      readCsv("lithium-mechanics.csv").find((r) => r.property === "yield strength (compression)")?.value,
    );
    expect(strengths.length).toBeGreaterThanOrEqual(2);
    expect(liYield).toBeDefined();
    const h = contactParameters("metal|electrolyte", "In").set[K.hardnessRatio]!;
    expect(h.value).toBeCloseTo(Math.min(...strengths) / (liYield ?? NaN), 2);
    // In is softer than most metals but harder than Li, and its range stays within the data's
    expect(h.min).toBeGreaterThan(1);
    expect(h.max).toBeLessThanOrEqual(Math.max(...strengths) / ((liYield ?? NaN) - 0.1) + 1e-9);
  });

  it("plastic contact over load/hardness (Bowden-Tabor): In at h·P touches like Li at P", () => {
    const inV = nominal(contactParameters("metal|electrolyte", "In").set);
    const h = inV[K.hardnessRatio]!;
    for (const p of [2, 5, 10, 20]) {
      const fIn = contactFraction(
        {
          kind: "metal|electrolyte",
          metal: "In",
          maxPressure: h * p * MPa,
          pressure: h * p * MPa,
          timeUnderPressure: HOUR,
        },
        inV,
      );
      expect(fIn, `${p} MPa`).toBeCloseTo(metal("Li", p), 10);
    }
  });

  it("a fully touching In or Li-In interface has its own (assumed) ASR, bracketing Li's", () => {
    const li = fullContactAsr(nominal(contactParameters("metal|electrolyte", "Li").set));
    for (const m of ["In", "LiIn"] as const) {
      const set = contactParameters("metal|electrolyte", m).set;
      const own = set[K.fullContactAsr]!;
      expect(own.source).toBe("assumption");
      expect(own.min).toBeLessThan(li);
      expect(own.max).toBeGreaterThan(li);
      expect(fullContactAsr(nominal(set))).toBe(own.value);
    }
  });

  it("names: Li, In and Li-In in their usual spellings; anything else is not a contact metal", () => {
    expect(contactMetalOf("Li")).toBe("Li");
    expect(contactMetalOf("lithium metal")).toBe("Li");
    expect(contactMetalOf("In")).toBe("In");
    expect(contactMetalOf("indium foil")).toBe("In");
    expect(contactMetalOf("LiIn")).toBe("LiIn");
    expect(contactMetalOf("Li–In")).toBe("LiIn");
    expect(contactMetalOf("Li-In alloy")).toBe("LiIn");
    expect(contactMetalOf("Na")).toBeUndefined();
    expect(contactMetalOf("Li6PS5Cl")).toBeUndefined();
  });

  it("every parameter cites a known reference; assumptions say why", () => {
    for (const set of [
      contactParameters("metal|electrolyte", "In").set,
      contactParameters("metal|electrolyte", "LiIn").set,
      cathodeChargeTransferParameters,
    ]) {
      for (const [key, p] of Object.entries(set)) {
        expect(p.min, key).toBeLessThanOrEqual(p.value);
        expect(p.max, key).toBeGreaterThanOrEqual(p.value);
        // an assumption may cite nothing (no paper gives its number) but must say why; data and fits cite
        if (p.source !== "assumption") expect(p.citations.length, key).toBeGreaterThan(0);
        for (const c of p.citations) expect(hasReference(c), c).toBe(true);
        if (p.source === "assumption") expect(p.note, key).toMatch(/assum/);
      }
    }
  });

  it("In and Li-In contact stays in (0, 1] and never falls with pressure or time, over sampled parameters", () => {
    for (const m of ["In", "LiIn"] as const) {
      const set = contactParameters("metal|electrolyte", m).set;
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          fc.double({ min: 0, max: 300, noNaN: true }),
          fc.double({ min: 1, max: 3, noNaN: true }),
          fc.double({ min: 1, max: 1e6, noNaN: true }),
          (seed, p, k, t) => {
            const v = sample(set, createRng(seed));
            const f = (pp: number, tt: number) =>
              contactFraction(
                {
                  kind: "metal|electrolyte",
                  metal: m,
                  maxPressure: pp * MPa,
                  pressure: pp * MPa,
                  timeUnderPressure: tt,
                },
                v,
              );
            const f0 = f(p, t);
            expect(f0).toBeGreaterThan(0);
            expect(f0).toBeLessThanOrEqual(1);
            expect(f(p * k, t)).toBeGreaterThanOrEqual(f0 - 1e-15);
            expect(f(p, t * k)).toBeGreaterThanOrEqual(f0 - 1e-15);
          },
        ),
        { numRuns: 300 },
      );
    }
  });
});

describe("contact: charge transfer inside a composite cathode", () => {
  const films = readCsv("interfaces.csv").filter((r) => r.property === "interface resistance");

  it("the per-surface ASR is never below the clean thin-film interfaces (Haruta2015, Kawasoko2018)", () => {
    expect(films.length).toBeGreaterThanOrEqual(2);
    const floor = Math.min(...films.map((r) => num(r.value) ?? NaN));
    const p = cathodeChargeTransferParameters[K.cathodeChargeTransferAsr]!;
    expect(p.min).toBeGreaterThanOrEqual(floor);
    for (let seed = 0; seed < 200; seed++) {
      const v = sample(cathodeChargeTransferParameters, createRng(seed));
      expect(v[K.cathodeChargeTransferAsr]).toBeGreaterThanOrEqual(floor);
    }
  });

  it("R_ct = ASR_ct/(3φL/r·f): inversely proportional to thickness, active fraction and covered share", () => {
    const base = { activeVolumeFraction: 0.4, thickness: 50e-6, contactFraction: 0.5 };
    const r0 = cathodeChargeTransfer(base);
    const v = nominal(cathodeChargeTransferParameters);
    const surface = (3 * 0.4 * 50e-6) / (v[K.activeParticleRadius]! * 1e-6);
    expect(r0.activeSurfacePerArea).toBeCloseTo(surface, 10);
    expect(r0.asr).toBeCloseTo((v[K.cathodeChargeTransferAsr]! * 1e-4) / (surface * 0.5), 12);
    expect(cathodeChargeTransfer({ ...base, thickness: 100e-6 }).asr).toBeCloseTo(r0.asr / 2, 12);
    expect(cathodeChargeTransfer({ ...base, contactFraction: 0.25 }).asr).toBeCloseTo(r0.asr * 2, 12);
    expect(cathodeChargeTransfer({ ...base, activeVolumeFraction: 0.2 }).asr).toBeCloseTo(r0.asr * 2, 12);
    // a 50 um NMC composite gives a few Ohm cm2 of cell area, far more than one clean flat interface
    // spread over its ~12 cm2 of particle surface per cm2
    expect(r0.asr * 1e4).toBeGreaterThan(1);
    expect(r0.asr * 1e4).toBeLessThan(50);
  });

  it("a non-physical input throws a usage error", () => {
    const base = { activeVolumeFraction: 0.4, thickness: 50e-6, contactFraction: 0.5 };
    for (const bad of [
      { ...base, activeVolumeFraction: 0 },
      { ...base, thickness: -1 },
      { ...base, thickness: Number.NaN },
      { ...base, contactFraction: 1.5 },
    ]) {
      expect(() => cathodeChargeTransfer(bad)).toThrow(SsbError);
    }
  });
});
