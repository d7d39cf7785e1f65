/**
 * Ionic conductivity of a pressed electrolyte (or the electrolyte network of a composite) from its
 * porosity and the stack pressure it is held at. Pure closed forms; no material lookup here.
 */
import { get, type Values } from "../params.js";

export const CONDUCTIVITY_KEYS = {
  /** σ₀: conductivity of the pore-free electrolyte with fully formed grain contacts. */
  bulk: "Bulk ionic conductivity [mS/cm]",
  /** b of σ₀(1 − ε)^b (Bruggeman-type, 1.5). */
  bruggeman: "Bruggeman exponent [-]",
  /** Porosity above which grain contacts, not the pore volume, limit the conductivity. */
  contactOnset: "Contact-limited porosity onset [-]",
  /** How far below the porosity law the conductivity falls at most (×1/R). */
  contactRatio: "Contact-limited conductivity ratio [-]",
  /** Porosity span over which the full ratio R develops above the onset. */
  contactSpan: "Contact-limited porosity span [-]",
  /** P_g of the stack-pressure factor 1/(1 + (P_g/(P + P_0))^m); 0 = no stack dependence. */
  grainPressure: "Grain-contact pressure scale [MPa]",
  /** m of the stack-pressure factor. */
  grainExponent: "Grain-contact pressure exponent [-]",
  /** P_0: contact a pressed pellet keeps with no stack pressure at all. */
  residualPressure: "Residual contact pressure [MPa]",
  /** ΔV of σ ∝ exp(−P·ΔV/RT): the lattice's own loss of conductivity under high pressure. */
  activationVolume: "Activation volume [cm3/mol]",
  /** β of the composite factor v_e^(1+β) (electrolyte volume share v_e of the solids). */
  compositeTortuosity: "Composite tortuosity exponent [-]",
  /** E_a of σT ∝ exp(−E_a/k_B T): how the conductivity changes with temperature. */
  activationEnergy: "Activation energy [eV]",
  /**
   * F ≥ 1: how much lower a cold-pressed powder conducts than the sintered, hot-pressed or
   * heat-treated body its σ₀ was measured on (grain boundaries, contacts). Absent = 1.
   */
  coldPressFactor: "Cold-press conductivity factor [-]",
} as const;

const K = CONDUCTIVITY_KEYS;
const R_GAS = 8.314462618; // J/(mol K)
/** Boltzmann constant [eV/K] (exact since the 2019 SI, CODATA 2018; Tiesinga2021). */
export const K_B = 8.617333262e-5;
/** Temperature at which every σ₀ in the data is given (room temperature, 25 °C) [K]. */
export const REFERENCE_TEMPERATURE = 298.15;

export interface LawState {
  sigma0: number; // mS/cm
  b: number;
  eps0: number;
  ratio: number;
  span: number;
  pg: number; // MPa
  m: number;
  p0: number; // MPa
  dv: number; // cm3/mol
  beta: number;
  /** eV; undefined when the set has none (then only the reference temperature can be computed). */
  ea: number | undefined;
  /** ≥ 1 */
  coldPress: number;
}

export function lawState(v: Values): LawState {
  return {
    sigma0: get(v, K.bulk),
    b: get(v, K.bruggeman),
    eps0: get(v, K.contactOnset),
    ratio: get(v, K.contactRatio),
    span: get(v, K.contactSpan),
    pg: get(v, K.grainPressure),
    m: get(v, K.grainExponent),
    p0: get(v, K.residualPressure),
    dv: get(v, K.activationVolume),
    beta: v[K.compositeTortuosity] ?? 0,
    ea: v[K.activationEnergy],
    coldPress: v[K.coldPressFactor] ?? 1,
  };
}

/**
 * Temperature factor of the conductivity, σ(T)/σ(T_ref), in the σT form of the Arrhenius law:
 * σT = A exp(−E_a/k_B T) ⇒ σ(T)/σ(T_ref) = (T_ref/T) · exp(−E_a/k_B · (1/T − 1/T_ref)).
 * The σT form is the one that follows from the Nernst–Einstein relation for hopping ions (σ ∝ D/T)
 * and is the usual form for fast-ion conductors (Famprikis2019: m = −1); the plain σ form differs
 * from it by a factor T_ref/T (±4 % between 0 and 60 °C), well inside the spread of E_a.
 * References: Famprikis2019.
 */
function arrheniusFactor(s: LawState, temperatureK: number): number {
  if (temperatureK === REFERENCE_TEMPERATURE) return 1;
  if (s.ea === undefined) throw new Error(`conductivity parameters: "${K.activationEnergy}" is missing`);
  const t = temperatureK;
  return (REFERENCE_TEMPERATURE / t) * Math.exp((-s.ea / K_B) * (1 / t - 1 / REFERENCE_TEMPERATURE));
}

/**
 * Contact-limited factor C(ε) ∈ [1/R, 1]: 1 up to the onset ε_c, then falling log-linearly to 1/R
 * over the span Δε: C = R^(−min(1, (ε − ε_c)/Δε)). Non-increasing in ε.
 * References: Miss2026.
 */
export function contactFactor(s: LawState, eps: number): number {
  if (!(s.ratio > 1) || eps <= s.eps0) return 1;
  const x = s.span > 0 ? Math.min(1, (eps - s.eps0) / s.span) : 1;
  return Math.pow(s.ratio, -x);
}

/**
 * Stack-pressure factor S(P) = 1/(1 + (P_g/(P + P_0))^m) ∈ (0, 1]: grain contacts that open when
 * the stack pressure falls (a series contact resistance ∝ P^−m). Non-decreasing in P.
 * References: Cronau2021, Schneider2023.
 */
function stackFactor(s: LawState, pMPa: number): number {
  if (!(s.pg > 0)) return 1;
  return 1 / (1 + Math.pow(s.pg / (Math.max(0, pMPa) + s.p0), s.m));
}

/** Pressure loss of the lattice conductivity, exp(−P·ΔV/RT) ≤ 1. References: Schneider2023. */
function activationFactor(s: LawState, pMPa: number, temperatureK: number): number {
  if (!(s.dv > 0)) return 1;
  return Math.exp(-(Math.max(0, pMPa) * 1e6 * s.dv * 1e-6) / (R_GAS * temperatureK));
}

/**
 * σ [mS/cm] = σ₀/F · (1 − ε)^b · C(ε) · S(P) · exp(−PΔV/RT) · v_e^(1+β) · A(T), with F the cold-press
 * factor (1 unless σ₀ was measured on a sintered or heat-treated body and the layer is a powder) and
 * A(T) the Arrhenius factor relative to 25 °C.
 * References: Miss2026, Cronau2021, Schneider2023, Minnmann2021, Famprikis2019.
 */
export function conductivityMScm(
  s: LawState,
  porosity: number,
  stackMPa: number,
  electrolyteShare = 1,
  temperatureK = REFERENCE_TEMPERATURE,
  coldPressed = true,
): number {
  const eps = Math.min(1, Math.max(0, porosity));
  const ve = Math.min(1, Math.max(0, electrolyteShare));
  const composite = ve < 1 ? Math.pow(ve, 1 + s.beta) : 1;
  const coldPress = coldPressed ? Math.max(1, s.coldPress) : 1;
  return (
    (s.sigma0 / coldPress) *
    Math.pow(1 - eps, s.b) *
    contactFactor(s, eps) *
    stackFactor(s, stackMPa) *
    activationFactor(s, stackMPa, temperatureK) *
    composite *
    arrheniusFactor(s, temperatureK)
  );
}
