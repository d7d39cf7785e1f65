/** ssbpress public API: the library under the `ssbpress` command. */
export * from "./core/index.js";
export * from "./materials/index.js";
export * from "./protocol/index.js";
export * as numerics from "./numerics/index.js";
