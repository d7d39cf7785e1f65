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
}

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
        set: P.li6ps5cl,
        basis: `${m.name}: no densification data; uses the pooled Li6PS5Cl fit (a cold-pressable thiophosphate, assumed to compact alike)`,
      };
    case "halide-electrolyte":
      return {
        set: P.li3ybrcl6,
        basis: `${m.name}: no densification data; uses the Li3YBrCl6 (+3 wt% SBR) fit of Varkey2026, the only halide with data`,
      };
    case "oxide-electrolyte":
      return {
        set: P.garnetOxide,
        basis: `${m.name}: assumption — garnet oxides barely densify by cold pressing (green body ~0.6); they need sintering or hot pressing`,
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
  const { set, basis } = cached(material);
  return { set, basis };
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
  if (c.rigidFraction <= 0) return { set: e.set, basis: `${material.name}: ${e.basis}` };
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
  return { set: { ...e.set, [key]: exponent }, basis };
}
