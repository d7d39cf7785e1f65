/**
 * Model parameters, PyBaMM style: keys carry their units ("Heckel slope [1/MPa]"), every value has a
 * range and citation keys, and fitted values are produced by `npm run fit` from data/published.
 * Monte Carlo draws each parameter inside its range; a single simulation uses the values.
 */
import type { Rng } from "../numerics/index.js";

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
   * this one, in the fitted parameterisation (of ln(value) when `log`). Monte Carlo draws such a group
   * jointly, multivariate normal from value and stderr, instead of independently.
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

/** Draw one parameter set: uniform inside [min, max] (log-uniform when `log`). */
export function sample(set: ParameterSet, rng: Rng): Values {
  const out: Values = {};
  for (const [k, p] of Object.entries(set)) {
    if (p.max <= p.min) out[k] = p.value;
    else if (p.log && p.min > 0) out[k] = Math.exp(rng.uniform(Math.log(p.min), Math.log(p.max)));
    else out[k] = rng.uniform(p.min, p.max);
  }
  return out;
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
