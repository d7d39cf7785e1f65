/**
 * Curve fitting: nonlinear least squares (Levenberg–Marquardt with bounds) and the ordinary least
 * squares straight line, both with parameter standard errors.
 */
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { requireFinite, usageError } from "./errors.js";

/** A nonlinear least-squares problem: find p minimising Σ ((y_i − model(x_i, p)) / σ_i)². */
export interface LeastSquaresProblem {
  model: (x: number, p: number[]) => number;
  x: number[];
  y: number[];
  /** Starting parameters (moved inside the bounds if outside). */
  p0: number[];
  /**
   * Standard deviations of the y values. When given they are taken as absolute: the covariance is
   * (JᵀWJ)⁻¹ with W = diag(1/σ²), and chi2/dof ≈ 1 checks the error model. When omitted, all points
   * weigh the same and the covariance is scaled by s² = rss/dof (errors estimated from the scatter).
   */
  sigma?: number[];
  /** Lower bounds per parameter (−Infinity for none). */
  lower?: number[];
  /** Upper bounds per parameter (+Infinity for none). */
  upper?: number[];
  /** Maximum number of iterations (Jacobian evaluations), default 200. */
  maxIter?: number;
  /** Convergence tolerance on the relative cost reduction and the scaled step, default 1e-10. */
  tol?: number;
  /**
   * Optional analytic gradient ∂model(x, p)/∂p_j. Default: central finite differences (one-sided next
   * to a bound), 2·(number of parameters) model evaluations per point and iteration.
   */
  gradient?: (x: number, p: number[]) => number[];
}

/** Result of {@link fitLeastSquares}. */
export interface LeastSquaresResult {
  p: number[];
  /** Standard errors √diag(covariance); NaN when not determined (dof = 0 without sigma, singular JᵀJ). */
  stderr: number[];
  covariance: number[][];
  /** y − model(x, p) (unweighted). */
  residuals: number[];
  /** Σ (residual/σ)² (= rss when sigma is not given). */
  chi2: number;
  /** Σ residual² (unweighted). */
  rss: number;
  /** Degrees of freedom: points − parameters. */
  dof: number;
  /** √(rss / number of points). */
  rmse: number;
  iterations: number;
  converged: boolean;
  /** Why the iteration stopped. */
  message: string;
  /** Indices of parameters that ended on a bound. */
  atBound: number[];
}

const CBRT_EPS = Math.cbrt(Number.EPSILON);

/**
 * Fits model(x, p) to data (x_i, y_i) by weighted nonlinear least squares with the Levenberg–Marquardt
 * method: damped Gauss–Newton steps (JᵀWJ + λ·diag(JᵀWJ))·δ = JᵀW·r with Marquardt's scaling and
 * Nielsen's update of λ from the gain ratio. Bounds are enforced by projection: steps are clamped into
 * [lower, upper] and parameters resting on a bound with the gradient pushing outwards are held fixed for
 * that iteration (a simple active-set scheme). The covariance of the estimate is the inverse Gauss–Newton
 * Hessian at the solution, s²·(JᵀWJ)⁻¹ (see `sigma` for s²), computed with ml-matrix's Cholesky
 * factorisation after diagonal scaling.
 * References: Levenberg, Q. Appl. Math. 2 (1944) 164; Marquardt, SIAM J. Appl. Math. 11 (1963) 431;
 * Madsen, Nielsen & Tingleff, "Methods for Non-Linear Least Squares Problems" (DTU 2004) §3.2;
 * Nocedal & Wright, "Numerical Optimization" §10.3.
 *
 * Throws a usage error for inconsistent input (lengths, non-finite data, fewer points than parameters,
 * lower > upper, non-finite model at p0). Non-convergence is reported with `converged: false`.
 */
