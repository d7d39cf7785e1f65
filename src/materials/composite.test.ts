import { describe, expect, it } from "vitest";
import {
  compositeDensity,
  isCeramic,
  layerClass,
  layerDensity,
  layerLimit,
  layerLimitValue,
  makeComposite,
  materialsOf,
  toVolumeFractions,
  toWeightFractions,
} from "./composite.js";
import { findMaterial } from "./lookup.js";
import type { Material } from "./types.js";
import { PROP } from "./types.js";

function material(name: string): Material {
  const r = findMaterial(name);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const nmc = material("NMC811"); // 4.81 g/cm3
const lpscl = material("Li6PS5Cl"); // 1.860 g/cm3

/** Inline materials, as a protocol may define them, to exercise the combination rules. */
function inline(name: string, cls: Material["class"], props: Record<string, number>): Material {
  return {
    name,
    aliases: [],
    class: cls,
    description: "test material",
    inline: true,
    properties: Object.fromEntries(
      Object.entries(props).map(([k, v]) => [
        k,
        { value: v, citations: ["test"], confidence: "A", note: "test" },
      ]),
    ),
  };
}

describe("makeComposite", () => {
  it("normalises fractions", () => {
    const c = makeComposite(
      "cathode",
      [
        { material: nmc, fraction: 70 },
        { material: lpscl, fraction: 30 },
      ],
      "weight",
    );
    expect(c.components.map((p) => p.fraction)).toEqual([0.7, 0.3]);
    expect(c.basis).toBe("weight");
  });

  it("merges repeated materials and drops zero parts", () => {
    const c = makeComposite(
      "x",
      [
        { material: nmc, fraction: 0.5 },
        { material: lpscl, fraction: 0 },
        { material: nmc, fraction: 0.5 },
      ],
      "volume",
    );
    expect(c.components).toEqual([{ material: nmc, fraction: 1 }]);
  });

  it("rejects negative, non-finite, empty and all-zero input with a clear error", () => {
    expect(() => makeComposite("bad", [{ material: nmc, fraction: -0.1 }], "weight")).toThrow(
      /fraction of NMC811 is negative/,
    );
    expect(() => makeComposite("bad", [{ material: nmc, fraction: Number.NaN }], "weight")).toThrow(
      /not a number/,
    );
    expect(() => makeComposite("bad", [], "weight")).toThrow(/no components/);
    expect(() =>
      makeComposite(
        "bad",
        [
          { material: nmc, fraction: 0 },
          { material: lpscl, fraction: 0 },
        ],
        "weight",
      ),
    ).toThrow(/all fractions are zero/);
  });
});

describe("densities and fraction conversion", () => {
  const wt = makeComposite(
    "cathode",
    [
      { material: nmc, fraction: 0.7 },
      { material: lpscl, fraction: 0.3 },
    ],
    "weight",
  );

  it("computes the weight-basis density by the inverse rule of mixtures", () => {
    // By hand: 1/ρ = 0.7/4.81 + 0.3/1.86 = 0.145530 + 0.161290 = 0.306820 → ρ = 3.2592
    expect(compositeDensity(wt)).toBeCloseTo(3.2592, 4);
    expect(layerDensity(wt)).toBeCloseTo(3.2592, 4);
  });

  it("computes the volume-basis density by the rule of mixtures", () => {
    const vol = makeComposite(
      "x",
      [
        { material: nmc, fraction: 1 },
        { material: lpscl, fraction: 1 },
      ],
      "volume",
    );
    expect(compositeDensity(vol)).toBeCloseTo((4.81 + 1.86) / 2, 10);
  });

  it("converts weight to volume fractions and back", () => {
    const vol = toVolumeFractions(wt);
    expect(vol?.basis).toBe("volume");
    // v_NMC = (0.7/4.81) / 0.306820 = 0.47432
    expect(vol?.components[0]?.fraction).toBeCloseTo(0.47432, 4);
    expect(compositeDensity(vol!)).toBeCloseTo(compositeDensity(wt)!, 10);
    const back = toWeightFractions(vol!);
    expect(back?.components[0]?.fraction).toBeCloseTo(0.7, 12);
    expect(back?.components[1]?.fraction).toBeCloseTo(0.3, 12);
    expect(toWeightFractions(wt)?.components).toEqual(wt.components);
  });

  it("is undefined when a component density is unknown", () => {
    const c = makeComposite(
      "x",
      [
        { material: nmc, fraction: 0.97 },
        { material: material("carbon black"), fraction: 0.03 },
      ],
      "weight",
    );
    expect(compositeDensity(c)).toBeUndefined();
    expect(toVolumeFractions(c)).toBeUndefined();
    expect(layerDensity(lpscl)).toBe(1.86);
  });
});

describe("layer rules", () => {
  it("classes a layer", () => {
    const cathode = makeComposite(
      "c",
      [
        { material: lpscl, fraction: 0.9 },
        { material: nmc, fraction: 0.1 },
      ],
      "weight",
    );
    expect(layerClass(cathode)).toBe("cathode-active");
    const sep = makeComposite(
      "s",
      [
        { material: material("Li3YBrCl6"), fraction: 0.97 },
        { material: material("SBR"), fraction: 0.03 },
      ],
      "weight",
    );
    expect(layerClass(sep)).toBe("halide-electrolyte");
    const anode = makeComposite(
      "a",
      [
        { material: material("graphite"), fraction: 0.6 },
        { material: lpscl, fraction: 0.4 },
      ],
      "weight",
    );
    expect(layerClass(anode)).toBe("anode-active");
    expect(layerClass(material("Li"))).toBe("metal-anode");
  });

  it("takes the smallest of a max-type limit, with the component that sets it", () => {
    const anode = makeComposite(
      "a",
      [
        { material: material("In"), fraction: 0.9 },
        { material: material("Li"), fraction: 0.1 },
      ],
      "weight",
    );
    const lim = layerLimit(anode, PROP.assemblyPressureMax);
    expect(lim?.value).toBe(50);
    expect(lim?.material.name).toBe("Li");
    expect(lim?.property.citations).toContain("Doux2020");
    expect(layerLimitValue(anode, PROP.temperatureMax)).toBe(156.6);
  });

  it("skips unknown values and components that do not define the limit", () => {
    const c = makeComposite(
      "c",
      [
        { material: lpscl, fraction: 0.5 }, // temperature max unknown (null)
        { material: material("In"), fraction: 0.5 },
      ],
      "weight",
    );
    expect(layerLimit(c, PROP.temperatureMax)?.material.name).toBe("In");
    expect(layerLimit(lpscl, PROP.temperatureMax)).toBeUndefined();
    expect(layerLimit(lpscl, PROP.assemblyPressureMax)).toBeUndefined();
  });

  it("takes the largest densification pressure among the ceramic components", () => {
    const hard = inline("hard ceramic", "sulfide-electrolyte", { [PROP.densificationPressure]: 400 });
    const odd = inline("odd additive", "additive", { [PROP.densificationPressure]: 900 });
    const c = makeComposite(
      "c",
      [
        { material: lpscl, fraction: 0.6 },
        { material: hard, fraction: 0.3 },
        { material: odd, fraction: 0.1 },
      ],
      "weight",
    );
    const lim = layerLimit(c, PROP.densificationPressure);
    expect(lim?.value).toBe(400);
    expect(lim?.material.name).toBe("hard ceramic");
    const cathode = makeComposite(
      "c",
      [
        { material: nmc, fraction: 0.7 },
        { material: lpscl, fraction: 0.3 },
      ],
      "weight",
    );
    expect(layerLimitValue(cathode, PROP.densificationPressure)).toBe(250);
  });

  it("carries the garnet's not-cold-pressable flag into a mixture", () => {
    const c = makeComposite(
      "c",
      [
        { material: lpscl, fraction: 0.8 },
        { material: material("LLZO"), fraction: 0.2 },
      ],
      "weight",
    );
    expect(layerLimitValue(c, PROP.coldPressable)).toBe(0);
  });

  it("lists a layer's materials", () => {
    const c = makeComposite(
      "c",
      [
        { material: nmc, fraction: 0.7 },
        { material: lpscl, fraction: 0.3 },
      ],
      "weight",
    );
    expect(materialsOf(c)).toEqual([nmc, lpscl]);
    expect(materialsOf(lpscl)).toEqual([lpscl]);
    expect(isCeramic(nmc)).toBe(true);
    expect(isCeramic(material("Li"))).toBe(false);
  });
});
