/**
 * Densification of a powder layer: the Heckel line under load, elastic springback on release,
 * warm pressing, and the load share of the electrolyte in a composite with hard active particles.
 * Pure closed forms (plus a short bisection far above lab pressures); no material lookup here, so the
 * fit can use these functions before any parameter file exists.
 */
import { get, type Values } from "../params.js";

/** Parameter keys (units in brackets). */
export const DENSIFICATION_KEYS = {
  /** Pressure at which the density below is quoted (the centroid of the fitted data; a parameterisation). */
  referencePressure: "Reference pressure [MPa]",
  /** Relative density under load at the reference pressure. */
  referenceDensity: "Relative density under load at reference pressure [-]",
  /** K of ln(1/(1 − D)) = K·P + A. */
  heckelSlope: "Heckel slope [1/MPa]",
  /** Thickness recovery on release r = P/E_s. */
  springbackModulus: "Springback modulus [GPa]",
  /** Fractional rise of the effective pressure per kelvin above 25 °C. */
  warmSoftening: "Warm-pressing softening [1/K]",
  /** s = (1 − v_rigid)^m: the share of the pressure the electrolyte carries in a composite. */
  loadShareExponent: "Composite load-share exponent [-]",
} as const;

const K = DENSIFICATION_KEYS;

/** Room temperature at which all calibration data were taken [K]. */
const ROOM_TEMPERATURE = 298.15;
/** A poured powder is never less dense than this (guards sampled parameter sets, not the fits). */
const MIN_DENSITY = 0.2;
const Y_MIN = -Math.log(1 - MIN_DENSITY);
/** ln(1/(1 − D)) is capped here so that D stays strictly below 1 in double precision. */
const Y_MAX = 30;

/** Heckel ordinate y = ln(1/(1 − D)). */
const heckelY = (d: number): number => -Math.log(1 - d);
/** Inverse of `heckelY`. */
const heckelD = (y: number): number => 1 - Math.exp(-y);

/** Everything the closed forms need, unpacked once from a `Values` record (pressures in MPa). */
export interface HeckelState {
  pRef: number;
  yRef: number;
  slope: number;
  /** E_s [MPa]. */
  springback: number;
  warm: number;
}

export function heckelState(values: Values): HeckelState {
  return {
    pRef: get(values, K.referencePressure),
    yRef: heckelY(get(values, K.referenceDensity)),
    slope: get(values, K.heckelSlope),
    springback: get(values, K.springbackModulus) * 1000,
    warm: get(values, K.warmSoftening),
  };
}

/** Pressure multiplier of warm pressing: 1 + α·(T − 298 K) above room temperature, 1 below. */
export function warmFactor(temperatureK: number, alpha: number): number {
  return 1 + alpha * Math.max(0, temperatureK - ROOM_TEMPERATURE);
}

/**
 * Heckel ordinate under load at effective pressure pEff [MPa], clamped to the poured-powder floor
 * and to the double-precision ceiling.
 */
function yUnderLoad(s: HeckelState, pEff: number): number {
  const y = s.yRef + s.slope * (pEff - s.pRef);
  return Math.min(Y_MAX, Math.max(Y_MIN, y));
}

/**
 * Relative density under load at pressure p [MPa]:
 *   ln(1/(1 − D)) = y_ref + K·(τ·λ·p − P_ref),   τ = warm factor, λ = composite load share.
 * References: Sakuda2013, Cronau2021, Varkey2026, Schneider2023 (Heckel form fitted per material).
 */
export function densityUnderLoad(s: HeckelState, p: number, tau = 1): number {
  return heckelD(yUnderLoad(s, tau * p));
}

/**
 * Relative density after release from the highest pressure pMax [MPa]. The compact springs back
 * elastically by r = pMax/E_s of its thickness, D_rel = D_load/(1 + r). Far above lab pressures the
 * Heckel gain per MPa becomes smaller than the springback loss; there the released density is held
 * at its maximum so that more pressure never lowers it (the released density is the upper envelope
 * max_{p ≤ pMax} D_load(p)/(1 + p/E_s)).
 * References: Schneider2023 (≈4 % thickness recovery of t-Li7SiPS8).
 */
export function densityReleased(s: HeckelState, pMax: number, tau = 1): number {
  const E = s.springback;
  const f = (p: number): number => densityUnderLoad(s, p, tau) / (1 + p / E);
  const y = s.yRef + s.slope * (tau * pMax - s.pRef);
  if (y <= Y_MIN) return MIN_DENSITY; // still at the poured density: nothing to spring back
  const kt = s.slope * tau;
  // g(p) ∝ d/dp [D/(1 + p/E)]: positive while densifying outweighs springback; strictly decreasing.
  const g = (p: number): number => {
    const yp = s.yRef + s.slope * (tau * p - s.pRef);
    if (yp >= Y_MAX) return -1;
    const d = heckelD(yp);
    return kt * (1 - d) * (1 + p / E) - d / E;
  };
  if (g(pMax) >= 0) return Math.max(MIN_DENSITY, f(pMax));
  if (!(kt > 0)) return Math.max(MIN_DENSITY, f(0)); // no densification at all: nothing gained by pressing
  // Find the envelope's peak p* in (p_floor, pMax) by bisection (rare: only far above lab pressures).
  const pFloor = Math.max(0, (Y_MIN - s.yRef) / kt + s.pRef / tau);
  let lo = pFloor;
  let hi = pMax;
  if (g(lo) <= 0) return Math.max(MIN_DENSITY, f(lo));
  for (let i = 0; i < 60; i++) {
    const m = 0.5 * (lo + hi);
    if (g(m) > 0) lo = m;
    else hi = m;
  }
  return Math.max(MIN_DENSITY, f(lo));
}

/**
 * Relative density at the current pressure p ≤ pMax [MPa] of a layer that has seen pMax: the
 * released compact re-compressed elastically, D = min(D_load(pMax), D_rel(pMax)·(1 + p/E_s)).
 * p = 0 gives the released density, p = pMax the density under load.
 */
export function densityAt(s: HeckelState, pMax: number, p: number, tau = 1): number {
  const pm = Math.max(0, pMax);
  const pc = Math.min(Math.max(0, p), pm);
  const rel = densityReleased(s, pm, tau);
  return Math.min(densityUnderLoad(s, pm, tau), rel * (1 + pc / s.springback));
}

/** Load share of the electrolyte in a composite whose solids are a fraction vRigid of hard particles. */
export function loadShare(vRigid: number, exponent: number): number {
  const v = Math.min(1, Math.max(0, vRigid));
  return Math.pow(1 - v, exponent);
}
