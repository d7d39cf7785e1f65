export * from "./densification.js";
export { densificationParameters } from "./mapping.js";
export { compositionOf } from "./composition.js";
export { DENSIFICATION_KEYS } from "./heckel.js";
export { isReadyPellet, pelletRelativeDensity, readyPellet } from "./pellet.js";
