/**
 * Stack pressure during cycling (MODELS.md item 6): the electrodes' thickness change acts against the
 * fixture and the cell's own elastic layers, the fixture relaxes slowly, a Li-metal anode creeps away
 * under the pressure, and part of each cycle's growth does not reverse:
 *
 *   P(t) = max(0, B(t) + (k_eff/A)·Δh(q(t)))
 *   B(t) = P₀ − ΔP_r·(1 − e^(−t/τ)) + (k_eff/A)·(g·t/t_cycle − Δh_creep(t))
 *
 * P₀ the pressure at the start (bolted fixtures: times the preload factor), ΔP_r = (k_eff/k_frame)·f_r·P₀
 * the relaxation the fixture reaches (0 for a servo), k_eff the fixture in series with the cell
 * (1/k_eff = 1/k_fixture + C/A, C the cell's compliance, see compliance.ts), A the cell area, Δh(q)
 * the stack's reversible thickness change after charge q has moved to the anode (thickness.ts), q(t) a
 * triangle wave between 0 and the half-cycle capacity, g the irreversible growth per cycle (dead or
 * porous Li, cathode cracking; assumptions), Δh_creep the thickness a Li foil has lost by creep
 * (anode-creep.ts; the only part integrated numerically, on a 24-node grid). P is clamped at zero (the
 * fixture lifts off).
 */
import { brent } from "../../numerics/roots.js";
import { get, nominal, type Values } from "../params.js";
import { stackParameters, volumeChangeCurves } from "../parameters/stack.js";
import { creepParameters } from "../parameters/creep.js";
import { anodeCreepLoss } from "./anode-creep.js";
import { stackCompliance, type StackLayer } from "./compliance.js";
import {
  KEYS,
  MAH_PER_CM2,
  thicknessProfile,
  type AnodeSpec,
  type CathodeSpec,
  type VolumeCurves,
} from "./thickness.js";

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
  /**
   * Pressure below which interfacial contact is taken as lost [Pa]; default: the model parameter for
   * the anode (Li metal 2 MPa; alloy and intercalation anodes an assumption, see docs/models/stack.md).
   */
  contactThreshold?: number;
  /**
   * The cell's layers for its elastic compliance (in series with the fixture); default: the
   * calibration cell's compliance (`Default cell compliance [um/MPa]`).
   */
  layers?: readonly StackLayer[];
  /** Cell temperature [K]: Li creep under the stack pressure is thermally activated. Default 25 °C. */
  temperature?: number;
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
  /** Stiffness acting on the stack [N/m] (0 for servo): the fixture in series with the cell. */
  fixtureStiffness: number;
  /**
   * Signed pressure change over one charge (start to end of the half cycle that moves Li to the anode)
   * from the electrodes [Pa]: positive when the stack swells on charge (Li plating, Si, In → LiIn),
   * negative when the cathode's shrinking wins (NMC811 with a zero-strain anode).
   */
  changePerCharge: number;
  /** Elastic compliance of the cell used [m/Pa] (thickness lost per pascal). */
  cellCompliance: number;
  /** Thickness a Li-metal anode lost by creep under the stack pressure by the end [m] (0 otherwise). */
  anodeCreep: number;
  /** Pressure change from the anode's creep by the end [Pa] (≤ 0). */
  creepRelaxation: number;
  /** Pressure change from irreversible growth by the end [Pa] (≥ 0). */
  irreversible: number;
  /** Contact threshold applied [Pa] (max of the band's min and the anode's contact threshold). */
  contactThreshold: number;
  warnings: string[];
  citations: string[];
}

const NOMINAL: Values = nominal(stackParameters);
const CURVES: VolumeCurves = volumeChangeCurves;
/** Uniform grid intervals per half cycle for extrema and quadrature. */
const GRID = 32;

const CREEP_NOMINAL: Values = nominal(creepParameters);

const CITATIONS = [
  "Koerver2018",
  "Zhang2017",
  "Schweidler2018",
  "NarayanAnand2018",
  "Doux2020",
  "Deng2016",
  "Masias2019",
];

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
  /** Baseline beyond the fixture relaxation: irreversible growth [Pa/s]. */
  irrRate: number;
  /** Pressure lost to anode creep at t [Pa]. */
  creepDrop: (t: number) => number;
  creepFinal: number;
  /** The baseline is not simply monotone decreasing (creep, irreversible growth). */
  varying: boolean;
  compliance: number;
  changePerCharge: number;
}

function usage(message: string): never {
  throw new RangeError(`simulateOperation: ${message}`);
}

