/**
 * Creep of a Li-metal anode under the stack pressure, and the pressure it relaxes in a stiff fixture.
 *
 * Li creeps at room temperature (power law ε̇ = ε̇_ref·(σ/σ_ref)ⁿ, n ≈ 6.6, Masias2019). Squeezed between
 * the separator and the current collector, the foil thins by flowing sideways (and, once it touches the
 * die wall, into the die clearance): the creep model's foil law (`foilSqueeze`, src/models/creep/foil.ts)
 * gives the thickness after a hold at constant pressure. In a bolted fixture every micrometre the foil
 * loses unloads the fixture by k/A, so the pressure relaxes; the relaxation slows itself down both
 * because the pressure falls (rate ∝ Pⁿ) and because the friction hill of a thinner foil grows.
 *
 * The foil law is separable: its state depends on the pressure history only through ∫ Pⁿ dt (both its
 * stages integrate ε̇_ref·(P/σ_ref)ⁿ·dt against a function of the geometry). So under a varying pressure
 * the foil is where a foil held at a reference pressure P_ref for the equivalent time
 * t_eq = ∫ (P/P_ref)ⁿ dt would be. The coupled problem
 *
 *   P(t) = B(t) + S(t) − (k/A)·[h₀ − h(t_eq(t))],   dt_eq/dt = (P/P_ref)ⁿ
 *
 * (B the rest of the baseline: preload, fixture relaxation, irreversible growth; S the electrodes'
 * reversible term) is integrated by backward Euler on a time grid (geometric steps, the early ones short),
 * each step solved for the thickness lost by its end; over a step longer than a cycle Pⁿ is averaged over
 * the cycle's phases. Li creep values (exponent, rate) are the creep model's own (`creepParameters`),
 * not a second copy.
 * References: Masias2019, Doux2020, Groover2010
 */
import { brent } from "../../numerics/roots.js";
import { get, type Values } from "../params.js";
import { CREEP } from "../creep/keys.js";
import { foilSqueeze } from "../creep/foil.js";

/** Grid of the creep integration (time nodes) and of the foil's thickness table. */
const TIME_NODES = 24;
const TABLE_NODES = 24;
/** Shortest first step [s]. */
const FIRST_STEP = 1;

export interface AnodeCreepInput {
  /** Foil thickness at the start of operation [m]. */
  thickness: number;
  /**
   * Foil diameter [m]. Default: the die's — by the time a cell operates, its foil has been pressed at
   * assembly and fills the die (a 12.7 mm foil in a 13 mm die spreads to the wall after 4.6 % thinning),
   * so it can only flow into the die clearance.
   */
  diameter?: number;
  /** Die (cell) diameter [m]. */
  dieDiameter: number;
  /** Stiffness per area acting on the stack [Pa/m] (k/A). */
  stiffnessPerArea: number;
  /** Operation time [s]. */
  duration: number;
  /** The rest of the baseline pressure [Pa] at time t (without the creep loss). */
  baseline: (t: number) => number;
  /** Electrode term [Pa] at time t, and its values over one cycle's phases (for cycle averages). */
  electrode: (t: number) => number;
  /** Phase samples of the electrode term over one period (empty when not cycling). */
  cycle: { period: number; values: Float64Array };
  /** Cell temperature [K] (Li creeps θ(T) times faster than at 25 °C); default 25 °C. */
  temperature?: number;
}

export interface AnodeCreepLoss {
  /** Thickness the foil has lost by creep at time t [m] (piecewise linear between the nodes). */
  loss: (t: number) => number;
  /** Loss at the end of the operation [m]. */
  final: number;
}

/**
 * Thickness lost by creep of a Li foil over the operation, coupled with the pressure it relaxes.
 * See the module doc for the equations. Returns loss(t), 0 at t = 0, non-decreasing.
 * References: Masias2019, Doux2020, Groover2010
 */
