/**
 * A Li foil pressed in the die: creep thinning and sideways extrusion of the foil, and Li pushed into
 * the separator's pores, during one press step (pressure held for a time).
 */
import { SsbError } from "../../core/errors.js";
import { brent } from "../../numerics/roots.js";
import { get, type Values } from "../params.js";
import { CREEP, CREEP_REFERENCE_STRESS_MPA } from "./keys.js";
import {
  checkTemperature,
  creepTemperatureFactor,
  lognormalShortProbability,
  mechanicalIntrusionPressure,
  mechanicalShortProbability,
  penetrationVelocityMpa,
} from "./model.js";

const MPA = 1e6;
const UM = 1e-6;
/** Sticking-friction slab factor 2/(3√3): mean pressure on a disc = Y·(1 + 2R/(3√3·h)). */
const SLAB = 2 / (3 * Math.sqrt(3));

/** Die of the Doux 2020 calibration cells (13 mm) and its foil (12.7 mm discs), used when not given. */
const DEFAULT_DIE_DIAMETER = 0.013;
const DEFAULT_FOIL_TO_DIE_DIAMETER = 12.7 / 13;

/** A press step with a Li foil in the die (SI units). */
export interface AssemblyConditions {
  /** Pressure held on the stack [Pa]. */
  pressure: number;
  /** Hold time at that pressure [s]. */
  hold: number;
  /** Open porosity of the separator the foil sits on, 0..1. */
  separatorPorosity: number;
  /** Separator thickness [m]. */
  separatorThickness: number;
  /** Li foil thickness before the step [m]. */
  liThickness: number;
  /** Li foil diameter [m]; default 12.7/13 of the die diameter (Doux 2020 discs). */
  liDiameter?: number;
  /** Die bore diameter [m]; default 13 mm. */
  dieDiameter?: number;
  /** Die temperature during the step [K]; default 298.15 K. A hot press creeps the Li faster. */
  temperature?: number;
}

export interface AssemblyResult {
  /** Probability that Li bridged the separator during the step (mechanical intrusion or creep). */
  shortProbability: number;
  /** Fraction of the foil's Li that left its original footprint (sideways, into the die clearance or into the pores). */
  extrudedFraction: number;
  /** Li thickness left over the foil's original footprint after the step [m]. */
  thicknessAfter: number;
  /** Depth the Li front reached in the separator's pores [m] (the separator thickness when it bridged it). */
  intrusionDepth: number;
  /** Length of the Li fin squeezed into the die clearance [m] (0 when the foil never reached the die wall). */
  clearanceExtrusion: number;
}

function usage(message: string): never {
  throw new SsbError("usage", `assemblyIntrusion: ${message}`);
}

// 16-point Gauss–Legendre nodes and weights on [−1, 1] (positive half; symmetric).
const GL_X = [
  0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438, 0.755404408355003,
  0.8656312023878318, 0.9445750230732326, 0.9894009349916499,
];
const GL_W = [
  0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767, 0.1246289712555339,
  0.0951585116824928, 0.0622535239386479, 0.0271524594117541,
];

/**
 * H(w₀, w) = ∫_{w₀}^{w} sⁿ/(s − 1) ds for 1 < w₀ ≤ w, exactly up to a smooth remainder:
 * sⁿ/(s − 1) = Σ_{k=1..K} s^{n−k} + s^{n−K}/(s − 1) with K = ⌊n⌋; the powers integrate in closed form
 * and the remainder, with s − 1 = e^z, becomes ∫ (1 + e^z)^{n−K} dz, smooth, by 16-point Gauss–Legendre.
 */
export function squeezeIntegral(w0: number, w: number, n: number): number {
  const K = Math.floor(n);
  const alpha = n - K;
  let sum = 0;
  for (let k = 1; k <= K; k++) {
    const e = n - k + 1;
    sum += (w ** e - w0 ** e) / e;
  }
  const z0 = Math.log(w0 - 1);
  const z1 = Math.log(w - 1);
  const mid = (z0 + z1) / 2;
  const half = (z1 - z0) / 2;
  let rem = 0;
  for (let i = 0; i < 8; i++) {
    const dz = half * (GL_X[i] as number);
    rem += (GL_W[i] as number) * ((1 + Math.exp(mid + dz)) ** alpha + (1 + Math.exp(mid - dz)) ** alpha);
  }
  return sum + rem * half;
}

