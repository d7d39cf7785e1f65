/** What both ODE solvers share: calling the right-hand side safely, and packaging the solution. */
import { usageError } from "./errors.js";
import type { DenseRecorder } from "./ode-dense.js";
import type { OdeEventRecord, OdeRhs, OdeSolution } from "./ode-types.js";

/**
 * Wraps f so that it is called with one scratch array (no allocation per call), its result length is
 * checked, and non-finite values are reported to the caller (which then shrinks the step or fails).
 */
export function rhsEvaluator(
  f: OdeRhs,
  n: number,
  where: string,
): {
  evalF: (t: number, y: ArrayLike<number>, out: Float64Array) => boolean;
  counter: { evals: number };
  /** The scratch array f is called with; a caller may fill it and pass it as y to skip the copy. */
  arg: number[];
} {
  const arg = new Array<number>(n).fill(0);
  const counter = { evals: 0 };
  const evalF = (t: number, y: ArrayLike<number>, out: Float64Array): boolean => {
    if (y !== arg) for (let i = 0; i < n; i++) arg[i] = y[i] as number;
    const r = f(t, arg);
    counter.evals++;
    if (!Array.isArray(r) || r.length !== n) {
      usageError(where, `f returned ${Array.isArray(r) ? `${r.length} values` : typeof r}; expected ${n}`);
    }
    let finite = true;
    for (let i = 0; i < n; i++) {
      const v = r[i] as number;
      out[i] = v;
      if (!Number.isFinite(v)) finite = false;
    }
    return finite;
  };
  return { evalF, counter, arg };
}

export function solutionOf(
  rec: DenseRecorder,
  events: OdeEventRecord[],
  status: OdeSolution["status"],
  nSteps: number,
  nEvals: number,
  message?: string,
): OdeSolution {
  const sol: OdeSolution = {
    t: rec.t,
    y: rec.y,
    events,
    status,
    nSteps,
    nEvals,
    at: (t: number) => rec.at(t),
  };
  if (message !== undefined) sol.message = message;
  return sol;
}
