/**
 * One-dimensional interpolation of tabulated data y(x): piecewise linear and monotone piecewise cubic
 * (PCHIP). Both copy the table, validate it once, and return a closure that evaluates in O(log n) (O(1)
 * for nearby successive queries, which reuse the last interval).
 */
import { requireFinite, usageError } from "./errors.js";

/** What to do with x outside [xs[0], xs[n−1]]. */
export type Extrapolation = "clamp" | "linear" | "error";

/** Options for the interpolators. */
export interface InterpolationOptions {
  /**
   * Outside the table: `"clamp"` returns the end value, `"linear"` continues the end slope (for the
   * linear interpolator the end segment, for PCHIP the end derivative), `"error"` (default) throws.
   * With `"error"`, x within 1e-12 of the table span beyond an end (round-off in the caller's
   * arithmetic) counts as that end.
   */
  extrapolate?: Extrapolation;
}

function validateTable(where: string, xs: readonly number[], ys: readonly number[]): void {
  if (xs.length !== ys.length) {
    usageError(where, `xs and ys differ in length (${xs.length} vs ${ys.length})`);
  }
  if (xs.length < 2) usageError(where, `needs at least 2 points, got ${xs.length}`);
  requireFinite(where, "xs", xs);
  requireFinite(where, "ys", ys);
  for (let i = 1; i < xs.length; i++) {
    if (!((xs[i] as number) > (xs[i - 1] as number))) {
      usageError(
        where,
        `xs must be strictly increasing, but xs[${i - 1}] = ${xs[i - 1]} and xs[${i}] = ${xs[i]}`,
        "sort the table by x and merge duplicate x values",
      );
    }
  }
}

function checkMode(where: string, mode: string): Extrapolation {
  if (mode !== "clamp" && mode !== "linear" && mode !== "error") {
    usageError(where, `extrapolate must be "clamp", "linear" or "error", got ${JSON.stringify(mode)}`);
  }
  return mode;
}

/** Relative slack (of the table span) within which x beyond an end counts as the end in "error" mode. */
const END_SLACK = 1e-12;

function outOfRange(where: string, x: number, lo: number, hi: number): never {
  usageError(
    where,
    `x = ${x} is outside the table range [${lo}, ${hi}]`,
    'pass { extrapolate: "clamp" } or "linear" to allow it',
  );
}

/**
 * Index k of the interval [xs[k], xs[k+1]] containing x (xs[0] ≤ x ≤ xs[n−1]), starting from a guess.
 */
