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
} as const;

const K = CONDUCTIVITY_KEYS;
const R_GAS = 8.314462618; // J/(mol K)
const ROOM = 298.15; // K

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
  };
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
function activationFactor(s: LawState, pMPa: number): number {
  if (!(s.dv > 0)) return 1;
  return Math.exp(-(Math.max(0, pMPa) * 1e6 * s.dv * 1e-6) / (R_GAS * ROOM));
}

/**
 * σ [mS/cm] = σ₀ · (1 − ε)^b · C(ε) · S(P) · exp(−PΔV/RT) · v_e^(1+β).
 * References: Miss2026, Cronau2021, Schneider2023, Minnmann2021.
 */
export function conductivityMScm(
  s: LawState,
  porosity: number,
  stackMPa: number,
  electrolyteShare = 1,
): number {
  const eps = Math.min(1, Math.max(0, porosity));
  const ve = Math.min(1, Math.max(0, electrolyteShare));
  const composite = ve < 1 ? Math.pow(ve, 1 + s.beta) : 1;
  return (
    s.sigma0 *
    Math.pow(1 - eps, s.b) *
    contactFactor(s, eps) *
    stackFactor(s, stackMPa) *
    activationFactor(s, stackMPa) *
    composite
  );
}
