/**
 * From a fit's covariance matrix to what Monte Carlo needs: the correlation coefficients between
 * parameters fitted jointly, written into their `Parameter.correlation` (in the fit's own
 * parameterisation, e.g. of ln(value) when the fit solved for logarithms and the parameter is `log`).
 * Monte Carlo then draws the group jointly instead of independently (src/models/params.ts).
 */
import type { ParameterSet } from "../params.js";

/** Standard errors √diag(C) and correlations C_ij/(σ_i σ_j) of a covariance matrix (NaN where undefined). */
export function covarianceSummary(covariance: number[][]): { stderr: number[]; correlation: number[][] } {
  const stderr = covariance.map((row, i) => Math.sqrt(row[i] ?? NaN));
  const correlation = covariance.map((row, i) =>
    row.map((c, j) => (i === j ? 1 : c / ((stderr[i] ?? NaN) * (stderr[j] ?? NaN)))),
  );
  return { stderr, correlation };
}

/**
 * Writes the correlations of a joint fit into the parameter set: `keys[i]` names the parameter that
 * is the fit's i-th unknown (undefined for an unknown that is not a parameter of the set). Only
 * finite coefficients are written, rounded to `digits` decimals.
 */
export function addCorrelations(
  set: ParameterSet,
  keys: readonly (string | undefined)[],
  covariance: number[][],
  digits = 3,
): void {
  const { correlation } = covarianceSummary(covariance);
  const f = 10 ** digits;
  keys.forEach((a, i) => {
    const p = a === undefined ? undefined : set[a];
    if (!p) return;
    const out: Record<string, number> = {};
    keys.forEach((b, j) => {
      const r = correlation[i]?.[j];
      if (b === undefined || b === a || !set[b] || r === undefined || !Number.isFinite(r)) return;
      out[b] = Math.round(Math.max(-1, Math.min(1, r)) * f) / f;
    });
    if (Object.keys(out).length) p.correlation = out;
  });
}
