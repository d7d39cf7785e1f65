/**
 * The calibration fits of the densification, conductivity and contact models state their problems
 * as residual vectors r(p); this adapts them to the project's Levenberg–Marquardt
 * (`fitLeastSquares` in src/numerics) and adds a floor on the residual scatter used for the
 * standard errors. Used only by `npm run fit` and tests, never at run time.
 */
import { bisect, fitLeastSquares } from "../../numerics/index.js";

export interface LsqProblem {
  /** Residuals r(p) (already divided by their standard deviations when weighting is wanted). */
  residuals: (p: number[]) => number[];
  p0: number[];
  lower?: number[];
  upper?: number[];
  /**
   * Floor on the residual standard deviation used for standard errors: with few points the
   * scatter of the fit underestimates the data's own uncertainty (e.g. figure reading).
   */
  sigmaFloor?: number;
  maxIter?: number;
}

export interface LsqResult {
  p: number[];
  /** Standard errors from the Jacobian at the optimum and σ = max(√(rss/dof), sigmaFloor). */
  stderr: number[];
  /** Covariance of the estimate, scaled by σ² like `stderr` (NaN where not determined). */
  covariance: number[][];
  rss: number;
  /** √(rss/n). */
  rmse: number;
  /** σ used for the standard errors. */
  sigma: number;
  converged: boolean;
}

/** Minimises Σ r(p)² inside the box [lower, upper]. */
export function leastSquares(prob: LsqProblem): LsqResult {
  // Point i's "model value" is r_i(p) against an observation of 0; the residual vector is computed
  // once per parameter vector and reused for every point.
  let lastP: number[] | undefined;
  let lastR: number[] = [];
  const at = (p: number[]) => {
    if (!lastP || lastP.length !== p.length || lastP.some((v, j) => v !== p[j])) {
      lastP = [...p];
      lastR = prob.residuals(p);
    }
    return lastR;
  };
  const n = prob.residuals(prob.p0).length;
  const x = Array.from({ length: n }, (_, i) => i);
  const fit = fitLeastSquares({
    model: (i, p) => at(p)[i] ?? NaN,
    x,
    y: new Array<number>(n).fill(0),
    // unit weights taken as absolute: the covariance is (JᵀJ)⁻¹, scaled below by the chosen σ²
    sigma: new Array<number>(n).fill(1),
    p0: prob.p0,
    ...(prob.lower ? { lower: prob.lower } : {}),
    ...(prob.upper ? { upper: prob.upper } : {}),
    maxIter: prob.maxIter ?? 500,
  });
  const dof = n - prob.p0.length;
  const s = dof > 0 ? Math.sqrt(fit.rss / dof) : 0;
  const sigma = Math.max(s, prob.sigmaFloor ?? 0);
  const stderr = fit.stderr.map((e) => (Number.isFinite(e) && sigma > 0 ? e * sigma : NaN));
  return {
    p: fit.p,
    stderr,
    covariance: fit.covariance.map((row) => row.map((c) => (sigma > 0 ? c * sigma * sigma : NaN))),
    rss: fit.rss,
    rmse: Math.sqrt(fit.rss / Math.max(n, 1)),
    sigma,
    converged: fit.converged,
  };
}

/** Root of a scalar function on [a, b] (f(a), f(b) of opposite sign). */
export function bisectRoot(f: (x: number) => number, a: number, b: number): number {
  return bisect(f, a, b);
}