export function fitLeastSquares(problem: LeastSquaresProblem): LeastSquaresResult {
  const where = "fitLeastSquares";
  const { model, x, y, p0 } = problem;
  const N = x.length;
  const m = p0.length;
  if (typeof model !== "function") usageError(where, "model must be a function (x, p) => number");
  if (y.length !== N) usageError(where, `x and y differ in length (${N} vs ${y.length})`);
  if (m === 0) usageError(where, "p0 must hold at least one parameter");
  if (N < m) usageError(where, `${N} data points cannot determine ${m} parameters`);
  requireFinite(where, "x", x);
  requireFinite(where, "y", y);
  requireFinite(where, "p0", p0);
  const w = new Float64Array(N).fill(1);
  if (problem.sigma !== undefined) {
    if (problem.sigma.length !== N)
      usageError(where, `sigma has ${problem.sigma.length} entries, y has ${N}`);
    problem.sigma.forEach((s, i) => {
      if (!(s > 0 && Number.isFinite(s))) usageError(where, `sigma[${i}] must be finite and > 0, got ${s}`);
      w[i] = 1 / s;
    });
  }
  const lower = Float64Array.from(problem.lower ?? new Array<number>(m).fill(-Infinity));
  const upper = Float64Array.from(problem.upper ?? new Array<number>(m).fill(Infinity));
  if (lower.length !== m || upper.length !== m) usageError(where, `lower and upper must have ${m} entries`);
  for (let j = 0; j < m; j++) {
    if (Number.isNaN(lower[j]) || Number.isNaN(upper[j]) || (lower[j] as number) > (upper[j] as number)) {
      usageError(where, `bounds of parameter ${j} are inconsistent: [${lower[j]}, ${upper[j]}]`);
    }
  }
  const maxIter = problem.maxIter ?? 200;
  const tol = problem.tol ?? 1e-10;
  if (!(maxIter >= 1)) usageError(where, `maxIter must be >= 1, got ${maxIter}`);
  if (!(tol > 0)) usageError(where, `tol must be > 0, got ${tol}`);

  const clamp = (v: number, j: number): number =>
    Math.min(upper[j] as number, Math.max(lower[j] as number, v));
  let p = Array.from(p0, (v, j) => clamp(v, j));
  const pArg = p.slice(); // scratch parameter vector handed to the model

  /** Weighted residuals r_i = (y_i − model)·w_i into r; returns Σ r² (Infinity if not finite). */
  const residualsInto = (params: number[], r: Float64Array): number => {
    for (let j = 0; j < m; j++) pArg[j] = params[j] as number;
    let s = 0;
    for (let i = 0; i < N; i++) {
      const ri = ((y[i] as number) - model(x[i] as number, pArg)) * (w[i] as number);
      r[i] = ri;
      s += ri * ri;
    }
    return Number.isFinite(s) ? s : Infinity;
  };
  /** Weighted Jacobian of the model, J_ij = w_i·∂model(x_i, p)/∂p_j, row-major N×m. */
  const jacobianInto = (params: number[], J: Float64Array, r: Float64Array): void => {
    if (problem.gradient !== undefined) {
      for (let j = 0; j < m; j++) pArg[j] = params[j] as number;
      for (let i = 0; i < N; i++) {
        const gi = problem.gradient(x[i] as number, pArg);
        if (gi.length !== m) usageError(where, `gradient returned ${gi.length} values, expected ${m}`);
        for (let j = 0; j < m; j++) J[i * m + j] = (gi[j] as number) * (w[i] as number);
      }
      return;
    }
    for (let j = 0; j < m; j++) pArg[j] = params[j] as number;
    for (let j = 0; j < m; j++) {
      const pj = params[j] as number;
      const step = CBRT_EPS * (pj !== 0 ? Math.abs(pj) : 1);
      let hi = pj + step;
      let lo = pj - step;
      if (hi > (upper[j] as number)) hi = pj; // one-sided next to a bound
      if (lo < (lower[j] as number)) lo = pj;
      if (hi === lo) {
        // interval narrower than the step: difference across the whole interval
        hi = pj === (upper[j] as number) ? pj : (upper[j] as number);
        lo = pj === (lower[j] as number) ? pj : (lower[j] as number);
      }
      const span = hi - lo;
      for (let i = 0; i < N; i++) {
        const xi = x[i] as number;
        pArg[j] = hi;
        const fHi = hi === pj ? (y[i] as number) - (r[i] as number) / (w[i] as number) : model(xi, pArg);
        pArg[j] = lo;
        const fLo = lo === pj ? (y[i] as number) - (r[i] as number) / (w[i] as number) : model(xi, pArg);
        J[i * m + j] = span > 0 ? ((fHi - fLo) / span) * (w[i] as number) : 0;
      }
      pArg[j] = pj;
    }
  };

  const r = new Float64Array(N);
  const rTrial = new Float64Array(N);
  const J = new Float64Array(N * m);
  const A = new Float64Array(m * m); // JᵀJ
  const g = new Float64Array(m); // Jᵀr (steepest descent direction of the cost ½‖r‖²)
  const normalEquations = (): void => {
    A.fill(0);
    g.fill(0);
    for (let i = 0; i < N; i++) {
      const ri = r[i] as number;
      for (let a = 0; a < m; a++) {
        const ja = J[i * m + a] as number;
        g[a] = (g[a] as number) + ja * ri;
        for (let b = 0; b <= a; b++) A[a * m + b] = (A[a * m + b] as number) + ja * (J[i * m + b] as number);
      }
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) A[b * m + a] = A[a * m + b] as number;
  };

  let cost = residualsInto(p, r);
  if (!Number.isFinite(cost))
    usageError(where, "the model is not finite at p0 for every x", "check p0 and bounds");
  jacobianInto(p, J, r);
  normalEquations();
  let maxDiag = 0;
  for (let j = 0; j < m; j++) maxDiag = Math.max(maxDiag, A[j * m + j] as number);
  let lambda = 1e-3 * (maxDiag > 0 ? maxDiag : 1);
  let nu = 2;
  let converged = false;
  let message = `maximum number of iterations (${maxIter}) reached`;
  let iterations = 0;
  const free: number[] = [];

  while (iterations < maxIter) {
    iterations++;
    if (cost === 0) {
      converged = true;
      message = "exact fit";
      break;
    }
    // Active set: parameters on a bound whose descent direction points out of the box stay put.
    free.length = 0;
    for (let j = 0; j < m; j++) {
      const gj = g[j] as number;
      const pj = p[j] as number;
      if ((pj <= (lower[j] as number) && gj < 0) || (pj >= (upper[j] as number) && gj > 0)) continue;
      free.push(j);
    }
    if (free.length === 0) {
      converged = true;
      message = "every parameter is held by a bound";
      break;
    }
    // Gradient test (scaled, as MINPACK's gtol): cosine between r and the columns of J.
    let gradMax = 0;
    for (const j of free) {
      const d = Math.sqrt(A[j * m + j] as number);
      if (d > 0) gradMax = Math.max(gradMax, Math.abs(g[j] as number) / (d * Math.sqrt(cost)));
    }
    if (gradMax <= tol) {
      converged = true;
      message = "gradient below tolerance";
      break;
    }
    // Solve the damped normal equations on the free parameters.
    const k = free.length;
    const M = new Matrix(k, k);
    const rhs = new Matrix(k, 1);
    let scaleNorm = 0; // ‖D·p‖ with D = √diag(JᵀJ), for the step test
    for (let a = 0; a < k; a++) {
      const ja = free[a] as number;
      const diag = Math.max(A[ja * m + ja] as number, 1e-12 * maxDiag, Number.MIN_VALUE);
      for (let b = 0; b < k; b++) M.set(a, b, A[ja * m + (free[b] as number)] as number);
      M.set(a, a, (A[ja * m + ja] as number) + lambda * diag);
      rhs.set(a, 0, g[ja] as number);
      scaleNorm += diag * (p[ja] as number) ** 2;
    }
    const chol = new CholeskyDecomposition(M);
    if (!chol.isPositiveDefinite()) {
      lambda *= nu;
      nu *= 2;
      continue;
    }
    const delta = chol.solve(rhs);
    const pTrial = p.slice();
    for (let a = 0; a < k; a++) {
      const ja = free[a] as number;
      pTrial[ja] = clamp((p[ja] as number) + delta.get(a, 0), ja);
    }
    // Step actually taken (after clamping) and its predicted cost reduction from the linear model.
    let pred = 0;
    let stepNorm = 0;
    const d = new Float64Array(m);
    for (let j = 0; j < m; j++) d[j] = (pTrial[j] as number) - (p[j] as number);
    for (let a = 0; a < m; a++) {
      const da = d[a] as number;
      if (da === 0) continue;
      let Ad = 0;
      for (let b = 0; b < m; b++) Ad += (A[a * m + b] as number) * (d[b] as number);
      pred += 2 * da * (g[a] as number) - da * Ad;
      stepNorm += Math.max(A[a * m + a] as number, 1e-12 * maxDiag) * da * da;
    }
    const costTrial = residualsInto(pTrial, rTrial);
    const rho = pred > 0 ? (cost - costTrial) / pred : -1;
    const smallStep = Math.sqrt(stepNorm) <= tol * (Math.sqrt(scaleNorm) + tol);
    if (costTrial < cost && rho > 0) {
      const relDrop = (cost - costTrial) / cost;
      const relPred = pred / cost;
      p = pTrial;
      cost = costTrial;
      r.set(rTrial);
      jacobianInto(p, J, r);
      normalEquations();
      for (let j = 0; j < m; j++) maxDiag = Math.max(maxDiag, A[j * m + j] as number);
      lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
      nu = 2;
      if (relDrop <= tol && relPred <= tol) {
        converged = true;
        message = "relative reduction of the cost below tolerance";
        break;
      }
      if (smallStep) {
        converged = true;
        message = "relative step below tolerance";
        break;
      }
    } else {
      if (smallStep) {
        converged = true;
        message = "no further reduction possible (step below tolerance)";
        break;
      }
      lambda *= nu;
      nu *= 2;
      if (!Number.isFinite(lambda)) {
        message = "damping parameter overflowed without progress";
        break;
      }
    }
  }

  // Statistics at the solution.
  const residuals = new Array<number>(N);
  let rss = 0;
  for (let i = 0; i < N; i++) {
    const ri = (r[i] as number) / (w[i] as number);
    residuals[i] = ri;
    rss += ri * ri;
  }
  const chi2 = cost;
  const dof = N - m;
  const scale = problem.sigma !== undefined ? 1 : dof > 0 ? rss / dof : NaN;
  const fixed = Array.from({ length: m }, (_, j) => lower[j] === upper[j]);
  const covariance = covarianceFrom(A, m, scale, fixed);
  const stderr = covariance.map((row, j) => Math.sqrt(row[j] as number));
  const atBound: number[] = [];
  for (let j = 0; j < m; j++) if (p[j] === lower[j] || p[j] === upper[j]) atBound.push(j);
  return {
    p,
    stderr,
    covariance,
    residuals,
    chi2,
    rss,
    dof,
    rmse: Math.sqrt(rss / N),
    iterations,
    converged,
    message,
    atBound,
  };
}

