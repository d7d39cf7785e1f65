/**
 * Step-size control shared by the integrators: option checking, the weighted RMS error norm and the
 * automatic initial step. Internal to numerics.
 */
import type { OdeEvent, OdeOptions } from "./ode-types.js";
import { requireFinite, usageError } from "./errors.js";

export interface ResolvedOptions {
  rtol: number;
  atol: Float64Array;
  maxStep: number;
  initialStep: number | undefined;
  maxSteps: number;
  events: OdeEvent[];
}

/** Validates the common arguments and fills in defaults. */
export function resolveOptions(
  where: string,
  t0: number,
  y0: readonly number[],
  tEnd: number,
  opts: OdeOptions,
): ResolvedOptions {
  if (!Number.isFinite(t0) || !Number.isFinite(tEnd)) {
    usageError(where, `t0 and tEnd must be finite, got t0=${t0}, tEnd=${tEnd}`);
  }
  if (!Array.isArray(y0) || y0.length === 0) usageError(where, "y0 must be a non-empty array");
  requireFinite(where, "y0", y0);
  const n = y0.length;
  const rtol = opts.rtol ?? 1e-6;
  if (!(rtol > 0 && rtol < 1)) usageError(where, `rtol must lie in (0, 1), got ${rtol}`);
  const atolIn = opts.atol ?? 1e-9;
  const atol = new Float64Array(n);
  if (typeof atolIn === "number") {
    if (!(atolIn >= 0)) usageError(where, `atol must be >= 0, got ${atolIn}`);
    atol.fill(atolIn);
  } else {
    if (atolIn.length !== n) usageError(where, `atol has ${atolIn.length} entries, y0 has ${n}`);
    for (let i = 0; i < n; i++) {
      const a = atolIn[i] as number;
      if (!(a >= 0)) usageError(where, `atol[${i}] must be >= 0, got ${a}`);
      atol[i] = a;
    }
  }
  const span = Math.abs(tEnd - t0);
  const maxStep = opts.maxStep ?? Infinity;
  if (!(maxStep > 0)) usageError(where, `maxStep must be > 0, got ${maxStep}`);
  const initialStep = opts.initialStep;
  if (initialStep !== undefined && !(initialStep > 0 && Number.isFinite(initialStep))) {
    usageError(where, `initialStep must be a finite number > 0, got ${initialStep}`);
  }
  const maxSteps = opts.maxSteps ?? 100_000;
  if (!(maxSteps >= 1)) usageError(where, `maxSteps must be >= 1, got ${maxSteps}`);
  const events = opts.events ?? [];
  events.forEach((e, i) => {
    if (typeof e.fn !== "function") usageError(where, `events[${i}].fn must be a function`);
    const d = e.direction ?? 0;
    if (d !== -1 && d !== 0 && d !== 1) usageError(where, `events[${i}].direction must be -1, 0 or 1`);
  });
  return { rtol, atol, maxStep: Math.min(maxStep, span), initialStep, maxSteps, events };
}

/**
 * Weighted RMS norm sqrt(mean((e_i / sc_i)²)) with sc_i = atol_i + rtol·max(|y_i|, |z_i|)
 * (Hairer, Nørsett & Wanner I, eq. II.4.11). A step is accepted when the norm of its error is ≤ 1.
 */
export function errorNorm(
  e: ArrayLike<number>,
  y: ArrayLike<number>,
  z: ArrayLike<number>,
  rtol: number,
  atol: Float64Array,
): number {
  const n = e.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const sc = (atol[i] as number) + rtol * Math.max(Math.abs(y[i] as number), Math.abs(z[i] as number));
    const r = (e[i] as number) / sc;
    s += r * r;
  }
  return Math.sqrt(s / n);
}

/**
 * Automatic first step (Hairer, Nørsett & Wanner I §II.4, "starting step size"): make the explicit
 * Euler step's change and the estimated second-derivative term both about 1 % of the tolerance scale.
 * `order` is the local order of the error estimator. Returns |h| > 0; costs one f evaluation, done by
 * `evalF(t, y, out)`, which returns false if f was not finite there.
 */
export function initialStepSize(
  evalF: (t: number, y: number[], out: Float64Array) => boolean,
  t0: number,
  y0: Float64Array,
  f0: Float64Array,
  dir: number,
  order: number,
  opts: ResolvedOptions,
): number {
  const n = y0.length;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = (opts.atol[i] as number) + opts.rtol * Math.abs(y0[i] as number);
    d0 += ((y0[i] as number) / sc) ** 2;
    d1 += ((f0[i] as number) / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  h0 = Math.min(h0, opts.maxStep);
  const y1 = new Array<number>(n);
  for (let i = 0; i < n; i++) y1[i] = (y0[i] as number) + dir * h0 * (f0[i] as number);
  const f1 = new Float64Array(n);
  let h1: number;
  if (!evalF(t0 + dir * h0, y1, f1)) {
    h1 = h0 * 1e-3;
  } else {
    let d2 = 0;
    for (let i = 0; i < n; i++) {
      const sc = (opts.atol[i] as number) + opts.rtol * Math.abs(y0[i] as number);
      d2 += (((f1[i] as number) - (f0[i] as number)) / sc) ** 2;
    }
    d2 = Math.sqrt(d2 / n) / h0;
    const dmax = Math.max(d1, d2);
    h1 = dmax <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / dmax) ** (1 / order);
  }
  const h = Math.min(100 * h0, h1, opts.maxStep);
  return h > 0 ? h : opts.maxStep * 1e-6;
}

/** True when |h| is too small to advance t meaningfully (a few ulps of t, or zero). */
export function stepTooSmall(t: number, h: number): boolean {
  return h === 0 || Math.abs(h) <= 10 * Number.EPSILON * Math.abs(t);
}
