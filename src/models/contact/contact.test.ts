import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { douxCell as fittedDouxCell } from "../parameters/contact.js";
import { findMaterial, hasReference } from "../../materials/index.js";
import { createRng } from "../../numerics/random.js";
import { ionicConductivity } from "../conductivity/index.js";
import { layerThickness } from "../densification/index.js";
import { dataDir, lowerBound, num, readCsv } from "../fit/data.js";
import { nominal, sample } from "../params.js";
import {
  CONTACT_KEYS,
  areaSpecificResistance,
  contactFraction,
  contactParameters,
  fullContactAsr,
} from "./index.js";

const MPa = 1e6;
const HOUR = 3600;

/**
 * Doux2020's symmetric cell rebuilt from data/published and the other models: bulk of the separator
 * from its mass, density and conductivity; the rest is two Li interfaces in series.
 */
function douxCell() {
  const raw = readFileSync(join(dataDir(), "stack-pressure-li.csv"), "utf8");
  const die = Number(/(\d+(?:\.\d+)?) mm die/.exec(raw)?.[1]) * 1e-3;
  const disc = Number(/x (\d+(?:\.\d+)?) mm discs/.exec(raw)?.[1]) * 1e-3;
  const row = readCsv("densification.csv").find((r) => r.material === "Li6PS5Cl" && r.source === "Doux2020");
  const d = num(row?.relative_density) ?? NaN;
  const mass = Number(/(\d+) mg/.exec(row?.note ?? "")?.[1]) * 1e-6;
  const lpscl = findMaterial("Li6PS5Cl");
  if (!lpscl.ok) throw new Error("Li6PS5Cl missing");
  const L = layerThickness({ mass, theoreticalDensity: 1860, relativeDensity: d, dieDiameter: die });
  const aDie = (Math.PI * die * die) / 4;
  const aLi = (Math.PI * disc * disc) / 4;
  const bulk = (stack: number) =>
    L / (ionicConductivity({ material: lpscl.value, relativeDensity: d, stackPressure: stack }) * aDie);
  const impedance = (pMax: number, p: number, t = HOUR) =>
    bulk(p * MPa) +
    (2 *
      areaSpecificResistance({
        kind: "metal|electrolyte",
        maxPressure: pMax * MPa,
        pressure: p * MPa,
        timeUnderPressure: t,
      })) /
      aLi;
  return { impedance, bulk, L };
}