/**
 * scale·(JᵀJ)⁻¹ via Cholesky on the diagonally scaled matrix D⁻¹AD⁻¹ (unit diagonal, better
 * conditioned when parameters differ by orders of magnitude). Parameters fixed by equal bounds get zero
 * variance; if the rest is singular (a parameter the data do not determine) the rest is NaN.
 */
function covarianceFrom(A: Float64Array, m: number, scale: number, fixed: boolean[]): number[][] {
  const out = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const idx: number[] = [];
  for (let j = 0; j < m; j++) if (!fixed[j]) idx.push(j);
  const k = idx.length;
  if (k === 0) return out;
  const fillNaN = (): number[][] => {
    for (const a of idx) for (const b of idx) (out[a] as number[])[b] = NaN;
    return out;
  };
  const dInv = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const j = idx[a] as number;
    const v = A[j * m + j] as number;
    if (!(v > 0)) return fillNaN();
    dInv[a] = 1 / Math.sqrt(v);
  }
  const B = new Matrix(k, k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      const v =
        (A[(idx[a] as number) * m + (idx[b] as number)] as number) *
        (dInv[a] as number) *
        (dInv[b] as number);
      B.set(a, b, v);
      B.set(b, a, v); // exactly symmetric, as ml-matrix's Cholesky requires
    }
  }
  const chol = new CholeskyDecomposition(B);
  if (!chol.isPositiveDefinite()) return fillNaN();
  const inv = chol.solve(Matrix.eye(k, k));
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      (out[idx[a] as number] as number[])[idx[b] as number] =
        scale * inv.get(a, b) * (dInv[a] as number) * (dInv[b] as number);
    }
  }
  return out;
}

