/**
 * Vitest configuration for mutation testing (`npm run mutate`): only the tests of the mutated
 * sources (src/core and the checker rules), so that each mutant runs in a fraction of a second.
 */
import { defineConfig } from "vitest/config";

/** MUTATE_SCOPE=core or MUTATE_SCOPE=rules narrows the tests to one of the two mutated folders. */
const TESTS: Record<string, string[]> = {
  core: ["src/core/**/*.test.ts"],
  rules: ["src/protocol/rules/**/*.test.ts"],
};
const scope = process.env.MUTATE_SCOPE;

export default defineConfig({
  test: {
    include: scope ? TESTS[scope]! : [...TESTS.core!, ...TESTS.rules!],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 20_000,
    pool: "forks",
    // The rules' tests build every protocol inside the test and share no module state, so one module
    // graph per worker is safe there and about three times faster; core runs isolated.
    isolate: scope === "core",
    setupFiles: ["test/setup.ts"],
  },
});
