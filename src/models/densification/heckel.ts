/**
 * Densification of a powder layer: a compaction law with a particle-rearrangement stage at low
 * pressure and Heckel's plastic-deformation stage above it, elastic springback with the modulus of
 * the porous pressed pellet (not the dense crystal's), warm pressing, and the load share of the
 * electrolyte in a composite with hard active particles.
 * Pure closed forms (plus a short scan for the released envelope); no material lookup here, so the
 * fit can use these functions before any parameter file exists.
 */
import { get, type Values } from "../params.js";

/** Parameter keys (units in brackets). */
export const DENSIFICATION_KEYS = {
  /** Pressure at which the density below is quoted (the centroid of the fitted data; a parameterisation). */
  referencePressure: "Reference pressure [MPa]",
  /** Relative density under load at the reference pressure. */
  referenceDensity: "Relative density under load at reference pressure [-]",
  /** K of the plastic stage, ln(1/(1 − D)) = … + K·P. */
  heckelSlope: "Heckel slope [1/MPa]",
  /** Relative density of the powder as poured into the die (P = 0). */
  pouredDensity: "Poured relative density [-]",
  /** Pressure over which particle rearrangement runs its course (1 − e^(−P/P_r)). */
  rearrangementPressure: "Rearrangement pressure [MPa]",
  /** Young's modulus of the pore-free material (E₀ of the pellet-modulus law). */
  denseModulus: "Dense Young's modulus [GPa]",
  /** n of E = E₀·(1 − ε/ε_c)^n, ε_c the poured porosity. */
  pelletModulusExponent: "Pellet modulus porosity exponent [-]",
  /** Upper bound of the thickness recovery on release (yielding contacts cap the elastic strain). */
  maxSpringback: "Maximum springback strain [-]",
  /** Fractional rise of the effective pressure per kelvin above 25 °C. */
  warmSoftening: "Warm-pressing softening [1/K]",
  /** s = (1 − v_rigid)^m: the share of the pressure the electrolyte carries in a composite. */
  loadShareExponent: "Composite load-share exponent [-]",
} as const;

const K = DENSIFICATION_KEYS;

/** Room temperature at which all calibration data were taken [K]. */
const ROOM_TEMPERATURE = 298.15;
/** ln(1/(1 − D)) is capped here so that D stays strictly below 1 in double precision. */
const Y_MAX = 30;
/** Grid of the released-density envelope (see `densityReleased`). */
const ENVELOPE_POINTS = 24;
/**
 * Released densities remembered per state: a simulation asks for the same layer's released density
 * at its highest pressure at every snapshot and timeline point, and each answer is a 24-point scan.
 * Bounded, so a long sweep over pressures cannot grow it without limit.
 */
const ENVELOPE_MEMO_SIZE = 64;

/** Heckel ordinate y = ln(1/(1 − D)). */
const heckelY = (d: number): number => -Math.log(1 - d);
/** Inverse of `heckelY`. */
const heckelD = (y: number): number => 1 - Math.exp(-y);

/** Everything the closed forms need, unpacked once from a `Values` record (pressures in MPa). */
export interface HeckelState {
  pRef: number;
  yRef: number;
  slope: number;
  /** Ordinate of the poured powder, ln(1/(1 − D₀)). */
  y0: number;
  /** Rearrangement pressure P_r [MPa]. */
  pR: number;
  /** Rearrangement amplitude B ≥ 0 (Heckel ordinate gained by rearrangement). */
  b: number;
  /** Dense modulus E₀ [MPa]. */
  e0: number;
  /** Porosity exponent n of the pellet modulus. */
  n: number;
  /** Critical porosity ε_c = 1 − D₀ at which the compact has no stiffness. */
  epsC: number;
  /** Cap of the springback strain. */
  rMax: number;
  warm: number;
  /** Released densities at room temperature already computed, by the highest pressure [MPa]. */
  released: Map<number, number>;
}

/** The parameters a state is built from, in a fixed order (to tell whether a memo is still valid). */
const STATE_KEYS = [
  K.referencePressure,
  K.referenceDensity,
  K.heckelSlope,
  K.pouredDensity,
  K.rearrangementPressure,
  K.denseModulus,
  K.pelletModulusExponent,
  K.maxSpringback,
  K.warmSoftening,
] as const;

/**
 * States already unpacked, by the `Values` record they came from. A parameter draw keeps one record
 * per set for the whole simulation, so its state (and the state's memo of released densities) is
 * reused; the numbers are compared on every hit, so a record changed in place is unpacked again.
 */
const states = new WeakMap<Values, { inputs: number[]; state: HeckelState }>();

export function heckelState(values: Values): HeckelState {
  // compared in place: this runs for every density the simulator asks for, so no array per call
  const known = states.get(values);
  if (known && STATE_KEYS.every((k, i) => Object.is(values[k], known.inputs[i]))) return known.state;
  const state = unpack(values);
  states.set(values, { inputs: STATE_KEYS.map((k) => get(values, k)), state });
  return state;
}

function unpack(values: Values): HeckelState {
  const pRef = get(values, K.referencePressure);
  const yRef = heckelY(get(values, K.referenceDensity));
  const slope = get(values, K.heckelSlope);
  const d0 = get(values, K.pouredDensity);
  const pR = get(values, K.rearrangementPressure);
  const y0 = heckelY(d0);
  // The curve passes through (P_ref, D_ref): B = (y_ref − y0 − K·P_ref)/(1 − e^(−P_ref/P_r)); a
  // negative B (a line already above the poured density at P = 0) means no rearrangement stage.
  const reach = pR > 0 ? 1 - Math.exp(-pRef / pR) : 1;
  const b = Math.max(0, (yRef - y0 - slope * pRef) / reach);
  return {
    pRef,
    yRef,
    slope,
    y0,
    pR,
    b,
    e0: get(values, K.denseModulus) * 1000,
    n: get(values, K.pelletModulusExponent),
    epsC: 1 - d0,
    rMax: get(values, K.maxSpringback),
    warm: get(values, K.warmSoftening),
    released: new Map(),
  };
}

