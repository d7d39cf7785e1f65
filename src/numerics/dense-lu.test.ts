import { describe, it, expect } from "vitest";
import { luFactor, luSolve } from "./dense-lu.js";

describe("luFactor / luSolve", () => {
  it("solves a system that needs pivoting", () => {
    // [[0, 2, 1], [1, 1, 1], [4, 0, 3]] · x = b with x = (1, −2, 3); a zero first pivot forces a swap
    const a = Float64Array.from([0, 2, 1, 1, 1, 1, 4, 0, 3]);
    const x = [1, -2, 3];
    const b = Float64Array.from([0 * 1 + 2 * -2 + 1 * 3, 1 - 2 + 3, 4 * 1 + 0 + 3 * 3]);
    const piv = new Int32Array(3);
    expect(luFactor(a, 3, piv)).toBe(true);
    luSolve(a, 3, piv, b);
    x.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 14));
  });

  it("reports singular and non-finite matrices", () => {
    expect(luFactor(Float64Array.from([1, 2, 2, 4]), 2, new Int32Array(2))).toBe(false);
    expect(luFactor(Float64Array.from([NaN, 0, 0, 1]), 2, new Int32Array(2))).toBe(false);
  });
});