/**
 * Foil thinning of one press step, before any loss into the separator's pores.
 * Stage 1 (foil smaller than the die): the disc spreads freely; with sticking friction the slab method
 * gives the mean pressure p = σ·F, F = 1 + 2R/(3√3 h), so the thickness strain u = ln(h₀/h) obeys the
 * stiff ODE (rates of 10⁹/s at first at high pressure, self-limiting as the friction hill grows)
 *   du/dt = ε̇(p/F) = ε̇_ref·(p/σ_ref)ⁿ·F⁻ⁿ,   F(u) = 1 + c₁e^{3u/2},  c₁ = 2R₀/(3√3 h₀)
 * (R = R₀e^{u/2}, h = h₀e^{−u}). It is separable: with w = F, 1.5·ε̇_ref·(p/σ_ref)ⁿ·t = H(F₀, F)
 * ({@link squeezeIntegral}), solved for F at the end of the hold (the tests check this against the
 * Rosenbrock integrator solveStiff) until the foil reaches the die wall.
 * Stage 2 (confined): Li can only squeeze into the radial die clearance δ; the pressure needed is the
 * friction hill of the foil plus Johnson's extrusion term for the entry and sticking friction along
 * the fin of length ℓ: p = σ·(F₀ + 2ℓ/(√3δ)), F₀ = a + b·ln(R_d/2δ) + 2R_d/(3√3 h). With the fin
 * advancing at dℓ/dt = (√3/2)·δ·ε̇(σ) this integrates in closed form:
 *   F(t)^{n+1} = F₀^{n+1} + (n+1)·ε̇_ref·(p/σ_ref)ⁿ·t.
 * Returns the thickness over the foil's footprint, the time at which the foil reached the die wall
 * (Infinity if it did not) and the fin length [m].
 * References: Masias2019, Groover2010
 */
export function foilSqueeze(
  pressure: number,
  hold: number,
  liThickness: number,
  liDiameter: number,
  dieDiameter: number,
  values: Values,
  temperature?: number,
): { thickness: number; confinedAt: number; fin: number } {
  const h0 = liThickness;
  const p = pressure / MPA;
  if (p <= 0 || hold <= 0) return { thickness: h0, confinedAt: Infinity, fin: 0 };
  const n = get(values, CREEP.creepExponent);
  const theta =
    temperature === undefined
      ? 1
      : creepTemperatureFactor(checkTemperature("foilSqueeze", temperature), values);
  const drive = get(values, CREEP.creepRateRef) * theta * (p / CREEP_REFERENCE_STRESS_MPA) ** n; // ε̇ at σ = p
  const R0 = Math.min(liDiameter, dieDiameter) / 2;
  const Rd = dieDiameter / 2;
  let hc = h0;
  let t1 = 0;
  if (R0 < Rd) {
    const c1 = (SLAB * R0) / h0;
    const w0 = 1 + c1;
    const wWall = 1 + c1 * (Rd / R0) ** 3; // F when R = R_d (h = h₀R₀²/R_d²)
    const target = 1.5 * drive * hold;
    const hWall = squeezeIntegral(w0, wWall, n);
    if (hWall > target) {
      // Still spreading freely at the end of the hold: find F with H(F₀, F) = target, in z = ln(F − 1).
      const g = (x: number) => squeezeIntegral(w0, 1 + Math.exp(x), n) - target;
      // A strain too small for the quadrature to resolve (tiny target): the foil has not moved.
      if (!(g(Math.log(c1)) < 0)) return { thickness: h0, confinedAt: Infinity, fin: 0 };
      const z = brent(g, Math.log(c1), Math.log(wWall - 1), {
        xtol: 1e-12,
      });
      const u = (z - Math.log(c1)) / 1.5;
      return { thickness: h0 * Math.exp(-u), confinedAt: Infinity, fin: 0 };
    }
    t1 = hWall / (1.5 * drive);
    hc = (h0 * R0 * R0) / (Rd * Rd);
  }
  const delta = get(values, CREEP.dieClearance) * UM;
  const entry =
    get(values, CREEP.extrusionA) + get(values, CREEP.extrusionB) * Math.log(Math.max(1, Rd / (2 * delta)));
  const F0 = entry + (SLAB * Rd) / hc;
  const F = (F0 ** (n + 1) + (n + 1) * drive * (hold - t1)) ** (1 / (n + 1));
  const fin = (F - F0) * (Math.sqrt(3) / 2) * delta;
  const lost = (2 * delta * fin) / Rd; // fin volume 2πR_d·δ·ℓ spread over the die area πR_d²
  // Thickness over the original footprint: the confined foil covers the die area at thickness hc − lost.
  return { thickness: Math.max(0, hc - lost), confinedAt: t1, fin };
}