describe("contact: Li|Li6PS5Cl|Li impedance vs stack pressure (Doux2020)", () => {
  const rows = readCsv("stack-pressure-li.csv");

  it("the separator is ~1 mm and its bulk ~33 Ohm: everything above is the two interfaces", () => {
    const cell = douxCell();
    expect(cell.L).toBeGreaterThan(0.95e-3);
    expect(cell.L).toBeLessThan(1.05e-3);
    expect(cell.bulk(5 * MPa)).toBeGreaterThan(28);
    expect(cell.bulk(5 * MPa)).toBeLessThan(40);
  });

  it("the fit's record of that cell (parameters/contact.ts) agrees with this rebuild", () => {
    const cell = douxCell();
    expect(fittedDouxCell["Separator thickness [mm]"]).toBeCloseTo(cell.L * 1e3, 3);
    // the fit subtracts this bulk from every impedance point; 5 MPa is Doux2020's operating pressure
    expect(Math.abs(fittedDouxCell["Bulk resistance [Ohm]"] / cell.bulk(5 * MPa) - 1)).toBeLessThan(0.05);
  });

  it("first loading: impedance falls with pressure and lies within ±25 % of every point", () => {
    const cell = douxCell();
    const first = rows.filter(
      (r) => r.loading_sequence === "first loading" && num(r.cell_impedance_ohm) !== undefined,
    );
    expect(first.length).toBeGreaterThanOrEqual(5);
    let prev = Infinity;
    for (const r of first.sort(
      (a, b) => (num(a.stack_pressure_MPa) ?? 0) - (num(b.stack_pressure_MPa) ?? 0),
    )) {
      const p = num(r.stack_pressure_MPa) ?? NaN;
      const z = cell.impedance(p, p);
      expect(Math.abs(z / (num(r.cell_impedance_ohm) ?? NaN) - 1), `${p} MPa`).toBeLessThanOrEqual(0.25);
      expect(z).toBeLessThan(prev);
      prev = z;
    }
    // the off-scale 1 MPa reading (> 500 Ohm)
    const off = rows.find((r) => lowerBound(r.cell_impedance_ohm) !== undefined);
    if (off)
      expect(
        cell.impedance(num(off.stack_pressure_MPa) ?? NaN, num(off.stack_pressure_MPa) ?? NaN),
      ).toBeGreaterThan(lowerBound(off.cell_impedance_ohm) ?? NaN);
  });

  it("unloading keeps most of the gain: 5 MPa after 25 MPa within ±30 % of 50 Ohm", () => {
    const cell = douxCell();
    const after = rows.find((r) => (r.loading_sequence ?? "").startsWith("after"));
    const pMax = Number(/after ([\d.]+) MPa/.exec(after?.loading_sequence ?? "")?.[1]);
    const p = num(after?.stack_pressure_MPa) ?? NaN;
    const z = cell.impedance(pMax, p);
    expect(Math.abs(z / (num(after?.cell_impedance_ohm) ?? NaN) - 1)).toBeLessThanOrEqual(0.3);
    // most of the 110 → 32 Ohm gain is kept
    const firstAt5 = cell.impedance(5, 5);
    const at25 = cell.impedance(25, 25);
    expect((firstAt5 - z) / (firstAt5 - at25)).toBeGreaterThan(0.5);
  });
});

describe("contact: physics and limits", () => {
  const metal = (pMax: number, p: number, t = HOUR) =>
    contactFraction({
      kind: "metal|electrolyte",
      maxPressure: pMax * MPa,
      pressure: p * MPa,
      timeUnderPressure: t,
    });

  it("Li contact grows with time under pressure (creep) as t^(1/n) in the unsaturated range", () => {
    expect(metal(5, 5, 100 * HOUR)).toBeGreaterThan(metal(5, 5, HOUR));
    const set = contactParameters("metal|electrolyte").set;
    const n = set[CONTACT_KEYS.creepExponent]!.value;
    const k = set[CONTACT_KEYS.shape]!.value;
    // small x: f ≈ x^k ∝ t^(k/n)
    const ratio = metal(2, 2, 10 * HOUR) / metal(2, 2, HOUR);
    expect(ratio).toBeCloseTo(10 ** (k / n), 2);
  });

  it("ASR is inversely proportional to the contact fraction", () => {
    const full = fullContactAsr(nominal(contactParameters("metal|electrolyte").set)) * 1e-4;
    for (const p of [2, 5, 10, 30]) {
      const input = {
        kind: "metal|electrolyte" as const,
        maxPressure: p * MPa,
        pressure: p * MPa,
        timeUnderPressure: HOUR,
      };
      expect(areaSpecificResistance(input) * contactFraction(input)).toBeCloseTo(full, 12);
    }
  });

  it("at very high pressure Li reaches full contact", () => {
    expect(metal(500, 500)).toBeGreaterThan(0.99);
  });

  it("powder contacts grow with densification and reach full, resistance-free contact at full density", () => {
    const cs = (d: number, p = 500) =>
      contactFraction({
        kind: "cathode|separator",
        maxPressure: 500 * MPa,
        pressure: p * MPa,
        timeUnderPressure: 60,
        cathodeDensity: d,
        separatorDensity: d,
        electrolyteFraction: 0.5,
      });
    expect(cs(0.85)).toBeGreaterThan(cs(0.7));
    expect(cs(0.85, 500)).toBeGreaterThan(cs(0.85, 10));
    const am = (d: number) =>
      contactFraction({
        kind: "powder|powder",
        maxPressure: 500 * MPa,
        pressure: 500 * MPa,
        timeUnderPressure: 60,
        relativeDensity: d,
        electrolyteFraction: 0.5,
      });
    expect(am(0.85)).toBeGreaterThan(am(0.6));
    const dense = {
      kind: "cathode|separator" as const,
      maxPressure: 1e12,
      pressure: 1e12,
      timeUnderPressure: 60,
      cathodeDensity: 1,
      separatorDensity: 1,
      electrolyteFraction: 1,
    };
    expect(contactFraction(dense)).toBeGreaterThan(0.99);
    expect(areaSpecificResistance({ ...dense, conductivity: 0.2 })).toBeLessThan(1e-7);
    expect(() => areaSpecificResistance({ ...dense })).toThrow(RangeError);
  });

  it("assumption parameters say why", () => {
    for (const kind of ["metal|electrolyte", "cathode|separator", "powder|powder"] as const) {
      for (const [key, p] of Object.entries(contactParameters(kind).set)) {
        expect(p.min, key).toBeLessThanOrEqual(p.value);
        expect(p.max, key).toBeGreaterThanOrEqual(p.value);
        expect(p.citations.length, key).toBeGreaterThan(0);
        for (const c of p.citations) expect(hasReference(c), c).toBe(true);
        if (p.source === "assumption") expect(p.note, key).toBeTruthy();
      }
    }
  });
});

