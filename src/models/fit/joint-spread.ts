/**
 * The joint spread of parameters that one fit produces together: the fit is repeated on random draws
 * of what it rests on (data readings, stated assumptions, each over its range and with the marginals
 * Monte Carlo uses), and the correlations of the results are measured. They are reported as
 * correlations of normal scores (van der Waerden): the parameter of the Gaussian copula through which
 * `ParameterDraw` (params.ts) draws a linked group, whatever each member's own marginal is.
 */
import { createRng } from "../../numerics/index.js";
import { normalQuantile } from "../../numerics/normal.js";
import { correlation, quantile } from "../../numerics/stats.js";
import { ParameterDraw, type ParameterSet, type Values } from "../params.js";

export interface JointSpread {
  /** Draws whose fit succeeded (finite results). */
  draws: number;
  /** For each output key, its normal-score correlation with every other output key. */
  correlation: Record<string, Record<string, number>>;
  /** Each pair once: [key, key, r]. */
  pairs: [string, string, number][];
  /** 5 % and 95 % quantiles of each output, in the units the solver returned. */
  band: Record<string, [number, number]>;
}

/** Normal scores of a sample: Φ⁻¹((rank + ½)/n), ties broken by order. */
function normalScores(x: readonly number[]): number[] {
  const order = x.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const z = new Array<number>(x.length);
  order.forEach(([, i], rank) => {
    z[i] = normalQuantile((rank + 0.5) / x.length);
  });
  return z;
}

/**
 * Repeats `solve` on `draws` samples of `inputs` (seeded, so `npm run fit` is reproducible) and
 * measures the outputs' joint spread. Correlations are rounded to 3 decimals, as the generated
 * parameter files print them.
 */
export function jointSpread(
  inputs: ParameterSet,
  solve: (input: Values) => Values,
  opts: { draws?: number; seed?: number } = {},
): JointSpread {
  const n = opts.draws ?? 600;
  const rng = createRng(opts.seed ?? 20_170_811);
  const outputs = new Map<string, number[]>();
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const out = solve(new ParameterDraw(rng.fork(i)).values(inputs));
    if (!Object.values(out).every(Number.isFinite)) continue;
    ok++;
    for (const [k, v] of Object.entries(out)) {
      const column = outputs.get(k);
      if (column) column.push(v);
      else outputs.set(k, [v]);
    }
  }
  if (ok < 20) throw new Error(`jointSpread: only ${ok} of ${n} draws could be fitted`);
  const keys = [...outputs.keys()];
  const scores = new Map(keys.map((k) => [k, normalScores(outputs.get(k)!)]));
  const result: Record<string, Record<string, number>> = Object.fromEntries(keys.map((k) => [k, {}]));
  const pairs: [string, string, number][] = [];
  keys.forEach((a, i) =>
    keys.slice(i + 1).forEach((b) => {
      const r = Number(correlation(scores.get(a)!, scores.get(b)!).toFixed(3));
      result[a]![b] = r;
      result[b]![a] = r;
      pairs.push([a, b, r]);
    }),
  );
  const band = Object.fromEntries(
    keys.map((k) => [
      k,
      [quantile(outputs.get(k)!, 0.05), quantile(outputs.get(k)!, 0.95)] as [number, number],
    ]),
  );
  return { draws: ok, correlation: result, pairs, band };
}
