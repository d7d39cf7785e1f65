/**
 * Public contact model: contact fraction and area-specific resistance of the interfaces of a
 * pressed cell, history-aware (highest pressure seen, current pressure, time under pressure).
 */
import type { ParameterSet, Values } from "../params.js";
import { get, nominal } from "../params.js";
import * as P from "../parameters/contact.js";
import { CONTACT_KEYS as K, fullContactAsr, grainFactor, metalContact } from "./law.js";

export type InterfaceKind = "metal|electrolyte" | "cathode|separator" | "powder|powder";

/** The soft metals with their own contact parameters. */
export type ContactMetal = "Li" | "In" | "LiIn";

interface ContactHistory {
  /** Highest pressure the interface has seen [Pa]. */
  maxPressure: number;
  /** Current pressure [Pa] (≤ maxPressure; a larger value counts as the new maximum). */
  pressure: number;
  /** Time the interface has spent under pressure [s]. */
  timeUnderPressure: number;
  /** Time spent at (about) the highest pressure [s]; default timeUnderPressure. */
  timeAtMaxPressure?: number;
}

/** Li, In or Li-In pressed onto an electrolyte layer. */
interface MetalContactInput extends ContactHistory {
  kind: "metal|electrolyte";
  /** Which metal (default Li): In and Li-In have their own parameters (`contactParameters`). */
  metal?: ContactMetal;
}

/** The face between a composite cathode and the separator. History enters through the densities. */
interface CathodeSeparatorInput extends ContactHistory {
  kind: "cathode|separator";
  /** Relative density of the cathode composite. */
  cathodeDensity: number;
  /** Relative density of the separator. */
  separatorDensity: number;
  /** Electrolyte volume share of the cathode's solids. */
  electrolyteFraction: number;
}

/** Active-material particles and the electrolyte around them inside a composite. */
interface PowderContactInput extends ContactHistory {
  kind: "powder|powder";
  /** Relative density of the composite. */
  relativeDensity: number;
  /** Electrolyte volume share of the solids. */
  electrolyteFraction: number;
  /** Active (hard) volume share of the solids; default 1 − electrolyteFraction. */
  rigidFraction?: number;
}

export type ContactInput = MetalContactInput | CathodeSeparatorInput | PowderContactInput;

/** ASR input: the cathode|separator constriction needs the electrolyte's conductivity [S/m]. */
export type AsrInput = ContactInput & { conductivity?: number };

const METAL_SETS: Record<ContactMetal, ParameterSet> = {
  Li: P.metalElectrolyte,
  In: P.indiumElectrolyte,
  LiIn: P.liInElectrolyte,
};
const NOMINAL_METAL: Record<ContactMetal, Values> = {
  Li: nominal(P.metalElectrolyte),
  In: nominal(P.indiumElectrolyte),
  LiIn: nominal(P.liInElectrolyte),
};
const NOMINAL_POWDER = nominal(P.powderContacts);

/**
 * The contact metal a material name stands for (Li, In, Li-In and their usual spellings), or
 * undefined for any other material (whose contact is then not known to this model).
 */
export function contactMetalOf(name: string): ContactMetal | undefined {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/[\s–—-]+/g, "");
  if (["li", "limetal", "lithium", "lithiummetal", "lifoil"].includes(n)) return "Li";
  if (["in", "indium", "infoil", "indiumfoil"].includes(n)) return "In";
  if (["liin", "inli", "liinalloy", "liinanode", "lithiumindium"].includes(n)) return "LiIn";
  return undefined;
}

/**
 * The parameter set of an interface kind and why it applies.
 * References: Doux2020, Masias2019, Xu2017 (Li); BowdenTabor1950, IndiumCorp, AZoMIndium (In, Li-In: Li's law
 * with the contact pressure scaled by hardness); assumptions with Cronau2021 (powders).
 */
export function contactParameters(
  kind: InterfaceKind,
  metal: ContactMetal = "Li",
): { set: ParameterSet; basis: string } {
  if (kind === "metal|electrolyte") {
    if (metal !== "Li") {
      return {
        set: METAL_SETS[metal],
        basis: `${metal}|electrolyte: Li's fitted contact law (Doux2020) with the contact pressure scaled by ${metal}'s hardness relative to Li (BowdenTabor1950; ${metal === "In" ? "IndiumCorp, AZoMIndium" : "assumption"}); full-contact ASR an assumption (no ${metal} impedance series found)`,
      };
    }
    return {
      set: P.metalElectrolyte,
      basis:
        "Li|Li6PS5Cl impedance vs stack pressure with hysteresis (Doux2020), Li creep exponent (Masias2019)",
    };
  }
  return {
    set: P.powderContacts,
    basis: `${kind}: no data — solid area fractions (Delesse) of the touching layers, grain contacts opening at low stack pressure as in Cronau2021 (assumptions)`,
  };
}

const MPA = 1e6;