function locate(xs: Float64Array, x: number, guess: number): number {
  const last = xs.length - 2;
  let k = guess;
  if (x >= (xs[k] as number) && x <= (xs[k + 1] as number)) return k;
  if (k < last && x >= (xs[k + 1] as number) && x <= (xs[k + 2] as number)) return k + 1;
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((xs[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  k = lo;
  return k;
}

/**
 * Piecewise linear interpolation through the points (xs[i], ys[i]); xs must be strictly increasing.
 * Returns y(x). Out-of-range behaviour per {@link InterpolationOptions} (default: throw). NaN in, NaN out.
 */
export function linearInterpolator(
  xs: readonly number[],
  ys: readonly number[],
  opts: InterpolationOptions = {},
): (x: number) => number {
  const where = "linearInterpolator";
  validateTable(where, xs, ys);
  const mode = checkMode(where, opts.extrapolate ?? "error");
  const X = Float64Array.from(xs);
  const Y = Float64Array.from(ys);
  const n = X.length;
  const x0 = X[0] as number;
  const xn = X[n - 1] as number;
  const slack = END_SLACK * (xn - x0);
  let k = 0;
  const onSegment = (j: number, x: number): number => {
    const xa = X[j] as number;
    const ya = Y[j] as number;
    return ya + ((x - xa) * ((Y[j + 1] as number) - ya)) / ((X[j + 1] as number) - xa);
  };
  return (x: number): number => {
    if (x < x0 || x > xn) {
      if (mode === "linear") return onSegment(x < x0 ? 0 : n - 2, x);
      if (mode === "error" && (x < x0 - slack || x > xn + slack)) outOfRange(where, x, x0, xn);
      return x < x0 ? (Y[0] as number) : (Y[n - 1] as number);
    }
    if (Number.isNaN(x)) return NaN;
    k = locate(X, x, k);
    return onSegment(k, x);
  };
}

/**
 * Monotone piecewise cubic Hermite interpolation (PCHIP): C¹, passes through every node, and on any
 * interval where the data are monotone the interpolant is monotone too (no overshoot), which suits
 * physical tables such as stress–strain or density–pressure curves. Node derivatives by the weighted
 * harmonic mean of neighbouring secants (zero at local extrema), one-sided shape-preserving end
 * derivatives. References: Fritsch & Carlson, SIAM J. Numer. Anal. 17 (1980) 238; Fritsch & Butland,
 * SIAM J. Sci. Stat. Comput. 5 (1984) 300; Moler, "Numerical Computing with MATLAB" §3.4.
 * With two points it is the straight line. Out-of-range behaviour per {@link InterpolationOptions}
 * (default: throw; `"linear"` continues with the end derivative).
 */
export function pchip(
  xs: readonly number[],
  ys: readonly number[],
  opts: InterpolationOptions = {},
): (x: number) => number {
  const where = "pchip";
  validateTable(where, xs, ys);
  const mode = checkMode(where, opts.extrapolate ?? "error");
  const X = Float64Array.from(xs);
  const Y = Float64Array.from(ys);
  const n = X.length;
  const m = n - 1; // number of intervals
  const h = new Float64Array(m);
  const delta = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    h[k] = (X[k + 1] as number) - (X[k] as number);
    delta[k] = ((Y[k + 1] as number) - (Y[k] as number)) / (h[k] as number);
  }
  const d = new Float64Array(n);
  if (n === 2) {
    d[0] = delta[0] as number;
    d[1] = delta[0] as number;
  } else {
    for (let k = 1; k < m; k++) {
      const dl = delta[k - 1] as number;
      const dr = delta[k] as number;
      if (dl === 0 || dr === 0 || dl > 0 !== dr > 0) {
        d[k] = 0; // local extremum or flat segment: horizontal tangent keeps the shape
      } else {
        const w1 = 2 * (h[k] as number) + (h[k - 1] as number);
        const w2 = (h[k] as number) + 2 * (h[k - 1] as number);
        d[k] = (w1 + w2) / (w1 / dl + w2 / dr);
      }
    }
    d[0] = endDerivative(h[0] as number, h[1] as number, delta[0] as number, delta[1] as number);
    d[n - 1] = endDerivative(
      h[m - 1] as number,
      h[m - 2] as number,
      delta[m - 1] as number,
      delta[m - 2] as number,
    );
  }
  // Cubic on interval k: y = Y[k] + t·(d[k] + t·(c2[k] + t·c3[k])), t = x − X[k].
  const c2 = new Float64Array(m);
  const c3 = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const hk = h[k] as number;
    const dk = d[k] as number;
    const dk1 = d[k + 1] as number;
    const sk = delta[k] as number;
    c2[k] = (3 * sk - 2 * dk - dk1) / hk;
    c3[k] = (dk + dk1 - 2 * sk) / (hk * hk);
  }
  const x0 = X[0] as number;
  const xn = X[n - 1] as number;
  const slack = END_SLACK * (xn - x0);
  let k = 0;
  return (x: number): number => {
    if (x < x0 || x > xn) {
      if (mode === "error" && (x < x0 - slack || x > xn + slack)) outOfRange(where, x, x0, xn);
      const j = x < x0 ? 0 : n - 1;
      if (mode !== "linear") return Y[j] as number;
      return (Y[j] as number) + (d[j] as number) * (x - (X[j] as number));
    }
    if (Number.isNaN(x)) return NaN;
    k = locate(X, x, k);
    const t = x - (X[k] as number);
    return (Y[k] as number) + t * ((d[k] as number) + t * ((c2[k] as number) + t * (c3[k] as number)));
  };
}

/**
 * Shape-preserving three-point end derivative: the one-sided quadratic estimate, set to zero if it
 * points against the end secant and limited to 3× the end secant when the data turn (Fritsch–Carlson
 * monotonicity region).
 */
function endDerivative(h0: number, h1: number, del0: number, del1: number): number {
  let d = ((2 * h0 + h1) * del0 - h0 * del1) / (h0 + h1);
  if (Math.sign(d) !== Math.sign(del0)) d = 0;
  else if (Math.sign(del0) !== Math.sign(del1) && Math.abs(d) > Math.abs(3 * del0)) d = 3 * del0;
  return d;
}
