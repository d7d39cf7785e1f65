/**
 * Reading the published data in data/published/ (CSV with '#' comment lines). Used by `npm run fit`
 * and by tests that compare predictions with the data; never at run time, never part of `dist/`.
 *
 * The folder is found from this file's own location (the package root is the first directory
 * above it whose package.json names "ssbpress"), so the result does not depend on the current
 * directory, and it works both from src/ (tests) and from the compiled fit in build/fit/.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

const PACKAGE_NAME = "ssbpress";

/** The directory holding ssbpress's package.json, found by walking up from this file. */
export function packageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && manifestName(manifest) === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `cannot find the ssbpress package root above ${start}: no package.json named "${PACKAGE_NAME}". ` +
      "Run the fit and the tests from a checkout of the ssbpress repository.",
  );
}

function manifestName(file: string): string | undefined {
  try {
    const json: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof json === "object" && json !== null && "name" in json && typeof json.name === "string") {
      return json.name;
    }
  } catch {
    // An unreadable or invalid package.json is not ours; keep walking up.
  }
  return undefined;
}

/** Absolute path of data/published/ in this checkout. */
export function dataDir(): string {
  return join(packageRoot(), "data", "published");
}

/**
 * The text of one published data file. A missing file is an error that names the file and where it
 * was looked for: the data are part of the repository, so a missing file means a broken checkout.
 */
export function readDataFile(name: string): string {
  const file = join(dataDir(), name);
  if (!existsSync(file)) {
    const shown = relative(process.cwd(), file) || file;
    throw new Error(
      `published data file ${name} is missing (looked for ${shown}). The files in data/published/ ` +
        "are part of the repository: restore the file from git, or check that the checkout is complete.",
    );
  }
  return readFileSync(file, "utf8");
}

export type Row = Record<string, string>;

/** Rows of a CSV file in data/published/, comment lines removed. */
export function readCsv(name: string): Row[] {
  const text = readDataFile(name);
  const lines = text.split(/\r?\n/).filter((l) => !l.startsWith("#") && l.trim() !== "");
  return parse(lines.join("\n"), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as Row[];
}

/** A cell as a number, or undefined when it is empty or not a plain number (">1000", "0.44-2.98"). */
export function num(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const t = cell.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** A lower bound written as ">1000". */
export function lowerBound(cell: string | undefined): number | undefined {
  const m = /^>\s*([\d.]+)$/.exec((cell ?? "").trim());
  return m ? Number(m[1]) : undefined;
}