describe("contact: properties over sampled parameters", () => {
  it("metal contact is in (0, 1], never falls with the highest pressure, the current pressure or time", () => {
    const set = contactParameters("metal|electrolyte").set;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (seed, a, b, frac, t, tf) => {
          const v = sample(set, createRng(seed));
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const p = lo * frac;
          const f = (pMax: number, pNow: number, tt: number) =>
            contactFraction(
              {
                kind: "metal|electrolyte",
                maxPressure: pMax * MPa,
                pressure: pNow * MPa,
                timeUnderPressure: tt,
              },
              v,
            );
          const fLo = f(lo, p, t);
          expect(fLo).toBeGreaterThan(0);
          expect(fLo).toBeLessThanOrEqual(1);
          expect(f(hi, p, t)).toBeGreaterThanOrEqual(fLo - 1e-15);
          expect(f(lo, lo, t)).toBeGreaterThanOrEqual(fLo - 1e-15);
          expect(f(lo, p, t * tf)).toBeGreaterThanOrEqual(fLo - 1e-15);
          // ASR never below the full-contact value
          const asr = areaSpecificResistance(
            { kind: "metal|electrolyte", maxPressure: lo * MPa, pressure: p * MPa, timeUnderPressure: t },
            v,
          );
          expect(asr).toBeGreaterThanOrEqual(fullContactAsr(v) * 1e-4 * (1 - 1e-12));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("powder contacts are in (0, 1] and never fall with density or stack pressure", () => {
    const set = contactParameters("powder|powder").set;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (seed, d, dd, ve, p) => {
          const v = sample(set, createRng(seed));
          for (const kind of ["cathode|separator", "powder|powder"] as const) {
            const f = (dens: number, pp: number) =>
              kind === "cathode|separator"
                ? contactFraction(
                    {
                      kind,
                      maxPressure: 500 * MPa,
                      pressure: pp * MPa,
                      timeUnderPressure: 60,
                      cathodeDensity: dens,
                      separatorDensity: dens,
                      electrolyteFraction: ve,
                    },
                    v,
                  )
                : contactFraction(
                    {
                      kind,
                      maxPressure: 500 * MPa,
                      pressure: pp * MPa,
                      timeUnderPressure: 60,
                      relativeDensity: dens,
                      electrolyteFraction: ve,
                    },
                    v,
                  );
            const f0 = f(d, p);
            expect(f0).toBeGreaterThan(0);
            expect(f0).toBeLessThanOrEqual(1);
            expect(f(Math.min(1, d + dd), p)).toBeGreaterThanOrEqual(f0 - 1e-15);
            expect(f(d, Math.min(500, p + 10))).toBeGreaterThanOrEqual(f0 - 1e-15);
          }
        },
      ),
    );
  });
});
