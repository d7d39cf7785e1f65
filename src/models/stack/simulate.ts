/**
 * Stack pressure during cycling (MODELS.md item 6): the electrodes' thickness change acts against the
 * fixture, and the fixture itself relaxes slowly. Closed form in time — no ODE — so a thousand cycles
 * cost a few thousand exponentials:
 *
 *   P(t) = max(0, P₀ − ΔP_r·(1 − e^(−t/τ)) + (k_eff/A)·Δh(q(t)))
 *
 * P₀ the pressure at the start (bolted fixtures: times the preload factor), ΔP_r = c·f_r·P₀ the
 * relaxation the fixture reaches (c = 1 rigid, k_eff/k_frame spring, 0 servo), k_eff the fixture
 * stiffness acting on the stack, A the cell area, Δh(q) the stack's thickness change after charge q
 * has moved to the anode (see thickness.ts), q(t) a triangle wave between 0 and the half-cycle
 * capacity at the given current density. P is clamped at zero (the fixture lifts off).
 */
import { brent } from "../../numerics/roots.js";
import { get, nominal, type Values } from "../params.js";
import { stackParameters, volumeChangeCurves } from "../parameters/stack.js";
import { KEYS, thicknessProfile, type AnodeSpec, type CathodeSpec, type VolumeCurves } from "./thickness.js";

type FixtureSpec =
  | { type: "rigid"; /** [N/m] */ stiffness?: number }
  | { type: "spring"; /** [N/m] */ rate?: number; /** [N] */ preload?: number }
  | { type: "servo" };

interface CyclingConditions {
  /** Areal charge per half cycle [C/m²] (1 mAh/cm² = 36 000 C/m²). */
  capacity: number;
  /** Current density [A/m²] (1 mA/cm² = 10 A/m²). */
  current: number;
}

interface OutputOptions {
  /** Samples per half cycle in the returned series (default 4; the model is analytic in between). */
  pointsPerHalfCycle?: number;
  /** Largest series length (default 20 000); above it the series becomes a per-cycle envelope. 0: no series. */
  maxPoints?: number;
  /** Return the per-cycle envelope (the max and min of every cycle) instead of the full curve. */
  envelope?: boolean;
}

export interface OperationInput {
  fixture: FixtureSpec;
  /** Cell (pellet) area [m²]. */
  area: number;
  /** Stack pressure set at assembly [Pa] (spring: overridden by `preload`/area when given). */
  basePressure: number;
  /** Allowed band [Pa]. */
  band?: { min?: number; max?: number };
  /** Operation time [s]. */
  duration: number;
  cycling: CyclingConditions;
  cathode?: CathodeSpec;
  anode: AnodeSpec;
  /** Symmetric cell (e.g. Li|SE|Li): what one electrode gains the other loses. */
  symmetric?: boolean;
  /** Pressure below which interfacial contact is taken as lost [Pa]; default: the model parameter (2 MPa). */
  contactThreshold?: number;
  output?: OutputOptions;
}

export interface OperationResult {
  /** [s] */
  time: Float64Array;
  /** [Pa] */
  pressure: Float64Array;
  /** Lowest and highest stack pressure over the whole operation [Pa] (not just the samples). */
  min: number;
  max: number;
  /** Peak-to-peak pressure change over one cycle at the end of the operation [Pa]. */
  swingPerCycle: number;
  /** Completed full cycles. */
  cycles: number;
  /** Duration of a half cycle [s] (Infinity without cycling). */
  halfCycleTime: number;
  /** First time the pressure falls below max(band min, contact threshold), or null. */
  contactLoss: { time: number; threshold: number; reason: "band-min" | "contact" } | null;
  /** First time the pressure rises above the band's max, or null. */
  overBand: { time: number } | null;
  /** Pressure change from fixture relaxation by the end of the operation [Pa] (≤ 0). */
  relaxation: number;
  /** Pressure at t = 0 [Pa]. */
  startPressure: number;
  /** Stiffness acting on the stack [N/m] (0 for servo). */
  fixtureStiffness: number;
  warnings: string[];
  citations: string[];
}

