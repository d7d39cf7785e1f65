/**
 * Mutation testing (issue #6): StrykerJS with the vitest runner on the units module (src/core) and
 * the checker rules (src/protocol/rules, src/protocol/limits.ts). `npm run mutate` runs both;
 * `MUTATE_SCOPE=core npm run mutate` or `MUTATE_SCOPE=rules npm run mutate` one of them, with only
 * that folder's tests (vitest.stryker.config.ts). Reports go to reports/mutation/ (git-ignored).
 * The machine is shared, so it runs one test process at a time.
 */
import process from "node:process";

const SOURCES = {
  core: ["src/core/**/*.ts"],
  rules: ["src/protocol/rules/**/*.ts", "src/protocol/limits.ts"],
};
const scope = process.env.MUTATE_SCOPE ?? "all";
const sources = SOURCES[scope] ?? [...SOURCES.core, ...SOURCES.rules];

export default {
  testRunner: "vitest",
  // related: false runs every test of the narrowed config (vitest's import graph misses some).
  vitest: { configFile: "vitest.stryker.config.ts", related: false },
  coverageAnalysis: "perTest",
  mutate: [...sources, "!src/**/*.test.ts"],
  reporters: ["clear-text", "json", "progress"],
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  clearTextReporter: { allowColor: false, logTests: false },
  // Reruns only test what changed (mutants, or the tests covering them) since the last run.
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${scope}.json`,
  tempDirName: `.stryker-tmp/${scope}`,
  // Not copied into a sandbox: another scope's sandboxes, reports.
  ignorePatterns: [".stryker-tmp", "reports"],
  cleanTempDir: true,
  concurrency: 1,
  timeoutMS: 20000,
  thresholds: { high: 90, low: 80, break: null },
};