function compile(input: OperationInput, values: Values = NOMINAL, creep: Values = CREEP_NOMINAL): Compiled {
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
  // The cell's elastic layers sit in series with the fixture (compliance.ts).
  const cell = input.layers
    ? stackCompliance(input.layers, values)
    : { compliance: get(values, KEYS.defaultCompliance) * 1e-12, warnings: [] as string[] };
  const C = cell.compliance;
  let keff: number;
  let P0: number;
  let relaxShare: number;
  if (fx.type === "rigid") {
    const kf = fx.stiffness ?? kFrame;
    if (!(kf >= 0)) usage(`rigid stiffness must be >= 0 N/m, got ${kf}`);
    keff = kf > 0 ? 1 / (1 / kf + C / area) : 0;
    P0 = basePressure * preloadFactor;
    // The insulators' creep (fitted on the empty casing) unloads the fixture and the cell by k_eff/k_f.
    relaxShare = kf > 0 ? keff / kf : 0;
  } else if (fx.type === "spring") {
    const ks = fx.rate ?? get(values, KEYS.springRate);
    if (!(ks >= 0)) usage(`spring rate must be >= 0 N/m, got ${ks}`);
    // The spring sits in series with the rest of the load path (frame, insulators, cell).
    keff = ks > 0 ? 1 / (1 / ks + 1 / kFrame + C / area) : 0;
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
  const contact = input.contactThreshold ?? anodeContactThreshold(input.anode.kind, values);
  const bandMin = input.band?.min ?? -Infinity;
  const threshold = Math.max(contact, bandMin);
  const changePerCharge = active ? S(Q) - S(0) : 0;

  // Irreversible growth per cycle (assumptions): a share of each charge's plated Li stays as porous or
  // dead Li, a share of the cathode's peak-to-peak change stays as crack porosity.
  let irrPerCycle = 0;
  if (active) {
    if (input.anode.kind === "Li") {
      const plated = (get(values, KEYS.liThickness) * 1e-6 * Q) / MAH_PER_CM2;
      irrPerCycle += (input.symmetric ? 2 : 1) * get(values, KEYS.liIrreversibleShare) * plated;
    }
    if (input.cathode) {
      const cath = thicknessProfile(
        { capacity: Q, cathode: input.cathode, anode: { kind: "other", thickness: 0 } },
        values,
        CURVES,
      );
      let lo = 0;
      let hi = 0;
      for (let i = 0; i <= GRID; i++) {
        const v = cath.dh((Q * i) / GRID);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      irrPerCycle += get(values, KEYS.cathodeIrreversibleShare) * (hi - lo);
    }
  }
  const irrRate = active ? (K * irrPerCycle) / period : 0;
  const relaxAmp = P0 * relaxShare * fr;

  // Creep of a Li-metal anode under the stack pressure (servo: the pressure does not follow it).
  let creepDrop: (t: number) => number = () => 0;
  let creepFinal = 0;
  const a = input.anode;
  if (a.kind === "Li" && !input.symmetric && K > 0 && a.thickness > 0 && duration > 0) {
    const cycleValues = active ? phaseS : new Float64Array(0);
    const loss = anodeCreepLoss(
      {
        thickness: a.thickness,
        ...(a.diameter !== undefined ? { diameter: a.diameter } : {}),
        dieDiameter: 2 * Math.sqrt(area / Math.PI),
        stiffnessPerArea: K,
        duration,
        baseline: (t) => P0 - relaxAmp * (1 - Math.exp(-t / tau)) + irrRate * t,
        electrode: (t) => {
          if (!active) return 0;
          const ph = t - Math.floor(t / period) * period;
          const q = ph <= th ? j * ph : Q - j * (ph - th);
          return S(Math.min(Q, Math.max(0, q)));
        },
        cycle: { period, values: cycleValues },
        ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
      },
      creep,
    );
    creepDrop = (t) => K * loss.loss(t);
    creepFinal = loss.final;
  }
  return {
    T: duration,
    P0,
    relaxAmp,
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
    warnings: [...profile.warnings, ...cell.warnings],
    irrRate,
    creepDrop,
    creepFinal,
    varying: irrRate > 0 || creepFinal > 0,
    compliance: C,
    changePerCharge,
  };
}

/**
 * The lowest stack pressure that keeps the anode in contact [Pa]. Li metal: 2 MPa (Doux2020: a
 * Li|Li6PS5Cl interface cycles at 5 MPa, its impedance is off scale at 1 MPa) — Li leaves the interface
 * on stripping and only creep under pressure refills it, so voids open below that. Alloy (In, Li–In) and
 * intercalation anodes (graphite, Si, LTO) move Li by solid-state diffusion inside a host that stays in
 * place, so they do not void on stripping: their threshold only keeps the particle contacts closed. No
 * published threshold was found for them: an assumption, lower than Li's, with a range that covers it.
 * References: Doux2020, Kasemchainan2019
 */
export function anodeContactThreshold(kind: AnodeSpec["kind"], values: Values = NOMINAL): number {
  return (kind === "Li" ? get(values, KEYS.contactThreshold) : get(values, KEYS.contactThresholdHost)) * 1e6;
}

/** Baseline pressure B(t) [Pa]: start, fixture relaxation, irreversible growth, anode creep. */
function relaxed(c: Compiled, t: number): number {
  return c.P0 - c.relaxAmp * (1 - Math.exp(-t / c.tau)) + c.irrRate * t - c.creepDrop(t);
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
  if (c.varying) return scanExtremes(c);
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

/**
 * Max and min of P over [0, T] when the baseline is not monotone (creep, irreversible growth): every
 * cycle's phase grid (or 512 points without cycling).
 */
function scanExtremes(c: Compiled): { min: number; max: number } {
  let min = pressureAt(c, 0);
  let max = min;
  const visit = (p: number) => {
    if (p < min) min = p;
    if (p > max) max = p;
  };
  visit(pressureAt(c, c.T));
  if (!c.cycling) {
    for (let i = 1; i < 512; i++) visit(pressureAt(c, (c.T * i) / 512));
    return { min, max };
  }
  for (let n = 0; n * c.period <= c.T; n++) {
    for (let i = 0; i < c.phases.length; i++) {
      const t = n * c.period + (c.phases[i] as number);
      if (t > c.T) break;
      visit(Math.max(0, relaxed(c, t) + (c.phaseS[i] as number)));
    }
  }
  return { min, max };
}

/** First t in [0, T] with P(t) < level (below = true) or P(t) > level (below = false), or null. */
function firstCrossing(c: Compiled, level: number, below: boolean, from: number): number | null {
  const out = (p: number) => (below ? p < level : p > level);
  if (out(pressureAt(c, 0))) return 0;
  const g = (t: number) => pressureAt(c, t) - level;
  const refine = (a: number, b: number) => brent(g, a, b, { xtol: 1e-6 * Math.max(1, b - a) });
  if (!c.cycling) {
    if (c.varying) {
      let prev = 0;
      for (let i = 1; i <= 512; i++) {
        const t = (c.T * i) / 512;
        if (out(pressureAt(c, t))) return refine(prev, t);
        prev = t;
      }
      return null;
    }
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
  if (c.varying) return 0;
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
export function simulateOperation(
  input: OperationInput,
  values?: Values,
  creepValues?: Values,
): OperationResult {
  const c = compile(input, values, creepValues);
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
    changePerCharge: c.changePerCharge,
    cellCompliance: c.compliance,
    anodeCreep: c.creepFinal,
    creepRelaxation: c.creepFinal > 0 ? -c.creepDrop(c.T) : 0,
    irreversible: c.irrRate * c.T,
    contactThreshold: c.threshold,
    warnings: c.warnings,
    citations: CITATIONS,
  };
}

/**
 * The stack pressure as a function of time, P(t) [Pa] for t [s], in closed form (see the module doc).
 * For integrators that need the pressure at arbitrary times, e.g. the Li creep time-to-short model.
 * References: Koerver2018, Zhang2017.
 */
export function stackPressureFunction(
  input: OperationInput,
  values?: Values,
  creepValues?: Values,
): (t: number) => number {
  const c = compile(input, values, creepValues);
  return (t: number) => pressureAt(c, t);
}

/**
 * Highest stack pressure over the operation [Pa], without building a series: max over t of P(t).
 * References: Koerver2018, Zhang2017.
 */
export function maxStackPressure(input: OperationInput, values?: Values, creepValues?: Values): number {
  return extremes(compile(input, values, creepValues)).max;
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
  creepValues?: Values,
): StackPressureSummary {
  const c = compile(input, values, creepValues);
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
    const tEnd = c.varying ? T : Math.min(T, 40 * c.tau);
    const r = simpson(0, tEnd, c.varying ? 2048 : 512);
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
      if (!c.varying && c.relaxAmp * Math.exp(-(a + c.period) / c.tau) < 1e-9 * Math.max(c.P0, 1)) {
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
