import { describe, expect, it } from "vitest";
import { hasReference } from "../../../materials/index.js";
import { withinScatter } from "../point.js";
import { contactPoints } from "./contact.js";

describe("contact validation points", () => {
  const points = contactPoints();

  it("one point per Doux2020 impedance reading (five first-loading, one after unloading, one off scale)", () => {
    expect(points.filter((p) => p.quantity.includes("first loading")).length).toBe(5);
    expect(points.filter((p) => p.quantity.includes("hysteresis")).length).toBe(1);
    expect(points.filter((p) => p.bound === "lower").length).toBe(1);
  });

  it("every point is finite, sourced and explained", () => {
    for (const p of points) {
      expect(Number.isFinite(p.measured), p.conditions).toBe(true);
      expect(Number.isFinite(p.predicted), p.conditions).toBe(true);
      expect(p.predicted).toBeGreaterThan(0);
      expect(hasReference(p.source), p.source).toBe(true);
      expect(p.note.length).toBeGreaterThan(10);
      if (p.bound === undefined) {
        expect(p.low!).toBeLessThan(p.measured);
        expect(p.high!).toBeGreaterThan(p.measured);
      }
    }
  });

  it("the calibration points lie within their scatter (the fit reproduces its data)", () => {
    for (const p of points) expect(withinScatter(p), `${p.conditions}: ${p.predicted}`).toBe(true);
  });

  it("there is no independent contact point to claim: In, Li-In and cathode charge transfer rest on no measured series", () => {
    expect(points.filter((p) => p.role === "independent")).toEqual([]);
  });
});