/** Result of {@link fitLinear}: y ≈ intercept + slope·x. */
export interface LinearFit {
  slope: number;
  intercept: number;
  slopeStderr: number;
  interceptStderr: number;
  /** Covariance of (slope, intercept), in that order. */
  covariance: [[number, number], [number, number]];
  /** Coefficient of determination 1 − rss/Σ(y − ȳ)² (NaN if all y are equal). */
  r2: number;
  rss: number;
  dof: number;
  residuals: number[];
}

/**
 * Ordinary least-squares straight line y = intercept + slope·x, closed form on centred data:
 * slope = Sxy/Sxx, intercept = ȳ − slope·x̄, s² = rss/(n − 2), Var(slope) = s²/Sxx,
 * Var(intercept) = s²·(1/n + x̄²/Sxx), Cov = −x̄·s²/Sxx (e.g. Draper & Smith, "Applied Regression
 * Analysis", ch. 1). Needs at least two distinct x; standard errors are NaN with exactly two points.
 */
export function fitLinear(x: number[], y: number[]): LinearFit {
  const where = "fitLinear";
  const n = x.length;
  if (y.length !== n) usageError(where, `x and y differ in length (${n} vs ${y.length})`);
  if (n < 2) usageError(where, `needs at least 2 points, got ${n}`);
  requireFinite(where, "x", x);
  requireFinite(where, "y", y);
  let xm = 0;
  let ym = 0;
  for (let i = 0; i < n; i++) {
    xm += x[i] as number;
    ym += y[i] as number;
  }
  xm /= n;
  ym /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - xm;
    const dy = (y[i] as number) - ym;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0)) usageError(where, "all x values are equal; the slope is undetermined");
  const slope = sxy / sxx;
  const intercept = ym - slope * xm;
  const residuals = new Array<number>(n);
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const ri = (y[i] as number) - (intercept + slope * (x[i] as number));
    residuals[i] = ri;
    rss += ri * ri;
  }
  const dof = n - 2;
  const s2 = dof > 0 ? rss / dof : NaN;
  const varSlope = s2 / sxx;
  const varIntercept = s2 * (1 / n + (xm * xm) / sxx);
  const cov = (-xm * s2) / sxx;
  return {
    slope,
    intercept,
    slopeStderr: Math.sqrt(varSlope),
    interceptStderr: Math.sqrt(varIntercept),
    covariance: [
      [varSlope, cov],
      [cov, varIntercept],
    ],
    r2: syy > 0 ? 1 - rss / syy : NaN,
    rss,
    dof,
    residuals,
  };
}
