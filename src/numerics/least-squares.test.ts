import { describe, it, expect } from "vitest";
import { fitLeastSquares, fitLinear } from "./least-squares.js";
import { createRng } from "./random.js";
import { SsbError } from "../core/errors.js";

const grid = (a: number, b: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

const expModel = (x: number, p: number[]): number => (p[0] as number) * Math.exp(-(p[1] as number) * x);
const powerModel = (x: number, p: number[]): number => (p[0] as number) * x ** (p[1] as number);

describe("fitLeastSquares", () => {
  it("fits noiseless exponential data exactly from a poor start", () => {
    const x = grid(0, 4, 25);
    const y = x.map((xi) => expModel(xi, [3, 0.7]));
    const fit = fitLeastSquares({ model: expModel, x, y, p0: [1, 2] });
    expect(fit.converged).toBe(true);
    expect(fit.p[0]).toBeCloseTo(3, 9);
    expect(fit.p[1]).toBeCloseTo(0.7, 9);
    expect(fit.rss).toBeLessThan(1e-20);
    expect(fit.dof).toBe(23);
    expect(fit.iterations).toBeLessThan(50);
  });

  it("recovers exponential parameters from noisy data, true values within 3 standard errors", () => {
    const x = grid(0, 5, 40);
    const truth = [2.5, 0.8];
    const sigma = 0.03;
    const estimates: number[][] = [];
    const stderrs: number[][] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const rng = createRng(seed);
      const y = x.map((xi) => expModel(xi, truth) + rng.normal(0, sigma));
      const fit = fitLeastSquares({ model: expModel, x, y, p0: [1, 1] });
      expect(fit.converged).toBe(true);
      for (let j = 0; j < 2; j++) {
        expect(Math.abs((fit.p[j] as number) - (truth[j] as number))).toBeLessThan(
          3 * (fit.stderr[j] as number),
        );
      }
      // s = rmse·√(n/dof) estimates the noise level
      expect(Math.sqrt(fit.rss / fit.dof)).toBeGreaterThan(0.6 * sigma);
      expect(Math.sqrt(fit.rss / fit.dof)).toBeLessThan(1.4 * sigma);
      estimates.push(fit.p);
      stderrs.push(fit.stderr);
    }
    // The reported standard errors match the scatter of the estimates across seeds.
    for (let j = 0; j < 2; j++) {
      const est = estimates.map((p) => p[j] as number);
      const m = est.reduce((a, b) => a + b, 0) / est.length;
      const sd = Math.sqrt(est.reduce((a, b) => a + (b - m) ** 2, 0) / (est.length - 1));
      const meanStderr = stderrs.reduce((a, s) => a + (s[j] as number), 0) / stderrs.length;
      expect(sd / meanStderr).toBeGreaterThan(0.7);
      expect(sd / meanStderr).toBeLessThan(1.3);
      expect(Math.abs(m - (truth[j] as number))).toBeLessThan((3 * meanStderr) / Math.sqrt(est.length));
    }
  });

  it("recovers a power law (creep-like exponent) with known relative errors; chi²/dof ≈ 1", () => {
    const x = grid(1, 3, 30);
    const truth = [0.02, 6.6];
    let chi2Sum = 0;
    let dofSum = 0;
    for (let seed = 100; seed < 120; seed++) {
      const rng = createRng(seed);
      const sigma = x.map((xi) => 0.05 * powerModel(xi, truth));
      const y = x.map((xi, i) => powerModel(xi, truth) + rng.normal(0, sigma[i] as number));
      const fit = fitLeastSquares({ model: powerModel, x, y, p0: [1, 3], sigma, lower: [0, 0] });
      expect(fit.converged).toBe(true);
      for (let j = 0; j < 2; j++) {
        expect(Math.abs((fit.p[j] as number) - (truth[j] as number))).toBeLessThan(
          3 * (fit.stderr[j] as number),
        );
      }
      chi2Sum += fit.chi2;
      dofSum += fit.dof;
    }
    expect(chi2Sum / dofSum).toBeGreaterThan(0.8);
    expect(chi2Sum / dofSum).toBeLessThan(1.2);
  });

  it("matches the closed-form covariance s²(XᵀX)⁻¹ for a straight line", () => {
    const rng = createRng(77);
    const x = grid(-1, 7, 15);
    const y = x.map((xi) => 1.5 - 0.4 * xi + rng.normal(0, 0.2));
    const fit = fitLeastSquares({
      model: (xi, p) => (p[0] as number) + (p[1] as number) * xi,
      x,
      y,
      p0: [0, 0],
    });
    const lin = fitLinear(x, y);
    expect(fit.p[0]).toBeCloseTo(lin.intercept, 9);
    expect(fit.p[1]).toBeCloseTo(lin.slope, 9);
    expect(fit.rss).toBeCloseTo(lin.rss, 12);
    // closed form: (XᵀX)⁻¹ = [[Σx², −Σx], [−Σx, n]] / (nΣx² − (Σx)²)
    const n = x.length;
    const sx = x.reduce((a, b) => a + b, 0);
    const sxx = x.reduce((a, b) => a + b * b, 0);
    const det = n * sxx - sx * sx;
    const s2 = lin.rss / (n - 2);
    const expected = [
      [(s2 * sxx) / det, (-s2 * sx) / det],
      [(-s2 * sx) / det, (s2 * n) / det],
    ];
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++) {
        const e = (expected[a] as number[])[b] as number;
        expect(Math.abs(((fit.covariance[a] as number[])[b] as number) - e)).toBeLessThan(1e-6 * Math.abs(e));
      }
    }
    expect(fit.stderr[0]).toBeCloseTo(lin.interceptStderr, 8);
    expect(fit.stderr[1]).toBeCloseTo(lin.slopeStderr, 8);
  });

  it("with sigma the covariance is (XᵀWX)⁻¹, not rescaled by the residuals", () => {
    const x = [0, 1, 2, 3, 4];
    const y = [1.1, 2.9, 5.2, 6.8, 9.1];
    const sigma = [0.1, 0.2, 0.1, 0.3, 0.1];
    const fit = fitLeastSquares({
      model: (xi, p) => (p[0] as number) + (p[1] as number) * xi,
      x,
      y,
      p0: [0, 1],
      sigma,
    });
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    x.forEach((xi, i) => {
      const wi = 1 / (sigma[i] as number) ** 2;
      s0 += wi;
      s1 += wi * xi;
      s2 += wi * xi * xi;
    });
    const det = s0 * s2 - s1 * s1;
    expect(fit.covariance[0]?.[0]).toBeCloseTo(s2 / det, 8);
    expect(fit.covariance[0]?.[1]).toBeCloseTo(-s1 / det, 8);
    expect(fit.covariance[1]?.[1]).toBeCloseTo(s0 / det, 8);
    const chi2 = fit.residuals.reduce((a, r, i) => a + (r / (sigma[i] as number)) ** 2, 0);
    expect(fit.chi2).toBeCloseTo(chi2, 10);
  });

  it("respects bounds: an active bound holds, the rest is optimal given it", () => {
    const x = grid(0, 4, 9);
    const y = x.map((xi) => 1 + 2 * xi);
    const fit = fitLeastSquares({
      model: (xi, p) => (p[0] as number) + (p[1] as number) * xi,
      x,
      y,
      p0: [0, 0],
      upper: [0.5, Infinity],
    });
    expect(fit.converged).toBe(true);
    expect(fit.p[0]).toBe(0.5);
    expect(fit.atBound).toEqual([0]);
    // slope minimising Σ(y − 0.5 − b·x)²
    const b =
      x.reduce((a, xi, i) => a + xi * ((y[i] as number) - 0.5), 0) / x.reduce((a, xi) => a + xi * xi, 0);
    expect(fit.p[1]).toBeCloseTo(b, 8);
  });

  it("keeps the model inside its domain with a lower bound (log of a parameter)", () => {
    const x = grid(1, 10, 20);
    const y = x.map((xi) => Math.log(0.5) + 0.3 * xi);
    const model = (xi: number, p: number[]): number => Math.log(p[0] as number) + (p[1] as number) * xi;
    const fit = fitLeastSquares({ model, x, y, p0: [5, 0], lower: [1e-12, -Infinity] });
    expect(fit.p[0]).toBeCloseTo(0.5, 8);
    expect(fit.p[1]).toBeCloseTo(0.3, 8);
  });

  it("treats equal bounds as a fixed parameter with zero standard error", () => {
    const rng = createRng(5);
    const x = grid(0, 3, 12);
    const y = x.map((xi) => expModel(xi, [2, 0.5]) + rng.normal(0, 0.01));
    const fit = fitLeastSquares({ model: expModel, x, y, p0: [2, 1], lower: [2, 0], upper: [2, 5] });
    expect(fit.p[0]).toBe(2);
    expect(fit.stderr[0]).toBe(0);
    expect(fit.stderr[1]).toBeGreaterThan(0);
    expect(fit.p[1]).toBeCloseTo(0.5, 2);
  });

  it("uses an analytic gradient when given", () => {
    const x = grid(0, 4, 20);
    const y = x.map((xi) => expModel(xi, [3, 0.7]));
    let calls = 0;
    const fit = fitLeastSquares({
      model: expModel,
      gradient: (xi, p) => {
        calls++;
        const e = Math.exp(-(p[1] as number) * xi);
        return [e, -(p[0] as number) * xi * e];
      },
      x,
      y,
      p0: [1, 1],
    });
    expect(calls).toBeGreaterThan(0);
    expect(fit.p[0]).toBeCloseTo(3, 9);
    expect(fit.p[1]).toBeCloseTo(0.7, 9);
  });

  it("reports NaN standard errors for a parameter the data cannot determine", () => {
    const x = grid(0, 1, 5);
    const y = x.map((xi) => 2 * xi);
    const fit = fitLeastSquares({
      model: (xi, p) => ((p[0] as number) + (p[1] as number)) * xi,
      x,
      y,
      p0: [0.5, 0.5],
    });
    expect((fit.p[0] as number) + (fit.p[1] as number)).toBeCloseTo(2, 8);
    expect(fit.stderr.every(Number.isNaN)).toBe(true);
  });

  it("rejects inconsistent input with usage errors", () => {
    const model = (xi: number, p: number[]): number => (p[0] as number) * xi;
    expect(() => fitLeastSquares({ model, x: [1, 2], y: [1], p0: [1] })).toThrow(/differ in length/);
    expect(() => fitLeastSquares({ model, x: [1], y: [1], p0: [1, 2] })).toThrow(/cannot determine/);
    expect(() => fitLeastSquares({ model, x: [1, NaN], y: [1, 2], p0: [1] })).toThrow(SsbError);
    expect(() => fitLeastSquares({ model, x: [1, 2], y: [1, 2], p0: [1], lower: [2], upper: [1] })).toThrow(
      /bounds/,
    );
    expect(() => fitLeastSquares({ model, x: [1, 2], y: [1, 2], p0: [1], sigma: [1, 0] })).toThrow(
      /sigma\[1\]/,
    );
    expect(() => fitLeastSquares({ model: () => NaN, x: [1, 2], y: [1, 2], p0: [1] })).toThrow(
      /not finite at p0/,
    );
  });
});

