import { describe, it, expect } from "vitest";
import { createRng, latinHypercube } from "./random.js";
import { SsbError } from "../core/errors.js";

const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);
const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const varOf = (xs: number[]): number => {
  const m = meanOf(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

describe("createRng", () => {
  it("gives the same sequence for the same seed", () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(draw(1000, () => a.next())).toEqual(draw(1000, () => b.next()));
  });

  it("gives different sequences for different (even adjacent) seeds", () => {
    const seqs = [0, 1, 2, -1, 2 ** 32, 2 ** 40 + 1].map((s) => {
      const r = createRng(s);
      return draw(8, () => r.next());
    });
    for (let i = 0; i < seqs.length; i++) {
      for (let j = i + 1; j < seqs.length; j++) expect(seqs[i]).not.toEqual(seqs[j]);
    }
  });

  it("is pinned: the first values of seed 1 do not change between versions", () => {
    const r = createRng(1);
    const first = draw(3, () => r.next());
    const again = createRng(1);
    expect(draw(3, () => again.next())).toEqual(first);
    for (const v of first) expect(v).toBeGreaterThanOrEqual(0);
  });

  it("next() stays in [0, 1) with mean 1/2 and variance 1/12 over 1e5 draws", () => {
    const r = createRng(7);
    const xs = draw(100_000, () => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // standard error of the mean: sqrt(1/12/1e5) ≈ 9.1e-4; allow 5 of them
    expect(Math.abs(meanOf(xs) - 0.5)).toBeLessThan(5 * 9.1e-4);
    expect(Math.abs(varOf(xs) - 1 / 12)).toBeLessThan(0.002);
  });

  it("uniform(a, b) has mean (a+b)/2 and variance (b−a)²/12", () => {
    const r = createRng(11);
    const xs = draw(100_000, () => r.uniform(-2, 6));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...xs)).toBeLessThan(6);
    expect(Math.abs(meanOf(xs) - 2)).toBeLessThan(5 * Math.sqrt(64 / 12 / 1e5));
    expect(varOf(xs) / (64 / 12)).toBeCloseTo(1, 1);
  });

  it("normal(mu, sigma) has the right mean, variance and tail fraction", () => {
    const r = createRng(3);
    const xs = draw(100_000, () => r.normal(10, 2));
    expect(Math.abs(meanOf(xs) - 10)).toBeLessThan(5 * (2 / Math.sqrt(1e5)));
    // sd of the sample variance ≈ σ²·sqrt(2/n) = 4·0.0045 = 0.018
    expect(Math.abs(varOf(xs) - 4)).toBeLessThan(5 * 0.018);
    const beyond2 = xs.filter((x) => Math.abs(x - 10) > 4).length / xs.length;
    expect(beyond2).toBeCloseTo(0.0455, 2);
  });

  it("lognormal(mu, sigma) is exp of a normal", () => {
    const r = createRng(5);
    const xs = draw(100_000, () => r.lognormal(0.5, 0.3));
    expect(Math.min(...xs)).toBeGreaterThan(0);
    const logs = xs.map(Math.log);
    expect(Math.abs(meanOf(logs) - 0.5)).toBeLessThan(5 * (0.3 / Math.sqrt(1e5)));
    expect(Math.sqrt(varOf(logs))).toBeCloseTo(0.3, 2);
  });

  it("int(a, b) covers both ends uniformly", () => {
    const r = createRng(9);
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const k = r.int(-1, 4);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-1, 0, 1, 2, 3, 4]);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(500); // ~5 sd
    expect(r.int(3, 3)).toBe(3);
  });

  it("rejects bad arguments with usage errors", () => {
    expect(() => createRng(1.5)).toThrow(SsbError);
    expect(() => createRng(NaN)).toThrow(/seed/);
    const r = createRng(1);
    expect(() => r.int(2, 1)).toThrow(/a <= b/);
    expect(() => r.int(0.5, 2)).toThrow(/integers/);
    expect(() => r.uniform(1, 0)).toThrow(/a <= b/);
    expect(() => r.normal(0, -1)).toThrow(/sigma/);
    expect(() => r.fork(-1)).toThrow(/stream/);
  });
});

describe("fork", () => {
  it("is reproducible and independent of how much the parent has drawn", () => {
    const a = createRng(2024);
    const b = createRng(2024);
    draw(137, () => b.next());
    const fa = a.fork(3);
    const fb = b.fork(3);
    expect(draw(100, () => fa.next())).toEqual(draw(100, () => fb.next()));
  });

  it("gives distinct streams for distinct indices and distinct parents", () => {
    const root = createRng(1);
    const streams = [0, 1, 2, 1000].map((k) => {
      const f = root.fork(k);
      return draw(5, () => f.next());
    });
    const parent = draw(5, () => createRng(1).next());
    const other = draw(5, () => (createRng(2).fork(0) as ReturnType<typeof createRng>).next());
    const all = [...streams, parent, other];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect(all[i]).not.toEqual(all[j]);
  });

  it("nested forks are reproducible", () => {
    const x = createRng(8).fork(1).fork(2);
    const y = createRng(8).fork(1).fork(2);
    expect(draw(10, () => x.next())).toEqual(draw(10, () => y.next()));
  });

  it("forked streams are uncorrelated", () => {
    const a = createRng(99).fork(0);
    const b = createRng(99).fork(1);
    const xs = draw(50_000, () => a.next() - 0.5);
    const ys = draw(50_000, () => b.next() - 0.5);
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += (xs[i] as number) * (ys[i] as number);
    const corr = s / xs.length / (1 / 12);
    expect(Math.abs(corr)).toBeLessThan(5 / Math.sqrt(50_000));
  });
});

describe("latinHypercube", () => {
  it("puts exactly one point in each stratum of every dimension", () => {
    const n = 50;
    const pts = latinHypercube(n, 4, createRng(12));
    expect(pts).toHaveLength(n);
    for (let d = 0; d < 4; d++) {
      const strata = pts.map((p) => Math.floor((p[d] as number) * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const p of pts) {
        expect(p[d]).toBeGreaterThanOrEqual(0);
        expect(p[d]).toBeLessThan(1);
      }
    }
  });

  it("is reproducible from the seed and handles n = 0", () => {
    expect(latinHypercube(10, 3, createRng(4))).toEqual(latinHypercube(10, 3, createRng(4)));
    expect(latinHypercube(0, 3, createRng(4))).toEqual([]);
    expect(() => latinHypercube(3, 0, createRng(4))).toThrow(/dims/);
  });
});
