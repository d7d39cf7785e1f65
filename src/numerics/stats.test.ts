import { describe, it, expect } from "vitest";
import { mean, median, quantile, std, variance } from "./stats.js";

describe("stats", () => {
  it("mean, variance and std of a small sample", () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(variance(xs, 0)).toBe(4);
    expect(std(xs, 0)).toBe(2);
    expect(variance(xs)).toBeCloseTo(32 / 7, 14);
    expect(std(xs)).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it("variance is accurate with a large offset", () => {
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    expect(variance(xs)).toBeCloseTo(30, 9);
  });

  it("quantile interpolates linearly between order statistics (type 7)", () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6]; // sorted: 1 1 2 3 4 5 6 9
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile(xs, 1)).toBe(9);
    expect(quantile(xs, 0.5)).toBe(3.5);
    expect(quantile(xs, 0.25)).toBeCloseTo(1.75, 14); // rank 1.75
    expect(quantile(xs, 0.9)).toBeCloseTo(6 + 0.3 * 3, 14); // rank 6.3
    expect(xs).toEqual([3, 1, 4, 1, 5, 9, 2, 6]); // input untouched
  });

  it("accepts pre-sorted input and checks it", () => {
    expect(quantile([1, 2, 3, 4], 1 / 3, { sorted: true })).toBeCloseTo(2, 14);
    expect(() => quantile([2, 1], 0.5, { sorted: true })).toThrow(/not sorted/);
  });

  it("median of odd and even counts", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("rejects empty, non-finite and out-of-range input", () => {
    expect(() => mean([])).toThrow(/at least 1/);
    expect(() => variance([1])).toThrow(/at least 2/);
    expect(() => mean([1, NaN])).toThrow(/values\[1\]/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/q must lie/);
  });
});
