/**
 * A small Levenberg–Marquardt least-squares fitter for the calibration of the densification,
 * conductivity and contact models (2–5 parameters, a handful of points). Local to these models
 * because `src/numerics` did not yet export `fitLeastSquares` when they were written; used only by
 * `npm run fit` and tests, never at run time.
 */

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
  rss: number;
  /** √(rss/n). */
  rmse: number;
  /** σ used for the standard errors. */
  sigma: number;
  converged: boolean;
}

function clampVec(p: number[], lo?: number[], hi?: number[]): number[] {
  return p.map((v, i) => Math.min(hi?.[i] ?? Infinity, Math.max(lo?.[i] ?? -Infinity, v)));
}

function sumSq(r: number[]): number {
  return r.reduce((s, v) => s + v * v, 0);
}

function jacobian(f: (p: number[]) => number[], p: number[], r0: number[]): number[][] {
  const J: number[][] = r0.map(() => new Array<number>(p.length).fill(0));
  for (let j = 0; j < p.length; j++) {
    const pj = p[j] ?? 0;
    const h = 1e-6 * Math.max(Math.abs(pj), 1e-6);
    const q = [...p];
    q[j] = pj + h;
    const r1 = f(q);
    for (let i = 0; i < r0.length; i++) {
      const row = J[i];
      if (row) row[j] = ((r1[i] ?? 0) - (r0[i] ?? 0)) / h;
    }
  }
  return J;
}

/** Solves A x = b for a small dense symmetric system (Gaussian elimination with pivoting). */
export function solveSmall(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]?.[c] ?? 0) > Math.abs(M[piv]?.[c] ?? 0)) piv = r;
    const tmp = M[c];
    const mp = M[piv];
    if (!tmp || !mp) return undefined;
    M[c] = mp;
    M[piv] = tmp;
    const row = M[c];
    if (!row) return undefined;
    const d = row[c] ?? 0;
    if (Math.abs(d) < 1e-300) return undefined;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const rr = M[r];
      if (!rr) continue;
      const f = (rr[c] ?? 0) / d;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) rr[k] = (rr[k] ?? 0) - f * (row[k] ?? 0);
    }
  }
  return M.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

function normalMatrix(J: number[][], np: number): number[][] {
  const A: number[][] = Array.from({ length: np }, () => new Array<number>(np).fill(0));
  for (const row of J)
    for (let a = 0; a < np; a++)
      for (let b = 0; b < np; b++) {
        const Ar = A[a];
        if (Ar) Ar[b] = (Ar[b] ?? 0) + (row[a] ?? 0) * (row[b] ?? 0);
      }
  return A;
}

/** Minimises Σ r(p)² inside the box [lower, upper] (projected Levenberg–Marquardt). */
export function leastSquares(prob: LsqProblem): LsqResult {
  const { residuals: f, lower, upper } = prob;
  let p = clampVec(prob.p0, lower, upper);
  let r = f(p);
  let cost = sumSq(r);
  let lambda = 1e-3;
  let converged = false;
  const np = p.length;
  for (let it = 0; it < (prob.maxIter ?? 500); it++) {
    const J = jacobian(f, p, r);
    const A = normalMatrix(J, np);
    const g = new Array<number>(np).fill(0);
    for (let i = 0; i < J.length; i++)
      for (let a = 0; a < np; a++) g[a] = (g[a] ?? 0) - (J[i]?.[a] ?? 0) * (r[i] ?? 0);
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const Ad = A.map((row, a) => row.map((v, b) => (a === b ? v * (1 + lambda) + 1e-30 : v)));
      const step = solveSmall(Ad, g);
      if (!step) {
        lambda *= 10;
        continue;
      }
      const q = clampVec(
        p.map((v, a) => v + (step[a] ?? 0)),
        lower,
        upper,
      );
      const rq = f(q);
      const cq = sumSq(rq);
      if (Number.isFinite(cq) && cq < cost) {
        const rel = (cost - cq) / Math.max(cost, 1e-300);
        p = q;
        r = rq;
        cost = cq;
        lambda = Math.max(lambda / 3, 1e-12);
        improved = true;
        if (rel < 1e-12) converged = true;
        break;
      }
      lambda *= 4;
    }
    if (!improved || converged) {
      converged = true;
      break;
    }
  }
  const n = r.length;
  const dof = n - np;
  const sigma = Math.max(dof > 0 ? Math.sqrt(cost / dof) : 0, prob.sigmaFloor ?? 0);
  const J = jacobian(f, p, r);
  const A = normalMatrix(J, np);
  const stderr = p.map((_, j) => {
    const e = new Array<number>(np).fill(0);
    e[j] = 1;
    const col = solveSmall(A, e);
    const v = col?.[j];
    return v !== undefined && v > 0 ? sigma * Math.sqrt(v) : NaN;
  });
  return { p, stderr, rss: cost, rmse: Math.sqrt(cost / Math.max(n, 1)), sigma, converged };
}

/** Root of a scalar function on [a, b] by bisection (f(a), f(b) of opposite sign). */
export function bisectRoot(f: (x: number) => number, a: number, b: number, iters = 100): number {
  let fa = f(a);
  let lo = a;
  let hi = b;
  for (let i = 0; i < iters; i++) {
    const m = 0.5 * (lo + hi);
    const fm = f(m);
    if (fm === 0) return m;
    if (fm > 0 === fa > 0) {
      lo = m;
      fa = fm;
    } else hi = m;
  }
  return 0.5 * (lo + hi);
}
