import { describe, expect, it } from "vitest";
import { fitLeastSquares } from "../../numerics/index.js";
import type { ParameterSet } from "../params.js";
import { addCorrelations, covarianceSummary } from "./covariance.js";

describe("fit covariance → correlation", () => {
  it("gives the textbook correlation of a straight line's intercept and slope, −x̄/√(mean x²)", () => {
    const x = [1, 2, 3, 4, 5];
    const fit = fitLeastSquares({
      model: (t, p) => p[0]! + p[1]! * t,
      x,
      y: [2.1, 3.9, 6.2, 7.8, 10.1],
      p0: [0, 1],
    });
    const { correlation } = covarianceSummary(fit.covariance);
    const meanX = 3;
    const meanX2 = x.reduce((s, v) => s + v * v, 0) / x.length;
    expect(correlation[0]![1]).toBeCloseTo(-meanX / Math.sqrt(meanX2), 8);
  });

  it("writes the coefficients into the set under the other parameter's key", () => {
    const set: ParameterSet = {
      "a [-]": { value: 1, min: 0, max: 2, citations: [], source: "fit", stderr: 0.1 },
      "b [-]": { value: 1, min: 0, max: 2, citations: [], source: "fit", stderr: 0.2 },
    };
    addCorrelations(
      set,
      ["a [-]", undefined, "b [-]"],
      [
        [0.01, 0.001, -0.012],
        [0.001, 1, 0],
        [-0.012, 0, 0.04],
      ],
    );
    expect(set["a [-]"]!.correlation).toEqual({ "b [-]": -0.6 });
    expect(set["b [-]"]!.correlation).toEqual({ "a [-]": -0.6 });
  });
});
