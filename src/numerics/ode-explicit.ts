/**
 * Adaptive explicit Runge–Kutta integration with the Dormand–Prince 5(4) pair.
 */
import type { OdeEventRecord, OdeOptions, OdeRhs, OdeSolution } from "./ode-types.js";
import { errorNorm, initialStepSize, resolveOptions, stepTooSmall } from "./ode-control.js";
import { rhsEvaluator, solutionOf } from "./ode-solution.js";
import { DenseRecorder } from "./ode-dense.js";
import { EventTracker } from "./ode-events.js";

// Dormand & Prince (1980) coefficients: nodes c, stage matrix a, 5th-order weights b (= last row, FSAL),
// error weights e = b − b̂ (b̂ the embedded 4th-order weights).
const C2 = 1 / 5,
  C3 = 3 / 10,
  C4 = 4 / 5,
  C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40,
  A32 = 9 / 40;
const A41 = 44 / 45,
  A42 = -56 / 15,
  A43 = 32 / 9;
const A51 = 19372 / 6561,
  A52 = -25360 / 2187,
  A53 = 64448 / 6561,
  A54 = -212 / 729;
const A61 = 9017 / 3168,
  A62 = -355 / 33,
  A63 = 46732 / 5247,
  A64 = 49 / 176,
  A65 = -5103 / 18656;
const B1 = 35 / 384,
  B3 = 500 / 1113,
  B4 = 125 / 192,
  B5 = -2187 / 6784,
  B6 = 11 / 84;
const E1 = 71 / 57600,
  E3 = -71 / 16695,
  E4 = 71 / 1920,
  E5 = -17253 / 339200,
  E6 = 22 / 525,
  E7 = -1 / 40;
// Continuous extension of order 4 (Hairer, Nørsett & Wanner I §II.6, DOPRI5 dense output).
const D1 = -12715105075 / 11282082432,
  D3 = 87487479700 / 32700410799,
  D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632,
  D6 = -1453857185 / 822651844,
  D7 = 69997945 / 29380423;

// Step-size controller (PI control, Hairer, Nørsett & Wanner I §IV.2 / DOPRI5 defaults).
const SAFETY = 0.9;
const BETA = 0.04;
const EXPO = 0.2 - 0.75 * BETA;
const GROW_MAX = 10;
const SHRINK_MAX = 0.2;

/**
 * Integrates y' = f(t, y) from (t0, y0) to tEnd with the explicit Dormand–Prince 5(4) Runge–Kutta pair:
 * 5th-order solution, embedded 4th-order error estimate, FSAL (6 evaluations of f per step), PI step-size
 * control, and a 4th-order continuous extension for `at(t)` and event location.
 * References: Dormand & Prince, J. Comput. Appl. Math. 6 (1980) 19; Hairer, Nørsett & Wanner, "Solving
 * Ordinary Differential Equations I", 2nd ed., §II.4–II.6 (DOPRI5).
 *
 * tEnd < t0 integrates backward in time (t decreasing); tEnd = t0 returns the initial point. Suited to
 * non-stiff problems; on stiff ones (fast decaying modes) the step size is limited by stability rather
 * than accuracy and {@link solveStiff} is far cheaper. Invalid arguments throw a usage error; trouble
 * during the integration (step size underflow, too many steps, f not finite) returns status "failed"
 * with the solution up to that point.
 */
