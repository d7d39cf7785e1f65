import { describe, it, expect } from "vitest";
import { solveExplicit } from "./ode-explicit.js";
import { SsbError } from "../core/errors.js";

const last = <T>(xs: T[]): T => xs[xs.length - 1] as T;

describe("solveExplicit (Dormand–Prince 5(4))", () => {
  it("solves exponential decay to the requested tolerance", () => {
    const sol = solveExplicit((_t, y) => [-(y[0] as number)], 0, [1], 5, { rtol: 1e-8, atol: 1e-12 });
    expect(sol.status).toBe("done");
    expect(last(sol.t)).toBe(5);
    expect(Math.abs((last(sol.y)[0] as number) / Math.exp(-5) - 1)).toBeLessThan(1e-7);
    expect(sol.nEvals).toBeGreaterThanOrEqual(6 * sol.nSteps);
  });

  it("solves the harmonic oscillator; the error falls with the tolerance", () => {
    const f = (_t: number, y: number[]): number[] => [y[1] as number, -(y[0] as number)];
    const errAt = (rtol: number): number => {
      const sol = solveExplicit(f, 0, [0, 1], 20, { rtol, atol: rtol * 1e-3 });
      return Math.hypot((last(sol.y)[0] as number) - Math.sin(20), (last(sol.y)[1] as number) - Math.cos(20));
    };
    const e6 = errAt(1e-6);
    const e10 = errAt(1e-10);
    expect(e6).toBeLessThan(2e-5);
    expect(e10).toBeLessThan(2e-9);
    expect(e10).toBeLessThan(e6 / 100);
  });

  it("handles non-autonomous right-hand sides", () => {
    // y' = t·y, y(0) = 1  →  y = exp(t²/2)
    const sol = solveExplicit((t, y) => [t * (y[0] as number)], 0, [1], 2, { rtol: 1e-10, atol: 1e-12 });
    expect(Math.abs((last(sol.y)[0] as number) / Math.exp(2) - 1)).toBeLessThan(1e-9);
  });

  it("has accurate dense output everywhere between the steps", () => {
    const f = (_t: number, y: number[]): number[] => [y[1] as number, -(y[0] as number)];
    const sol = solveExplicit(f, 0, [0, 1], 10, { rtol: 1e-9, atol: 1e-12 });
    let err = 0;
    for (let k = 0; k <= 2000; k++) {
      const t = k / 200;
      const y = sol.at(t);
      err = Math.max(err, Math.abs((y[0] as number) - Math.sin(t)), Math.abs((y[1] as number) - Math.cos(t)));
    }
    expect(err).toBeLessThan(1e-8);
    // at the step points it returns the stored values
    expect(sol.at(sol.t[3] as number)).toEqual(sol.y[3]);
    expect(sol.at(10)).toEqual(last(sol.y));
    expect(() => sol.at(10.5)).toThrow(/outside the integrated range/);
    expect(() => sol.at(-0.1)).toThrow(SsbError);
  });

  it("integrates backward when tEnd < t0", () => {
    const sol = solveExplicit((_t, y) => [y[0] as number], 1, [Math.E], 0, { rtol: 1e-10, atol: 1e-12 });
    expect(sol.status).toBe("done");
    expect(last(sol.t)).toBe(0);
    for (let i = 1; i < sol.t.length; i++) expect(sol.t[i] as number).toBeLessThan(sol.t[i - 1] as number);
    expect(last(sol.y)[0]).toBeCloseTo(1, 9);
    expect(sol.at(0.5)[0]).toBeCloseTo(Math.exp(0.5), 9);
  });

  it("returns the initial point when tEnd = t0", () => {
    const sol = solveExplicit(() => [1], 3, [2], 3);
    expect(sol.t).toEqual([3]);
    expect(sol.y).toEqual([[2]]);
    expect(sol.status).toBe("done");
    expect(sol.at(3)).toEqual([2]);
  });

  it("copies f's result, so f may return its argument", () => {
    const sol = solveExplicit((_t, y) => y, 0, [1], 1, { rtol: 1e-10, atol: 1e-12 });
    expect(last(sol.y)[0]).toBeCloseTo(Math.E, 9);
  });

  it("respects maxStep and initialStep", () => {
    const sol = solveExplicit(() => [1], 0, [0], 10, { maxStep: 0.5, initialStep: 0.1 });
    expect((sol.t[1] as number) - (sol.t[0] as number)).toBeCloseTo(0.1, 14);
    for (let i = 1; i < sol.t.length; i++)
      expect((sol.t[i] as number) - (sol.t[i - 1] as number)).toBeLessThanOrEqual(0.5 + 1e-12);
    expect(last(sol.y)[0]).toBeCloseTo(10, 12);
  });

  it("locates a terminal event to 1e-10 relative and stops there", () => {
    // y' = −y, y(0) = 1; y = 1/2 at t = ln 2
    const sol = solveExplicit((_t, y) => [-(y[0] as number)], 0, [1], 10, {
      rtol: 1e-12,
      atol: 1e-14,
      events: [{ fn: (_t, y) => (y[0] as number) - 0.5, terminal: true }],
    });
    expect(sol.status).toBe("event");
    expect(sol.events).toHaveLength(1);
    const ev = sol.events[0]!;
    expect(ev.index).toBe(0);
    expect(Math.abs(ev.t / Math.LN2 - 1)).toBeLessThan(1e-10);
    expect(ev.y[0]).toBeCloseTo(0.5, 10);
    expect(last(sol.t)).toBe(ev.t);
    expect(last(sol.y)).toEqual(ev.y);
    expect(() => sol.at(1)).toThrow(/outside/);
    expect(sol.at(ev.t / 2)[0]).toBeCloseTo(Math.exp(-ev.t / 2), 10);
  });

  it("finds the root of the dense output itself to ~1e-10 relative at ordinary tolerances", () => {
    const sol = solveExplicit((_t, y) => [-(y[0] as number)], 0, [1], 10, {
      rtol: 1e-5,
      events: [{ fn: (_t, y) => (y[0] as number) - 0.25, terminal: true }],
    });
    const ev = sol.events[0]!;
    // g changes sign within ±1e-10·t of the reported time on the interpolant
    const g = (t: number): number => (sol.at(t)[0] as number) - 0.25;
    expect(g(ev.t * (1 - 1e-10))).toBeGreaterThan(0);
    expect(g(ev.t)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(ev.t - 2 * Math.LN2)).toBeLessThan(1e-4); // limited by rtol, not by the root finder
  });

  it("records non-terminal events with direction filtering", () => {
    // y = sin t: zeros at π (falling), 2π (rising), 3π (falling)
    const f = (_t: number, y: number[]): number[] => [y[1] as number, -(y[0] as number)];
    const run = (direction: -1 | 0 | 1) =>
      solveExplicit(f, 0, [0, 1], 10, {
        rtol: 1e-10,
        atol: 1e-12,
        events: [{ fn: (_t, y) => y[0] as number, direction }],
      });
    const both = run(0);
    expect(both.status).toBe("done");
    expect(both.events.map((e) => e.t / Math.PI)).toEqual([
      expect.closeTo(1, 9),
      expect.closeTo(2, 9),
      expect.closeTo(3, 9),
    ]);
    expect(run(1).events.map((e) => e.t / Math.PI)).toEqual([expect.closeTo(2, 9)]);
    expect(run(-1).events.map((e) => e.t / Math.PI)).toEqual([expect.closeTo(1, 9), expect.closeTo(3, 9)]);
  });

  it("does not count a start on the event surface as a crossing", () => {
    // ball thrown up from the ground: h(0) = 0, lands at t = 2·v0/g
    const g = 9.81;
    const v0 = 10;
    const sol = solveExplicit((_t, y) => [y[1] as number, -g], 0, [0, v0], 100, {
      events: [{ fn: (_t, y) => y[0] as number, terminal: true, direction: -1 }],
    });
    expect(sol.status).toBe("event");
    expect(sol.events[0]!.t).toBeCloseTo((2 * v0) / g, 10);
  });

  it("orders simultaneous events and stops at the first terminal one", () => {
    const sol = solveExplicit(() => [1], 0, [0], 10, {
      maxStep: 10,
      initialStep: 10,
      events: [
        { fn: (_t, y) => (y[0] as number) - 7 },
        { fn: (_t, y) => (y[0] as number) - 3, terminal: true },
        { fn: (_t, y) => (y[0] as number) - 1 },
      ],
    });
    expect(sol.status).toBe("event");
    expect(sol.events.map((e) => e.index)).toEqual([2, 1]);
    expect(sol.events.map((e) => e.t)).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
    expect(last(sol.t)).toBeCloseTo(3, 12);
  });

  it("locates events when integrating backward", () => {
    const sol = solveExplicit((_t, y) => [y[0] as number], 2, [Math.exp(2)], 0, {
      rtol: 1e-11,
      atol: 1e-13,
      events: [{ fn: (_t, y) => (y[0] as number) - Math.E, terminal: true }],
    });
    expect(sol.status).toBe("event");
    expect(sol.events[0]!.t).toBeCloseTo(1, 10);
  });

  it("reports failure on blow-up, keeping the solution so far", () => {
    // y' = y², y(0) = 1 → y = 1/(1 − t), singular at t = 1
    const sol = solveExplicit((_t, y) => [(y[0] as number) ** 2], 0, [1], 2);
    expect(sol.status).toBe("failed");
    expect(sol.message).toMatch(/step size too small|not finite|maximum number/);
    expect(last(sol.t)).toBeGreaterThan(0.99);
    expect(last(sol.t)).toBeLessThan(1.001); // round-off lets it creep a hair past the pole
    expect(last(sol.y)[0]).toBeGreaterThan(1e6);
  });

  it("reports failure when maxSteps is exhausted", () => {
    const sol = solveExplicit((_t, y) => [y[1] as number, -(y[0] as number)], 0, [0, 1], 100, {
      maxSteps: 10,
    });
    expect(sol.status).toBe("failed");
    expect(sol.message).toMatch(/maximum number of steps \(10\)/);
    expect(sol.nSteps).toBeLessThanOrEqual(10);
  });

  it("rejects invalid arguments with usage errors", () => {
    const f = (_t: number, y: number[]): number[] => [-(y[0] as number)];
    expect(() => solveExplicit(f, 0, [], 1)).toThrow(/y0/);
    expect(() => solveExplicit(f, 0, [NaN], 1)).toThrow(/y0\[0\]/);
    expect(() => solveExplicit(f, 0, [1], Infinity)).toThrow(/finite/);
    expect(() => solveExplicit(f, 0, [1], 1, { rtol: 0 })).toThrow(/rtol/);
    expect(() => solveExplicit(f, 0, [1], 1, { atol: [1, 2] })).toThrow(/atol/);
    expect(() => solveExplicit(f, 0, [1], 1, { maxStep: -1 })).toThrow(/maxStep/);
    expect(() => solveExplicit(() => [1, 2], 0, [1], 1)).toThrow(/expected 1/);
    expect(() => solveExplicit(f, 0, [1], 1, { events: [{ fn: () => 0, direction: 2 as never }] })).toThrow(
      /direction/,
    );
  });

  it("accepts per-component absolute tolerances", () => {
    const sol = solveExplicit((_t, y) => [-(y[0] as number), -1e-6 * (y[1] as number)], 0, [1, 1e-9], 1, {
      atol: [1e-10, 1e-20],
      rtol: 1e-8,
    });
    expect((last(sol.y)[1] as number) / (1e-9 * Math.exp(-1e-6)) - 1).toBeCloseTo(0, 7);
  });
});
