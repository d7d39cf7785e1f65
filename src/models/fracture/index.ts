/**
 * Electrolyte fracture and interface lamination (MODELS.md item 5). Public API: the physics of ./model.ts with the fitted
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
 * Effective pressing pressure [Pa] of a step (applied pressure plus the soft-layer load concentration).
 * See {@link model.effectivePressure}. References: Weibull1951, Doux2020
 */
export const effectivePressure = (c: model.PressLoad, values: Values = FRACTURE_DEFAULTS): number =>
  model.effectivePressure(c, values, DEFAULT_SOFT_LAYER_LIMIT);

/**
 * Probability that the layer (or co-pressed body) fractures through in the step, given the earlier
 * presses it survived: P = 1 − exp(−(H_now − max H_before)⁺), H = (p_eff/p₀)^m (Weibull).
 * See {@link model.fractureProbability}.
 * References: Weibull1951, Yan2026, Schneider2023, Doux2020, GarnetAbstract, Hu2021
 */
export const fractureProbability = (
  c: model.FractureConditions,
  values: Values = FRACTURE_DEFAULTS,
): number => model.fractureProbability(c, values, DEFAULT_SOFT_LAYER_LIMIT);

/**
 * Probability that a co-pressed interface between two compact layers delaminates on the step's release,
 * given the releases it held before. See {@link model.laminationProbability}.
 * References: Yan2026, Akseli2013, Schneider2023, Weibull1951
 */
export const laminationProbability = (
  c: model.LaminationConditions,
  values: Values = FRACTURE_DEFAULTS,
): number => model.laminationProbability(c, values);

/**
 * Probability that a pressed body caps or delaminates while it is pushed out of the die (residual
 * die-wall stress set free at the die's mouth). See {@link model.ejectionProbability}.
 * References: Akseli2013, Yan2026, Weibull1951
 */
export const ejectionProbability = (
  body: { layers: readonly model.EjectedLayer[]; interfaces: readonly model.EjectedInterface[] },
  values: Values = FRACTURE_DEFAULTS,
): number => model.ejectionProbability(body, values);
