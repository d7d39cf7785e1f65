/** ssbpress public API: the library under the `ssbpress` command. */
export * from "./core/index.js";
export * from "./materials/index.js";
export * from "./protocol/index.js";
export * as numerics from "./numerics/index.js";
export * as devices from "./devices/index.js";
export * as engine from "./engine/index.js";
export * as store from "./store/index.js";
