/**
 * Scalar root finding on a bracketing interval.
 */
import { usageError } from "./errors.js";

/** Options for {@link brent} and {@link bisect}. */
export interface RootOptions {
  /** Absolute tolerance on the root (default 1e-12); a relative 4·ε·|x| is always added. */
  xtol?: number;
  /** Maximum number of iterations, i.e. function evaluations after the two end points (default 200). */
  maxIter?: number;
}

function checkBracket(where: string, f: (x: number) => number, a: number, b: number, opts: RootOptions) {
  if (!Number.isFinite(a) || !Number.isFinite(b)) usageError(where, `bracket [${a}, ${b}] must be finite`);
  const xtol = opts.xtol ?? 1e-12;
  const maxIter = opts.maxIter ?? 200;
  if (!(xtol >= 0)) usageError(where, `xtol must be >= 0, got ${xtol}`);
  if (!(maxIter >= 1)) usageError(where, `maxIter must be >= 1, got ${maxIter}`);
  const fa = f(a);
  const fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) {
    usageError(where, `f is NaN at an end of the bracket: f(${a}) = ${fa}, f(${b}) = ${fb}`);
  }
  if ((fa > 0 && fb > 0) || (fa < 0 && fb < 0)) {
    usageError(
      where,
      `root not bracketed: f(${a}) = ${fa} and f(${b}) = ${fb} have the same sign`,
      "choose a and b so that f changes sign between them",
    );
  }
  return { fa, fb, xtol, maxIter };
}

/**
 * Finds x in [a, b] with f(x) = 0, given that f(a) and f(b) differ in sign (either order of a and b).
 * Brent's method (R. P. Brent, "Algorithms for Minimization without Derivatives", 1973, ch. 4):
 * inverse quadratic interpolation or secant steps, falling back to bisection whenever they do not
 * shrink the bracket fast enough, so it converges superlinearly on smooth functions and never slower
 * than about twice bisection. Returns the bracket end with the smaller |f| once the bracket is shorter
 * than 2·(xtol/2 + 2ε|x|). Throws a usage error when the root is not bracketed or the iteration limit is
 * reached.
 */
export function brent(f: (x: number) => number, a: number, b: number, opts: RootOptions = {}): number {
  const start = checkBracket("brent", f, a, b, opts);
  const { xtol, maxIter } = start;
  let { fa, fb } = start;
  if (fa === 0) return a;
  if (fb === 0) return b;
  // Invariant: the root lies between b (best estimate) and c; a is the previous b.
  let c = a;
  let fc = fa;
  let step = b - a; // the last step taken
  let prevStep = step; // the step before it
  for (let iter = 0; iter < maxIter; iter++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      // b and c on the same side: the root is between a and b, restart the bracket from a.
      c = a;
      fc = fa;
      step = b - a;
      prevStep = step;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      // Keep b as the point with the smaller residual.
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xtol;
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tol || fb === 0) return b;

    let useBisection = true;
    if (Math.abs(prevStep) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Try interpolation: p/q is the proposed step from b.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * half * s; // secant through a and b
        q = 1 - s;
      } else {
        const qa = fa / fc; // inverse quadratic through a, b, c
        const rb = fb / fc;
        p = s * (2 * half * qa * (qa - rb) - (b - a) * (rb - 1));
        q = (qa - 1) * (rb - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      // Accept the interpolated step only if it stays well inside the bracket and shrinks faster than
      // the step before last (which guarantees the bisection-like worst case).
      if (2 * p < Math.min(3 * half * q - Math.abs(tol * q), Math.abs(prevStep * q))) {
        prevStep = step;
        step = p / q;
        useBisection = false;
      }
    }
    if (useBisection) {
      step = half;
      prevStep = half;
    }
    a = b;
    fa = fb;
    b += Math.abs(step) > tol ? step : half > 0 ? tol : -tol;
    fb = f(b);
    if (Number.isNaN(fb)) usageError("brent", `f returned NaN at x = ${b}`);
  }
  usageError(
    "brent",
    `no convergence in ${maxIter} iterations (last estimate ${b})`,
    "raise maxIter or xtol",
  );
}

/**
 * Finds a root of f in the bracket [a, b] by bisection: robust and predictable (the bracket halves every
 * iteration), but only linearly convergent; prefer {@link brent}. Same options and errors as brent.
 */
export function bisect(f: (x: number) => number, a: number, b: number, opts: RootOptions = {}): number {
  const start = checkBracket("bisect", f, a, b, opts);
  const { xtol, maxIter } = start;
  let fa = start.fa;
  if (fa === 0) return a;
  if (start.fb === 0) return b;
  for (let iter = 0; iter < maxIter; iter++) {
    const m = 0.5 * (a + b);
    if (Math.abs(b - a) <= 2 * (0.5 * xtol + 2 * Number.EPSILON * Math.abs(m)) || m === a || m === b)
      return m;
    const fm = f(m);
    if (Number.isNaN(fm)) usageError("bisect", `f returned NaN at x = ${m}`);
    if (fm === 0) return m;
    if (fa < 0 === fm < 0) {
      a = m;
      fa = fm;
    } else {
      b = m;
    }
  }
  usageError("bisect", `no convergence in ${maxIter} iterations`, "raise maxIter or xtol");
}
