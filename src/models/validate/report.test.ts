/**
 * The validation report is current (what `npm run validate` would write equals what is committed), the
 * README quotes its headline, and the agreement rule does what the report says.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot, readCsv } from "../fit/data.js";
import { allPoints } from "./collect.js";
import { withinScatter, type ValidationPoint } from "./point.js";
import { renderReport } from "./render.js";
import { headline, summarize } from "./summary.js";

const root = packageRoot();
const points = allPoints();

describe("validation report", () => {
  it("docs/validation.md and its figures are what npm run validate writes", () => {
    for (const [rel, text] of Object.entries(renderReport(points))) {
      const committed = readFileSync(join(root, "docs", rel), "utf8");
      expect(committed, `docs/${rel} is out of date: run npm run validate`).toBe(text);
    }
  });

  it("the README quotes the headline and links the report", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain(headline(summarize(points)));
    expect(readme).toContain("docs/validation.md");
  });

  it("every point has a finite measurement, a known source and a note", () => {
    const keys = new Set(readCsv("references.csv").map((r) => r.key));
    for (const p of points) {
      expect(Number.isFinite(p.measured), `${p.model} ${p.quantity}`).toBe(true);
      expect(keys.has(p.source), `${p.source} is not in references.csv`).toBe(true);
      expect(p.note.length).toBeGreaterThan(10);
      if (p.low !== undefined && p.high !== undefined) expect(p.low).toBeLessThanOrEqual(p.high);
    }
  });

  it("has independent points (evidence), not only calibration", () => {
    expect(points.filter((p) => p.role === "independent").length).toBeGreaterThan(0);
  });
});

describe("withinScatter", () => {
  const base: ValidationPoint = {
    model: "m",
    quantity: "q",
    conditions: "c",
    unit: "h",
    measured: 100,
    low: 80,
    high: 120,
    predicted: 100,
    source: "Doux2020",
    role: "independent",
    note: "a test point",
  };
  it("accepts a prediction inside the band and rejects one outside", () => {
    expect(withinScatter(base)).toBe(true);
    expect(withinScatter({ ...base, predicted: 79.9 })).toBe(false);
    expect(withinScatter({ ...base, predicted: 120.1 })).toBe(false);
  });
  it("a point without a band must be met exactly", () => {
    const { low: _l, high: _h, ...exact } = base;
    expect(withinScatter({ ...exact, predicted: 100 })).toBe(true);
    expect(withinScatter({ ...exact, predicted: 101 })).toBe(false);
  });
  it("bounds: a lower bound is met by anything above it, including never", () => {
    const lower: ValidationPoint = { ...base, bound: "lower", measured: 1000 };
    expect(withinScatter({ ...lower, predicted: 2000 })).toBe(true);
    expect(withinScatter({ ...lower, predicted: Infinity })).toBe(true);
    expect(withinScatter({ ...lower, predicted: 999 })).toBe(false);
    expect(withinScatter({ ...lower, bound: "upper", predicted: 999 })).toBe(true);
  });
  it("NaN never agrees", () => {
    expect(withinScatter({ ...base, predicted: NaN })).toBe(false);
  });
});
