/**
 * Issue #8: a property unknown for a material is never taken from another material. The fitted
 * Li6PS5Cl set (the old stand-in) is replaced by a sentinel; no other material may show it.
 */
import { describe, expect, it, vi } from "vitest";
import { listMaterials, makeComposite, findMaterial } from "../../materials/index.js";
import type { ParameterSet } from "../params.js";

const SENTINEL = 987654;

vi.mock("../parameters/conductivity.js", async (importOriginal) => {
  const real = await importOriginal<Record<string, ParameterSet>>();
  const marked: ParameterSet = {};
  for (const [k, p] of Object.entries(real.li6ps5cl!)) {
    marked[k] = { ...p, value: SENTINEL, min: SENTINEL, max: SENTINEL, note: "SENTINEL" };
  }
  return { ...real, li6ps5cl: marked };
});

const { conductivityParameters } = await import("./index.js");

describe("conductivity: no material borrows Li6PS5Cl's parameters", () => {
  it("only Li6PS5Cl itself (and mixtures made of it) carries its set", () => {
    const lpscl = findMaterial("Li6PS5Cl");
    if (!lpscl.ok) throw new Error("Li6PS5Cl missing");
    expect(JSON.stringify(conductivityParameters(lpscl.value).set)).toMatch(/SENTINEL/);
    for (const m of listMaterials()) {
      if (m.name === "Li6PS5Cl") continue;
      const map = conductivityParameters(structuredClone(m));
      expect(JSON.stringify(map), m.name).not.toMatch(/SENTINEL|987654/);
    }
    const nmc = findMaterial("NMC811");
    const lps = findMaterial("Li3PS4");
    if (!nmc.ok || !lps.ok) throw new Error("materials missing");
    const c = makeComposite(
      "c",
      [
        { material: nmc.value, fraction: 0.7 },
        { material: lps.value, fraction: 0.3 },
      ],
      "weight",
    );
    expect(JSON.stringify(conductivityParameters(c))).not.toMatch(/SENTINEL/);
  });
});
