/**
 * Types shared by the ODE integrators ({@link solveExplicit}, {@link solveStiff}).
 *
 * Conventions: the right-hand side `f(t, y)` returns dy/dt as a new array of the same length as y. The
 * `y` handed to `f` and to event functions is a scratch buffer that the integrator reuses: read it, do
 * not keep or modify it. Units are whatever the caller uses, consistently.
 */

/** Right-hand side of y' = f(t, y). */
export type OdeRhs = (t: number, y: number[]) => number[];

/**
 * A scalar function g(t, y) whose zero crossings are events (e.g. "strain reaches 5 %").
 * `direction`: +1 records only crossings where g goes from negative to positive, −1 only positive to
 * negative, 0 (default) both. A `terminal` event stops the integration at the crossing.
 * A crossing is a sign change of g between the two ends of a step; g exactly 0 at the end of a step
 * counts as reaching it, while starting from g = 0 (e.g. at t0, or right after a recorded event) does not
 * count as a crossing. Two crossings of the same g inside one step cancel out: limit `maxStep` if g can
 * oscillate quickly.
 */
export interface OdeEvent {
  fn: (t: number, y: number[]) => number;
  terminal?: boolean;
  direction?: -1 | 0 | 1;
}

/** Options common to both integrators. */
export interface OdeOptions {
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance, one value or one per component (default 1e-9). */
  atol?: number | number[];
  /** Largest step size |h| (default: the whole interval). */
  maxStep?: number;
  /** First trial step |h| (default: chosen automatically, Hairer–Nørsett–Wanner I §II.4). */
  initialStep?: number;
  /** Maximum number of attempted steps before giving up with status "failed" (default 100 000). */
  maxSteps?: number;
  /** Event functions located by root finding on the dense output. */
  events?: OdeEvent[];
}

/** One located event: which event (index into `opts.events`), where, and the state there. */
export interface OdeEventRecord {
  index: number;
  t: number;
  y: number[];
}

/**
 * Result of an integration. `t` and `y` hold the accepted step points (t[0] = t0, monotone in the
 * direction of integration); after a terminal event the last point is the event. `at(t)` evaluates the
 * dense output anywhere between t0 and the last reached time (throws outside).
 */
export interface OdeSolution {
  t: number[];
  y: number[][];
  events: OdeEventRecord[];
  /** "done": reached tEnd; "event": stopped by a terminal event; "failed": see `message`. */
  status: "done" | "event" | "failed";
  message?: string;
  /** Accepted steps. */
  nSteps: number;
  /** Evaluations of f (including those spent on finite-difference Jacobians). */
  nEvals: number;
  at(t: number): number[];
}