/**
 * One press step with Li already in the die: how much Li was extruded, the thickness left, and the
 * probability that Li bridged the separator.
 *  - foil thinning and sideways extrusion: {@link foilSqueeze} (power-law creep of Li, slab method);
 *  - Li into the separator's pores: the front advances at the creep-driven velocity of the slow regime
 *    (no current), x = min(L, v·t_hold), filling the open porosity (loss φ·x of foil thickness); above
 *    the mechanical intrusion pressure it crosses the whole separator (x = L);
 *  - short probability 1 − (1 − P_mech)(1 − P_creep) as in the operating model, with the hold as the
 *    duration.
 * The foil's thickness over its original footprint is reported; extrudedFraction = 1 − h_after/h₀.
 * Temperature (a heated die) speeds every creep rate by θ(T) and lowers the intrusion threshold.
 * References: Doux2020, Masias2019, Groover2010, Vanfleet1972
 */
export function assemblyIntrusion(c: AssemblyConditions, values: Values): AssemblyResult {
  const { pressure, hold, separatorPorosity: phi, separatorThickness: L, liThickness: h0 } = c;
  if (!Number.isFinite(pressure)) usage(`pressure must be a finite number of Pa, got ${pressure}`);
  if (!(hold >= 0 && Number.isFinite(hold))) usage(`hold must be >= 0 s, got ${hold}`);
  if (!(phi >= 0 && phi <= 1)) usage(`separatorPorosity must be between 0 and 1, got ${phi}`);
  if (!(L > 0 && Number.isFinite(L))) usage(`separatorThickness must be > 0 m, got ${L}`);
  if (!(h0 > 0 && Number.isFinite(h0))) usage(`liThickness must be > 0 m, got ${h0}`);
  const dieDiameter = c.dieDiameter ?? DEFAULT_DIE_DIAMETER;
  const liDiameter = c.liDiameter ?? dieDiameter * DEFAULT_FOIL_TO_DIE_DIAMETER;
  if (!(dieDiameter > 0 && Number.isFinite(dieDiameter)))
    usage(`dieDiameter must be > 0 m, got ${dieDiameter}`);
  if (!(liDiameter > 0 && Number.isFinite(liDiameter))) usage(`liDiameter must be > 0 m, got ${liDiameter}`);

  const T = checkTemperature("assemblyIntrusion", c.temperature);
  const p = Math.max(0, pressure) / MPA;
  const squeeze = foilSqueeze(p * MPA, hold, h0, liDiameter, dieDiameter, values, T);
  const mechanical = p > 0 && p * MPA >= mechanicalIntrusionPressure(phi, values, T);
  const v = penetrationVelocityMpa(p, phi, 0, values, T);
  const depth = mechanical ? L : Math.min(L, v * hold);
  const thicknessAfter = Math.max(0, squeeze.thickness - phi * depth);
  const pMech = mechanicalShortProbability(p, phi, values, T);
  const pCreep = lognormalShortProbability(hold, v > 0 ? L / v : Infinity, values);
  return {
    shortProbability: 1 - (1 - pMech) * (1 - pCreep),
    extrudedFraction: 1 - thicknessAfter / h0,
    thicknessAfter,
    intrusionDepth: depth,
    clearanceExtrusion: squeeze.fin,
  };
}
