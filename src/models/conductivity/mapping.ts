/**
 * Which conductivity parameters a layer uses: a material with its own data gets its fit; other
 * electrolytes take their class's contact behaviour and σ₀ from the material record
 * (`Ionic conductivity [mS/cm]` in src/materials); composites add the tortuosity of the electrolyte
 * network between active particles.
 */
import {
  PROP,
  findMaterial,
  getProperty,
  isComposite,
  type LayerMaterial,
  type Material,
} from "../../materials/index.js";
import { canonicalName, compositionOf, isElectrolyte } from "../densification/composition.js";
import { nominal, type Parameter, type ParameterSet, type Values } from "../params.js";
import * as P from "../parameters/conductivity.js";
import { CONDUCTIVITY_KEYS } from "./law.js";

export interface ConductivityMapping {
  set: ParameterSet;
  /** Which data or assumption stands behind the set. */
  basis: string;
  /** False when σ₀ is borrowed from another material or a placeholder (treat the number as indicative). */
  known: boolean;
  /** False for layers that do not conduct Li ions through an electrolyte network (σ = 0). */
  conductor: boolean;
}

const BY_NAME: Record<string, { set: ParameterSet; basis: string }> = {
  Li6PS5Cl: {
    set: P.li6ps5cl,
    basis: "Li6PS5Cl: σ₀ from Doux2020 (2-2.5 mS/cm at 82 %), porosity law of Miss2026",
  },
  "Li6PS5Cl (microcrystalline)": {
    set: P.li6ps5clMicrocrystalline,
    basis: "microcrystalline Li6PS5Cl: σ₀ and stack-pressure dependence fitted on Cronau2021",
  },
  "Li6PS5Cl (glass-ceramic)": {
    set: P.li6ps5clGlassCeramic,
    basis: "glass-ceramic Li6PS5Cl: σ₀ and porosity dependence fitted on Cronau2021",
  },
  "75Li2S-25P2S5 glass": {
    set: P.glass75Li2S25P2S5,
    basis: "75Li2S-25P2S5 glass: σ₀ from Sakuda2013 (0.31 mS/cm cold pressed)",
  },
  "t-Li7SiPS8": {
    set: P.tLi7SiPS8,
    basis: "t-Li7SiPS8: σ₀, stack-pressure dependence and activation volume from Schneider2023",
  },
};

const BULK = CONDUCTIVITY_KEYS.bulk;

/** σ₀ from a material record, or undefined when the record has no number. */
function recordBulk(m: Material): Parameter | undefined {
  const prop = getProperty(m, PROP.conductivity);
  const v = prop?.value;
  if (prop === undefined || v === null || v === undefined || !(v > 0)) return undefined;
  const lo = (prop.min ?? v) * 0.7;
  const hi = (prop.max ?? v) / 0.78;
  return {
    value: v,
    min: Number(lo.toPrecision(4)),
    max: Number(hi.toPrecision(4)),
    citations: [...new Set([...prop.citations, "Ohno2020", "Miss2026"])],
    source: "data",
    note: `material record (${prop.note ?? "no note"}); taken as σ₀. Range: −30 % for lab-to-lab spread (Ohno2020), up to the record ÷ 0.78 because a pellet value at ~15 % porosity understates σ₀ (Miss2026 law)`,
  };
}

const PLACEHOLDER: Parameter = {
  value: 1,
  min: 0.1,
  max: 3,
  citations: [],
  source: "assumption",
  log: true,
  note: "placeholder: no conductivity for this material in data/published or the materials database; 0.1-3 mS/cm spans cold-pressed halides and sulfides. Indicative only",
};

function single(m: Material): ConductivityMapping {
  const own = BY_NAME[canonicalName(m)];
  if (own) return { ...own, known: true, conductor: true };
  if (!isElectrolyte(m)) {
    return {
      set: {},
      basis: `${m.name}: not an electrolyte (no Li-ion network); σ = 0`,
      known: true,
      conductor: false,
    };
  }
  const rec = recordBulk(m);
  switch (m.class) {
    case "sulfide-electrolyte":
      if (rec) {
        return {
          set: { ...P.genericSulfide, [BULK]: rec },
          basis: `${m.name}: σ₀ from the material record; porosity law of Miss2026, stack dependence between Doux2020 and Cronau2021 (assumption)`,
          known: true,
          conductor: true,
        };
      }
      return {
        set: P.li6ps5cl,
        basis: `${m.name}: no conductivity on record; uses Li6PS5Cl's (Doux2020) as a stand-in`,
        known: false,
        conductor: true,
      };
    case "halide-electrolyte":
      return {
        set: { ...P.genericHalide, [BULK]: rec ?? PLACEHOLDER },
        basis: rec
          ? `${m.name}: σ₀ from the material record; contact behaviour assumed like a sulfide`
          : `${m.name}: no conductivity on record; placeholder σ₀ 1 mS/cm (0.1-3), indicative only`,
        known: rec !== undefined,
        conductor: true,
      };
    default: {
      const llzto = findMaterial("LLZTO");
      const borrowed = rec ?? (llzto.ok ? recordBulk(llzto.value) : undefined);
      return {
        set: { ...P.garnetOxide, [BULK]: borrowed ?? PLACEHOLDER },
        basis: rec
          ? `${m.name}: σ₀ from the material record (sintered); cold-pressed garnet assumed contact-limited 10-1000×`
          : `${m.name}: no conductivity on record; LLZTO's sintered value (Hu2021) with the cold-pressed contact limit (assumption)`,
        known: rec !== undefined,
        conductor: true,
      };
    }
  }
}

function build(material: LayerMaterial): ConductivityMapping {
  if (!isComposite(material)) return single(material);
  const c = compositionOf(material);
  if (!c.electrolyte) {
    return {
      set: {},
      basis: `${material.name}: no electrolyte in the mixture; σ = 0`,
      known: true,
      conductor: false,
    };
  }
  const e = single(c.electrolyte);
  const tort = P.composite[CONDUCTIVITY_KEYS.compositeTortuosity];
  if (!tort) throw new Error("conductivity parameters: composite tortuosity missing");
  return {
    ...e,
    set: { ...e.set, [CONDUCTIVITY_KEYS.compositeTortuosity]: tort },
    basis: `${material.name}: electrolyte network of ${c.electrolyte.name} (${(c.electrolyteFraction * 100).toFixed(0)} vol% of the solids), tortuosity calibrated on Minnmann2021 — ${e.basis}${c.note ? `; ${c.note}` : ""}`,
  };
}

const cache = new WeakMap<object, ConductivityMapping & { values: Values }>();

function cached(material: LayerMaterial): ConductivityMapping & { values: Values } {
  const hit = cache.get(material);
  if (hit) return hit;
  const m = build(material);
  const out = { ...m, values: nominal(m.set) };
  cache.set(material, out);
  return out;
}

/**
 * The conductivity parameter set of a layer, why it applies, and whether σ₀ is known for it.
 * References: see each set's citations.
 */
export function conductivityParameters(material: LayerMaterial): ConductivityMapping {
  const { set, basis, known, conductor } = cached(material);
  return { set, basis, known, conductor };
}

/** Nominal values of `conductivityParameters(material).set` (cached). */
export function nominalConductivityValues(material: LayerMaterial): Values {
  return cached(material).values;
}
