/**
 * Interface contact fractions and area-specific resistances. Pure closed forms; pressures in MPa,
 * times in s inside this file (the public functions convert from SI).
 */
import { get, type Values } from "../params.js";

export const CONTACT_KEYS = {
  // Li (soft metal) | electrolyte
  /** P_c: pressure that makes ~63 % contact after the reference hold. */
  contactPressure: "Contact pressure scale [MPa]",
  /** k of f = 1 − exp(−x^k). */
  shape: "Contact shape exponent [-]",
  /** ASR of one interface after the reference hold at the reference pressure (first loading). */
  referenceAsr: "ASR at reference pressure [Ohm cm2]",
  /** Pressure at which the reference ASR is quoted. */
  referencePressure: "Reference pressure [MPa]",
  /** m_u: contact kept on unloading f_max·(P/P_max)^m_u. */
  retention: "Unloading retention exponent [-]",
  /** n of Li power-law creep; contact grows as t^(1/n). */
  creepExponent: "Creep stress exponent [-]",
  /** Hold time at which P_c applies. */
  referenceTime: "Reference hold time [s]",
  /** A foil laid on a pellet touches somewhere. */
  minimumContact: "Minimum contact fraction [-]",
  /**
   * ASR of a fully touching metal|electrolyte interface. Only the In and Li-In sets carry it (no
   * impedance series to fix a reference ASR); Li derives it from the reference ASR.
   */
  fullContactAsr: "Full-contact ASR [Ohm cm2]",
  /** Flow-stress (hardness) ratio of the metal to Li: P_c scales with it (Bowden-Tabor). */
  hardnessRatio: "Hardness ratio to Li [-]",
  // powder | powder (cathode|separator, active material|electrolyte)
  /** q of f = (area fraction)^q (Delesse: q = 1). */
  conformity: "Contact conformity exponent [-]",
  /** ℓ of the constriction ASR ℓ/σ·(1/f − 1). */
  constrictionLength: "Constriction length [um]",
  /** P_g, m, P_0 of the grain-contact stack factor (as in the conductivity model). */
  grainPressure: "Grain-contact pressure scale [MPa]",
  grainExponent: "Grain-contact pressure exponent [-]",
  residualPressure: "Residual contact pressure [MPa]",
  /** Charge-transfer ASR of a fully covered active particle, per unit of its surface. */
  chargeTransferAsr: "Charge-transfer ASR at full coverage [Ohm cm2]",
  // cathode active material | electrolyte inside a composite cathode
  /** Charge-transfer ASR per unit of the electrolyte-covered surface of a (coated) layered oxide. */
  cathodeChargeTransferAsr: "Cathode charge-transfer ASR per covered surface [Ohm cm2]",
  /** Radius of the cathode's active particles (secondary particles of NMC, NCA, LCO). */
  activeParticleRadius: "Active particle radius [um]",
  /** E_a of ASR_ct ∝ exp(E_a/k_B T): how the cathode's charge transfer speeds up when warm. */
  cathodeChargeTransferActivation: "Charge-transfer activation energy [eV]",
} as const;

const K = CONTACT_KEYS;

/**
 * Loading contact of a soft metal: f = 1 − exp(−x^k), x = (P/(h·P_c))·(t/t_ref)^(1/n). h is the
 * metal's hardness relative to Li (1 for Li): plastic asperities touch over load/hardness
 * (BowdenTabor1950), so a harder metal needs proportionally more pressure for the same contact.
 */
function metalLoadingContact(v: Values, pMPa: number, tSeconds: number): number {
  if (!(pMPa > 0)) return 0;
  const t = Math.max(1, tSeconds);
  const pc = get(v, K.contactPressure) * (v[K.hardnessRatio] ?? 1);
  const x = (pMPa / pc) * Math.pow(t / get(v, K.referenceTime), 1 / get(v, K.creepExponent));
  return 1 - Math.exp(-Math.pow(x, get(v, K.shape)));
}

/**
 * Metal|electrolyte contact with history: the larger of what the current pressure makes on its own
 * and what the highest pressure made, kept in proportion (P/P_max)^m_u; never below f_min.
 */
export function metalContact(
  v: Values,
  pMaxMPa: number,
  pMPa: number,
  tSeconds: number,
  tMaxSeconds: number,
): number {
  const pMax = Math.max(pMaxMPa, pMPa);
  const now = metalLoadingContact(v, pMPa, tSeconds);
  const atMax = metalLoadingContact(v, pMax, tMaxSeconds);
  const kept = pMax > 0 ? atMax * Math.pow(Math.max(0, pMPa) / pMax, get(v, K.retention)) : 0;
  return Math.min(1, Math.max(get(v, K.minimumContact), now, kept));
}

/** Grain-contact stack factor S(P) = 1/(1 + (P_g/(P + P_0))^m). */
export function grainFactor(v: Values, pMPa: number): number {
  const pg = get(v, K.grainPressure);
  if (!(pg > 0)) return 1;
  return 1 / (1 + Math.pow(pg / (Math.max(0, pMPa) + get(v, K.residualPressure)), get(v, K.grainExponent)));
}

/**
 * ASR of a fully touching metal|electrolyte interface [Ω cm²], ASR_full = ASR_ref·f(P_ref, t_ref)
 * (Li), or the set's own full-contact ASR where it has one (In, Li-In: no impedance series).
 * Parameterised through the reference ASR, which the data fix well, so that sampling the contact
 * pressure scale (only bounded by a prior) moves where contact saturates, not the measured ASRs.
 */
export function fullContactAsr(v: Values): number {
  const own = v[K.fullContactAsr];
  if (own !== undefined) return own;
  const fRef = Math.max(
    get(v, K.minimumContact),
    metalLoadingContact(v, get(v, K.referencePressure), get(v, K.referenceTime)),
  );
  return get(v, K.referenceAsr) * fRef;
}
