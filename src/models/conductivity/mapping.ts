/**
 * Which conductivity parameters a layer uses. The policy for what is not known (issue #8):
 *  - σ₀ (the conductivity itself) comes from the material's own fit, else from its own record
 *    (`Ionic conductivity [mS/cm]` in src/materials). With neither it is UNKNOWN: `known` is false,
 *    the set has no σ₀ and the simulator reports the conductivity as null with a note. It is never
 *    taken from another material, nor from a class default: within a class σ₀ spans decades.
 *  - A record measured on a cold-pressed pellet is that pellet's conductivity, not the dense
 *    body's: σ₀ = record / law(ε_rec) at the record pellet's porosity. A record measured on a
 *    sintered, hot-pressed, heat-treated or single-crystal body (or of unknown form) is σ₀ of the
 *    dense body, and a cold-pressed powder of it conducts σ₀/F with the labelled cold-press factor F.
 *  - The activation energy comes from the record when it has one, else from the CLASS default
 *    (an assumption with a wide range, labelled in the basis); so do the contact and stack-pressure
 *    parameters of an electrolyte without its own fit.
 * Composites add the tortuosity of the electrolyte network between active particles.
 */
import {
  PROP,
  getProperty,
  isComposite,
  type LayerMaterial,
  type Material,
  type Property,
} from "../../materials/index.js";
import { canonicalName, compositionOf, isElectrolyte } from "../densification/composition.js";
import { nominal, type Parameter, type ParameterSet, type Values } from "../params.js";
import * as P from "../parameters/conductivity.js";
import { CONDUCTIVITY_KEYS, conductivityMScm, lawState } from "./law.js";

