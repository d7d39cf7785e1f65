/**
 * Lithium creep, extrusion and short circuit (MODELS.md item 4). Public API: the physics of ./model.ts
 * and ./foil.ts with the fitted parameters (src/models/parameters/creep.ts) as default values. Pass
 * `values` (e.g. `sample(creepParameters, rng)`) to evaluate one Monte Carlo draw.
 * Equations, parameters, residuals and limits: docs/models/creep.md.
 */
import { nominal, type Values } from "../params.js";
import { creepParameters } from "../parameters/creep.js";
import * as foil from "./foil.js";
import * as model from "./model.js";

export { creepParameters };
export { CREEP } from "./keys.js";
export type { ShortConditions } from "./model.js";

/** The fitted (nominal) values of {@link creepParameters}. */
export const CREEP_DEFAULTS: Readonly<Values> = Object.freeze(nominal(creepParameters));

/** Bulk Li creep rate [1/s] at a stress [Pa]: ε̇ = A·σⁿ. See {@link model.creepRate}. References: Masias2019 */
export const creepRate = (stress: number, values: Values = CREEP_DEFAULTS): number =>
  model.creepRate(stress, values);

/** Pressure [Pa] above which Li shorts the separator at once. See {@link model.mechanicalIntrusionPressure}. References: Doux2020, Xu2017, Groover2010 */
export const mechanicalIntrusionPressure = (porosity: number, values: Values = CREEP_DEFAULTS): number =>
  model.mechanicalIntrusionPressure(porosity, values);

/**
 * Median time to short [s]: 0 above the mechanical intrusion pressure, L/v below it, Infinity for
 * alloy/other anodes or when nothing drives the Li. See {@link model.timeToShort}.
 * References: Doux2020, Masias2019, Koerver2018
 */
export const timeToShort = (c: model.ShortConditions, values: Values = CREEP_DEFAULTS): number =>
  model.timeToShort(c, values);

/** 1/timeToShort [1/s], for a Miner-type sum over a varying stack pressure. References: Doux2020, Masias2019 */
export const damageRate = (c: model.ShortConditions, values: Values = CREEP_DEFAULTS): number =>
  model.damageRate(c, values);

/**
 * Probability of a short within `duration` [s] (mechanical threshold and lognormal time to short).
 * See {@link model.shortProbability}. References: Doux2020, Masias2019
 */
export const shortProbability = (
  c: model.ShortConditions & { duration: number },
  values: Values = CREEP_DEFAULTS,
): number => model.shortProbability(c, values);

/**
 * A press step with Li already in the die: short probability, extruded fraction, thickness left.
 * See {@link foil.assemblyIntrusion}. References: Doux2020, Masias2019, Groover2010
 */
export const assemblyIntrusion = (
  c: foil.AssemblyConditions,
  values: Values = CREEP_DEFAULTS,
): foil.AssemblyResult => foil.assemblyIntrusion(c, values);
