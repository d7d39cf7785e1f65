/**
 * Lithium creep and the short circuit it causes through a porous separator. Physics only: every function
 * takes the parameter values explicitly (see ./index.ts for the public API with the fitted defaults).
 * SI at the boundary (Pa, m, s, A/m²); parameter keys carry their own units and are converted here.
 *
 * Picture (docs/models/creep.md): Li pressed onto a cold-pressed separator is pushed into the
 * separator's open porosity. Two slow mechanisms move the Li front through the pores — creep of the Li
 * under the stack pressure (power law, stress exponent n) and Li plated under pressure being forced into
 * the pore mouths — until it bridges the separator (short). Above a mechanical intrusion pressure the Li
 * flows through the pore network plastically and the cell shorts at once.
 */
import { SsbError } from "../../core/errors.js";
import { get, type Values } from "../params.js";
import { CREEP, CREEP_REFERENCE_PRESSURE_MPA, CREEP_REFERENCE_STRESS_MPA } from "./keys.js";
import { normalCdf } from "./normal.js";

const MPA = 1e6;
const UM = 1e-6;
const HOUR = 3600;
/** Faraday constant [C/mol] (exact since 2019; Tiesinga2021). */
const FARADAY = 96485.33212;
/** Molar mass of Li [kg/mol] (standard atomic weight; Prohaska2022). */
const LI_MOLAR_MASS = 6.94e-3;

/** What the negative electrode is: Li metal creeps; alloys (Li–In, In) and others are not modelled to. */
type AnodeKind = "Li" | "alloy" | "other";

/** Operating conditions of a cell for the short-circuit model (SI units). */
export interface ShortConditions {
  /** Stack pressure [Pa]. */
  stackPressure: number;
  /** Open porosity of the separator, 0..1 (1 − relative density). */
  separatorPorosity: number;
  /** Separator thickness [m]. */
  separatorThickness: number;
  /** Magnitude of the cycling current density [A/m²]; 0 for a cell at rest. */
  currentDensity: number;
  anode: AnodeKind;
}

function usage(where: string, message: string): never {
  throw new SsbError("usage", `${where}: ${message}`);
}

/** Checks the conditions; returns the stack pressure in MPa (negative pressure counts as none). */
function checkConditions(where: string, c: ShortConditions): number {
  const { stackPressure: p, separatorPorosity: phi, separatorThickness: L, currentDensity: i } = c;
  if (!Number.isFinite(p)) usage(where, `stackPressure must be a finite number of Pa, got ${p}`);
  if (!(phi >= 0 && phi <= 1)) usage(where, `separatorPorosity must be between 0 and 1, got ${phi}`);
  if (!(L > 0 && Number.isFinite(L))) usage(where, `separatorThickness must be > 0 m, got ${L}`);
  if (!Number.isFinite(i)) usage(where, `currentDensity must be a finite number of A/m2, got ${i}`);
  if (c.anode !== "Li" && c.anode !== "alloy" && c.anode !== "other") {
    usage(where, `anode must be "Li", "alloy" or "other", got ${String(c.anode)}`);
  }
  return Math.max(0, p) / MPA;
}

/**
 * Secondary (power-law) creep rate of bulk Li: ε̇ = ε̇_ref·(σ/σ_ref)ⁿ = A·σⁿ with σ in MPa,
 * σ_ref = 0.35 MPa. Returns 1/s for a stress in Pa (magnitude; the sign is the caller's).
 * Valid as measured for 0.2–0.6 MPa at room temperature; extrapolated elsewhere.
 * References: Masias2019
 */
export function creepRate(stress: number, values: Values): number {
  const n = get(values, CREEP.creepExponent);
  return get(values, CREEP.creepRateRef) * (Math.abs(stress) / MPA / CREEP_REFERENCE_STRESS_MPA) ** n;
}

/** The prefactor A of ε̇ = A·σⁿ [1/(s·MPaⁿ)] implied by the parameter values. References: Masias2019 */
export function creepPrefactor(values: Values): number {
  return get(values, CREEP.creepRateRef) / CREEP_REFERENCE_STRESS_MPA ** get(values, CREEP.creepExponent);
}

