// Bundles the compiled command (dist/cli/main.js and everything it imports, the yaml and commander
// packages included) into dist/cli/ssbpress.js (plus chunks loaded on demand), which bin/ssbpress.js runs. One file
// instead of ~150 modules takes a third of the start-up time off `ssbpress check` (README,
// Benchmarks). The library (dist/index.js) and the Monte Carlo worker stay unbundled.
import { rmSync } from "node:fs";
import { build } from "esbuild";

// Chunks of an earlier build would pile up: start from an empty chunk folder.
rmSync("dist/cli/chunks", { recursive: true, force: true });

await build({
  entryPoints: ["dist/cli/main.js"],
  // The commands imported when they run (run, runs, sim-press, simulate…) become chunks loaded on
  // demand, so `ssbpress check` parses only what it needs.
  outdir: "dist/cli",
  entryNames: "ssbpress",
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
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
