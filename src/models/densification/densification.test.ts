import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findMaterial,
  hasReference,
  listMaterials,
  makeComposite,
  type Material,
} from "../../materials/index.js";
import { createRng } from "../../numerics/random.js";
import { num, readCsv } from "../fit/data.js";
import { sample } from "../params.js";
import {
  DENSIFICATION_KEYS,
  densificationParameters,
  layerThickness,
  relativeDensity,
  springback,
} from "./index.js";
import { densityReleased, heckelState, pelletModulus } from "./heckel.js";

const nominalOf = (m: Material) =>
  Object.fromEntries(Object.entries(densificationParameters(m).set).map(([k, p]) => [k, p.value]));

const MPa = 1e6;
const RT = 298.15;

function mat(name: string): Material {
  const r = findMaterial(name);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const LPSCL = mat("Li6PS5Cl");
const GLASS = mat("75Li2S-25P2S5 glass");
const MICRO = mat("Li6PS5Cl (microcrystalline)");
const GC = mat("Li6PS5Cl (glass-ceramic)");
const HALIDE = mat("Li3YBrCl6");
const SIPS = mat("t-Li7SiPS8");
const NMC = mat("NMC811");
const LLZO = mat("LLZO");

const D = (material: Parameters<typeof relativeDensity>[0]["material"], p: number, released = true, T = RT) =>
  relativeDensity({ material, maxPressure: p * MPa, temperature: T, released });

describe("densification: pinned to the published data (within its scatter)", () => {
  const rows = readCsv("densification.csv");
  const rowsOf = (m: string) => rows.filter((r) => r.material === m && num(r.relative_density) !== undefined);

  it("Li6PS5Cl pressed at 250-441 MPa is 0.78-0.95 dense after release (six-lab band)", () => {
    for (const p of [250, 275, 300, 350, 370, 400, 441]) {
      const d = D(LPSCL, p);
      expect(d, `${p} MPa`).toBeGreaterThanOrEqual(0.78);
      expect(d, `${p} MPa`).toBeLessThanOrEqual(0.95);
    }
  });

  it("75Li2S-25P2S5 glass follows Sakuda2013's curve under load within ±0.05", () => {
    const glass = rowsOf("75Li2S-25P2S5-glass");
    expect(glass.length).toBeGreaterThanOrEqual(5);
    for (const r of glass) {
      expect(r.state).toBe("under load");
      const d = D(GLASS, num(r.pressure_MPa) ?? NaN, false);
      expect(Math.abs(d - (num(r.relative_density) ?? NaN)), `${r.pressure_MPa} MPa`).toBeLessThanOrEqual(
        0.05,
      );
    }
  });

  it("every pooled Li6PS5Cl row lies inside the Monte Carlo band of the curve (six-lab scatter)", () => {
    const set = densificationParameters(LPSCL).set;
    const nominalValues = Object.fromEntries(Object.entries(set).map(([k, p]) => [k, p.value]));
    const ref = set[DENSIFICATION_KEYS.referenceDensity];
    const at = (dRef: number, p: number) =>
      relativeDensity(
        { material: LPSCL, maxPressure: p * MPa, temperature: RT, released: true },
        { ...nominalValues, [DENSIFICATION_KEYS.referenceDensity]: dRef },
      );
    for (const r of rowsOf("Li6PS5Cl")) {
      const p = num(r.pressure_MPa) ?? NaN;
      const obs = num(r.relative_density) ?? NaN;
      expect(obs, `${r.source}`).toBeGreaterThanOrEqual(at(ref?.min ?? NaN, p) - 0.01);
      expect(obs, `${r.source}`).toBeLessThanOrEqual(at(ref?.max ?? NaN, p) + 0.01);
    }
  });

  it("Doux2020's pellet (370 MPa, 13 mm, 200 mg) comes out inside its four pellets' 0.803-0.849", () => {
    const d = D(LPSCL, 370);
    expect(d).toBeGreaterThanOrEqual(0.803);
    expect(d).toBeLessThanOrEqual(0.849);
  });

  it("Li6PS5Cl pressed at 275-441 MPa stays inside Ohno2020's six-lab band 0.81-0.95", () => {
    for (const p of [275, 300, 370, 441]) {
      expect(D(LPSCL, p), `${p} MPa`).toBeGreaterThanOrEqual(0.81);
      expect(D(LPSCL, p), `${p} MPa`).toBeLessThanOrEqual(0.95);
    }
  });

  it("Cronau2021 and Varkey2026 rows within ±0.04 (figure reading)", () => {
    const cases: [string, Material][] = [
      ["Li6PS5Cl-microcrystalline", MICRO],
      ["Li6PS5Cl-glass-ceramic", GC],
      ["Li3YBrCl6+3wt%SBR", HALIDE],
    ];
    for (const [name, m] of cases) {
      const rs = rowsOf(name);
      expect(rs.length, name).toBeGreaterThanOrEqual(2);
      for (const r of rs) {
        const d = D(m, num(r.pressure_MPa) ?? NaN, r.state !== "under load");
        expect(
          Math.abs(d - (num(r.relative_density) ?? NaN)),
          `${name} ${r.pressure_MPa}`,
        ).toBeLessThanOrEqual(0.04);
      }
    }
  });

  it("composites: NCM-Li6PS5Cl 0.83-0.87 at 380 MPa; NMC811-halide within ±0.05", () => {
    const ncm = makeComposite(
      "NCM-LPSCl",
      [
        { material: NMC, fraction: 0.7 },
        { material: LPSCL, fraction: 0.3 },
      ],
      "weight",
    );
    const d380 = D(ncm, 380);
    expect(d380).toBeGreaterThanOrEqual(0.83);
    expect(d380).toBeLessThanOrEqual(0.87);
    const hal = makeComposite(
      "NMC-LYBC",
      [
        { material: NMC, fraction: 0.7 },
        { material: HALIDE, fraction: 0.3 },
      ],
      "weight",
    );
    for (const r of rowsOf("NMC811-composite(halide SE+SBR+CB)")) {
      const d = D(hal, num(r.pressure_MPa) ?? NaN);
      expect(Math.abs(d - (num(r.relative_density) ?? NaN)), `${r.pressure_MPa}`).toBeLessThanOrEqual(0.05);
    }
  });

  it("t-Li7SiPS8 is 0.90-0.95 dense under load at 1 GPa and springs back ~4 %", () => {
    const d = D(SIPS, 1000, false);
    expect(d).toBeGreaterThanOrEqual(0.9);
    expect(d).toBeLessThanOrEqual(0.95);
    const r = springback({ material: SIPS, maxPressure: 1000 * MPa });
    expect(r).toBeGreaterThan(0.03);
    expect(r).toBeLessThan(0.05);
  });
});

describe("densification: physics and limits", () => {
  it("springback uses the porous pellet's modulus: 4.7 GPa at 13 % porosity, ~5-9 % from 370 MPa", () => {
    const s = heckelState(nominalOf(LPSCL));
    // the anchor: a cold-pressed Li6PS5Cl pellet at 13 % porosity measured 4.7 GPa in bending (materials.csv)
    expect(pelletModulus(s, 0.13) / 1000).toBeCloseTo(4.7, 2);
    expect(pelletModulus(s, 0) / 1000).toBeCloseTo(22.1, 6);
    // from 370 MPa the pellet under load is ~0.88 dense: r = 370 MPa / E(~0.12) ≈ 6-8 %, about
    // five times the 1.7 % the dense modulus gave
    const r370 = springback({ material: LPSCL, maxPressure: 370 * MPa });
    expect(r370).toBeGreaterThan(0.05);
    expect(r370).toBeLessThan(0.09);
    for (const m of [LPSCL, GLASS, HALIDE]) {
      for (const p of [250, 370, 500]) {
        const r = springback({ material: m, maxPressure: p * MPa });
        expect(r, `${m.name} ${p}`).toBeGreaterThanOrEqual(0.01);
        expect(r, `${m.name} ${p}`).toBeLessThanOrEqual(0.15);
      }
    }
    // the released density is the loaded one divided by (1 + r) where the curve is not on its envelope
    const r = springback({ material: LPSCL, maxPressure: 370 * MPa });
    expect(D(LPSCL, 370, true) * (1 + r)).toBeCloseTo(D(LPSCL, 370, false), 10);
  });

  it("poured powder is loose (D0 0.3-0.5) and particles rearrange before they deform", () => {
    const d0 = D(LPSCL, 0, true);
    expect(d0).toBeGreaterThanOrEqual(0.3);
    expect(d0).toBeLessThanOrEqual(0.5);
    // Before this, one Heckel line put the poured powder at 0.64; under 10 MPa it now is barely compacted
    expect(D(LPSCL, 10, false)).toBeLessThan(0.6);
    // most of the low-pressure gain happens below ~150 MPa (rearrangement), then the Heckel line
    const y = (p: number) => -Math.log(1 - D(LPSCL, p, false));
    expect((y(60) - y(0)) / 60).toBeGreaterThan(2 * ((y(450) - y(350)) / 100));
  });

  it("pressing later at a lower pressure changes nothing (history = the highest pressure)", () => {
    const after500 = D(LPSCL, 500);
    // a layer that has seen 500 MPa, now held at 100 MPa: between its released and loaded density
    const held = relativeDensity({
      material: LPSCL,
      maxPressure: 500 * MPa,
      pressure: 100 * MPa,
      temperature: RT,
      released: false,
    });
    expect(held).toBeGreaterThanOrEqual(after500);
    expect(held).toBeLessThanOrEqual(D(LPSCL, 500, false));
    expect(held).toBeGreaterThan(D(LPSCL, 100, false));
  });

  it("above the rearrangement stage the Heckel ordinate is linear in pressure under load", () => {
    const y = (p: number) => -Math.log(1 - D(GLASS, p, false));
    const slope1 = (y(400) - y(300)) / 100;
    const slope2 = (y(500) - y(400)) / 100;
    expect(slope1 / slope2).toBeCloseTo(1, 2);
    const k = densificationParameters(GLASS).set[DENSIFICATION_KEYS.heckelSlope]?.value ?? NaN;
    expect(slope2 / k).toBeCloseTo(1, 2);
  });

  it("warm pressing raises density, modestly", () => {
    const cold = D(LPSCL, 250);
    const warm = D(LPSCL, 250, true, 373.15);
    expect(warm).toBeGreaterThan(cold);
    expect(warm - cold).toBeLessThan(0.05);
    // below room temperature nothing changes
    expect(D(LPSCL, 250, true, 280)).toBe(cold);
  });

  it("a composite with hard particles is not denser than its electrolyte; with none it is the electrolyte", () => {
    const ncm = makeComposite(
      "c",
      [
        { material: NMC, fraction: 0.7 },
        { material: LPSCL, fraction: 0.3 },
      ],
      "weight",
    );
    // Minnmann2021's composite (0.86) is as dense as the Li6PS5Cl curve: the load-share exponent fits to
    // ~0 (the electrolyte carries the pressure); it can only lower the density, never raise it
    expect(D(ncm, 380)).toBeLessThanOrEqual(D(LPSCL, 380) + 1e-12);
    const zero = relativeDensity({
      material: ncm,
      maxPressure: 380 * MPa,
      temperature: RT,
      released: true,
      rigidFraction: 0,
    });
    expect(zero).toBeCloseTo(D(LPSCL, 380), 12);
    expect(densificationParameters(ncm).basis).toMatch(/Minnmann2021/);
  });

  it("oxides barely densify by cold pressing; unknown sulfides and halides get a labelled, wider class default", () => {
    expect(D(LLZO, 500)).toBeLessThan(0.7);
    expect(D(LLZO, 500) - D(LLZO, 100)).toBeLessThan(0.05);
    const lgps = densificationParameters(mat("Li10GeP2S12"));
    expect(lgps.basis).toMatch(/CLASS DEFAULT \(assumption\)/);
    expect(lgps.assumption).toMatch(/class default/);
    expect(densificationParameters(mat("Li3InCl6")).basis).toMatch(/halide CLASS DEFAULT.*Li3YBrCl6/);
    // never silently another material's set: a separate set, every parameter an assumption, wider
    const own = densificationParameters(LPSCL).set;
    expect(lgps.set).not.toBe(own);
    for (const [k, p] of Object.entries(lgps.set)) {
      expect(p.source, k).toBe("assumption");
      expect(p.note, k).toMatch(/class default/);
      const o = own[k]!;
      expect(p.min, k).toBeLessThanOrEqual(o.min);
      expect(p.max, k).toBeGreaterThanOrEqual(o.max);
      if (o.max > o.min) expect(p.max - p.min, k).toBeGreaterThan(o.max - o.min);
    }
    expect(densificationParameters(LPSCL).assumption).toBeUndefined();
  });

  it("every parameter carries a range, citations and, for assumptions, a note", () => {
    const mats = [LPSCL, GLASS, MICRO, GC, HALIDE, SIPS, NMC, LLZO, mat("Li")];
    for (const m of mats) {
      for (const [k, p] of Object.entries(densificationParameters(m).set)) {
        expect(p.min, `${m.name} ${k}`).toBeLessThanOrEqual(p.value);
        expect(p.max, `${m.name} ${k}`).toBeGreaterThanOrEqual(p.value);
        expect(p.citations.length, `${m.name} ${k}`).toBeGreaterThan(0);
        for (const c of p.citations) expect(hasReference(c), c).toBe(true);
        if (p.source === "assumption") expect(p.note, `${m.name} ${k}`).toBeTruthy();
      }
    }
  });

  it("every database material maps to a curve that stays in (0, 1)", () => {
    for (const m of listMaterials()) {
      expect(densificationParameters(m).basis.length, m.name).toBeGreaterThan(0);
      for (const p of [0, 250, 500]) {
        const d = D(m, p);
        expect(d, `${m.name} ${p}`).toBeGreaterThan(0);
        expect(d, `${m.name} ${p}`).toBeLessThan(1);
      }
    }
  });

  it("layer thickness: 200 mg of Li6PS5Cl at 0.821 in a 13 mm die is ~1 mm (Doux2020)", () => {
    const h = layerThickness({
      mass: 200e-6,
      theoreticalDensity: 1860,
      relativeDensity: 0.821,
      dieDiameter: 13e-3,
    });
    expect(h / (200e-6 / (1860 * 0.821 * Math.PI * 0.0065 ** 2))).toBeCloseTo(1, 12);
    expect(h).toBeGreaterThan(0.95e-3);
    expect(h).toBeLessThan(1.05e-3);
    expect(() =>
      layerThickness({ mass: 1e-4, theoreticalDensity: 1860, relativeDensity: 0, dieDiameter: 0.01 }),
    ).toThrow();
  });

  it("rejects negative pressures and temperatures in °C-looking kelvin", () => {
    expect(() => D(LPSCL, -1)).toThrow(RangeError);
    expect(() =>
      relativeDensity({ material: LPSCL, maxPressure: 1e8, temperature: 0, released: true }),
    ).toThrow(RangeError);
  });
});

describe("densification: remembered states give the same numbers", () => {
  it("a parameter record changed in place is unpacked again, not served from the memo", () => {
    const v = nominalOf(LPSCL);
    const before = relativeDensity(
      { material: LPSCL, maxPressure: 370 * MPa, temperature: RT, released: true },
      v,
    );
    v[DENSIFICATION_KEYS.heckelSlope] = (v[DENSIFICATION_KEYS.heckelSlope] as number) * 2;
    const after = relativeDensity(
      { material: LPSCL, maxPressure: 370 * MPa, temperature: RT, released: true },
      v,
    );
    expect(after).toBeGreaterThan(before);
    expect(after).toBe(
      relativeDensity({ material: LPSCL, maxPressure: 370 * MPa, temperature: RT, released: true }, { ...v }),
    );
  });

  it("a remembered released density equals a fresh scan, over many pressures (the memo stays bounded)", () => {
    const v = nominalOf(LPSCL);
    const s = heckelState(v);
    const pressures = Array.from({ length: 300 }, (_, i) => (i * 7.3) % 900);
    for (const p of pressures) densityReleased(s, p);
    expect(s.released.size).toBeLessThanOrEqual(64);
    for (const p of pressures) expect(densityReleased(s, p)).toBe(densityReleased(heckelState({ ...v }), p));
    // warm pressing is computed afresh every time
    expect(densityReleased(s, 370, 1.2)).toBe(densityReleased(heckelState({ ...v }), 370, 1.2));
  });
});

describe("densification: properties over sampled parameters", () => {
  const comp = makeComposite(
    "c",
    [
      { material: NMC, fraction: 0.75 },
      { material: HALIDE, fraction: 0.25 },
    ],
    "weight",
  );
  const mats: Parameters<typeof relativeDensity>[0]["material"][] = [
    LPSCL,
    GLASS,
    MICRO,
    GC,
    HALIDE,
    SIPS,
    LLZO,
    NMC,
    comp,
    mat("Li"),
  ];

  it("more pressure never lowers density, and density stays in (0, 1)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: mats.length - 1 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 0, max: 3000, noNaN: true }),
        fc.double({ min: 0, max: 3000, noNaN: true }),
        fc.double({ min: 250, max: 450, noNaN: true }),
        fc.boolean(),
        (i, seed, a, b, T, released) => {
          const material = mats[i]!;
          const values = sample(densificationParameters(material).set, createRng(seed));
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const dLo = relativeDensity({ material, maxPressure: lo * MPa, temperature: T, released }, values);
          const dHi = relativeDensity({ material, maxPressure: hi * MPa, temperature: T, released }, values);
          expect(dHi).toBeGreaterThanOrEqual(dLo - 1e-12);
          for (const d of [dLo, dHi]) {
            expect(d).toBeGreaterThan(0);
            expect(d).toBeLessThan(1);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("releasing never raises density; a higher temperature never lowers it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: mats.length - 1 }),
        fc.double({ min: 0, max: 1500, noNaN: true }),
        fc.double({ min: 250, max: 450, noNaN: true }),
        (i, p, T) => {
          const material = mats[i]!;
          const loaded = relativeDensity({ material, maxPressure: p * MPa, temperature: T, released: false });
          const rel = relativeDensity({ material, maxPressure: p * MPa, temperature: T, released: true });
          expect(rel).toBeLessThanOrEqual(loaded + 1e-12);
          const hot = relativeDensity({
            material,
            maxPressure: p * MPa,
            temperature: T + 30,
            released: true,
          });
          expect(hot).toBeGreaterThanOrEqual(rel - 1e-12);
        },
      ),
    );
  });
});
