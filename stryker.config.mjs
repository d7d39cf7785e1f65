/**
 * Mutation testing (issue #6): StrykerJS with the vitest runner on the units module and the checker
 * rules. `npm run mutate` runs it; reports go to reports/mutation/ (git-ignored). The machine is
 * shared, so it runs one test process at a time.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.stryker.config.ts" },
  coverageAnalysis: "perTest",
  mutate: ["src/core/**/*.ts", "src/protocol/rules/**/*.ts", "src/protocol/limits.ts", "!src/**/*.test.ts"],
  reporters: ["clear-text", "json", "progress"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false },
  // Reruns only test what changed (mutants, or the tests covering them) since the last run.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  concurrency: 1,
  timeoutMS: 20000,
  thresholds: { high: 90, low: 80, break: null },
};