function check(input: ContactInput): void {
  for (const [name, v] of [
    ["maxPressure", input.maxPressure],
    ["pressure", input.pressure],
    ["timeUnderPressure", input.timeUnderPressure],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be finite and >= 0, got ${v}`);
  }
  const fr = (name: string, v: number) => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${v}`);
  };
  if (input.kind === "cathode|separator") {
    fr("cathodeDensity", input.cathodeDensity);
    fr("separatorDensity", input.separatorDensity);
    fr("electrolyteFraction", input.electrolyteFraction);
  } else if (input.kind === "powder|powder") {
    fr("relativeDensity", input.relativeDensity);
    fr("electrolyteFraction", input.electrolyteFraction);
    if (input.rigidFraction !== undefined) fr("rigidFraction", input.rigidFraction);
  }
}

const FLOOR = 1e-6;

/**
 * Contact fraction f ∈ (0, 1] of an interface.
 *
 * metal|electrolyte: Li creeps into the electrolyte's surface roughness,
 *   f_load(P, t) = 1 − exp(−x^k), x = (P/P_c)·(t/t_ref)^(1/n)  (n ≈ 6.6, indentation creep),
 *   and keeps what the highest pressure made in proportion (P/P_max)^m_u on unloading:
 *   f = max(f_min, f_load(P, t), f_load(P_max, t_max)·(P/P_max)^m_u).
 * cathode|separator: electrolyte meets electrolyte where both faces are solid electrolyte (area
 *   fraction = volume fraction, Delesse): f = (v_e·D_cathode·D_separator)^q · S(P).
 * powder|powder: the share of an active particle's surroundings that is electrolyte,
 *   f = (v_e·D/(1 − v_r·D))^q · S(P).
 * S(P) = 1/(1 + (P_g/(P + P_0))^m) is the grain-contact factor of the conductivity model (contacts
 * open when the stack pressure falls). For powders the pressing history enters through the densities.
 * References: Doux2020, Masias2019, Xu2017, Cronau2021 (powders: assumptions).
 */
export function contactFraction(input: ContactInput, values?: Values): number {
  check(input);
  const pMax = Math.max(input.maxPressure, input.pressure) / MPA;
  const p = input.pressure / MPA;
  if (input.kind === "metal|electrolyte") {
    const v = values ?? NOMINAL_METAL[input.metal ?? "Li"];
    return metalContact(
      v,
      pMax,
      p,
      input.timeUnderPressure,
      input.timeAtMaxPressure ?? input.timeUnderPressure,
    );
  }
  const v = values ?? NOMINAL_POWDER;
  const q = get(v, K.conformity);
  let area: number;
  if (input.kind === "cathode|separator") {
    area = input.electrolyteFraction * input.cathodeDensity * input.separatorDensity;
  } else {
    const vr = input.rigidFraction ?? 1 - input.electrolyteFraction;
    const d = input.relativeDensity;
    area = (input.electrolyteFraction * d) / Math.max(FLOOR, 1 - vr * d);
  }
  const f = Math.pow(Math.min(1, Math.max(0, area)), q) * grainFactor(v, p);
  return Math.min(1, Math.max(FLOOR, f));
}

/**
 * Area-specific resistance [Ω·m²] of an interface, from its contact fraction:
 *   metal|electrolyte: ASR = ASR_full/f (∝ 1/contact fraction; per unit of the metal's area),
 *     ASR_full = ASR_ref·f(P_ref, t_ref) from the ASR measured at the reference pressure,
 *   cathode|separator: ASR = (ℓ/σ)·(1/f − 1) — constriction of the current into the contacts
 *     (needs `conductivity` [S/m] of the electrolyte; 0 at full contact),
 *   powder|powder: ASR = ASR_ct/f per unit of active-material surface.
 * History-aware through `contactFraction` (highest and current pressure, time under pressure).
 * References: Doux2020 (metal); assumptions for the powder interfaces.
 */
export function areaSpecificResistance(input: AsrInput, values?: Values): number {
  const metal = input.kind === "metal|electrolyte" ? input.metal : undefined;
  return asrFromContact(input.kind, contactFraction(input, values), values, input.conductivity, metal);
}

/**
 * The same ASR [Ω·m²] for a contact fraction f already known (e.g. from `contactFraction`).
 * `conductivity` [S/m] is required for "cathode|separator"; `metal` picks the nominal metal set
 * when no values are given.
 * References: Doux2020 (metal); assumptions for the powder interfaces.
 */
export function asrFromContact(
  kind: InterfaceKind,
  f: number,
  values?: Values,
  conductivity?: number,
  metal: ContactMetal = "Li",
): number {
  if (!(f > 0 && f <= 1)) throw new RangeError(`contact fraction must be in (0, 1], got ${f}`);
  if (kind === "metal|electrolyte") {
    const v = values ?? NOMINAL_METAL[metal];
    return (fullContactAsr(v) * 1e-4) / f;
  }
  const v = values ?? NOMINAL_POWDER;
  if (kind === "cathode|separator") {
    if (conductivity === undefined || !(conductivity > 0)) {
      throw new RangeError("cathode|separator ASR needs the electrolyte's conductivity [S/m] (> 0)");
    }
    return ((get(v, K.constrictionLength) * 1e-6) / conductivity) * (1 / f - 1);
  }
  return (get(v, K.chargeTransferAsr) * 1e-4) / f;
}