export function solveExplicit(
  f: OdeRhs,
  t0: number,
  y0: number[],
  tEnd: number,
  opts: OdeOptions = {},
): OdeSolution {
  const where = "solveExplicit";
  const o = resolveOptions(where, t0, y0, tEnd, opts);
  const n = y0.length;
  const dir = tEnd >= t0 ? 1 : -1;
  const rec = new DenseRecorder(n, dir, t0, y0.slice());
  const events: OdeEventRecord[] = [];
  let nSteps = 0;
  const { evalF, counter, arg } = rhsEvaluator(f, n, where);
  const finish = (status: OdeSolution["status"], message?: string): OdeSolution =>
    solutionOf(rec, events, status, nSteps, counter.evals, message);

  const y = Float64Array.from(y0);
  const yNew = new Float64Array(n);
  const k1 = new Float64Array(n),
    k2 = new Float64Array(n),
    k3 = new Float64Array(n);
  const k4 = new Float64Array(n),
    k5 = new Float64Array(n),
    k6 = new Float64Array(n);
  let k7 = new Float64Array(n);
  let kFirst = k1;
  const err = new Float64Array(n);

  const tracker = new EventTracker(o.events);
  if (tracker.active) tracker.init(t0, y0.slice());
  if (t0 === tEnd) return finish("done");
  if (!evalF(t0, y, kFirst)) return finish("failed", `f(t0, y0) is not finite`);

  let h = dir * Math.min(o.initialStep ?? initialStepSize(evalF, t0, y, kFirst, dir, 5, o), o.maxStep);
  let t = t0;
  let errOld = 1e-4;
  let rejectedLast = false;
  let attempts = 0;

  for (;;) {
    if (attempts++ >= o.maxSteps) {
      return finish("failed", `maximum number of steps (${o.maxSteps}) reached at t = ${t}`);
    }
    let last = false;
    if (Math.abs(h) > o.maxStep) h = dir * o.maxStep;
    if (
      dir * (t + h - tEnd) >= -1e-12 * Math.abs(h) ||
      Math.abs(tEnd - t - h) <= 4 * Number.EPSILON * Math.abs(tEnd)
    ) {
      h = tEnd - t;
      last = true;
    }
    if (stepTooSmall(t, h)) return finish("failed", `step size too small at t = ${t} (h = ${h})`);

    // Stages.
    let ok = true;
    for (let i = 0; i < n; i++) arg[i] = (y[i] as number) + h * A21 * (kFirst[i] as number);
    ok = evalF(t + C2 * h, arg, k2) && ok;
    for (let i = 0; i < n; i++)
      arg[i] = (y[i] as number) + h * (A31 * (kFirst[i] as number) + A32 * (k2[i] as number));
    ok = evalF(t + C3 * h, arg, k3) && ok;
    for (let i = 0; i < n; i++) {
      arg[i] =
        (y[i] as number) +
        h * (A41 * (kFirst[i] as number) + A42 * (k2[i] as number) + A43 * (k3[i] as number));
    }
    ok = evalF(t + C4 * h, arg, k4) && ok;
    for (let i = 0; i < n; i++) {
      arg[i] =
        (y[i] as number) +
        h *
          (A51 * (kFirst[i] as number) +
            A52 * (k2[i] as number) +
            A53 * (k3[i] as number) +
            A54 * (k4[i] as number));
    }
    ok = evalF(t + C5 * h, arg, k5) && ok;
    for (let i = 0; i < n; i++) {
      arg[i] =
        (y[i] as number) +
        h *
          (A61 * (kFirst[i] as number) +
            A62 * (k2[i] as number) +
            A63 * (k3[i] as number) +
            A64 * (k4[i] as number) +
            A65 * (k5[i] as number));
    }
    ok = evalF(t + h, arg, k6) && ok;
    for (let i = 0; i < n; i++) {
      yNew[i] =
        (y[i] as number) +
        h *
          (B1 * (kFirst[i] as number) +
            B3 * (k3[i] as number) +
            B4 * (k4[i] as number) +
            B5 * (k5[i] as number) +
            B6 * (k6[i] as number));
    }
    const tNew = last ? tEnd : t + h;
    ok = evalF(tNew, yNew, k7) && ok;

    let errNorm = Infinity;
    if (ok) {
      for (let i = 0; i < n; i++) {
        err[i] =
          h *
          (E1 * (kFirst[i] as number) +
            E3 * (k3[i] as number) +
            E4 * (k4[i] as number) +
            E5 * (k5[i] as number) +
            E6 * (k6[i] as number) +
            E7 * (k7[i] as number));
      }
      errNorm = errorNorm(err, y, yNew, o.rtol, o.atol);
    }
    if (!(errNorm <= 1)) {
      // Rejected: shrink (hard if f was not finite) and retry from the same point.
      const factor = Number.isFinite(errNorm) ? Math.max(SHRINK_MAX, SAFETY * errNorm ** -EXPO) : 0.25;
      h *= factor;
      rejectedLast = true;
      continue;
    }

    // Accepted: dense-output coefficients for this step.
    const coef = new Float64Array(5 * n);
    for (let i = 0; i < n; i++) {
      const a = y[i] as number;
      const dy = (yNew[i] as number) - a;
      const r3 = h * (kFirst[i] as number) - dy;
      coef[i] = a;
      coef[n + i] = dy;
      coef[2 * n + i] = r3;
      coef[3 * n + i] = dy - h * (k7[i] as number) - r3;
      coef[4 * n + i] =
        h *
        (D1 * (kFirst[i] as number) +
          D3 * (k3[i] as number) +
          D4 * (k4[i] as number) +
          D5 * (k5[i] as number) +
          D6 * (k6[i] as number) +
          D7 * (k7[i] as number));
    }
    nSteps++;
    const yOut = Array.from(yNew);
    if (tracker.active) {
      const tStart = t;
      const hStep = h;
      const hit = tracker.check(t, tNew, yOut, (s) => DenseRecorder.evalStep(coef, n, tStart, hStep, s));
      if (hit !== null) {
        events.push(...hit.records);
        if (hit.terminal) {
          const stop = hit.records[hit.records.length - 1] as OdeEventRecord;
          rec.push(t, h, coef, stop.t, stop.y.slice());
          return finish("event");
        }
      }
    }
    rec.push(t, h, coef, tNew, yOut);
    if (last) return finish("done");

    // Next step size (PI controller), never growing right after a rejection.
    let factor = SAFETY * errNorm ** -EXPO * errOld ** BETA;
    factor = Math.min(GROW_MAX, Math.max(SHRINK_MAX, factor));
    if (rejectedLast) factor = Math.min(1, factor);
    errOld = Math.max(errNorm, 1e-4);
    rejectedLast = false;
    t = tNew;
    y.set(yNew);
    // FSAL: the last stage is the first stage of the next step.
    const tmp = kFirst;
    kFirst = k7;
    k7 = tmp;
    h *= factor;
  }
}