/** Pressure multiplier of warm pressing: 1 + α·(T − 298 K) above room temperature, 1 below. */
export function warmFactor(temperatureK: number, alpha: number): number {
  return 1 + alpha * Math.max(0, temperatureK - ROOM_TEMPERATURE);
}

/**
 * Heckel ordinate under load at effective pressure pEff [MPa]: poured powder, plus rearrangement
 * that saturates over P_r, plus Heckel's plastic line,
 *   y = y0 + B·(1 − e^(−P/P_r)) + K·P.
 * Heckel1961 wrote the intercept of his line as A = ln(1/(1 − D₀)) + B, B the densification by
 * rearrangement before plastic flow; the exponential makes that stage run its course over P_r.
 */
function yUnderLoad(s: HeckelState, pEff: number): number {
  const p = Math.max(0, pEff);
  const rearr = s.pR > 0 ? 1 - Math.exp(-p / s.pR) : 1;
  return Math.min(Y_MAX, s.y0 + s.b * rearr + s.slope * p);
}

/**
 * Relative density under load at pressure p [MPa] (τ = warm factor, applied to the pressure).
 * References: Heckel1961 (form), Sakuda2013, Cronau2021, Varkey2026, Schneider2023, Doux2020.
 */
export function densityUnderLoad(s: HeckelState, p: number, tau = 1): number {
  return heckelD(yUnderLoad(s, tau * p));
}

/**
 * Young's modulus [MPa] of the pressed compact at porosity ε: E = E₀·(1 − ε/ε_c)^n (Phani and
 * Niyogi's porous-solid law, PhaniNiyogi1987), with ε_c the poured porosity where the particles only
 * touch and the compact has no stiffness. n is anchored on a 13 %-porous cold-pressed Li6PS5Cl
 * pellet measured at 4.7 GPa against 22.1 GPa dense (materials.csv, Deng2016).
 */
export function pelletModulus(s: HeckelState, porosity: number): number {
  const x = Math.max(0, 1 - Math.max(0, porosity) / s.epsC);
  return s.e0 * Math.pow(x, s.n);
}

/**
 * Thickness recovery on release from p [MPa]: r = p/E(ε_load), the compact unloading with the
 * modulus of its own porosity under load, capped at r_max: while the compact is porous its contacts
 * yield, so the elastic strain they store saturates instead of growing without bound as E → 0.
 */
export function springbackStrain(s: HeckelState, p: number, tau = 1): number {
  if (!(p > 0)) return 0;
  const eps = 1 - densityUnderLoad(s, p, tau);
  const e = pelletModulus(s, eps);
  return e > 0 ? Math.min(s.rMax, p / e) : s.rMax;
}

/** Density right after release from p: D_load/(1 + r). */
function releasedFrom(s: HeckelState, p: number, tau: number): number {
  return densityUnderLoad(s, p, tau) / (1 + springbackStrain(s, p, tau));
}

/**
 * Relative density after release from the highest pressure pMax [MPa]: D_load/(1 + r). Springback
 * grows with pressure, so the released curve could in principle turn down; more pressure never
 * lowers the density of a real pellet (the extra plastic work stays), so the released density is
 * the upper envelope max_{p ≤ pMax} D_load(p)/(1 + r(p)), taken on a grid.
 * References: Schneider2023 (≈4 % thickness recovery of t-Li7SiPS8), PhaniNiyogi1987, Deng2016.
 */
export function densityReleased(s: HeckelState, pMax: number, tau = 1): number {
  const pm = Math.max(0, pMax);
  const memo = tau === 1 ? s.released.get(pm) : undefined;
  if (memo !== undefined) return memo;
  let best = releasedFrom(s, pm, tau);
  for (let i = 1; i < ENVELOPE_POINTS; i++) {
    best = Math.max(best, releasedFrom(s, (pm * i) / ENVELOPE_POINTS, tau));
  }
  const d = Math.max(best, heckelD(s.y0));
  if (tau === 1) {
    if (s.released.size >= ENVELOPE_MEMO_SIZE) s.released.clear();
    s.released.set(pm, d);
  }
  return d;
}

/**
 * Relative density at the current pressure p ≤ pMax [MPa] of a layer that has seen pMax: the
 * released compact re-compressed elastically along its unloading line,
 * D = min(D_load(pMax), D_rel(pMax)·(1 + r(pMax)·p/pMax)).
 * p = 0 gives the released density, p = pMax the density under load.
 */
export function densityAt(s: HeckelState, pMax: number, p: number, tau = 1): number {
  const pm = Math.max(0, pMax);
  const pc = Math.min(Math.max(0, p), pm);
  const rel = densityReleased(s, pm, tau);
  if (!(pm > 0)) return rel;
  const r = springbackStrain(s, pm, tau);
  return Math.min(densityUnderLoad(s, pm, tau), rel * (1 + (r * pc) / pm));
}

/** Load share of the electrolyte in a composite whose solids are a fraction vRigid of hard particles. */
export function loadShare(vRigid: number, exponent: number): number {
  const v = Math.min(1, Math.max(0, vRigid));
  return Math.pow(1 - v, exponent);
}
