/**
 * Model parameters, PyBaMM style: keys carry their units ("Heckel slope [1/MPa]"), every value has a
 * range and citation keys, and fitted values are produced by `npm run fit` from data/published.
 * A single simulation uses the values; Monte Carlo draws them as `ParameterDraw` explains
 * (docs/models/uncertainty.md).
 */
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import type { Rng } from "../numerics/index.js";
import { normalCdf, normalQuantile } from "../numerics/normal.js";

export interface Parameter {
  value: number;
  min: number;
  max: number;
  citations: string[];
  /** fit: least squares on data/published; data: read directly from a data row; assumption: no data (see note). */
  source: "fit" | "data" | "assumption";
  /** Standard error of a fitted value. */
  stderr?: number;
  /** Why the value is what it is (required for assumptions). */
  note?: string;
  /** Sample on a log scale (for values spanning decades, e.g. creep prefactors). */
  log?: boolean;
  /**
   * Correlation coefficients with the other parameters of the same set that were fitted jointly with
   * this one, in the fitted parameterisation (of ln(value) when `log`), or, for a group whose link was
   * measured by repeating its fit on draws of the inputs (fit/joint-spread.ts), of their normal scores.
   * Monte Carlo draws such a group jointly through a Gaussian copula with these coefficients, each
   * member on its own marginal, instead of independently.
   */
  correlation?: Record<string, number>;
}

export type ParameterSet = Record<string, Parameter>;
/** Parameter values by key (what model functions take). */
export type Values = Record<string, number>;

export function nominal(set: ParameterSet): Values {
  const out: Values = {};
  for (const [k, p] of Object.entries(set)) out[k] = p.value;
  return out;
}

/**
 * Draw one parameter set (each group of jointly fitted parameters jointly); see `ParameterDraw`.
 * Each call takes one number from `rng` to choose the stream it draws from, so calls in a loop give
 * independent draws (a ParameterDraw's own streams depend only on its generator's seed, not on how
 * much was drawn, so passing `rng` itself would give the same draw every time); the sequence is
 * still reproducible from the seed.
 */
export function sample(set: ParameterSet, rng: Rng): Values {
  const stream = Math.floor(rng.next() * 2 ** 53);
  return new ParameterDraw(rng.fork(stream)).values(set);
}

/** A parameter's distribution in its sampling space (ln of the value when `log`). */
interface Marginal {
  log: boolean;
  centre: number;
  lo: number;
  hi: number;
  /** Standard deviation of a fitted value (from stderr; stderr/value on a log scale), else undefined. */
  sd: number | undefined;
  /** Φ at the range's ends in units of sd (the truncation), when sd is defined. */
  pLo: number;
  pHi: number;
}

/**
 * Fits write ranges of ±√3 (a uniform of the same standard deviation) to ±2 standard errors; a range
 * wider than this many standard errors on both sides was set from something else (data scatter).
 */
const WIDE_RANGE = 2.25;

function marginalOf(p: Parameter): Marginal {
  const log = p.log === true && p.min > 0 && p.value > 0;
  const f = log ? Math.log : (x: number) => x;
  const se = p.stderr;
  const centre = f(p.value);
  const lo = f(Math.min(p.min, p.value));
  const hi = f(Math.max(p.max, p.value));
  let sd = se !== undefined && se > 0 && Number.isFinite(se) ? (log ? se / p.value : se) : undefined;
  // A fitted range reaching further than ±WIDE_RANGE standard errors on both sides carries a spread the
  // fit's standard error does not (e.g. the data's batch-to-batch scatter): the range is kept.
  if (sd !== undefined && centre - lo > WIDE_RANGE * sd && hi - centre > WIDE_RANGE * sd) sd = undefined;
  const pLo = sd === undefined ? 0 : normalCdf((lo - centre) / sd);
  const pHi = sd === undefined ? 1 : normalCdf((hi - centre) / sd);
  return { log, centre, lo, hi, sd, pLo, pHi };
}

