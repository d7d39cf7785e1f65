/**
 * Storage of an integration's step points and dense output, and the `at(t)` evaluator. Internal to
 * numerics.
 *
 * Every step keeps its interpolation coefficients in the form used by Hairer's DOPRI5 dense output
 * (Hairer, Nørsett & Wanner I §II.6):
 *
 *   y(t0 + θh) = r1 + θ·(r2 + (1 − θ)·(r3 + θ·(r4 + (1 − θ)·r5))),   0 ≤ θ ≤ 1,
 *
 * stored as [r1 | r2 | r3 | r4 | r5] blocks of n numbers (r1 = y0, r2 = y1 − y0). With r5 omitted (4n
 * numbers) it is a cubic, the form of the Rosenbrock continuous extensions (and of the cubic Hermite
 * interpolant, r3 = h·f0 − r2, r4 = r2 − h·f1 − r3).
 */
import { usageError } from "./errors.js";

/** Evaluates one step's interpolant at θ into `out`. */
function denseEval(coef: Float64Array, n: number, theta: number, out: number[] | Float64Array): void {
  const s = 1 - theta;
  if (coef.length >= 5 * n) {
    for (let i = 0; i < n; i++) {
      out[i] =
        (coef[i] as number) +
        theta *
          ((coef[n + i] as number) +
            s *
              ((coef[2 * n + i] as number) +
                theta * ((coef[3 * n + i] as number) + s * (coef[4 * n + i] as number))));
    }
  } else {
    for (let i = 0; i < n; i++) {
      out[i] =
        (coef[i] as number) +
        theta *
          ((coef[n + i] as number) + s * ((coef[2 * n + i] as number) + theta * (coef[3 * n + i] as number)));
    }
  }
}

/** Accumulates accepted steps and answers dense-output queries. */
export class DenseRecorder {
  readonly t: number[] = [];
  readonly y: number[][] = [];
  private readonly segStart: number[] = [];
  private readonly segH: number[] = [];
  private readonly segCoef: Float64Array[] = [];

  constructor(
    private readonly n: number,
    private readonly dir: number,
    t0: number,
    y0: number[],
  ) {
    this.t.push(t0);
    this.y.push(y0);
  }

  /**
   * Records a step that started at `tStart` with size `h` (signed) and interpolation coefficients
   * `coef`, and whose recorded end is (`tEnd`, `yEnd`); `tEnd` may fall short of tStart + h when a
   * terminal event cut the step.
   */
  push(tStart: number, h: number, coef: Float64Array, tEnd: number, yEnd: number[]): void {
    this.segStart.push(tStart);
    this.segH.push(h);
    this.segCoef.push(coef);
    this.t.push(tEnd);
    this.y.push(yEnd);
  }

  /** Dense output of the step at hand (not yet pushed) at time `t`. */
  static evalStep(coef: Float64Array, n: number, tStart: number, h: number, t: number): number[] {
    const out = new Array<number>(n);
    denseEval(coef, n, (t - tStart) / h, out);
    return out;
  }

  /** y(t) anywhere between the first and the last recorded time (inclusive). */
  at(t: number): number[] {
    const ts = this.t;
    const last = ts.length - 1;
    const tFirst = ts[0] as number;
    const tLast = ts[last] as number;
    const dir = this.dir;
    const slack = 1e-12 * Math.abs(tLast - tFirst) + 4 * Number.EPSILON * Math.abs(tLast);
    if (!Number.isFinite(t) || dir * (t - tFirst) < -slack || dir * (t - tLast) > slack) {
      usageError("OdeSolution.at", `t = ${t} is outside the integrated range [${tFirst}, ${tLast}]`);
    }
    if (last === 0) return (this.y[0] as number[]).slice();
    // Binary search for the last node not beyond t in the direction of integration.
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (dir * (t - (ts[mid] as number)) >= 0) lo = mid;
      else hi = mid;
    }
    if (t === ts[lo]) return (this.y[lo] as number[]).slice();
    if (t === ts[hi]) return (this.y[hi] as number[]).slice();
    const out = new Array<number>(this.n);
    const h = this.segH[lo] as number;
    denseEval(this.segCoef[lo] as Float64Array, this.n, (t - (this.segStart[lo] as number)) / h, out);
    return out;
  }
}