/**
 * Extrusion factor of Li pushed from the foil into the separator's open pores:
 * E(φ) = a + b·ln(1/φ), Johnson's extrusion equation with the extrusion ratio taken as the ratio of the
 * foil area to the open pore area at the interface, ≈ 1/φ (areal = volume fraction for an isotropic
 * pore structure). Infinite for φ = 0 (nothing to extrude into).
 * References: Groover2010
 */
export function extrusionFactor(porosity: number, values: Values): number {
  return get(values, CREEP.extrusionA) + get(values, CREEP.extrusionB) * Math.log(1 / porosity);
}

/**
 * Stack pressure above which Li flows plastically through the separator's pore network at once
 * (immediate mechanical short): P_mech(φ) = P_mech,ref·E(φ)/E(φ_ref). P_mech,ref is bounded by the
 * Doux 2020 series (75 MPa shorted at once, 25 MPa did not) and by the flow stress of Li at the
 * micrometre scale of pore throats (≥ 15 MPa, Xu2017) times E(φ_ref). Returns Pa.
 * References: Doux2020, Xu2017, Groover2010
 */
export function mechanicalIntrusionPressure(porosity: number, values: Values): number {
  const ref = get(values, CREEP.refPorosity);
  return (
    ((get(values, CREEP.mechanicalPressure) * extrusionFactor(porosity, values)) /
      extrusionFactor(ref, values)) *
    MPA
  );
}

/**
 * Stack pressure below which Li plated at the interface is not pushed into the pore mouths:
 * P_h(φ) = σ_y·E(φ), bulk yield strength times the extrusion factor (≈ 2.7 MPa at 18 % porosity,
 * comparable to the 2–8 MPa hardness band of Li). Returns Pa.
 * References: Masias2019, Groover2010
 */
function platingThresholdPressure(porosity: number, values: Values): number {
  return get(values, CREEP.yieldStrength) * extrusionFactor(porosity, values) * MPA;
}

/**
 * Thickness of dense Li plated per unit time at current density i: v = |i|·M_Li/(F·ρ_Li) [m/s]
 * (4.85 µm per mAh/cm²).
 * References: NarayanAnand2018, Prohaska2022, Tiesinga2021
 */
function platedThicknessRate(currentDensity: number, values: Values): number {
  const rho = get(values, CREEP.density) * 1000; // g/cm3 → kg/m3
  return (Math.abs(currentDensity) * LI_MOLAR_MASS) / (FARADAY * rho);
}

/** Porosity factor of the slow penetration rate: (φ/φ_ref)^k. */
function porosityFactor(porosity: number, values: Values): number {
  return (porosity / get(values, CREEP.refPorosity)) ** get(values, CREEP.porosityExponent);
}

/**
 * Velocity of the Li front through the separator's pores in the slow regime (below the mechanical
 * intrusion pressure) [m/s]:
 *   v = (φ/φ_ref)^k · [ G·(P − P_h(φ))⁺·v_plate(i) + v_c·(P/25 MPa)ⁿ ]
 * The first term is plating-driven (Li plated under pressure is forced into the pores, G fitted on
 * Doux 2020), the second is creep of the Li under the stack pressure alone (stress exponent n of bulk
 * Li, v_c fitted on Doux 2020). Linear in the current density and independent of the separator
 * thickness (assumptions: no data). Pressure P in MPa; the arguments are not checked (callers do).
 * References: Doux2020, Masias2019
 */
export function penetrationVelocityMpa(
  p: number,
  porosity: number,
  currentDensity: number,
  values: Values,
): number {
  if (porosity <= 0 || p <= 0) return 0;
  const ph = platingThresholdPressure(porosity, values) / MPA;
  const plating =
    get(values, CREEP.platingGain) * Math.max(0, p - ph) * platedThicknessRate(currentDensity, values);
  const creep =
    ((get(values, CREEP.creepVelocity) * UM) / HOUR) *
    (p / CREEP_REFERENCE_PRESSURE_MPA) ** get(values, CREEP.creepExponent);
  return porosityFactor(porosity, values) * (plating + creep);
}