/**
 * The value at probability level u ∈ [0, 1] of a parameter's distribution; u = 0.5 gives the nominal
 * value, so every parameter's median is its nominal value. Each side of the nominal carries half of the
 * probability:
 * - fitted (stderr known): a normal N(value, stderr) truncated to [value, max] above and to
 *   [min, value] below, each half renormalised to 1/2 (a plain normal when the range is wide);
 * - otherwise (data, assumption, a fit without stderr, or a fitted range much wider than its stderr,
 *   see WIDE_RANGE): uniform on [min, value] below and on [value, max] above ("split uniform"). A
 *   nominal at a range edge keeps half the draws on it.
 * Both on the log scale when `log`.
 */
function valueAt(m: Marginal, u: number, p: Parameter): number {
  if (!(m.hi > m.lo)) return p.value;
  let x: number;
  if (m.sd === undefined) {
    x = u < 0.5 ? m.centre - (m.centre - m.lo) * (1 - 2 * u) : m.centre + (m.hi - m.centre) * (2 * u - 1);
  } else {
    const q = u < 0.5 ? m.pLo + (0.5 - m.pLo) * 2 * u : 0.5 + (m.pHi - 0.5) * (2 * u - 1);
    x = m.centre + m.sd * normalQuantile(Math.min(1, Math.max(0, q)));
  }
  x = Math.min(m.hi, Math.max(m.lo, x));
  return m.log ? Math.exp(x) : x;
}

