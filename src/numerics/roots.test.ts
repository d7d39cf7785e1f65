import { describe, it, expect } from "vitest";
import { bisect, brent } from "./roots.js";
import { SsbError } from "../core/errors.js";

describe("brent", () => {
  it("finds √2, π and a root of a cubic to near machine precision", () => {
    expect(brent((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 12);
    expect(brent(Math.sin, 3, 4)).toBeCloseTo(Math.PI, 12);
    const r = brent((x) => x ** 3 - 2 * x - 5, 2, 3);
    expect(r ** 3 - 2 * r - 5).toBeCloseTo(0, 10);
    expect(r).toBeCloseTo(2.0945514815423265, 12);
  });

  it("accepts a reversed bracket and exact roots at the ends", () => {
    expect(brent((x) => x - 1, 5, -3)).toBeCloseTo(1, 12);
    expect(brent((x) => x - 1, 1, 3)).toBe(1);
    expect(brent((x) => x - 3, 1, 3)).toBe(3);
  });

  it("converges in few evaluations on smooth functions", () => {
    let evals = 0;
    const root = brent(
      (x) => {
        evals++;
        return Math.exp(x) - 10;
      },
      0,
      10,
    );
    expect(root).toBeCloseTo(Math.log(10), 12);
    expect(evals).toBeLessThan(20);
  });

  it("honours xtol for a relative accuracy of ~1e-10 on large arguments", () => {
    const target = 12345.678901234;
    const r = brent((x) => Math.tanh((x - target) / 1000), 0, 1e5, { xtol: 1e-10 * target });
    expect(Math.abs(r - target) / target).toBeLessThan(1e-10);
  });

  it("handles difficult (flat, discontinuous) functions without stalling", () => {
    const r = brent((x) => (x < 0.3 ? -1 : 1), 0, 1);
    expect(r).toBeCloseTo(0.3, 11);
    const flat = brent((x) => Math.sign(x - 0.7) * (x - 0.7) ** 8, 0, 1);
    expect(Math.abs(flat - 0.7)).toBeLessThan(0.02); // |f| ≤ 1e-300 long before x is exact
  });

  it("throws a clear usage error if the root is not bracketed", () => {
    expect(() => brent((x) => x * x + 1, -1, 1)).toThrow(SsbError);
    expect(() => brent((x) => x * x + 1, -1, 1)).toThrow(/not bracketed/);
    expect(() => brent(() => NaN, 0, 1)).toThrow(/NaN/);
    expect(() => brent((x) => x, 0, Infinity)).toThrow(/finite/);
  });

  it("throws when maxIter is too small", () => {
    expect(() => brent((x) => Math.exp(10 * x) - 1.5, 0, 1, { maxIter: 2, xtol: 1e-15 })).toThrow(
      /no convergence/,
    );
  });
});

describe("bisect", () => {
  it("finds a root to the requested tolerance", () => {
    const r = bisect((x) => x * x - 2, 0, 2, { xtol: 1e-12 });
    expect(Math.abs(r - Math.SQRT2)).toBeLessThan(1e-12);
    expect(() => bisect((x) => x * x + 1, 0, 1)).toThrow(/not bracketed/);
  });
});
