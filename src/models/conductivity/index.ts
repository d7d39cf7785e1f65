export * from "./conductivity.js";
export { conductivityParameters, nominalConductivityValues, type ConductivityMapping } from "./mapping.js";
export { CONDUCTIVITY_KEYS } from "./law.js";