export function anodeCreepLoss(input: AnodeCreepInput, creepValues: Values): AnodeCreepLoss {
  const { thickness: h0, dieDiameter, stiffnessPerArea: K, duration: T } = input;
  const none: AnodeCreepLoss = { loss: () => 0, final: 0 };
  if (!(h0 > 0) || !(T > 0) || !(K > 0) || !(dieDiameter > 0)) return none;
  const n = get(creepValues, CREEP.creepExponent);
  const foilD = Math.min(dieDiameter, input.diameter ?? dieDiameter);

  // Pressures in units of P_ref keep (P/P_ref)ⁿ in range.
  const cycleVals = input.cycle.values;
  let sMax = 0;
  for (const s of cycleVals) sMax = Math.max(sMax, s);
  let pRef = 0;
  for (let i = 0; i <= 16; i++) pRef = Math.max(pRef, input.baseline((T * i) / 16));
  pRef += sMax;
  if (!(pRef > 0)) return none;

  // Thickness table h(t_eq) from the creep model's foil law at P_ref, t_eq log-spaced.
  const teMax = T * 1.5;
  const teMin = Math.min(1e-6 * T, 1e-3);
  const lnTe = new Float64Array(TABLE_NODES);
  const hTab = new Float64Array(TABLE_NODES);
  for (let i = 0; i < TABLE_NODES; i++) {
    const te = teMin * (teMax / teMin) ** (i / (TABLE_NODES - 1));
    lnTe[i] = Math.log(te);
    hTab[i] = foilSqueeze(pRef, te, h0, foilD, dieDiameter, creepValues, input.temperature).thickness;
  }
  const hAt = (te: number): number => {
    if (!(te > 0)) return h0;
    const x = Math.log(te);
    if (x <= lnTe[0]!) return h0 + ((hTab[0]! - h0) * te) / Math.exp(lnTe[0]!);
    if (x >= lnTe[TABLE_NODES - 1]!) {
      // Beyond the table: the foil law once more (rare: only when P rose far above P_ref).
      return foilSqueeze(pRef, te, h0, foilD, dieDiameter, creepValues, input.temperature).thickness;
    }
    let lo = 0;
    let hi = TABLE_NODES - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (lnTe[mid]! <= x) lo = mid;
      else hi = mid;
    }
    const f = (x - lnTe[lo]!) / (lnTe[hi]! - lnTe[lo]!);
    return hTab[lo]! + f * (hTab[hi]! - hTab[lo]!);
  };

  // Upper bound: the whole operation at the highest pressure. Below 100 Pa's worth of creep, none.
  if (K * (h0 - hAt(T)) < 100) return none;
  // Cycle averages over at most 8 phases (Pⁿ is smooth in the phase; the grid's nodes suffice).
  const stride = Math.max(1, Math.ceil(input.cycle.values.length / 8));
  const phaseVals = input.cycle.values.filter((_, i) => i % stride === 0);

  // Time nodes: 0, then geometric from FIRST_STEP to T.
  const t0 = Math.min(FIRST_STEP, T / TIME_NODES);
  const times = new Float64Array(TIME_NODES + 1);
  for (let i = 1; i <= TIME_NODES; i++) times[i] = t0 * (T / t0) ** ((i - 1) / (TIME_NODES - 1));
  const losses = new Float64Array(TIME_NODES + 1);
  let te = 0;
  let c = 0;
  const period = input.cycle.period;
  for (let i = 1; i <= TIME_NODES; i++) {
    const a = times[i - 1]!;
    const b = times[i]!;
    const dt = b - a;
    // Mean of (P/P_ref)ⁿ over the step with the loss c at its end (backward Euler).
    const meanPower = (loss: number): number => {
      const base = input.baseline(b) - K * loss;
      let sum = 0;
      let m = 0;
      if (phaseVals.length > 1 && dt >= period) {
        for (const s of phaseVals) {
          sum += Math.max(0, (base + s) / pRef) ** n;
          m++;
        }
      } else {
        const samples = 4;
        for (let j = 0; j < samples; j++) {
          const t = a + ((j + 0.5) * dt) / samples;
          sum += Math.max(0, (base + input.electrode(t)) / pRef) ** n;
          m++;
        }
      }
      return sum / m;
    };
    const g = (loss: number) => loss - (h0 - hAt(te + dt * meanPower(loss)));
    // g is increasing in the loss: more loss → lower pressure → less creep. The creep at the step's
    // start pressure (loss c) is the most the step can do: it brackets the root tightly.
    const most = h0 - hAt(te + dt * meanPower(c));
    if (!(most > c)) {
      losses[i] = c;
      continue;
    }
    const cEnd = brent(g, c, most, { xtol: Math.max(1e-3 * (most - c), 1e-13) });
    te += dt * meanPower(cEnd);
    c = Math.max(c, cEnd);
    losses[i] = c;
  }
  const loss = (t: number): number => {
    if (t <= 0) return 0;
    if (t >= T) return losses[TIME_NODES]!;
    let lo = 0;
    let hi = TIME_NODES;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= t) lo = mid;
      else hi = mid;
    }
    const f = (t - times[lo]!) / (times[hi]! - times[lo]!);
    return losses[lo]! + f * (losses[hi]! - losses[lo]!);
  };
  return { loss, final: losses[TIME_NODES]! };
}
