/**
 * Electrolyte fracture (MODELS.md item 5). Public API: the physics of ./model.ts with the fitted
 * parameters (src/models/parameters/fracture.ts) as default values. Pass `values` (e.g.
 * `sample(fractureParameters, rng)`) to evaluate one Monte Carlo draw.
 * Equations, parameters, residuals and assumptions: docs/models/fracture.md.
 */
import { findMaterial, PROP, propertyValue } from "../../materials/index.js";
import { nominal, type Values } from "../params.js";
import { fractureParameters } from "../parameters/fracture.js";
import * as model from "./model.js";

export { fractureParameters };
export { FRACTURE } from "./keys.js";
export { fractureKind } from "./model.js";

/** The fitted (nominal) values of {@link fractureParameters}. */
export const FRACTURE_DEFAULTS: Readonly<Values> = Object.freeze(nominal(fractureParameters));

/**
 * Soft-layer limit used when a step gives none [Pa]: the assembly limit of Li metal in the materials
 * database (50 MPa, the lab-recipe consensus).
 */
export const DEFAULT_SOFT_LAYER_LIMIT: number = (() => {
  const li = findMaterial("Li");
  const v = li.ok ? propertyValue(li.value, PROP.assemblyPressureMax) : undefined;
  return (v ?? 50) * 1e6;
})();

/**
 * Effective pressing pressure [Pa] of a step (applied pressure plus soft-layer and release loading).
 * See {@link model.effectivePressure}. References: Weibull1951, Doux2020, Yan2026
 */
export const effectivePressure = (c: model.FractureConditions, values: Values = FRACTURE_DEFAULTS): number =>
  model.effectivePressure(c, values, DEFAULT_SOFT_LAYER_LIMIT);

/**
 * Probability that the layer fractures in the step, P = 1 − exp(−(σ_eff/σ₀)^m) (Weibull).
 * See {@link model.fractureProbability}. References: Weibull1951, Yan2026, Doux2020, GarnetAbstract, Hu2021
 */
export const fractureProbability = (
  c: model.FractureConditions,
  values: Values = FRACTURE_DEFAULTS,
): number => model.fractureProbability(c, values, DEFAULT_SOFT_LAYER_LIMIT);
