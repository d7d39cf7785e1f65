/**
 * The fitting code stays out of the published build: `tsconfig.build.json` (what `npm run build`
 * compiles into dist/) leaves src/models/fit/ out, `tsconfig.fit.json` builds it for `npm run fit`,
 * `tsconfig.json` (the lint's type check) still covers it, and no shipped module imports it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { packageRoot } from "./data.js";

const root = packageRoot();
const FIT_DIR = join(root, "src", "models", "fit");
const isTest = (f: string) => /\.(test|case)\.ts$/.test(f);
const inFit = (f: string) => resolve(f).startsWith(FIT_DIR + sep);
/** The validation report (`npm run validate`) is a dev tool like the fit (DEV_TOOLS in .dependency-cruiser.mjs). */
const VALIDATE_DIR = join(root, "src", "models", "validate");
const inValidate = (f: string) => resolve(f).startsWith(VALIDATE_DIR + sep);

/** The source files a tsconfig compiles (its include/exclude, as tsc resolves them). */
function filesOf(config: string): string[] {
  const file = join(root, config);
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(file), undefined, file);
  return parsed.fileNames.map((f) => resolve(f));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports in one file. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [
    ...text.matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/g),
    ...text.matchAll(/\bimport\s*["']([^"']+)["']/g),
    ...text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return found.map((m) => m[1]!);
}

describe("the fitting code is kept out of the published build", () => {
  it("tsconfig.build.json compiles no fit code and no tests, but the rest of src/", () => {
    const files = filesOf("tsconfig.build.json");
    expect(files.filter(inFit).map((f) => relative(root, f))).toEqual([]);
    expect(files.filter(isTest).map((f) => relative(root, f))).toEqual([]);
    expect(files).toContain(join(root, "src", "index.ts"));
    expect(files).toContain(join(root, "src", "models", "parameters", "densification.ts"));
  });

  it("tsconfig.fit.json builds the fit entry point, and tsconfig.json type-checks the fit code", () => {
    const fit = filesOf("tsconfig.fit.json");
    expect(fit).toContain(join(FIT_DIR, "main.ts"));
    expect(fit.filter(isTest)).toEqual([]);
    const all = filesOf("tsconfig.json");
    for (const f of sourceFiles(FIT_DIR)) expect(all, relative(root, f)).toContain(f);
  });

  it("no module outside src/models/fit/ imports it, except tests", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(root, "src"))) {
      if (inFit(file) || inValidate(file) || isTest(file)) continue;
      for (const spec of specifiers(file)) {
        if (spec.startsWith(".") && inFit(resolve(dirname(file), spec))) {
          offenders.push(`${relative(root, file)} imports "${spec}"`);
        }
      }
    }
    expect(offenders, "move what these need out of src/models/fit/ or drop the import").toEqual([]);
  });

  it("finds imports in the forms the check relies on", () => {
    // Guards the import scanner itself: a scanner that found nothing would pass the check above.
    const here = sourceFiles(FIT_DIR).find((f) => f.endsWith(`${sep}main.ts`))!;
    expect(specifiers(here)).toEqual(expect.arrayContaining(["./data.js", "./registry.js", "prettier"]));
  });
});