/** A 32-bit FNV-1a hash: the random sub-stream of a parameter or group. */
function hash32(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const contentIds = new WeakMap<Parameter, string>();
/**
 * What makes two parameters the same quantity: key, numbers, source, citations and note. The same
 * material's set reached through different layers (a separator, a composite's electrolyte) holds
 * identical entries, so they get one identity and one draw.
 */
function identityOf(key: string, p: Parameter): string {
  let c = contentIds.get(p);
  if (c === undefined) {
    c = JSON.stringify([
      p.value,
      p.min,
      p.max,
      p.stderr,
      p.log,
      p.source,
      p.citations,
      p.note,
      p.correlation,
    ]);
    contentIds.set(p, c);
  }
  return `${key}\u0001${c}`;
}

interface Single {
  key: string;
  id: string;
  stream: number;
  marginal: Marginal;
  parameter: Parameter;
}
interface Group {
  members: Single[];
  stream: number;
  /** Lower Cholesky factor of the members' correlation matrix. */
  cholesky: number[][];
}
interface Plan {
  singles: Single[];
  groups: Group[];
}

const plans = new WeakMap<ParameterSet, Plan>();

/** Symmetric correlation matrix of a group from the members' `correlation` entries (0 where none). */
function correlationMatrix(members: Single[]): number[][] {
  return members.map((a, i) =>
    members.map((b, j) => {
      if (i === j) return 1;
      const ab = a.parameter.correlation?.[b.key];
      const ba = b.parameter.correlation?.[a.key];
      const r = ab !== undefined && ba !== undefined ? (ab + ba) / 2 : (ab ?? ba ?? 0);
      return Math.max(-1, Math.min(1, r));
    }),
  );
}

/**
 * Lower Cholesky factor of a correlation matrix. A matrix that is not positive definite (rounded
 * coefficients of a nearly degenerate fit) is shrunk toward the identity until it is.
 */
function choleskyOf(r: number[][]): number[][] {
  for (let shrink = 0; shrink <= 1; shrink += 0.02) {
    const m = r.map((row, i) => row.map((v, j) => (i === j ? 1 : v * (1 - shrink))));
    const c = new CholeskyDecomposition(new Matrix(m));
    if (c.isPositiveDefinite()) return c.lowerTriangularMatrix.to2DArray();
  }
  return r.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
}

/** Which parameters of a set are drawn alone and which jointly (connected by `correlation`). */
function planOf(set: ParameterSet): Plan {
  const hit = plans.get(set);
  if (hit) return hit;
  const all = new Map<string, Single>();
  for (const [key, parameter] of Object.entries(set)) {
    const id = identityOf(key, parameter);
    all.set(key, { key, id, stream: hash32(id), marginal: marginalOf(parameter), parameter });
  }
  // union-find over correlation links between members of this set that can vary: fitted ones with a
  // stderr, and ones whose link was measured by repeating a fit on draws of its inputs (jointSpread),
  // which keep their own (split-uniform) marginal inside the copula
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const linked = (s: Single) => Object.values(s.parameter.correlation ?? {}).some((r) => r !== 0);
  const joint = (s: Single) => (s.marginal.sd !== undefined || linked(s)) && s.marginal.hi > s.marginal.lo;
  for (const s of all.values()) if (joint(s)) parent.set(s.key, s.key);
  for (const s of all.values()) {
    if (!parent.has(s.key)) continue;
    for (const [other, r] of Object.entries(s.parameter.correlation ?? {})) {
      if (parent.has(other) && other !== s.key && r !== 0) parent.set(find(other), find(s.key));
    }
  }
  const byRoot = new Map<string, Single[]>();
  for (const k of parent.keys()) {
    const root = find(k);
    byRoot.set(root, [...(byRoot.get(root) ?? []), all.get(k)!]);
  }
  const grouped = new Set<string>();
  const groups: Group[] = [];
  for (const members of byRoot.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    members.forEach((m) => grouped.add(m.key));
    groups.push({
      members,
      stream: hash32(members.map((m) => m.id).join("\u0002")),
      cholesky: choleskyOf(correlationMatrix(members)),
    });
  }
  const plan = { singles: [...all.values()].filter((s) => !grouped.has(s.key)), groups };
  plans.set(set, plan);
  return plan;
}

/**
 * One Monte Carlo sample of every parameter the models ask for (or the nominal values, without a
 * random generator).
 *
 * - Every parameter's median is its nominal value (see `valueAt` for the distributions).
 * - Parameters fitted jointly (linked by `correlation`, each with a stderr) are drawn together from a
 *   Gaussian copula with the fitted correlation: z = L·n with L the Cholesky factor of the correlation
 *   matrix and n independent standard normals, then each member at level Φ(z_i) of its own truncated
 *   normal. Inside the range this is exactly the multivariate normal of the fit (in its parameterisation,
 *   ln when `log`); the truncation to [min, max] acts on each side of the nominal separately.
 * - The same parameter (same key and content) met in several sets — one material's set reached through
 *   the separator and through a composite's electrolyte — is drawn once: the draws are shared by every
 *   layer made of the material.
 * - Each parameter or group draws from its own sub-stream `rng.fork(hash of its identity)`, so a
 *   sample does not depend on which sets the simulation asks for, or in which order.
 */
export class ParameterDraw {
  private readonly bySet = new Map<ParameterSet, Values>();
  private readonly byId = new Map<string, number>();
  constructor(private readonly rng?: Rng) {}

  values(set: ParameterSet): Values {
    let v = this.bySet.get(set);
    if (v) return v;
    v = this.rng ? this.draw(set, this.rng) : nominal(set);
    this.bySet.set(set, v);
    return v;
  }

  private draw(set: ParameterSet, rng: Rng): Values {
    const plan = planOf(set);
    const out: Values = {};
    for (const g of plan.groups) {
      if (!g.members.every((m) => this.byId.has(m.id))) {
        const s = rng.fork(g.stream);
        const n = g.members.map(() => s.normal());
        g.members.forEach((m, i) => {
          if (this.byId.has(m.id)) return;
          let z = 0;
          for (let j = 0; j <= i; j++) z += g.cholesky[i]![j]! * n[j]!;
          this.byId.set(m.id, valueAt(m.marginal, normalCdf(z), m.parameter));
        });
      }
      for (const m of g.members) out[m.key] = this.byId.get(m.id)!;
    }
    for (const m of plan.singles) {
      let x = this.byId.get(m.id);
      if (x === undefined) {
        x = valueAt(m.marginal, rng.fork(m.stream).next(), m.parameter);
        this.byId.set(m.id, x);
      }
      out[m.key] = x;
    }
    return out;
  }
}

/** A value by key, failing loudly on a typo in a key (a programming error, never user input). */
export function get(values: Values, key: string): number {
  const v = values[key];
  if (v === undefined) throw new Error(`model parameter "${key}" is missing`);
  return v;
}

/** Every citation key used by a parameter set. */
export function citationsOf(...sets: ParameterSet[]): string[] {
  const s = new Set<string>();
  for (const set of sets) for (const p of Object.values(set)) p.citations.forEach((c) => s.add(c));
  return [...s].sort();
}
