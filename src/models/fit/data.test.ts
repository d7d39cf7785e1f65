import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dataDir, lowerBound, num, packageRoot, readCsv, readDataFile } from "./data.js";

describe("published data in the repository", () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it("lives in data/published/ of the package, whatever the current directory", () => {
    const here = dataDir();
    process.chdir(tmpdir());
    expect(dataDir()).toBe(here);
    expect(here).toBe(join(packageRoot(), "data", "published"));
    const manifest = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as {
      name: string;
    };
    expect(manifest.name).toBe("ssbpress");
  });

  it("holds every file the fits and the tests read", () => {
    for (const name of [
      "conductivity.csv",
      "densification.csv",
      "lithium-mechanics.csv",
      "materials.csv",
      "pressure-swing.csv",
      "references.csv",
      "stack-pressure-li.csv",
      "volume-change.csv",
    ]) {
      expect(existsSync(join(dataDir(), name)), name).toBe(true);
      expect(readCsv(name).length, name).toBeGreaterThan(0);
    }
  });

  it("documents each of its CSV files in its README, and only files that exist", () => {
    const readme = readFileSync(join(dataDir(), "README.md"), "utf8");
    const files = readdirSync(dataDir()).filter((f) => f.endsWith(".csv"));
    const documented = [...readme.matchAll(/^\| `([\w-]+\.csv)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(files.sort());
  });

  it("gives each documented file its row count in the README", () => {
    const readme = readFileSync(join(dataDir(), "README.md"), "utf8");
    for (const m of readme.matchAll(/^\| `([\w-]+\.csv)` \| (\d+) \|/gm)) {
      expect(readCsv(m[1]!).length, m[1]).toBe(Number(m[2]));
    }
  });

  it("fails loudly, naming the file and how to fix it, when a data file is missing", () => {
    expect(() => readCsv("no-such-file.csv")).toThrow(
      /published data file no-such-file\.csv is missing \(looked for .*data[/\\]published[/\\]no-such-file\.csv\).*restore/,
    );
    expect(() => readDataFile("no-such-file.csv")).toThrow(/is missing/);
  });

  it("reads the comment lines with the raw text and skips them in the rows", () => {
    expect(readDataFile("stack-pressure-li.csv")).toMatch(/^# .*Source: Doux2020/m);
    const rows = readCsv("stack-pressure-li.csv");
    expect(rows.every((r) => !(r.stack_pressure_MPa ?? "").startsWith("#"))).toBe(true);
    expect(rows.find((r) => r.time_to_short_h === ">1000")?.stack_pressure_MPa).toBe("5");
  });

  it("parses plain numbers and lower bounds, and nothing else, as numbers", () => {
    expect(num("2.0e-7")).toBe(2e-7);
    expect(num(" 370 ")).toBe(370);
    expect(num("0.73-0.81")).toBeUndefined();
    expect(num(">1000")).toBeUndefined();
    expect(num("")).toBeUndefined();
    expect(lowerBound(">1000")).toBe(1000);
    expect(lowerBound("> 163")).toBe(163);
    expect(lowerBound("1000")).toBeUndefined();
  });
});
