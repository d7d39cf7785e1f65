import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { linearInterpolator, pchip } from "./interpolate.js";
import { SsbError } from "../core/errors.js";

describe("linearInterpolator", () => {
  const xs = [0, 1, 3, 4];
  const ys = [1, 3, -1, 0];

  it("passes through the nodes and is linear in between", () => {
    const f = linearInterpolator(xs, ys);
    xs.forEach((x, i) => expect(f(x)).toBe(ys[i]));
    expect(f(0.5)).toBeCloseTo(2, 14);
    expect(f(2)).toBeCloseTo(1, 14);
    expect(f(3.25)).toBeCloseTo(-0.75, 14);
    // random access order does not matter (interval cache)
    expect([3.9, 0.1, 2.5, 0.1].map(f)).toEqual([3.9, 0.1, 2.5, 0.1].map(linearInterpolator(xs, ys)));
  });

  it("extrapolates as asked", () => {
    expect(() => linearInterpolator(xs, ys)(-1)).toThrow(/outside the table range/);
    expect(linearInterpolator(xs, ys)(4 + 1e-15)).toBe(0); // round-off beyond the end counts as the end
    expect(() => linearInterpolator(xs, ys, { extrapolate: "error" })(5)).toThrow(SsbError);
    const c = linearInterpolator(xs, ys, { extrapolate: "clamp" });
    expect(c(-10)).toBe(1);
    expect(c(10)).toBe(0);
    const l = linearInterpolator(xs, ys, { extrapolate: "linear" });
    expect(l(-1)).toBeCloseTo(-1, 14);
    expect(l(6)).toBeCloseTo(2, 14);
    expect(Number.isNaN(l(NaN))).toBe(true);
  });

  it("reproduces a straight line exactly on a random grid", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (dx) => {
          const xg = [0];
          for (const d of dx) xg.push((xg[xg.length - 1] as number) + d);
          const f = linearInterpolator(
            xg,
            xg.map((x) => 2 - 3 * x),
          );
          const xEnd = xg[xg.length - 1] as number;
          for (let k = 0; k <= 20; k++) {
            const x = (xEnd * k) / 20;
            expect(f(x)).toBeCloseTo(2 - 3 * x, 9);
          }
        },
      ),
    );
  });

  it("validates the table with clear errors", () => {
    expect(() => linearInterpolator([0, 1], [1])).toThrow(/differ in length/);
    expect(() => linearInterpolator([0], [1])).toThrow(/at least 2/);
    expect(() => linearInterpolator([0, 2, 1], [0, 1, 2])).toThrow(/strictly increasing/);
    expect(() => linearInterpolator([0, 1, 1], [0, 1, 2])).toThrow(/strictly increasing/);
    expect(() => linearInterpolator([0, NaN], [0, 1])).toThrow(/xs\[1\]/);
    expect(() => linearInterpolator([0, 1], [0, Infinity])).toThrow(/ys\[1\]/);
    expect(() => linearInterpolator([0, 1], [0, 1], { extrapolate: "cubic" as never })).toThrow(
      /extrapolate/,
    );
  });

  it("copies the table (later changes to the caller's arrays do not leak in)", () => {
    const x = [0, 1];
    const y = [0, 1];
    const f = linearInterpolator(x, y);
    y[1] = 100;
    expect(f(1)).toBe(1);
  });
});

