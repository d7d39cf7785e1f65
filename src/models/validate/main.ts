/**
 * `npm run validate`: compare the models with every published measurement they claim to reproduce and
 * write docs/validation.md with its two figures. `npm run validate -- --check` writes nothing and exits
 * 1 when the committed report differs from what the current models and data give (CI runs the same
 * comparison as a test).
 *
 * Not part of the published build: compiled by tsconfig.fit.json into build/fit/.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../fit/data.js";
import { allPoints } from "./collect.js";
import { renderReport } from "./render.js";
import { headline, summarize } from "./summary.js";

const USAGE = `usage: npm run validate [-- --check]
  (no option)  write docs/validation.md and its figures from data/published/ and the models
  --check      write nothing; exit 1 when the committed report is out of date`;

function main(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`validate: unknown argument ${unknown.map((a) => `"${a}"`).join(", ")}\n${USAGE}`);
    return 2;
  }
  const root = packageRoot();
  const points = allPoints();
  const files = renderReport(points);
  const stale: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const file = join(root, "docs", rel);
    const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (current === text) continue;
    if (args.includes("--check")) stale.push(`docs/${rel}`);
    else writeFileSync(file, text);
  }
  console.log(`${headline(summarize(points))}.`);
  if (stale.length > 0) {
    console.error(`validate --check: out of date: ${stale.join(", ")}. Run \`npm run validate\` and commit.`);
    return 1;
  }
  console.log(
    args.includes("--check") ? "validate --check: docs/validation.md is current" : "wrote docs/validation.md",
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