const NOMINAL: Values = nominal(stackParameters);
const CURVES: VolumeCurves = volumeChangeCurves;
/** Uniform grid intervals per half cycle for extrema and quadrature. */
const GRID = 32;

const CITATIONS = ["Koerver2018", "Zhang2017", "Schweidler2018", "NarayanAnand2018", "Doux2020"];

/** Everything a simulation needs, derived once from the input. */
interface Compiled {
  T: number;
  P0: number;
  relaxAmp: number;
  tau: number;
  K: number;
  keff: number;
  cycling: boolean;
  Q: number;
  j: number;
  th: number;
  period: number;
  /** Pressure contribution of the electrodes [Pa] at charge q. */
  S: (q: number) => number;
  /** Phase times [s] in [0, period] used to scan for extrema and crossings (sorted). */
  phases: Float64Array;
  /** S at those phases. */
  phaseS: Float64Array;
  Smax: number;
  Smin: number;
  phaseOfMax: number;
  phaseOfMin: number;
  threshold: number;
  thresholdReason: "band-min" | "contact";
  warnings: string[];
}

function usage(message: string): never {
  throw new RangeError(`simulateOperation: ${message}`);
}

function compile(input: OperationInput, values: Values = NOMINAL): Compiled {
  const { area, basePressure, duration, cycling } = input;
  if (!(area > 0) || !Number.isFinite(area)) usage(`area must be a positive number of m2, got ${area}`);
  if (!(basePressure >= 0) || !Number.isFinite(basePressure))
    usage(`basePressure must be >= 0 Pa, got ${basePressure}`);
  if (!(duration >= 0) || !Number.isFinite(duration)) usage(`duration must be >= 0 s, got ${duration}`);
  if (!(cycling.capacity >= 0) || !(cycling.current >= 0)) {
    usage(
      `cycling capacity and current must be >= 0, got ${cycling.capacity} C/m2 and ${cycling.current} A/m2`,
    );
  }
  const kFrame = get(values, KEYS.rigidStiffness);
  const preloadFactor = get(values, KEYS.preloadFactor);
  const fr = get(values, KEYS.relaxFraction);
  const tau = get(values, KEYS.relaxTime) * 3600;
  const fx = input.fixture;
  let keff: number;
  let P0: number;
  let relaxShare: number;
  if (fx.type === "rigid") {
    keff = fx.stiffness ?? kFrame;
    if (!(keff >= 0)) usage(`rigid stiffness must be >= 0 N/m, got ${keff}`);
    P0 = basePressure * preloadFactor;
    relaxShare = 1;
  } else if (fx.type === "spring") {
    const ks = fx.rate ?? get(values, KEYS.springRate);
    if (!(ks >= 0)) usage(`spring rate must be >= 0 N/m, got ${ks}`);
    // The spring sits in series with the rest of the load path (frame, insulators, cell).
    keff = (ks * kFrame) / (ks + kFrame);
    P0 = (fx.preload !== undefined ? fx.preload / area : basePressure) * preloadFactor;
    // Creep of the insulators unloads the spring only by k_eff/k_frame of what it costs a rigid frame.
    relaxShare = keff / kFrame;
  } else {
    keff = 0;
    P0 = basePressure;
    relaxShare = 0;
  }
  const K = keff / area;
  const Q = cycling.capacity;
  const j = cycling.current;
  const active = Q > 0 && j > 0;
  const th = active ? Q / j : Infinity;
  const period = 2 * th;
  const profile = thicknessProfile(
    { capacity: Q, cathode: input.cathode, anode: input.anode, symmetric: input.symmetric },
    values,
    CURVES,
  );
  const S = (q: number) => K * profile.dh(q);

  // Scan grid over one period: uniform in q plus the curves' nodes, on charge and on discharge.
  let phases: Float64Array;
  let phaseS: Float64Array;
  if (active) {
    const qs: number[] = [];
    for (let i = 0; i <= GRID; i++) qs.push((Q * i) / GRID);
    qs.push(...profile.nodes);
    qs.sort((a, b) => a - b);
    const n = qs.length;
    phases = new Float64Array(2 * n - 1);
    phaseS = new Float64Array(2 * n - 1);
    for (let i = 0; i < n; i++) {
      const q = qs[i] as number;
      const s = S(q);
      phases[i] = q / j;
      phaseS[i] = s;
      phases[2 * n - 2 - i] = th + (Q - q) / j;
      phaseS[2 * n - 2 - i] = s;
    }
  } else {
    phases = Float64Array.of(0);
    phaseS = Float64Array.of(0);
  }
  let Smax = -Infinity;
  let Smin = Infinity;
  let phaseOfMax = 0;
  let phaseOfMin = 0;
  for (let i = 0; i < phases.length; i++) {
    const s = phaseS[i] as number;
    if (s > Smax) {
      Smax = s;
      phaseOfMax = phases[i] as number;
    }
    if (s < Smin) {
      Smin = s;
      phaseOfMin = phases[i] as number;
    }
  }
  const contact = input.contactThreshold ?? get(values, KEYS.contactThreshold) * 1e6;
  const bandMin = input.band?.min ?? -Infinity;
  const threshold = Math.max(contact, bandMin);
  return {
    T: duration,
    P0,
    relaxAmp: P0 * relaxShare * fr,
    tau,
    K,
    keff,
    cycling: active,
    Q,
    j,
    th,
    period,
    S,
    phases,
    phaseS,
    Smax,
    Smin,
    phaseOfMax,
    phaseOfMin,
    threshold,
    thresholdReason: bandMin >= contact ? "band-min" : "contact",
    warnings: profile.warnings,
  };
}

