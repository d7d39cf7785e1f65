import { describe, expect, it } from "vitest";
import { hasReference } from "../../../materials/index.js";
import { withinScatter } from "../point.js";
import { densificationPoints } from "./densification.js";

describe("densification validation points", () => {
  const points = densificationPoints();

  it("every point is finite, has a band and a known source", () => {
    expect(points.length).toBeGreaterThanOrEqual(30);
    for (const p of points) {
      expect(Number.isFinite(p.predicted), p.conditions).toBe(true);
      expect(Number.isFinite(p.measured), p.conditions).toBe(true);
      expect(p.low ?? NaN, p.conditions).toBeLessThanOrEqual(p.high ?? NaN);
      expect(hasReference(p.source), `${p.conditions}: ${p.source}`).toBe(true);
    }
  });

  it("has independent points (held out of every fit), and they lie within their scatter", () => {
    const independent = points.filter((p) => p.role === "independent");
    expect(independent.length).toBeGreaterThanOrEqual(5);
    for (const p of independent) expect(withinScatter(p), `${p.conditions}: ${p.predicted}`).toBe(true);
  });

  it("the Doux2020 pellet and Ohno2020's six-lab band are within scatter", () => {
    const lpscl = points.filter((p) => p.conditions.startsWith("Li6PS5Cl, "));
    const doux = lpscl.find((p) => p.source === "Doux2020");
    expect(doux && withinScatter(doux)).toBe(true);
    for (const p of lpscl.filter((q) => q.source === "Ohno2020"))
      expect(withinScatter(p), p.conditions).toBe(true);
  });
});