describe("pchip", () => {
  it("is exact for linear data and a straight line for two points", () => {
    const f = pchip([0, 1, 2.5, 4], [1, 3, 6, 9]);
    for (const x of [0, 0.3, 1.7, 3.2, 4]) expect(f(x)).toBeCloseTo(1 + 2 * x, 12);
    const g = pchip([1, 3], [2, 6]);
    expect(g(2)).toBeCloseTo(4, 14);
  });

  it("has a flat tangent at local extrema (no overshoot)", () => {
    const f = pchip([0, 1, 2, 3, 4], [0, 1, 1, 0, 0]);
    for (let k = 0; k <= 400; k++) {
      const v = f((4 * k) / 400);
      expect(v).toBeGreaterThanOrEqual(-1e-15);
      expect(v).toBeLessThanOrEqual(1 + 1e-15);
    }
    expect(f(1.5)).toBe(1); // flat segment stays flat
    expect(f(3.5)).toBe(0);
  });

  it("approximates a smooth function, converging at least quadratically", () => {
    const maxErr = (nodes: number): number => {
      const xs = Array.from({ length: nodes + 1 }, (_, i) => (i * Math.PI) / nodes);
      const f = pchip(xs, xs.map(Math.sin));
      let err = 0;
      for (let k = 0; k <= 1000; k++) {
        const x = (k * Math.PI) / 1000;
        err = Math.max(err, Math.abs(f(x) - Math.sin(x)));
      }
      return err;
    };
    const e40 = maxErr(40);
    expect(e40).toBeLessThan(5e-4);
    expect(maxErr(80)).toBeLessThan(e40 / 4); // PCHIP's shape-preserving slopes limit it to O(h²)–O(h³)
  });

  it("extrapolates as asked", () => {
    expect(() => pchip([0, 1, 2], [0, 1, 4])(3)).toThrow(/outside/);
    expect(pchip([0, 1, 2], [0, 1, 4], { extrapolate: "clamp" })(3)).toBe(4);
    const lin = pchip([0, 1, 2], [0, 1, 1], { extrapolate: "linear" });
    expect(lin(5)).toBe(1); // end derivative 0 at a flat end
  });

  it("validates the table", () => {
    expect(() => pchip([1, 0], [0, 1])).toThrow(/strictly increasing/);
    expect(() => pchip([0, 1, 2], [0, 1])).toThrow(/differ in length/);
  });

  // Monotone data: strictly increasing x, non-decreasing (or non-increasing) y, with plateaus.
  const monotoneTable = fc
    .array(
      fc.tuple(
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true })),
      ),
      { minLength: 1, maxLength: 25 },
    )
    .chain((steps) =>
      fc.tuple(fc.constant(steps), fc.double({ min: -50, max: 50, noNaN: true }), fc.boolean()),
    )
    .map(([steps, x0, decreasing]) => {
      const xs = [x0];
      const ys = [0];
      for (const [dx, dy] of steps) {
        xs.push((xs[xs.length - 1] as number) + dx);
        ys.push((ys[ys.length - 1] as number) + (decreasing ? -dy : dy));
      }
      return { xs, ys, decreasing };
    });

  it("property: passes through every node", () => {
    fc.assert(
      fc.property(monotoneTable, ({ xs, ys }) => {
        const f = pchip(xs, ys);
        const scale = Math.max(1, ...ys.map(Math.abs));
        xs.forEach((x, i) => expect(Math.abs(f(x) - (ys[i] as number))).toBeLessThanOrEqual(1e-12 * scale));
      }),
    );
  });

  it("property: preserves monotonicity of monotone data", () => {
    fc.assert(
      fc.property(monotoneTable, ({ xs, ys, decreasing }) => {
        const f = pchip(xs, ys);
        const scale = Math.max(1, ...ys.map(Math.abs));
        const sign = decreasing ? -1 : 1;
        const x0 = xs[0] as number;
        const xn = xs[xs.length - 1] as number;
        let prev = f(x0);
        for (let k = 1; k <= 300; k++) {
          const v = f(x0 + ((xn - x0) * k) / 300);
          expect(sign * (v - prev)).toBeGreaterThanOrEqual(-1e-12 * scale);
          prev = v;
        }
        // and stays within the data range on each interval
        for (let i = 0; i + 1 < xs.length; i++) {
          const lo = Math.min(ys[i] as number, ys[i + 1] as number);
          const hi = Math.max(ys[i] as number, ys[i + 1] as number);
          const v = f(0.5 * ((xs[i] as number) + (xs[i + 1] as number)));
          expect(v).toBeGreaterThanOrEqual(lo - 1e-12 * scale);
          expect(v).toBeLessThanOrEqual(hi + 1e-12 * scale);
        }
      }),
      { numRuns: 300 },
    );
  });
});
