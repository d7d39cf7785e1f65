/**
 * Which fitted densification curve a layer uses: by material name when the material has its own
 * data, else by class; composites take their electrolyte's curve at the share of the pressure the
 * electrolyte carries between hard active particles.
 */
import { isComposite, type LayerMaterial, type Material } from "../../materials/index.js";
import { nominal, type ParameterSet, type Values } from "../params.js";
import * as P from "../parameters/densification.js";
import { canonicalName, compositionOf } from "./composition.js";
import { DENSIFICATION_KEYS } from "./heckel.js";

export interface DensificationMapping {
  set: ParameterSet;
  /** Why this set: which data, or which assumption, stands behind it. */
  basis: string;
  /** Set when the curve is a class default rather than the material's own fit (what is assumed). */
  assumption?: string;
}

/** How much wider than its representative's fitted range a class default is sampled (×, each side). */
const CLASS_WIDENING = 2;

/**
 * A class default for a material without its own densification data (issue #8: never silently from
 * another material). The class is represented by its best-measured member's curve, every parameter
 * is relabelled an assumption and its range is widened CLASS_WIDENING× on each side around the
 * nominal (relative densities kept inside 0.3-0.99, positive quantities above 0), with no fitted
 * standard error or correlation left (the draws are uniform over the widened range).
 */
function classDefault(representative: ParameterSet, label: string, why: string): ParameterSet {
  const out: ParameterSet = {};
  for (const [k, p] of Object.entries(representative)) {
    const density = k.startsWith("Relative density");
    const lowest = density ? 0.3 : p.value >= 0 ? 0 : -Infinity;
    // never narrower than the representative's own range (its upper end may already reach 0.99+)
    const highest = density ? Math.max(0.99, p.max) : Infinity;
    const min = Math.max(lowest, p.value - CLASS_WIDENING * (p.value - p.min));
    const max = Math.min(highest, p.value + CLASS_WIDENING * (p.max - p.value));
    out[k] = {
      value: p.value,
      min: Number(Math.min(min, p.value).toPrecision(4)),
      max: Number(Math.max(max, p.value).toPrecision(4)),
      citations: [...p.citations],
      source: "assumption",
      ...(p.log ? { log: true } : {}),
      note: `${label} class default (assumption): ${why}; range ${CLASS_WIDENING}× the fitted one. ${p.note ?? ""}`.trim(),
    };
  }
  return out;
}

const SULFIDE_DEFAULT = classDefault(
  P.li6ps5cl,
  "sulfide",
  "no densification data for this material; the pooled Li6PS5Cl curve (six labs) stands for cold-pressable thiophosphates",
);
const HALIDE_DEFAULT = classDefault(
  P.li3ybrcl6,
  "halide",
  "no densification data for this material; the Li3YBrCl6 (+3 wt% SBR) curve of Varkey2026, the only halide with data, stands for the class",
);

/** Materials with their own densification data, by canonical database name. */
const BY_NAME: Record<string, { set: ParameterSet; basis: string }> = {
  Li6PS5Cl: {
    set: P.li6ps5cl,
    basis:
      "Li6PS5Cl: Heckel fit on all its rows pooled (Doux2020, Adeli2019, Song2025, Ohno2020; six-lab scatter)",
  },
  "Li6PS5Cl (microcrystalline)": {
    set: P.li6ps5clMicrocrystalline,
    basis: "microcrystalline Li6PS5Cl: Heckel fit on Cronau2021",
  },
  "Li6PS5Cl (glass-ceramic)": {
    set: P.li6ps5clGlassCeramic,
    basis: "glass-ceramic Li6PS5Cl: Heckel fit on Cronau2021",
  },
  "75Li2S-25P2S5 glass": {
    set: P.glass75Li2S25P2S5,
    basis: "75Li2S-25P2S5 glass: Heckel fit on Sakuda2013 (under load)",
  },
  Li3YBrCl6: {
    set: P.li3ybrcl6,
    basis: "Li3YBrCl6: Heckel fit on Varkey2026 (powder with 3 wt% SBR)",
  },
  "t-Li7SiPS8": {
    set: P.tLi7SiPS8,
    basis: "t-Li7SiPS8: Heckel yield pressure and density above 1 GPa from Schneider2023",
  },
};