/** Base pressure after relaxation, R(t) [Pa]. */
function relaxed(c: Compiled, t: number): number {
  return c.P0 - c.relaxAmp * (1 - Math.exp(-t / c.tau));
}

/** Electrode contribution at time t [Pa]. */
function electrode(c: Compiled, t: number): number {
  if (!c.cycling) return 0;
  const phase = t - Math.floor(t / c.period) * c.period;
  const q = phase <= c.th ? c.j * phase : c.Q - c.j * (phase - c.th);
  return c.S(Math.min(c.Q, Math.max(0, q)));
}

function pressureAt(c: Compiled, t: number): number {
  return Math.max(0, relaxed(c, t) + electrode(c, t));
}

/** Max and min of P over [0, T]: the max lies in the first period, the min in the last (R decreases). */
function extremes(c: Compiled): { min: number; max: number } {
  if (!c.cycling) {
    const a = Math.max(0, relaxed(c, 0));
    const b = Math.max(0, relaxed(c, c.T));
    return { min: Math.min(a, b), max: Math.max(a, b) };
  }
  let max = pressureAt(c, 0);
  for (let i = 0; i < c.phases.length; i++) {
    const t = c.phases[i] as number;
    if (t > c.T) break;
    max = Math.max(max, Math.max(0, relaxed(c, t) + (c.phaseS[i] as number)));
  }
  max = Math.max(max, pressureAt(c, c.T));
  let min = pressureAt(c, c.T);
  const start = Math.max(0, c.T - c.period);
  const n0 = Math.floor(start / c.period);
  for (let n = n0; n <= n0 + 1; n++) {
    for (let i = 0; i < c.phases.length; i++) {
      const t = n * c.period + (c.phases[i] as number);
      if (t < start) continue;
      if (t > c.T) break;
      min = Math.min(min, Math.max(0, relaxed(c, t) + (c.phaseS[i] as number)));
    }
  }
  min = Math.min(min, pressureAt(c, start));
  return { min, max };
}

