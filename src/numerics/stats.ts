/**
 * Descriptive statistics of a sample. All functions reject empty input and non-finite values with a
 * usage error, so a NaN produced upstream is reported where it enters rather than propagated silently.
 */
import { requireFinite, usageError } from "./errors.js";

function checkSample(where: string, values: readonly number[], minLength = 1): void {
  if (values.length < minLength) {
    usageError(where, `needs at least ${minLength} value(s), got ${values.length}`);
  }
  requireFinite(where, "values", values);
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  checkSample("mean", values);
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * Variance with `ddof` delta degrees of freedom: Σ(x − x̄)² / (n − ddof). The default ddof = 1 gives
 * the unbiased sample variance; ddof = 0 the population variance. Two-pass algorithm (deviations from
 * the mean), which is accurate when the mean is large compared with the spread.
 */
export function variance(values: readonly number[], ddof = 1): number {
  checkSample("variance", values, ddof + 1);
  const m = mean(values);
  let s = 0;
  let c = 0; // compensation term of the corrected two-pass algorithm (Chan, Golub & LeVeque 1983)
  for (const v of values) {
    const d = v - m;
    s += d * d;
    c += d;
  }
  return (s - (c * c) / values.length) / (values.length - ddof);
}

/** Standard deviation, √variance; `ddof` as for {@link variance} (default 1: sample standard deviation). */
export function std(values: readonly number[], ddof = 1): number {
  return Math.sqrt(variance(values, ddof));
}

/**
 * The q-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics: the value at
 * fractional rank (n − 1)·q of the sorted sample (Hyndman & Fan 1996, definition 7; the default of R,
 * NumPy and Excel's PERCENTILE.INC). Input may be unsorted; pass `{ sorted: true }` to skip the sort
 * (O(n log n), on a copy) when calling repeatedly on the same sorted array.
 */
export function quantile(values: readonly number[], q: number, opts: { sorted?: boolean } = {}): number {
  checkSample("quantile", values);
  if (!(q >= 0 && q <= 1)) usageError("quantile", `q must lie in [0, 1], got ${q}`);
  let xs: ArrayLike<number> = values;
  if (opts.sorted === true) {
    for (let i = 1; i < xs.length; i++) {
      if ((xs[i] as number) < (xs[i - 1] as number)) {
        usageError("quantile", `values are not sorted (index ${i})`, "omit { sorted: true } to sort a copy");
      }
    }
  } else {
    xs = Float64Array.from(values).sort(); // typed-array sort is numeric
  }
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const frac = pos - lo;
  const a = xs[lo] as number;
  if (frac === 0) return a;
  const b = xs[lo + 1] as number;
  return a + frac * (b - a);
}

/** The median: the 0.5-quantile (mean of the two middle values for an even count). */
export function median(values: readonly number[], opts: { sorted?: boolean } = {}): number {
  return quantile(values, 0.5, opts);
}

/** Pearson correlation coefficient of two equally long samples (NaN when either is constant). */
export function correlation(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2) {
    throw new RangeError(
      `correlation: need two samples of equal length >= 2, got ${x.length} and ${y.length}`,
    );
  }
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
