import { describe, expect, it } from "vitest";
import { hasReference } from "../../../materials/index.js";
import { withinScatter } from "../point.js";
import { conductivityPoints } from "./conductivity.js";

describe("conductivity validation points", () => {
  const points = conductivityPoints();

  it("every point is finite, has a known source, a band around its measurement and a note", () => {
    expect(points.length).toBeGreaterThanOrEqual(15);
    for (const p of points) {
      const label = `${p.conditions} (${p.source})`;
      expect(p.model).toBe("conductivity");
      expect(Number.isFinite(p.predicted), label).toBe(true);
      expect(Number.isFinite(p.measured), label).toBe(true);
      expect(hasReference(p.source), label).toBe(true);
      expect(p.low!, label).toBeLessThanOrEqual(p.measured);
      expect(p.high!, label).toBeGreaterThanOrEqual(p.measured);
      expect(p.note.length, label).toBeGreaterThan(10);
    }
    expect(points.some((p) => p.role === "independent")).toBe(true);
  });

  it("the independent points lie within their scatter (Ohno2020 interlab spread, Kuhn2013 LGPS bulk)", () => {
    for (const p of points.filter((x) => x.role === "independent")) {
      expect(withinScatter(p), `${p.conditions}: ${p.predicted} vs ${p.low}-${p.high}`).toBe(true);
    }
  });

  it("beta-Li3PS4 is no longer predicted at Li6PS5Cl's conductivity", () => {
    const lps = points.find((p) => p.source === "Liu2013");
    expect(lps).toBeDefined();
    expect(withinScatter(lps!)).toBe(true);
  });
});
