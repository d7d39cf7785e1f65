import { describe, expect, it } from "vitest";
import { readCsv } from "../../fit/data.js";
import { withinScatter } from "../point.js";
import { creepPoints } from "./creep.js";

describe("creep validation points", () => {
  const points = creepPoints();
  const keys = new Set(readCsv("references.csv").map((r) => r.key));

  it("has one finite, sourced point per published measurement", () => {
    // 2 creep rates, 7 Doux cells (4 finite, 2 bounds, 1 immediate), the critical current
    expect(points.length).toBe(10);
    for (const p of points) {
      expect(Number.isFinite(p.measured), p.conditions).toBe(true);
      expect(
        Number.isFinite(p.predicted) || (p.predicted === Infinity && p.bound === "lower"),
        p.conditions,
      ).toBe(true);
      expect(keys.has(p.source), `${p.source} in references.csv`).toBe(true);
      expect(p.note.length).toBeGreaterThan(10);
    }
  });

  it("reproduces every calibration point within its scatter", () => {
    for (const p of points.filter((q) => q.role === "calibration")) {
      expect(withinScatter(p), `${p.quantity} ${p.conditions}: ${p.predicted} vs ${p.measured}`).toBe(true);
    }
  });
});
