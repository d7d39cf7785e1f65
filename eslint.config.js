import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Build outputs, and the copies and reports a mutation run (`npm run mutate`) leaves behind.
  { ignores: ["dist/**", "build/**", "node_modules/**", "coverage/**", ".stryker-tmp/**", "reports/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  // The CLI and benchmarks are the only places allowed to print.
  {
    files: ["src/cli/**", "bench/**", "bin/**", "src/models/fit/**", "src/models/validate/**", "test/**"],
    rules: { "no-console": "off" },
  },
  {
    files: ["bin/**", "bench/**/*.js"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", performance: "readonly", URL: "readonly" },
    },
  },
);
