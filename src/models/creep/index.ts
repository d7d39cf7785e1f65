/**
 * Lithium creep, extrusion and short circuit (MODELS.md item 4). Public API: the physics of ./model.ts
 * and ./foil.ts with the fitted parameters (src/models/parameters/creep.ts) as default values. Pass
 * `values` (e.g. `sample(creepParameters, rng)`) to evaluate one Monte Carlo draw.
 * Equations, parameters, residuals and limits: docs/models/creep.md.
 */
import { SsbError } from "../../core/errors.js";
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
export const creepRate = (stress: number, values: Values = CREEP_DEFAULTS, temperature?: number): number =>
  model.creepRate(stress, values, model.checkTemperature("creepRate", temperature));

/**
 * Arrhenius factor θ(T) of every Li creep rate relative to 25 °C (temperature in K). Models that
 * use Li creep (e.g. contact growth) should take it from here, with the same parameter values.
 * See {@link model.creepTemperatureFactor}. References: Vanfleet1972
 */
export const creepTemperatureFactor = (temperature: number, values: Values = CREEP_DEFAULTS): number =>
  model.creepTemperatureFactor(model.checkTemperature("creepTemperatureFactor", temperature), values);

/**
 * Critical stripping current density [A/m²] at a stack pressure [Pa] and temperature [K].
 * See {@link model.criticalCurrentDensity}. References: Kasemchainan2019, Vanfleet1972
 */
export const criticalCurrentDensity = (
  stackPressure: number,
  temperature?: number,
  values: Values = CREEP_DEFAULTS,
): number => {
  if (!Number.isFinite(stackPressure))
    throw new SsbError(
      "usage",
      `criticalCurrentDensity: stackPressure must be a finite number of Pa, got ${stackPressure}`,
    );
  return model.criticalCurrentDensity(
    stackPressure / 1e6,
    model.checkTemperature("criticalCurrentDensity", temperature),
    values,
  );
};

/** Pressure [Pa] above which Li shorts the separator at once. See {@link model.mechanicalIntrusionPressure}. References: Doux2020, Xu2017, Groover2010 */
export const mechanicalIntrusionPressure = (
  porosity: number,
  values: Values = CREEP_DEFAULTS,
  temperature?: number,
): number =>
  model.mechanicalIntrusionPressure(
    porosity,
    values,
    model.checkTemperature("mechanicalIntrusionPressure", temperature),
  );

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
