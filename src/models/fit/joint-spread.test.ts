import { describe, expect, it } from "vitest";
import type { ParameterSet } from "../params.js";
import { jointSpread } from "./joint-spread.js";

const inputs: ParameterSet = {
  "x [-]": { value: 0, min: -1, max: 1, citations: [], source: "assumption", note: "test input" },
  "y [-]": { value: 0, min: -1, max: 1, citations: [], source: "assumption", note: "test input" },
};

describe("jointSpread", () => {
  it("measures a perfect, an opposite and no link between the fit's outputs", () => {
    const s = jointSpread(
      inputs,
      (d) => ({ a: d["x [-]"]!, b: 3 * d["x [-]"]! + 1, c: -d["x [-]"]!, e: d["y [-]"]! }),
      {
        draws: 2000,
      },
    );
    expect(s.draws).toBe(2000);
    expect(s.correlation.a!.b).toBeCloseTo(1, 2);
    expect(s.correlation.a!.c).toBeCloseTo(-1, 2);
    expect(Math.abs(s.correlation.a!.e!)).toBeLessThan(0.1);
    expect(s.correlation.b!.a).toBe(s.correlation.a!.b);
    expect(s.pairs).toHaveLength(6);
  });

  it("of a sum of two independent inputs and one of them: the normal-score correlation ≈ 1/√2", () => {
    const s = jointSpread(inputs, (d) => ({ sum: d["x [-]"]! + d["y [-]"]!, x: d["x [-]"]! }), {
      draws: 4000,
    });
    expect(s.correlation.sum!.x).toBeGreaterThan(0.65);
    expect(s.correlation.sum!.x).toBeLessThan(0.76);
  });

  it("is reproducible (seeded) and reports the 5-95 % band", () => {
    const solve = (d: Record<string, number>) => ({ x: d["x [-]"]!, y: d["y [-]"]! });
    expect(jointSpread(inputs, solve)).toEqual(jointSpread(inputs, solve));
    const band = jointSpread(inputs, solve, { draws: 4000 }).band.x!;
    expect(band[0]).toBeCloseTo(-0.9, 1);
    expect(band[1]).toBeCloseTo(0.9, 1);
  });

  it("skips draws whose fit fails, and refuses when too few are left", () => {
    let i = 0;
    const s = jointSpread(inputs, (d) => ({ x: i++ % 2 ? NaN : d["x [-]"]!, y: d["y [-]"]! }), {
      draws: 200,
    });
    expect(s.draws).toBe(100);
    expect(() => jointSpread(inputs, () => ({ x: NaN }), { draws: 50 })).toThrow(/only 0 of 50/);
  });
});
