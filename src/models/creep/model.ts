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
import {
  CCD_REFERENCE_PRESSURE_MPA,
  CREEP,
  CREEP_REFERENCE_PRESSURE_MPA,
  CREEP_REFERENCE_STRESS_MPA,
  CREEP_REFERENCE_TEMPERATURE_K,
} from "./keys.js";
import { normalCdf } from "./normal.js";

const MPA = 1e6;
const UM = 1e-6;
const HOUR = 3600;
/** Faraday constant [C/mol] (exact since 2019; Tiesinga2021). */
const FARADAY = 96485.33212;
/** Molar mass of Li [kg/mol] (standard atomic weight; Prohaska2022). */
const LI_MOLAR_MASS = 6.94e-3;
/** Molar gas constant [J/(mol K)] (exact since 2019; Tiesinga2021). */
const GAS_CONSTANT = 8.314462618;
/** mA/cm² → A/m². */
const MA_CM2 = 10;

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
  /** Cell temperature [K]; default 298.15 K (25 °C, the calibration temperature). */
  temperature?: number;
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
  checkTemperature(where, c.temperature);
  return Math.max(0, p) / MPA;
}

/** Checks an optional temperature [K]; returns it or the reference temperature. */
export function checkTemperature(where: string, t: number | undefined): number {
  if (t === undefined) return CREEP_REFERENCE_TEMPERATURE_K;
  // Li melts at 453.7 K: above that there is no solid to creep (the model does not apply).
  if (!(t > 0 && t < 453.7)) usage(where, `temperature must be between 0 and 453.7 K (Li melts), got ${t}`);
  return t;
}

/**
 * Arrhenius factor of Li creep relative to 25 °C: θ(T) = exp(−(Q/R)·(1/T − 1/T_ref)). Power-law
 * creep of a metal at high homologous temperature (Li at 25 °C is at 0.66 T_m) is controlled by
 * lattice self-diffusion, so Q is taken as the activation energy of Li self-diffusion. Every creep
 * rate of the model is multiplied by θ; every flow stress (yield, intrusion thresholds) at a given
 * rate scales by θ^(−1/n). θ(80 °C) ≈ 17 with Q = 45 kJ/mol.
 * References: Vanfleet1972, Masias2019
 */
export function creepTemperatureFactor(temperature: number, values: Values): number {
  const q = get(values, CREEP.activationEnergy) * 1000; // kJ/mol → J/mol
  return Math.exp((-q / GAS_CONSTANT) * (1 / temperature - 1 / CREEP_REFERENCE_TEMPERATURE_K));
}

/**
 * Flow-stress factor Σ(φ, T) of the Li inside the separator's pores relative to the calibration
 * separator at 25 °C: Σ = (d_ref/d)^m · θ(T)^(−1/n).
 *  - size effect: Li pillars are stronger the thinner they are (Xu2017: σ ∝ d^−m, m = 0.68 fitted
 *    over their whole series at room temperature). Li squeezed into a pore throat of
 *    diameter d is the same size-strengthened Li. The throat scales with the hydraulic diameter of the
 *    pore network, d ∝ φ/(1 − φ) (Kozeny–Carman, same powder), so a denser separator has narrower,
 *    stronger-to-fill throats: Σ(φ = 0.10) ≈ 1.6 against the 82 %-dense Doux separator.
 *  - temperature: at a given rate, a hotter Li flows at a lower stress (θ^(−1/n)). The size
 *    exponent is kept at its room-temperature value: with only the ratio d_ref/d known, a steeper
 *    exponent when hot (Xu2017: 1.00 at 90 °C) would make Li in fine pores stronger when hotter,
 *    whereas every pillar Xu2017 tested was weaker at 90 °C.
 * Pressures in the pores act through P/Σ: this replaces the bare (P/25 MPa)^n extrapolation, which
 * ignored that denser separators have finer pores.
 * References: Xu2017, Masias2019, Vanfleet1972
 */
function poreStrengthFactor(porosity: number, temperature: number, values: Values): number {
  const ref = get(values, CREEP.refPorosity);
  const throatRatio = ref / (1 - ref) / (porosity / (1 - porosity)); // d_ref/d
  const n = get(values, CREEP.creepExponent);
  return (
    throatRatio ** get(values, CREEP.sizeExponent) * creepTemperatureFactor(temperature, values) ** (-1 / n)
  );
}

/**
 * Secondary (power-law) creep rate of bulk Li: ε̇ = ε̇_ref·θ(T)·(σ/σ_ref)ⁿ = A·σⁿ with σ in MPa,
 * σ_ref = 0.35 MPa, θ the Arrhenius factor ({@link creepTemperatureFactor}). Returns 1/s for a stress
 * in Pa (magnitude; the sign is the caller's). Measured for 0.2–0.6 MPa at room temperature;
 * extrapolated elsewhere.
 * References: Masias2019, Vanfleet1972
 */
