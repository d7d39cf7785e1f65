export * from "./conductivity.js";
export { conductivityParameters } from "./mapping.js";
export { CONDUCTIVITY_KEYS } from "./law.js";