/** First t in [0, T] with P(t) < level (below = true) or P(t) > level (below = false), or null. */
function firstCrossing(c: Compiled, level: number, below: boolean, from: number): number | null {
  const out = (p: number) => (below ? p < level : p > level);
  if (out(pressureAt(c, 0))) return 0;
  const g = (t: number) => pressureAt(c, t) - level;
  const refine = (a: number, b: number) => brent(g, a, b, { xtol: 1e-6 * Math.max(1, b - a) });
  if (!c.cycling) {
    // P = R(t), monotone: solve R(t) = level directly.
    if (!out(pressureAt(c, c.T))) return null;
    return refine(0, c.T);
  }
  let prev = Math.max(0, from);
  if (out(pressureAt(c, prev))) return prev;
  for (let n = Math.floor(from / c.period); n * c.period <= c.T; n++) {
    for (let i = 0; i < c.phases.length; i++) {
      const t = Math.min(c.T, n * c.period + (c.phases[i] as number));
      if (t <= prev) continue;
      if (out(Math.max(0, relaxed(c, t) + (c.phaseS[i] as number)))) return refine(prev, t);
      prev = t;
      if (t >= c.T) return null;
    }
  }
  return null;
}

/** Time from which a crossing below `level` is possible: R(t) + S_min < level. */
function earliestDrop(c: Compiled, level: number): number {
  const need = c.P0 - (level - c.Smin); // pressure that relaxation has to remove
  if (need <= 0) return 0;
  if (need >= c.relaxAmp) return Infinity;
  const t = -c.tau * Math.log(1 - need / c.relaxAmp);
  // One period earlier: the grid's S_min may sit slightly above the true minimum.
  return Math.max(0, t - c.period);
}

function contactLossOf(c: Compiled, min: number): OperationResult["contactLoss"] {
  if (min >= c.threshold) return null;
  const from = c.cycling ? earliestDrop(c, c.threshold) : 0;
  if (!Number.isFinite(from) || from > c.T) {
    // The analytic bound says no; the grid min said yes (within rounding): scan from the start.
    const t = firstCrossing(c, c.threshold, true, 0);
    return t === null ? null : { time: t, threshold: c.threshold, reason: c.thresholdReason };
  }
  const t = firstCrossing(c, c.threshold, true, from);
  return t === null ? null : { time: t, threshold: c.threshold, reason: c.thresholdReason };
}

function series(c: Compiled, opts: OutputOptions = {}): { time: Float64Array; pressure: Float64Array } {
  const maxPoints = opts.maxPoints ?? 20_000;
  if (maxPoints <= 0) return { time: new Float64Array(0), pressure: new Float64Array(0) };
  const times: number[] = [];
  const values: number[] = [];
  if (!c.cycling || c.T === 0) {
    const n = Math.max(2, Math.min(maxPoints, 101));
    for (let i = 0; i < n; i++) {
      const t = (c.T * i) / (n - 1);
      times.push(t);
      values.push(pressureAt(c, t));
    }
    return { time: Float64Array.from(times), pressure: Float64Array.from(values) };
  }
  const ppc = Math.max(1, Math.round(opts.pointsPerHalfCycle ?? 4));
  const halves = Math.ceil(c.T / c.th - 1e-9);
  const full = halves * ppc + 1;
  if (!opts.envelope && full <= maxPoints) {
    // Electrode term at the sample phases is the same every cycle: precompute it.
    const s = new Float64Array(2 * ppc);
    for (let i = 0; i < 2 * ppc; i++) s[i] = electrode(c, (i * c.th) / ppc);
    for (let h = 0; h < halves; h++) {
      for (let i = 0; i < ppc; i++) {
        const t = (h + i / ppc) * c.th;
        if (t >= c.T) break;
        times.push(t);
        values.push(Math.max(0, relaxed(c, t) + (s[(h % 2) * ppc + i] as number)));
      }
    }
    times.push(c.T);
    values.push(pressureAt(c, c.T));
    return { time: Float64Array.from(times), pressure: Float64Array.from(values) };
  }
  // Envelope: each kept cycle contributes its max and min (in time order); stride keeps it short.
  const cyclesTotal = Math.ceil(c.T / c.period - 1e-9);
  const stride = Math.max(1, Math.ceil((2 * cyclesTotal) / Math.max(1, maxPoints - 2)));
  times.push(0);
  values.push(pressureAt(c, 0));
  const first = Math.min(c.phaseOfMax, c.phaseOfMin);
  const second = Math.max(c.phaseOfMax, c.phaseOfMin);
  for (let n = 0; n < cyclesTotal; n += stride) {
    for (const ph of [first, second]) {
      const t = n * c.period + ph;
      if (t > 0 && t < c.T) {
        times.push(t);
        values.push(pressureAt(c, t));
      }
    }
  }
  times.push(c.T);
  values.push(pressureAt(c, c.T));
  return { time: Float64Array.from(times), pressure: Float64Array.from(values) };
}

