import { describe, it, expect } from "vitest";
import * as numerics from "./index.js";

describe("numerics public API", () => {
  it("exports every building block", () => {
    for (const name of [
      "solveExplicit",
      "solveStiff",
      "brent",
      "bisect",
      "fitLeastSquares",
      "fitLinear",
      "linearInterpolator",
      "pchip",
      "createRng",
      "latinHypercube",
      "mean",
      "median",
      "quantile",
      "std",
      "variance",
    ]) {
      expect(typeof (numerics as Record<string, unknown>)[name]).toBe("function");
    }
  });
});
