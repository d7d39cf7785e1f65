// Bundles the compiled command (dist/cli/main.js and everything it imports, the yaml and commander
// packages included) into one file, dist/cli/ssbpress.js, which bin/ssbpress.js runs. One file
// instead of ~150 modules takes a third of the start-up time off `ssbpress check` (README,
// Benchmarks). The library (dist/index.js) and the Monte Carlo worker stay unbundled.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/cli/main.js"],
  outfile: "dist/cli/ssbpress.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  // Native add-ons (better-sqlite3, serialport's bindings) locate their compiled .node files relative
  // to their own package folder, and pg loads optional parts lazily: they stay in node_modules.
  external: ["better-sqlite3", "pg", "serialport", "modbus-serial"],
  // CommonJS packages inside an ES module still call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __ssbpressRequire } from "node:module"; const require = __ssbpressRequire(import.meta.url);',
  },
});