/**
 * Stack pressure over an operation step: the pressure series, its band, the swing per cycle, the first
 * contact loss and the relaxation of the fixture. Fixtures:
 * - rigid (bolted): k_eff = stiffness (default: calibrated on Zhang2017), relaxes by f_r·P₀·(1 − e^(−t/τ));
 * - spring: k_eff = k_s·k_f/(k_s + k_f) with the frame stiffness k_f, start P₀ = preload/A, relaxes by
 *   (k_eff/k_f)·f_r·P₀·(1 − e^(−t/τ)) (the spring takes up the insulators' creep);
 * - servo: P = P₀ always.
 * ΔP = k_eff·Δh/A for a thickness change Δh (see `thicknessProfile`). Values: parameter values by key
 * (default: nominal `stackParameters`; Monte Carlo passes a sample).
 * References: Koerver2018, Zhang2017, Schweidler2018, NarayanAnand2018, Doux2020.
 */
export function simulateOperation(input: OperationInput, values?: Values): OperationResult {
  const c = compile(input, values);
  const { min, max } = extremes(c);
  const R = relaxed(c, c.T);
  const swing = c.cycling ? Math.max(0, R + c.Smax) - Math.max(0, R + c.Smin) : 0;
  const bandMax = input.band?.max;
  const over = bandMax !== undefined && max > bandMax ? firstCrossing(c, bandMax, false, 0) : null;
  const { time, pressure } = series(c, input.output);
  return {
    time,
    pressure,
    min,
    max,
    swingPerCycle: swing,
    cycles: c.cycling ? Math.floor(c.T / c.period + 1e-9) : 0,
    halfCycleTime: c.th,
    contactLoss: contactLossOf(c, min),
    overBand: over === null ? null : { time: over },
    relaxation: c.relaxAmp > 0 ? c.relaxAmp * Math.expm1(-c.T / c.tau) : 0,
    startPressure: pressureAt(c, 0),
    fixtureStiffness: c.keff,
    warnings: c.warnings,
    citations: CITATIONS,
  };
}

/**
 * The stack pressure as a function of time, P(t) [Pa] for t [s], in closed form (see the module doc).
 * For integrators that need the pressure at arbitrary times, e.g. the Li creep time-to-short model.
 * References: Koerver2018, Zhang2017.
 */
export function stackPressureFunction(input: OperationInput, values?: Values): (t: number) => number {
  const c = compile(input, values);
  return (t: number) => pressureAt(c, t);
}

/**
 * Highest stack pressure over the operation [Pa], without building a series: max over t of P(t).
 * References: Koerver2018, Zhang2017.
 */
export function maxStackPressure(input: OperationInput, values?: Values): number {
  return extremes(compile(input, values)).max;
}

export interface StackPressureSummary {
  /** [Pa] */
  max: number;
  /** [Pa] */
  min: number;
  /** Time average of P [Pa]. */
  mean: number;
  /** Power mean (1/T ∫ Pⁿ dt)^(1/n) [Pa]: the constant pressure doing the same damage under a law ∝ Pⁿ. */
  powerMean: number;
  exponent: number;
  /** Time spent above `above` [s] (when asked). */
  timeAbove?: number;
  /** [s] */
  duration: number;
}

