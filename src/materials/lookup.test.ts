import { describe, expect, it } from "vitest";
import { MATERIALS } from "./database.js";
import {
  findMaterial,
  getProperty,
  listMaterials,
  normalizeName,
  propertyValue,
  suggestMaterials,
} from "./lookup.js";
import { PROP } from "./types.js";

function nameOf(input: string): string {
  const r = findMaterial(input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.name;
}

describe("findMaterial", () => {
  it.each([
    ["Li6PS5Cl", "Li6PS5Cl"],
    ["li6ps5cl", "Li6PS5Cl"],
    ["LPSCl", "Li6PS5Cl"],
    ["LPSC", "Li6PS5Cl"],
    ["argyrodite", "Li6PS5Cl"],
    ["Li6PS5Cl argyrodite", "Li6PS5Cl"],
    ["Li₆PS₅Cl", "Li6PS5Cl"],
    ["  LPSCl  ", "Li6PS5Cl"],
    ["NCM811", "NMC811"],
    ["ncm622", "NMC622"],
    ["LCO", "LiCoO2"],
    ["LFP", "LiFePO4"],
    ["LGPS", "Li10GeP2S12"],
    ["beta-Li3PS4", "Li3PS4"],
    ["β-Li3PS4", "Li3PS4"],
    ["LPS", "Li3PS4"],
    ["75Li2S-25P2S5", "75Li2S-25P2S5 glass"],
    ["75Li2S–25P2S5 glass", "75Li2S-25P2S5 glass"],
    ["LPS glass", "75Li2S-25P2S5 glass"],
    ["LLZO (Al-doped cubic)", "LLZO"],
    ["Li metal", "Li"],
    ["lithium", "Li"],
    ["indium", "In"],
    ["In", "In"],
    ["LiIn", "LiIn"],
    ["Li-In", "LiIn"],
    ["Li–In", "LiIn"],
    ["Li In", "LiIn"],
    ["InLi", "LiIn"],
    ["Super P", "carbon black"],
    ["C65", "carbon black"],
    ["LTO", "Li4Ti5O12"],
    ["t-Li7SiPS8", "t-Li7SiPS8"],
  ])("%s -> %s", (input, expected) => {
    expect(nameOf(input)).toBe(expected);
  });

  it("suggests the closest names for a misspelling", () => {
    const r = findMaterial("Li6PS5Cll");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe('unknown material "Li6PS5Cll"; did you mean Li6PS5Cl, Li6PS5Br?');
    expect(r.error.suggestions).toEqual(["Li6PS5Cl", "Li6PS5Br"]);
  });

  it("suggests at most three names, best first", () => {
    const r = findMaterial("NMC");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.suggestions.length).toBeLessThanOrEqual(3);
    expect(r.error.suggestions).toEqual(expect.arrayContaining(["NMC811", "NMC622"]));
    expect(findMaterial("LLZOO").ok ? [] : suggestMaterials("LLZOO")[0]).toBe("LLZO");
  });

  it("says plainly when nothing is close", () => {
    const r = findMaterial("unobtainium");
    expect(r).toEqual({
      ok: false,
      error: { message: 'unknown material "unobtainium"', suggestions: [] },
    });
    const empty = findMaterial("  ");
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.message).toBe("empty material name");
  });

  it("finds every material by its own name and aliases", () => {
    for (const m of MATERIALS) {
      for (const n of [m.name, ...m.aliases]) expect(nameOf(n), n).toBe(m.name);
    }
  });
});

describe("helpers", () => {
  it("normalizes case, dashes and spaces", () => {
    expect(normalizeName("Li–In")).toBe(normalizeName("li-in"));
    expect(normalizeName("Li — In")).toBe("liin");
  });

  it("lists, gets and reads properties", () => {
    expect(listMaterials()).toBe(MATERIALS);
    const li = MATERIALS.find((m) => m.name === "Li");
    expect(li).toBeDefined();
    if (li === undefined) return;
    expect(getProperty(li, PROP.density)?.value).toBe(0.534);
    expect(propertyValue(li, PROP.density)).toBe(0.534);
    expect(getProperty(li, PROP.fractureToughness)).toBeUndefined();
    expect(propertyValue(li, "toString")).toBeUndefined();
    const lic = MATERIALS.find((m) => m.name === "Li3InCl6");
    if (lic !== undefined) expect(propertyValue(lic, PROP.density)).toBeUndefined(); // unknown → undefined
  });
});
