/**
 * Vitest configuration for mutation testing (`npm run mutate`): only the tests of the mutated
 * sources (src/core and the checker rules), so that each mutant runs in a fraction of a second.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/core/**/*.test.ts", "src/protocol/rules/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 20_000,
    pool: "forks",
    setupFiles: ["test/setup.ts"],
  },
});