export interface ConductivityMapping {
  set: ParameterSet;
  /** Which data or assumption stands behind the set. */
  basis: string;
  /** False when σ₀ is unknown for this layer's electrolyte (no fit, no record): no σ is computed. */
  known: boolean;
  /** False for layers that do not conduct Li ions through an electrolyte network (σ = 0). */
  conductor: boolean;
  /** What rests on an assumption rather than on the material's own data (class defaults, factors). */
  assumptions: string[];
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

const K = CONDUCTIVITY_KEYS;
const REC_POROSITY = "Record pellet porosity [-]";

/** The class set (contact, stack-pressure and activation-energy defaults) of an electrolyte class. */
function classSet(m: Material): { set: ParameterSet; label: string } {
  switch (m.class) {
    case "sulfide-electrolyte":
      return { set: P.genericSulfide, label: "sulfide" };
    case "halide-electrolyte":
      return { set: P.genericHalide, label: "halide" };
    default:
      return { set: P.garnetOxide, label: "oxide (garnet)" };
  }
}

/** The conductivity record of a material, when it has a number. */
function conductivityRecord(m: Material): Property | undefined {
  const prop = getProperty(m, PROP.conductivity);
  const v = prop?.value;
  if (prop === undefined || v === null || v === undefined || !(v > 0)) return undefined;
  return prop;
}

const sig = (x: number) => Number(x.toPrecision(4));

/**
 * σ₀ from a record measured on a cold-pressed pellet: the record divided by the porosity law at
 * the record pellet's porosity (the class's law, σ₀ = 1). References: Doux2020, Ohno2020, Miss2026.
 */
function coldPressedBulk(prop: Property, lawSet: ParameterSet): Parameter {
  const v = prop.value ?? NaN;
  const eps = P.recordPellet[REC_POROSITY];
  if (!eps) throw new Error(`conductivity parameters: ${REC_POROSITY} missing`);
  // the record's own stack pressure is not given: taken as measured with its grain contacts formed
  const unit = { ...nominal(lawSet), [K.bulk]: 1, [K.grainPressure]: 0 };
  const law = (e: number) => conductivityMScm(lawState(unit), e, 0);
  return {
    value: sig(v / law(eps.value)),
    min: sig((prop.min ?? v) / law(eps.min)),
    max: sig((prop.max ?? v) / law(eps.max)),
    citations: [...new Set([...prop.citations, ...eps.citations, "Miss2026"])],
    source: "data",
    note: `material record ${v} mS/cm measured on a cold-pressed pellet (${prop.note ?? "no note"}); σ₀ inverts the porosity law at the record pellet's porosity ${eps.value} (${eps.min}-${eps.max}, assumed: the record does not give it)`,
  };
}

/** σ₀ from a record measured on a dense body (sintered, hot-pressed, heat-treated, single crystal). */
function denseBulk(prop: Property): Parameter {
  const v = prop.value ?? NaN;
  return {
    value: v,
    min: sig((prop.min ?? v) * 0.7),
    max: sig(prop.max ?? v),
    citations: [...new Set([...prop.citations, "Ohno2020"])],
    source: "data",
    note: `material record (${prop.sampleForm ?? "unknown"} sample: ${prop.note ?? "no note"}); taken as the dense body's σ₀, −30 % for lab-to-lab spread (Ohno2020)`,
  };
}

/** The activation energy of a record, when it has one. */
function recordEa(m: Material): Parameter | undefined {
  const prop = getProperty(m, PROP.activationEnergy);
  const v = prop?.value;
  if (prop === undefined || v === null || v === undefined || !(v > 0)) return undefined;
  return {
    value: v,
    min: sig(prop.min ?? v * 0.85),
    max: sig(prop.max ?? v * 1.15),
    citations: [...prop.citations],
    source: "data",
    note: `material record (${prop.note ?? "no note"}); ±15 % for the spread between measurements`,
  };
}

function single(m: Material): Omit<ConductivityMapping, "assumptions"> & { assumptions: string[] } {
  const own = BY_NAME[canonicalName(m)];
  if (own) {
    return {
      ...own,
      known: true,
      conductor: true,
      assumptions: [
        `${m.name}: activation energy is the sulfide class default (assumption, ${rangeText(own.set[K.activationEnergy])})`,
      ],
    };
  }
  if (!isElectrolyte(m)) {
    return {
      set: {},
      basis: `${m.name}: not an electrolyte (no Li-ion network); σ = 0`,
      known: true,
      conductor: false,
      assumptions: [],
    };
  }
  const cls = classSet(m);
  const ea = recordEa(m);
  const assumptions: string[] = [];
  const base: ParameterSet = { ...cls.set };
  if (ea) base[K.activationEnergy] = ea;
  else
    assumptions.push(
      `${m.name}: activation energy is the ${cls.label} class default (assumption, ${rangeText(cls.set[K.activationEnergy])})`,
    );
  assumptions.push(
    `${m.name}: grain-contact and stack-pressure behaviour is the ${cls.label} class default (assumption)`,
  );
  const rec = conductivityRecord(m);
  if (!rec) {
    return {
      set: base,
      basis: `${m.name}: ionic conductivity UNKNOWN (no fit and no value on record); not taken from another material`,
      known: false,
      conductor: true,
      assumptions,
    };
  }
  if (rec.sampleForm === undefined || rec.sampleForm === "cold-pressed") {
    return {
      set: { ...base, [K.bulk]: coldPressedBulk(rec, base) },
      basis: `${m.name}: σ₀ from its record (a cold-pressed pellet), ${cls.label} class contact behaviour`,
      known: true,
      conductor: true,
      assumptions,
    };
  }
  const set: ParameterSet = { ...base, [K.bulk]: denseBulk(rec) };
  let how: string;
  if (m.class === "oxide-electrolyte") {
    // a cold-pressed garnet is already contact-limited 10-1000× by the class set (a green body)
    how = "a cold-pressed garnet powder is contact-limited 10-1000× (class assumption)";
  } else {
    const f = P.coldPressSulfide[K.coldPressFactor];
    if (!f) throw new Error(`conductivity parameters: ${K.coldPressFactor} missing`);
    set[K.coldPressFactor] = f;
    how = `a cold-pressed powder conducts σ₀/F, F = ${f.value} (${f.min}-${f.max}, assumption)`;
  }
  assumptions.push(`${m.name}: σ₀ was measured on a ${rec.sampleForm} sample; ${how}`);
  return {
    set,
    basis: `${m.name}: σ₀ from its record, measured on a ${rec.sampleForm} sample; ${how}`,
    known: true,
    conductor: true,
    assumptions,
  };
}

function rangeText(p: Parameter | undefined): string {
  return p ? `${p.value} eV, ${p.min}-${p.max}` : "missing";
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
      assumptions: [],
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
  const { set, basis, known, conductor, assumptions } = cached(material);
  return { set, basis, known, conductor, assumptions };
}

/** Nominal values of `conductivityParameters(material).set` (cached). */
export function nominalConductivityValues(material: LayerMaterial): Values {
  return cached(material).values;
}