/** Log-SD of the mechanical intrusion threshold (pressure axis): the time scatter divided by n. */
function thresholdScatter(values: Values): number {
  return get(values, CREEP.scatter) / get(values, CREEP.creepExponent);
}

/**
 * Median time to short circuit [s] of a cell held at a constant stack pressure:
 *   0                       when P ≥ P_mech(φ) (immediate mechanical short),
 *   L / v(P, φ, i)          otherwise (slow penetration, {@link penetrationVelocityMpa}),
 *   Infinity                for alloy and other anodes (no creep-through mechanism modelled), or when
 *                           nothing drives the Li (P = 0, φ = 0).
 * Calibrated on Li|Li6PS5Cl|Li cells (Doux 2020: 82 % dense, ~1 mm separator, 75 µA/cm²).
 * References: Doux2020, Masias2019, Koerver2018
 */
export function timeToShort(c: ShortConditions, values: Values): number {
  const p = checkConditions("timeToShort", c);
  if (c.anode !== "Li") return Infinity;
  if (p > 0 && p * MPA >= mechanicalIntrusionPressure(c.separatorPorosity, values)) return 0;
  const v = penetrationVelocityMpa(p, c.separatorPorosity, c.currentDensity, values);
  return v > 0 ? c.separatorThickness / v : Infinity;
}

/**
 * Damage rate [1/s] = 1/timeToShort: integrate it over a varying stack pressure (Miner-type sum,
 * short when ∫ D dt reaches 1). Infinity above the mechanical intrusion pressure, 0 for alloy anodes.
 * References: Doux2020, Masias2019
 */
export function damageRate(c: ShortConditions, values: Values): number {
  const p = checkConditions("damageRate", c);
  if (c.anode !== "Li") return 0;
  if (p > 0 && p * MPA >= mechanicalIntrusionPressure(c.separatorPorosity, values)) return Infinity;
  return penetrationVelocityMpa(p, c.separatorPorosity, c.currentDensity, values) / c.separatorThickness;
}

/**
 * Probability that the cell shorts within `duration` [s], from the cell-to-cell scatter:
 *   P = 1 − (1 − P_mech)·(1 − P_slow)
 *   P_mech = Φ( ln(P/P_mech(φ)) / (s/n) )        immediate mechanical short
 *   P_slow = Φ( ln(duration/t_slow) / s )          lognormal time to short, median t_slow = L/v
 * s is the log-SD of the time to short (fitted from the Doux 2020 residuals); the threshold scatters by
 * s/n on the pressure axis because t ∝ Pⁿ near it. The two modes are taken as independent.
 * References: Doux2020, Masias2019
 */
export function shortProbability(c: ShortConditions & { duration: number }, values: Values): number {
  const p = checkConditions("shortProbability", c);
  if (!(c.duration >= 0)) usage("shortProbability", `duration must be >= 0 s, got ${c.duration}`);
  if (c.anode !== "Li" || p <= 0) return 0;
  const pMech = mechanicalShortProbability(p, c.separatorPorosity, values);
  const v = penetrationVelocityMpa(p, c.separatorPorosity, c.currentDensity, values);
  const pSlow = lognormalShortProbability(c.duration, v > 0 ? c.separatorThickness / v : Infinity, values);
  return 1 - (1 - pMech) * (1 - pSlow);
}

/** P(immediate mechanical short) at pressure p [MPa]. */
export function mechanicalShortProbability(p: number, porosity: number, values: Values): number {
  if (p <= 0) return 0;
  const threshold = mechanicalIntrusionPressure(porosity, values) / MPA;
  return normalCdf(Math.log(p / threshold) / thresholdScatter(values));
}

/** P(lognormal time with median `median` ≤ duration). */
export function lognormalShortProbability(duration: number, median: number, values: Values): number {
  if (duration <= 0 || median === Infinity) return 0;
  if (median <= 0) return 1;
  return normalCdf(Math.log(duration / median) / get(values, CREEP.scatter));
}
