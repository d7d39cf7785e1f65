/**
 * The database against the published data it cites: every number taken from data/published must
 * equal its row, carry the row's confidence code and cite the row's source.
 */
import { describe, expect, it } from "vitest";
import { MATERIALS } from "./database.js";
import { findMaterial, getProperty } from "./lookup.js";
import { REFERENCES, sourceKeys } from "./references.js";
import type { Material, Property } from "./types.js";
import { PROP } from "./types.js";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * data/published/ at the package root, found from this file (src/materials/) rather than the
 * current directory. The files are committed: a missing one fails the test that reads it.
 */
const DATA_DIR = fileURLToPath(new URL("../../data/published/", import.meta.url));

function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Rows of a CSV file as header → cell records (comments and blank lines skipped). */
function readCsv(file: string): Record<string, string>[] {
  const lines = readFileSync(DATA_DIR + file, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const [head, ...rows] = lines;
  if (head === undefined) return [];
  const cols = splitLine(head);
  return rows.map((l) => {
    const cells = splitLine(l);
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
}

function material(name: string): Material {
  const r = findMaterial(name);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function property(m: Material, key: string): Property {
  const p = getProperty(m, key);
  if (p === undefined) throw new Error(`${m.name} has no "${key}"`);
  return p;
}

/** Compares a CSV value cell ("1.860" or a range "4.75-4.87") with a property. */
function expectMatches(p: Property, cell: string, label: string): void {
  const range = /^(-?[\d.]+)-([\d.]+)$/.exec(cell);
  if (range !== null) {
    expect(p.min, `${label} min`).toBe(Number(range[1]));
    expect(p.max, `${label} max`).toBe(Number(range[2]));
  } else {
    expect(p.value, label).toBe(Number(cell));
  }
}

function expectCites(p: Property, source: string, label: string): void {
  const keys = sourceKeys(source);
  expect(keys.length, `${label}: source "${source}" maps to no reference`).toBeGreaterThan(0);
  for (const k of keys) expect(p.citations, label).toContain(k);
}

describe("database vs data/published", () => {
  it("has every row of references.csv, field by field", () => {
    const rows = readCsv("references.csv");
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const key = row["key"] ?? "";
      const ref = REFERENCES[key];
      expect(ref, key).toBeDefined();
      if (ref === undefined) continue;
      expect(ref.authors, key).toBe(row["authors"]);
      expect(ref.title, key).toBe(row["title"]);
      expect(ref.journal, key).toBe(row["journal"]);
      expect(ref.year, key).toBe(row["year"] ? Number(row["year"]) : undefined);
      expect(ref.doi, key).toBe(row["doi"] || undefined);
      expect(ref.note, key).toBe(row["note"] || undefined);
    }
  });

  it("maps every source cell of the data files to a reference", () => {
    // Sources that name no reference in references.csv; kept visible here on purpose.
    const unsourced = new Set(["computed from density", "Xu2024 review"]);
    // every data file with a source column, so a file added later is checked without being listed
    const files = readdirSync(DATA_DIR).filter(
      (f) => f.endsWith(".csv") && readCsv(f).some((row) => "source" in row),
    );
    expect(files).toEqual(
      expect.arrayContaining(["materials.csv", "fracture.csv", "li-short-circuit.csv", "interfaces.csv"]),
    );
    for (const f of files) {
      for (const row of readCsv(f)) {
        const source = row["source"] ?? "";
        if (unsourced.has(source)) continue;
        expect(sourceKeys(source).length, `${f}: "${source}"`).toBeGreaterThan(0);
      }
    }
  });

  // Every row of materials.csv and where it lives in the database.
  const MATERIALS_CSV: Record<string, { materials?: string[]; key: string }> = {
    "Li6PS5Cl|theoretical density": { key: PROP.density },
    "Li6PS5Cl|Young's modulus": { key: PROP.youngsModulus },
    "Li6PS5Cl|Poisson ratio": { key: PROP.poissonRatio },
    "Li6PS5Br|Young's modulus": { key: PROP.youngsModulus },
    "Li10GeP2S12|Young's modulus": { key: PROP.youngsModulus },
    "beta-Li3PS4|Young's modulus": { key: PROP.youngsModulus },
    "Li7P3S11|Young's modulus": { key: PROP.youngsModulus },
    "75Li2S-25P2S5-glass|Young's modulus": { key: PROP.youngsModulus },
    "75Li2S-25P2S5-glass|density": { key: PROP.density },
    "LLZO (Al-doped cubic)|Young's modulus": { key: PROP.youngsModulus },
    "LLZO (Al-doped cubic)|Vickers hardness": { key: PROP.vickersHardness },
    "LLZTO|fracture toughness": { key: PROP.fractureToughness },
    "LLZO|flexural strength": { key: PROP.flexuralStrength },
    "Li3YBrCl6|Young's modulus": { key: PROP.youngsModulus },
    "Li3YBrCl6|density": { key: PROP.density },
    "NMC811|density": { key: PROP.density },
    "NMC811|Young's modulus": { key: PROP.youngsModulus },
    "NMC622|density": { key: PROP.density },
    "NCA|density": { key: PROP.density },
    "LiCoO2|density": { key: PROP.density },
    "LiCoO2|Young's modulus": { key: PROP.youngsModulus },
    "NMC (polycrystalline)|particle cracking": {
      materials: ["NMC811", "NMC622"],
      key: PROP.fracturePressure,
    },
    "Li6PS5Cl|pellet fracture": { key: PROP.fracturePressure },
    "In|Poisson ratio": { key: PROP.poissonRatio },
    "In->LiIn|volume change": { materials: ["In"], key: PROP.volumeChange },
    "Li-In anode|fabrication pressure": { key: PROP.assemblyPressureMax },
    "Li10GeP2S12|activation energy": { key: PROP.activationEnergy },
    "Li7P3S11|activation energy": { key: PROP.activationEnergy },
  };

  it("holds every row of materials.csv with its value, confidence and source", () => {
    const rows = readCsv("materials.csv");
    expect(rows.length).toBe(Object.keys(MATERIALS_CSV).length);
    for (const row of rows) {
      const id = `${row["material"]}|${row["property"]}`;
      const where = MATERIALS_CSV[id];
      expect(where, `unmapped row ${id}`).toBeDefined();
      if (where === undefined) continue;
      for (const name of where.materials ?? [row["material"] ?? ""]) {
        const p = property(material(name), where.key);
        const label = `${id} -> ${name}`;
        expectMatches(p, row["value"] ?? "", label);
        expect(p.confidence, label).toBe(row["verif"]);
        expectCites(p, row["source"] ?? "", label);
      }
    }
  });

  it("holds lithium-mechanics.csv for Li", () => {
    const li = material("Li");
    const map: Record<string, string> = {
      density: PROP.density,
      "melting point": PROP.meltingPoint,
      "Young's modulus": PROP.youngsModulus,
      "shear modulus": PROP.shearModulus,
      "Poisson ratio": PROP.poissonRatio,
      "yield strength (compression)": PROP.yieldStrength,
      "creep stress exponent n": PROP.creepStressExponent,
    };
    const rows = readCsv("lithium-mechanics.csv");
    let checked = 0;
    for (const row of rows) {
      const key = map[row["property"] ?? ""];
      if (key === undefined) continue;
      const p = property(li, key);
      expectMatches(p, row["value"] ?? "", key);
      expect(p.confidence, key).toBe(row["verif"]);
      expectCites(p, row["source"] ?? "", key);
      checked++;
    }
    expect(checked).toBe(Object.keys(map).length);
    expect(property(li, PROP.density).value).toBe(0.534);
    expect(property(li, PROP.youngsModulus).value).toBe(7.82);
  });

  it("holds the conductivity rows it cites", () => {
    const rows = readCsv("conductivity.csv");
    const cases: { row: (r: Record<string, string>) => boolean; material: string }[] = [
      { row: (r) => r["material"] === "Li6PS5Cl" && r["source"] === "Doux2020", material: "Li6PS5Cl" },
      { row: (r) => r["material"] === "75Li2S-25P2S5-glass", material: "75Li2S-25P2S5 glass" },
      { row: (r) => r["material"] === "t-Li7SiPS8 (<50 um)", material: "t-Li7SiPS8" },
      { row: (r) => r["material"] === "beta-Li3PS4", material: "Li3PS4" },
      { row: (r) => r["material"] === "Li7P3S11", material: "Li7P3S11" },
      {
        row: (r) => r["material"] === "Li6PS5Cl-glass-ceramic" && r["fabrication_pressure_MPa"] === "487",
        material: "Li6PS5Cl-glass-ceramic",
      },
    ];
    for (const c of cases) {
      const row = rows.find(c.row);
      expect(row, c.material).toBeDefined();
      if (row === undefined) continue;
      const p = property(material(c.material), PROP.conductivity);
      expect(p.value, c.material).toBe(Number(row["conductivity_mS_cm"]));
      expect(p.confidence, c.material).toBe(row["verif"]);
      expectCites(p, row["source"] ?? "", c.material);
    }
  });

  it("takes the Li operating limit from the stack-pressure series (5 MPa ran > 1000 h)", () => {
    const row = readCsv("stack-pressure-li.csv").find((r) => r["time_to_short_h"] === ">1000");
    expect(row?.["stack_pressure_MPa"]).toBe("5");
    const p = property(material("Li"), PROP.operatingPressureMax);
    expect(p.value).toBe(5);
    expect(p.citations).toContain("Doux2020");
  });

  it("sets the sulfide densification default at a documented pressing point (Adeli2019, 250 MPa)", () => {
    const row = readCsv("densification.csv").find((r) => r["source"] === "Adeli2019");
    expect(row?.["pressure_MPa"]).toBe("250");
    const p = property(material("Li6PS5Cl"), PROP.densificationPressure);
    expect(p.value).toBe(Number(row?.["pressure_MPa"]));
    expect(p.citations).toContain("Adeli2019");
  });

  it("resolves every material named in the data files", () => {
    // Rows that name mixtures, families or transitions rather than one material.
    const notMaterials = new Set([
      "NMC (polycrystalline)",
      "In->LiIn",
      "argyrodite (MWBH law)",
      "NCM-Li6PS5Cl composite",
      "Li3YBrCl6+3wt%SBR",
      "NMC811-composite(halide SE+SBR+CB)",
    ]);
    const names = new Set<string>();
    for (const f of ["materials.csv", "densification.csv", "conductivity.csv", "volume-change.csv"]) {
      for (const r of readCsv(f)) names.add((r["material"] ?? "").replace(/ \([<>]50 um\)$/, ""));
    }
    for (const r of readCsv("pressure-swing.csv")) {
      if (!(r["cell"] ?? "").includes("|")) continue;
      for (const part of (r["cell"] ?? "").split("|")) names.add(part);
    }
    for (const n of names) {
      if (notMaterials.has(n)) continue;
      const r = findMaterial(n);
      expect(r.ok, `${n}: ${r.ok ? "" : r.error.message}`).toBe(true);
    }
    expect(MATERIALS.length).toBeGreaterThan(25);
  });
});
