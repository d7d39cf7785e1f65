import { describe, expect, it } from "vitest";
import { MATERIALS, molarMass, theoreticalCapacity } from "./database.js";
import { findMaterial, normalizeName, propertyValue } from "./lookup.js";
import { hasReference } from "./references.js";
import type { Material, MaterialClass } from "./types.js";
import { PROP } from "./types.js";

const CONFIDENCE = new Set(["P", "D", "F", "S", "C", "V", "A", "U"]);

function material(name: string): Material {
  const r = findMaterial(name);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const props = MATERIALS.flatMap((m) =>
  Object.entries(m.properties).map(([key, p]) => ({ m: m.name, key, p: p! })),
);

describe("database integrity", () => {
  it("cites only keys that exist in REFERENCES", () => {
    for (const { m, key, p } of props) {
      for (const c of p.citations) expect(hasReference(c), `${m} / ${key}: ${c}`).toBe(true);
    }
  });

  it("gives every property a unit in its key and a confidence code", () => {
    for (const { m, key, p } of props) {
      expect(key, m).toMatch(/ \[[^\]]+\]$/);
      expect(CONFIDENCE.has(p.confidence), `${m} / ${key}: ${p.confidence}`).toBe(true);
    }
  });

  it("never has a number without a citation, and U exactly for unknowns", () => {
    for (const { m, key, p } of props) {
      const label = `${m} / ${key}`;
      if (p.value !== null) {
        expect(p.citations.length, label).toBeGreaterThan(0);
        expect(Number.isFinite(p.value), label).toBe(true);
        expect(p.confidence, label).not.toBe("U");
      } else {
        expect(p.confidence, label).toBe("U");
        expect(p.note, `${label}: an unknown says why`).toBeTruthy();
      }
    }
  });

  it("explains every assumption and keeps values inside their ranges", () => {
    for (const { m, key, p } of props) {
      const label = `${m} / ${key}`;
      if (p.confidence === "A") expect(p.note, label).toBeTruthy();
      if (p.min !== undefined && p.max !== undefined) expect(p.min, label).toBeLessThanOrEqual(p.max);
      if (p.value !== null && p.min !== undefined) expect(p.value, label).toBeGreaterThanOrEqual(p.min);
      if (p.value !== null && p.max !== undefined) expect(p.value, label).toBeLessThanOrEqual(p.max);
    }
  });

  it("has unique names and aliases, and a one-line description for each material", () => {
    const seen = new Map<string, string>();
    for (const m of MATERIALS) {
      expect(m.description.trim(), m.name).not.toBe("");
      expect(m.description, m.name).not.toMatch(/\n/);
      for (const n of new Set([m.name, ...m.aliases].map(normalizeName))) {
        expect(seen.get(n), `"${n}" used by ${seen.get(n)} and ${m.name}`).toBeUndefined();
        seen.set(n, m.name);
      }
    }
  });

  it("is frozen", () => {
    const li = material("Li");
    expect(Object.isFrozen(li)).toBe(true);
    expect(Object.isFrozen(li.properties[PROP.assemblyPressureMax])).toBe(true);
  });
});

describe("limits the checker relies on", () => {
  const ceramic: MaterialClass[] = [
    "sulfide-electrolyte",
    "halide-electrolyte",
    "oxide-electrolyte",
    "cathode-active",
  ];

  it("gives every ceramic electrolyte and cathode active a densification pressure", () => {
    for (const m of MATERIALS.filter((x) => ceramic.includes(x.class))) {
      expect(m.properties[PROP.densificationPressure], m.name).toBeDefined();
      if (m.class === "sulfide-electrolyte" || m.class === "halide-electrolyte") {
        expect(propertyValue(m, PROP.densificationPressure), m.name).toBe(250);
        expect(propertyValue(m, PROP.coldPressable), m.name).toBe(1);
      }
    }
  });

  it("marks the garnet oxides as not cold-pressable", () => {
    for (const name of ["LLZO", "LLZTO"]) {
      const m = material(name);
      expect(propertyValue(m, PROP.coldPressable)).toBe(0);
      expect(propertyValue(m, PROP.densificationPressure)).toBeUndefined();
      expect(m.properties[PROP.densificationPressure]?.note).toMatch(/sinter|hot press/);
    }
  });

  it("has the lithium limits", () => {
    const li = material("Li");
    expect(propertyValue(li, PROP.assemblyPressureMax)).toBe(50);
    expect(propertyValue(li, PROP.operatingPressureMax)).toBe(5);
    expect(propertyValue(li, PROP.meltingPoint)).toBe(180.5);
    expect(propertyValue(li, PROP.temperatureMax)).toBe(180.5);
    expect(propertyValue(li, PROP.yieldStrength)).toBe(0.81);
    expect(propertyValue(li, PROP.poissonRatio)).toBe(0.381);
    expect(li.properties[PROP.assemblyPressureMax]?.citations).toContain("Doux2020");
  });

  it("lets In and Li-In take more pressure than Li (a Li-In anode at 75 MPa must not be flagged)", () => {
    const liIn = material("LiIn");
    expect(propertyValue(liIn, PROP.assemblyPressureMax)).toBe(120);
    expect(liIn.properties[PROP.assemblyPressureMax]?.confidence).toBe("D");
    expect(propertyValue(liIn, PROP.operatingPressureMax)).toBeGreaterThan(75);
    const indium = material("In");
    expect(propertyValue(indium, PROP.meltingPoint)).toBe(156.6);
    expect(propertyValue(indium, PROP.temperatureMax)).toBe(156.6);
    expect(indium.properties[PROP.assemblyPressureMax]?.confidence).toBe("A");
  });

  it("has the fracture pressures", () => {
    expect(propertyValue(material("Li6PS5Cl"), PROP.fracturePressure)).toBe(750);
    expect(material("Li6PS5Cl").properties[PROP.fracturePressure]?.confidence).toBe("V");
    expect(propertyValue(material("NMC811"), PROP.fracturePressure)).toBe(510);
  });
});

describe("computed theoretical capacities", () => {
  it("reproduces the textbook values from formula and Faraday constant", () => {
    expect(molarMass({ Li: 1, Co: 1, O: 2 })).toBeCloseTo(97.87, 2);
    // n·F/(3.6·M) by hand: LiC6 → 96485.33/(3.6·72.066) = 371.9
    expect(theoreticalCapacity({ C: 6 }, 1)).toBeCloseTo(96485.33212 / (3.6 * 72.066), 1);
    expect(propertyValue(material("graphite"), PROP.specificCapacity)).toBeCloseTo(372, 0);
    expect(propertyValue(material("LiCoO2"), PROP.specificCapacity)).toBeCloseTo(274, 0);
    expect(propertyValue(material("LiFePO4"), PROP.specificCapacity)).toBeCloseTo(170, 0);
    expect(propertyValue(material("LTO"), PROP.specificCapacity)).toBeCloseTo(175, 0);
    expect(propertyValue(material("Si"), PROP.specificCapacity)).toBeCloseTo(3579, 0);
    expect(propertyValue(material("Li"), PROP.specificCapacity)).toBeCloseTo(3862, 0);
  });

  it("derives Li thickness per areal capacity from the density", () => {
    // 1 mAh/cm2 = 3.6 C → 3.6/F mol Li → ×6.94 g/mol ÷ 0.534 g/cm3 → cm, ×1e4 µm
    const um = (((3.6 / 96485.33212) * 6.94) / 0.534) * 1e4;
    expect(propertyValue(material("Li"), "Thickness per areal capacity [um cm2/mAh]")).toBeCloseTo(um, 2);
  });
});
