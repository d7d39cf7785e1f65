/* global process */
// Runs the built CLI like bin/ssbpress.js does, then writes the process's peak resident memory [kB]
// to file descriptor 3, so that a test can assert that hostile input never made memory explode.
import { writeSync } from "node:fs";
import { main } from "../../dist/cli/ssbpress.js";

process.on("exit", () => {
  try {
    writeSync(3, String(process.resourceUsage().maxRSS));
  } catch {
    // fd 3 is not open: run by hand, nothing to report to
  }
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
