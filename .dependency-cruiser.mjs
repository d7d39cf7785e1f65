/**
 * Import rules for ssbpress, checked by `npm run lint` (dependency-cruiser).
 *
 * The layer order is the one in ARCHITECTURE.md: a folder under src/ may import itself and the
 * folders to its left, never one to its right. Folders that do not exist yet are listed so the rule
 * already holds the day they appear.
 */
const LAYERS = [
  "core",
  "materials",
  "protocol",
  "numerics",
  "models",
  "devices",
  "engine",
  "store",
  "report",
  "server",
  "cli",
];

/** Test code: unit tests, shared driver suites, and everything under test/. */
const TEST_CODE = ["\\.test\\.ts$", "\\.case\\.ts$", "^test/"];

/** Dev-time tools inside src/ that are not part of the published library and may use devDependencies. */
const DEV_TOOLS = ["^src/models/fit/", "^src/models/validate/"];

const OUTSIDE_LAYERS_ALLOWED = [`^src/(${LAYERS.join("|")})/`, "^src/index\\.ts$"];

/** One rule per layer: nothing in it may import a layer further right. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer}`,
  severity: "error",
  comment: `src/${layer}/ may import only ${LAYERS.slice(0, i + 1).join(", ")} (ARCHITECTURE.md: imports point left)`,
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join("|")})/` },
}));

export default {
  forbidden: [
    ...layerRules,
    // Every source file lives in a layer folder (or is the src/index.ts public API), so the layer
    // rules cover it. Checked from both sides of an import; a stray file with neither is unused,
    // which knip reports.
    {
      name: "src-outside-layers",
      severity: "error",
      comment: "This file is not in a layer folder of ARCHITECTURE.md; move it into one",
      from: { path: "^src/", pathNot: OUTSIDE_LAYERS_ALLOWED },
      to: {},
    },
    {
      name: "to-src-outside-layers",
      severity: "error",
      comment: "The imported file is not in a layer folder of ARCHITECTURE.md; move it into one",
      from: {},
      to: { path: "^src/", pathNot: OUTSIDE_LAYERS_ALLOWED },
    },
    {
      name: "web-talks-to-server-only",
      severity: "error",
      comment: "The browser app reaches the library only through the HTTP API (ARCHITECTURE.md): no import from src/",
      from: { path: "^web/" },
      to: { path: "^(src|test|bench|bin)/" },
    },
    {
      name: "nothing-imports-web",
      severity: "error",
      comment: "web/ is built by Vite into dist/web and served as files; the library never imports it",
      from: { pathNot: "^web/" },
      to: { path: "^web/" },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "Circular imports hide the direction of a dependency and break module initialisation order",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-test",
      severity: "error",
      comment: "Library code must not import tests, test helpers or shared test suites",
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: "src-not-to-test-or-bench",
      severity: "error",
      comment: "src/ is what is published; test/ and bench/ are not",
      from: { path: "^src/" },
      to: { path: "^(test|bench)/" },
    },
    {
      name: "not-to-dev-dep",
      severity: "error",
      comment:
        "devDependencies are not installed for users of the package; the library must not import them (tests and dev tools may)",
      from: { path: "^src/", pathNot: [...TEST_CODE, ...DEV_TOOLS] },
      to: { dependencyTypes: ["npm-dev"] },
    },
    {
      name: "no-non-package-json",
      severity: "error",
      comment: "A package that is not in package.json may be missing or of any version when installed",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "The import does not resolve to a file or an installed package",
      from: {},
      // bin/ and bench/ run the build in dist/, which exists only after `npm run build`.
      to: { couldNotResolve: true, pathNot: "^\\.\\./dist/" },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^dist/"] },
    // See type-only imports as well: a type from a higher layer is a dependency on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
