export * from "./conductivity.js";
export { conductivityParameters } from "./mapping.js";
export { CONDUCTIVITY_KEYS, REFERENCE_TEMPERATURE, arrheniusFactor } from "./law.js";
