import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "./normal.js";

describe("standard normal", () => {
  // reference values: Abramowitz & Stegun table 26.1 (to the digits printed there)
  it("Φ matches tabulated values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1)).toBeCloseTo(0.841344746, 9);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249978952, 9);
    expect(normalCdf(3)).toBeCloseTo(0.998650102, 9);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });
  // (upper tail only to z = 4: Φ near 1 keeps few significant digits in double precision)
  it("Φ⁻¹ inverts Φ from the far tails to the centre", () => {
    for (const z of [-8, -5, -3, -2.5, -1, -0.3, 0, 0.01, 0.7, 1.96, 4]) {
      expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 7);
    }
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });
});