function single(m: Material): DensificationMapping {
  const own = BY_NAME[canonicalName(m)];
  if (own) return own;
  switch (m.class) {
    case "sulfide-electrolyte":
      return {
        set: SULFIDE_DEFAULT,
        basis: `${m.name}: no densification data; sulfide CLASS DEFAULT (assumption): the pooled Li6PS5Cl curve as the class's representative, ranges widened ${CLASS_WIDENING}×`,
        assumption: `${m.name}: densification is the sulfide class default (assumption; pooled Li6PS5Cl curve, ranges widened ${CLASS_WIDENING}×)`,
      };
    case "halide-electrolyte":
      return {
        set: HALIDE_DEFAULT,
        basis: `${m.name}: no densification data; halide CLASS DEFAULT (assumption): the Li3YBrCl6 (+3 wt% SBR) curve of Varkey2026, the only halide with data, ranges widened ${CLASS_WIDENING}×`,
        assumption: `${m.name}: densification is the halide class default (assumption; Li3YBrCl6 curve, ranges widened ${CLASS_WIDENING}×)`,
      };
    case "oxide-electrolyte":
      return {
        set: P.garnetOxide,
        basis: `${m.name}: assumption — garnet oxides barely densify by cold pressing (green body ~0.6); they need sintering or hot pressing`,
        assumption: `${m.name}: densification is the oxide class default (assumption: a green body ~0.6)`,
      };
    case "metal-anode":
    case "alloy-anode":
      return { set: P.softMetal, basis: `${m.name}: assumption — a soft metal is dense after a few MPa` };
    default:
      return {
        set: P.hardActivePowder,
        basis: `${m.name}: assumption — hard particles without electrolyte barely densify (green body ~0.6)`,
      };
  }
}

const cache = new WeakMap<object, DensificationMapping & { values: Values }>();

/**
 * The densification parameter set of a layer, with the reason it applies. A composite with hard
 * particles gets its electrolyte's set plus the composite load-share exponent (calibrated on
 * Varkey2026 for halide electrolytes, on Minnmann2021 otherwise).
 * References: see each set's citations.
 */
export function densificationParameters(material: LayerMaterial): DensificationMapping {
  const { set, basis, assumption } = cached(material);
  return assumption === undefined ? { set, basis } : { set, basis, assumption };
}

/** Nominal values of `densificationParameters(material).set` (cached). */
export function nominalDensificationValues(material: LayerMaterial): Values {
  return cached(material).values;
}

function cached(material: LayerMaterial): DensificationMapping & { values: Values } {
  const hit = cache.get(material);
  if (hit) return hit;
  const m = build(material);
  const out = { ...m, values: nominal(m.set) };
  cache.set(material, out);
  return out;
}

function build(material: LayerMaterial): DensificationMapping {
  if (!isComposite(material)) return single(material);
  const c = compositionOf(material);
  if (c.softMetal) {
    return {
      set: P.softMetal,
      basis: `${material.name}: assumption — mostly soft metal, dense after a few MPa`,
    };
  }
  if (!c.electrolyte) {
    return {
      set: P.hardActivePowder,
      basis: `${material.name}: no electrolyte to fill the gaps; assumption — hard particles barely densify (green body ~0.6)`,
    };
  }
  const e = single(c.electrolyte);
  const assumed = e.assumption === undefined ? {} : { assumption: e.assumption };
  if (c.rigidFraction <= 0) return { set: e.set, basis: `${material.name}: ${e.basis}`, ...assumed };
  const halide = c.electrolyte.class === "halide-electrolyte";
  const share = halide ? P.compositeHalide : P.compositeSulfide;
  const key = DENSIFICATION_KEYS.loadShareExponent;
  const exponent = share[key];
  if (!exponent) throw new Error(`densification parameters: ${key} missing`);
  const v = c.rigidFraction;
  const m = exponent.value;
  const basis =
    `${material.name}: composite — ${e.basis}, pressed at the electrolyte's share of the pressure ` +
    `(1 − ${v.toFixed(3)})^${m.toFixed(2)} = ${Math.pow(1 - v, m).toFixed(2)} between hard particles ` +
    `(exponent calibrated on ${halide ? "Varkey2026's NMC811-halide composite" : "Minnmann2021's NCM-Li6PS5Cl composite"})` +
    (c.note ? `; ${c.note}` : "");
  return { set: { ...e.set, [key]: exponent }, basis, ...assumed };
}