export function creepRate(
  stress: number,
  values: Values,
  temperature: number = CREEP_REFERENCE_TEMPERATURE_K,
): number {
  const n = get(values, CREEP.creepExponent);
  return (
    get(values, CREEP.creepRateRef) *
    creepTemperatureFactor(temperature, values) *
    (Math.abs(stress) / MPA / CREEP_REFERENCE_STRESS_MPA) ** n
  );
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
 * (immediate mechanical short): P_mech(φ, T) = P_mech,ref·E(φ)/E(φ_ref)·Σ(φ, T) (Σ: finer pores
 * need more pressure, a hotter Li less; {@link poreStrengthFactor}). P_mech,ref is bounded by the
 * Doux 2020 series (75 MPa shorted at once, 25 MPa did not) and by the flow stress of Li at the
 * micrometre scale of pore throats (≥ 15 MPa, Xu2017) times E(φ_ref). Returns Pa.
 * References: Doux2020, Xu2017, Groover2010
 */
export function mechanicalIntrusionPressure(
  porosity: number,
  values: Values,
  temperature: number = CREEP_REFERENCE_TEMPERATURE_K,
): number {
  const ref = get(values, CREEP.refPorosity);
  return (
    ((get(values, CREEP.mechanicalPressure) * extrusionFactor(porosity, values)) /
      extrusionFactor(ref, values)) *
    poreStrengthFactor(porosity, temperature, values) *
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
 * Critical stripping current density [A/m²]: the largest current at which Li creep under the stack
 * pressure still refills the interface as fast as stripping empties it. Above it voids grow at the
 * interface on stripping, the current focuses on what contact is left, and on the next plating Li
 * filaments (dendrites) grow into the separator, dense or not (Kasemchainan 2019: 0.2 mA/cm² at
 * 3 MPa for Li|Li6PS5Cl|Li at room temperature).
 *   i_c(P, T) = i_c,ref·(P/3 MPa)^m·θ(T)
 * m = 1 reads as plastic contact: Li reaches the interface through asperity contacts held at the
 * hardness, whose area grows ∝ P. The supply is creep, so it speeds up with temperature as the creep
 * rate does (same activation energy, no new parameter). Pressure in MPa. 0 at P ≤ 0.
 * References: Kasemchainan2019, Vanfleet1972
 */
export function criticalCurrentDensity(pMpa: number, temperature: number, values: Values): number {
  if (pMpa <= 0) return 0;
  return (
    get(values, CREEP.ccdRef) *
    MA_CM2 *
    (pMpa / CCD_REFERENCE_PRESSURE_MPA) ** get(values, CREEP.ccdPressureExponent) *
    creepTemperatureFactor(temperature, values)
  );
}

/**
 * Velocity [m/s] of a Li filament through the separator once the current exceeds the critical
 * stripping current: v_f = g·(|i|/i_c − 1)·v_plate(i). Zero at or below i_c and without stack
 * pressure (the interface then loses contact: the cell opens rather than shorts); grows with the overshoot,
 * as the void-shrunk contact concentrates more current on fewer spots. Independent of the porosity
 * (filaments follow grain boundaries and cracks of a dense separator too). g is an assumption
 * (no published filament velocities vs current found), sampled over two decades.
 * References: Kasemchainan2019
 */
function filamentVelocity(pMpa: number, currentDensity: number, temperature: number, values: Values): number {
  const i = Math.abs(currentDensity);
  // Without stack pressure the stripped interface simply loses contact (the cell opens, it does not
  // short): no filament is counted.
  if (i === 0 || pMpa <= 0) return 0;
  const ic = criticalCurrentDensity(pMpa, temperature, values);
  if (i <= ic) return 0;
  return get(values, CREEP.filamentGain) * (i / ic - 1) * platedThicknessRate(i, values);
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
 * intrusion pressure) [m/s], with s = P/Σ(φ, T) the pressure in units of the pore flow stress:
 *   v = (φ/φ_ref)^k · [ G·(s − P_h(φ))⁺·v_plate(i) + v_c·(s/25 MPa)ⁿ ]
 * The first term is plating-driven (Li plated under pressure is forced into the pores, G fitted on
 * Doux 2020), the second is creep of the Li under the stack pressure alone (stress exponent n of bulk
 * Li, v_c fitted on Doux 2020). At the calibration separator and 25 °C, Σ = 1. Through Σ the creep
 * term is θ(T) times faster when hot, and slower in finer pores. Linear in the current density and
 * independent of the separator thickness (assumptions: no data). Pressure P in MPa; the arguments
 * are not checked (callers do).
 * References: Doux2020, Masias2019, Xu2017
 */
export function penetrationVelocityMpa(
  p: number,
  porosity: number,
  currentDensity: number,
  values: Values,
  temperature: number = CREEP_REFERENCE_TEMPERATURE_K,
): number {
  if (porosity <= 0 || p <= 0) return 0;
  const s = p / poreStrengthFactor(porosity, temperature, values); // pressure in units of the pore flow stress
  const ph = platingThresholdPressure(porosity, values) / MPA;
  const plating =
    get(values, CREEP.platingGain) * Math.max(0, s - ph) * platedThicknessRate(currentDensity, values);
  const creep =
    ((get(values, CREEP.creepVelocity) * UM) / HOUR) *
    (s / CREEP_REFERENCE_PRESSURE_MPA) ** get(values, CREEP.creepExponent);
  return porosityFactor(porosity, values) * (plating + creep);
}

/**
 * Total front velocity [m/s]: slow penetration through the pores ({@link penetrationVelocityMpa})
 * plus filament growth above the critical current ({@link filamentVelocity}). Pressure in MPa.
 * References: Doux2020, Kasemchainan2019
 */
function frontVelocityMpa(p: number, c: ShortConditions, t: number, values: Values): number {
  return (
    penetrationVelocityMpa(p, c.separatorPorosity, c.currentDensity, values, t) +
    filamentVelocity(p, c.currentDensity, t, values)
  );
}

/** Log-SD of the mechanical intrusion threshold (pressure axis): the time scatter divided by n. */
function thresholdScatter(values: Values): number {
  return get(values, CREEP.scatter) / get(values, CREEP.creepExponent);
}

/**
 * Median time to short circuit [s] of a cell held at a constant stack pressure:
 *   0                       when P ≥ P_mech(φ, T) (immediate mechanical short),
 *   L / (v + v_f)           otherwise: slow penetration through the pores ({@link penetrationVelocityMpa})
 *                           plus filaments above the critical current ({@link filamentVelocity}),
 *   Infinity                for alloy and other anodes (no creep-through mechanism modelled), or when
 *                           nothing drives the Li (no current above the critical current and no
 *                           pressure or porosity).
 * Calibrated on Li|Li6PS5Cl|Li cells (Doux 2020: 82 % dense, ~1 mm separator, 75 µA/cm², 25 °C) and
 * the critical stripping current of Kasemchainan 2019.
 * References: Doux2020, Masias2019, Koerver2018, Kasemchainan2019
 */
export function timeToShort(c: ShortConditions, values: Values): number {
  const p = checkConditions("timeToShort", c);
  const t = checkTemperature("timeToShort", c.temperature);
  if (c.anode !== "Li") return Infinity;
  if (p > 0 && p * MPA >= mechanicalIntrusionPressure(c.separatorPorosity, values, t)) return 0;
  const v = frontVelocityMpa(p, c, t, values);
  return v > 0 ? c.separatorThickness / v : Infinity;
}

/**
 * Damage rate [1/s] = 1/timeToShort: integrate it over a varying stack pressure (Miner-type sum,
 * short when ∫ D dt reaches 1). Infinity above the mechanical intrusion pressure, 0 for alloy anodes.
 * References: Doux2020, Masias2019
 */
export function damageRate(c: ShortConditions, values: Values): number {
  const p = checkConditions("damageRate", c);
  const t = checkTemperature("damageRate", c.temperature);
  if (c.anode !== "Li") return 0;
  if (p > 0 && p * MPA >= mechanicalIntrusionPressure(c.separatorPorosity, values, t)) return Infinity;
  return frontVelocityMpa(p, c, t, values) / c.separatorThickness;
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
export function shortProbability(
  c: ShortConditions & { duration: number; damage?: number },
  values: Values,
): number {
  const p = checkConditions("shortProbability", c);
  if (!(c.duration >= 0)) usage("shortProbability", `duration must be >= 0 s, got ${c.duration}`);
  if (c.damage !== undefined && !(c.damage >= 0))
    usage("shortProbability", `damage must be a number >= 0, got ${c.damage}`);
  const t = checkTemperature("shortProbability", c.temperature);
  if (c.anode !== "Li" || p <= 0) return 0;
  const pMech = mechanicalShortProbability(p, c.separatorPorosity, values, t);
  let pSlow: number;
  if (c.damage !== undefined) {
    // a varying pressure: the Miner damage D over the duration plays duration/median, so the
    // lognormal scatter of the time to short applies to it unchanged (D = 1 is the median short)
    pSlow =
      c.damage === Infinity
        ? 1
        : c.damage > 0
          ? normalCdf(Math.log(c.damage) / get(values, CREEP.scatter))
          : 0;
  } else {
    const v = frontVelocityMpa(p, c, t, values);
    pSlow = lognormalShortProbability(c.duration, v > 0 ? c.separatorThickness / v : Infinity, values);
  }
  return 1 - (1 - pMech) * (1 - pSlow);
}

/** P(immediate mechanical short) at pressure p [MPa]. */
export function mechanicalShortProbability(
  p: number,
  porosity: number,
  values: Values,
  temperature: number = CREEP_REFERENCE_TEMPERATURE_K,
): number {
  if (p <= 0) return 0;
  const threshold = mechanicalIntrusionPressure(porosity, values, temperature) / MPA;
  return normalCdf(Math.log(p / threshold) / thresholdScatter(values));
}

/** P(lognormal time with median `median` ≤ duration). */
export function lognormalShortProbability(duration: number, median: number, values: Values): number {
  if (duration <= 0 || median === Infinity) return 0;
  if (median <= 0) return 1;
  return normalCdf(Math.log(duration / median) / get(values, CREEP.scatter));
}
