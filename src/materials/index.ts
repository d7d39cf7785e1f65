export * from "./types.js";
export * from "./references.js";
export * from "./database.js";
export * from "./lookup.js";
export * from "./composite.js";
