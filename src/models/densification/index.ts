export * from "./densification.js";
export { densificationParameters, nominalDensificationValues, type DensificationMapping } from "./mapping.js";
export { compositionOf, canonicalName, type Composition } from "./composition.js";
export { DENSIFICATION_KEYS } from "./heckel.js";
