import { describe, expect, it } from "vitest";
import { REFERENCES } from "../../../materials/references.js";
import { withinScatter } from "../point.js";
import { fracturePoints } from "./fracture.js";

describe("fracture validation points", () => {
  const points = fracturePoints();

  it("has a finite prediction, a band and a known source for every published body", () => {
    expect(points.length).toBeGreaterThanOrEqual(15);
    for (const p of points) {
      expect(Number.isFinite(p.predicted), p.conditions).toBe(true);
      expect(p.predicted, p.conditions).toBeGreaterThanOrEqual(0);
      expect(p.predicted, p.conditions).toBeLessThanOrEqual(1);
      expect(REFERENCES[p.source], `${p.conditions}: ${p.source}`).toBeDefined();
      expect(p.note.length, p.conditions).toBeGreaterThan(0);
    }
  });

  it("every primary-source intact pellet and the independent points lie within scatter", () => {
    const primaryIntact = points.filter((p) => p.measured === 0 && /primary/.test(p.conditions));
    expect(primaryIntact.length).toBeGreaterThanOrEqual(1);
    for (const p of primaryIntact) expect(withinScatter(p), p.conditions).toBe(true);
    const independent = points.filter((p) => p.role === "independent");
    expect(independent.length).toBeGreaterThanOrEqual(1);
    for (const p of independent) expect(withinScatter(p), p.conditions).toBe(true);
  });

  it("the densification pellets (routine 195-487 MPa presses) all agree", () => {
    const routine = points.filter((p) => /pellet pressed at/.test(p.conditions) && !/\(/.test(p.conditions));
    expect(routine.length).toBeGreaterThanOrEqual(10);
    for (const p of routine) expect(withinScatter(p), p.conditions).toBe(true);
  });
});
