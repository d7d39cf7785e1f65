export * from "./errors.js";
export * from "./clock.js";
export * from "./units.js";
export * from "./conversions.js";
export * from "./text.js";
