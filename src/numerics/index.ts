/**
 * Numerical building blocks (no battery knowledge): ODE integrators, root finding, least-squares
 * fitting, interpolation, seeded random numbers and descriptive statistics.
 */
export type { OdeEvent, OdeEventRecord, OdeOptions, OdeRhs, OdeSolution } from "./ode-types.js";
export { solveExplicit } from "./ode-explicit.js";
export { solveStiff, type StiffOptions } from "./ode-stiff.js";
export { brent, bisect, type RootOptions } from "./roots.js";
export {
  fitLeastSquares,
  fitLinear,
  type LeastSquaresProblem,
  type LeastSquaresResult,
  type LinearFit,
} from "./least-squares.js";
export { linearInterpolator, pchip, type Extrapolation, type InterpolationOptions } from "./interpolate.js";
export { createRng, latinHypercube, type Rng } from "./random.js";
export { mean, median, quantile, std, variance } from "./stats.js";
