/**
 * Reading the published data in ../shared/data (CSV with '#' comment lines). Used by `npm run fit`
 * and by tests that compare predictions with the data; never at run time.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

/** ../shared/data next to the repository (or $SSBPRESS_DATA). */
export function dataDir(): string {
  const env = process.env.SSBPRESS_DATA;
  if (env) return env;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, "package.json"))) return resolve(dir, "..", "shared", "data");
    dir = dirname(dir);
  }
  throw new Error("cannot find the repository root to locate ../shared/data; set SSBPRESS_DATA");
}

export function hasData(): boolean {
  try {
    return existsSync(join(dataDir(), "densification.csv"));
  } catch {
    return false;
  }
}

export type Row = Record<string, string>;

/** Rows of a CSV file in ../shared/data, comment lines removed. */
export function readCsv(name: string): Row[] {
  const text = readFileSync(join(dataDir(), name), "utf8");
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
