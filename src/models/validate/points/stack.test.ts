import { describe, expect, it } from "vitest";
import { readCsv } from "../../fit/data.js";
import { withinScatter } from "../point.js";
import { stackPoints } from "./stack.js";

describe("stack validation points", () => {
  const points = stackPoints();
  const refs = new Set(readCsv("references.csv").map((r) => r.key));

  it("every point is finite and cites a known source", () => {
    expect(points.length).toBeGreaterThanOrEqual(5);
    for (const p of points) {
      expect(Number.isFinite(p.measured)).toBe(true);
      expect(Number.isFinite(p.predicted)).toBe(true);
      expect(refs.has(p.source)).toBe(true);
      expect(p.note.length).toBeGreaterThan(10);
    }
  });

  it("the calibration points lie within their scatter", () => {
    for (const p of points.filter((x) => x.role === "calibration")) expect(withinScatter(p)).toBe(true);
  });

  it("the independent Doux2020 full cell keeps contact for its 200 cycles at 5 MPa", () => {
    const p = points.find((x) => x.source === "Doux2020");
    expect(p?.role).toBe("independent");
    expect(withinScatter(p!)).toBe(true);
  });

  it("the In|LGPS|LCO signed change per charge is positive, as measured (In → LiIn swells on charge)", () => {
    const p = points.find((x) => /signed/.test(x.quantity));
    expect(p?.predicted).toBeGreaterThan(0);
  });
});