/**
 * Summaries for models that integrate a pressure-driven rate over the operation (e.g. Li creep with
 * ε̇ ∝ σⁿ, n ≈ 6.6, Masias2019): max, min, time-averaged pressure and the n-th power mean
 *
 *   P_n = ( (1/T) ∫₀ᵀ P(t)ⁿ dt )^(1/n),
 *
 * so a rate law r = a·Pⁿ accumulates a·P_nⁿ·T over the operation. Composite Simpson per half cycle
 * (32 intervals); once the relaxation has settled every cycle is the same and is counted, not re-integrated.
 * References: Koerver2018, Zhang2017, Masias2019.
 */
export function summarizeStackPressure(
  input: OperationInput,
  values?: Values,
  opts: { exponent?: number; above?: number } = {},
): StackPressureSummary {
  const c = compile(input, values);
  const n = opts.exponent ?? 1;
  if (!(n > 0)) usage(`exponent must be > 0, got ${n}`);
  const { min, max } = extremes(c);
  const T = c.T;
  const out: StackPressureSummary = { max, min, mean: c.P0, powerMean: c.P0, exponent: n, duration: T };
  if (T === 0) {
    const p = pressureAt(c, 0);
    out.mean = p;
    out.powerMean = p;
    if (opts.above !== undefined) out.timeAbove = 0;
    return out;
  }
  const above = opts.above;
  let I1 = 0;
  let In = 0;
  let Ia = 0;
  /** Simpson on [a, b] with m (even) intervals. */
  const simpson = (a: number, b: number, m: number) => {
    const h = (b - a) / m;
    let s1 = 0;
    let sn = 0;
    let sa = 0;
    for (let i = 0; i <= m; i++) {
      const w = i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2;
      const p = pressureAt(c, a + i * h);
      s1 += w * p;
      sn += w * Math.pow(p, n);
      if (above !== undefined && p > above) sa += w;
    }
    return { i1: (s1 * h) / 3, iN: (sn * h) / 3, ia: (sa * h) / 3 };
  };
  if (!c.cycling) {
    // The relaxation settles within ~40 τ; after that P is constant.
    const tEnd = Math.min(T, 40 * c.tau);
    const r = simpson(0, tEnd, 512);
    I1 = r.i1;
    In = r.iN;
    Ia = r.ia;
    if (T > tEnd) {
      const p = pressureAt(c, T);
      I1 += p * (T - tEnd);
      In += Math.pow(p, n) * (T - tEnd);
      if (above !== undefined && p > above) Ia += T - tEnd;
    }
  } else {
    const cycles = Math.floor(T / c.period);
    let k = 0;
    for (; k < cycles; k++) {
      const a = k * c.period;
      const r1 = simpson(a, a + c.th, GRID);
      const r2 = simpson(a + c.th, a + c.period, GRID);
      I1 += r1.i1 + r2.i1;
      In += r1.iN + r2.iN;
      Ia += r1.ia + r2.ia;
      // Settled: the remaining cycles repeat this one.
      if (c.relaxAmp * Math.exp(-(a + c.period) / c.tau) < 1e-9 * Math.max(c.P0, 1)) {
        const rest = cycles - k - 1;
        I1 += rest * (r1.i1 + r2.i1);
        In += rest * (r1.iN + r2.iN);
        Ia += rest * (r1.ia + r2.ia);
        break;
      }
    }
    const a = cycles * c.period;
    if (T > a + 1e-12 * T) {
      const b1 = Math.min(T, a + c.th);
      const r1 = simpson(a, b1, GRID);
      I1 += r1.i1;
      In += r1.iN;
      Ia += r1.ia;
      if (T > b1) {
        const r2 = simpson(b1, T, GRID);
        I1 += r2.i1;
        In += r2.iN;
        Ia += r2.ia;
      }
    }
  }
  out.mean = I1 / T;
  out.powerMean = Math.pow(In / T, 1 / n);
  if (above !== undefined) out.timeAbove = Ia;
  return out;
}