describe("fitLinear", () => {
  it("fits an exact line with r² = 1", () => {
    const fit = fitLinear([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(fit.slope).toBeCloseTo(2, 14);
    expect(fit.intercept).toBeCloseTo(1, 14);
    expect(fit.r2).toBeCloseTo(1, 14);
    expect(fit.slopeStderr).toBeCloseTo(0, 12);
    expect(fit.dof).toBe(2);
  });

  it("matches textbook values on a small data set", () => {
    // x = 1..5, y = 2, 4, 5, 4, 5: slope 0.6, intercept 2.2, rss 2.4, r² = 0.6
    const fit = fitLinear([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(fit.slope).toBeCloseTo(0.6, 12);
    expect(fit.intercept).toBeCloseTo(2.2, 12);
    expect(fit.rss).toBeCloseTo(2.4, 12);
    expect(fit.r2).toBeCloseTo(0.6, 12);
    // s² = 0.8, Sxx = 10: se(slope) = √0.08, se(intercept) = √(0.8·(1/5 + 9/10))
    expect(fit.slopeStderr).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(fit.interceptStderr).toBeCloseTo(Math.sqrt(0.88), 12);
    expect(fit.covariance[0][1]).toBeCloseTo(-0.24, 12);
  });

  it("rejects degenerate input", () => {
    expect(() => fitLinear([1, 1, 1], [1, 2, 3])).toThrow(/all x values are equal/);
    expect(() => fitLinear([1], [1])).toThrow(/at least 2/);
    expect(() => fitLinear([1, 2], [1, 2, 3])).toThrow(/differ in length/);
    expect(Number.isNaN(fitLinear([1, 2], [1, 3]).slopeStderr)).toBe(true);
  });
});
