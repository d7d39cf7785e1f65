#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the `prepare` script),
// bundled into one file so that it starts fast (scripts/bundle-cli.mjs).
import { main } from "../dist/cli/ssbpress.js";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
