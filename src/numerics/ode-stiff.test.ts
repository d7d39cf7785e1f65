import { describe, it, expect } from "vitest";
import { solveStiff } from "./ode-stiff.js";
import { solveExplicit } from "./ode-explicit.js";

const last = <T>(xs: T[]): T => xs[xs.length - 1] as T;
const METHODS = ["rodas4", "rodas3"] as const;

// y' = −1000·(y − cos t), y(0) = 0 (stiff, with smooth forcing)
const LAMBDA = 1000;
const forced = (t: number, y: number[]): number[] => [-LAMBDA * ((y[0] as number) - Math.cos(t))];
const forcedExact = (t: number): number =>
  (LAMBDA * LAMBDA * Math.cos(t) + LAMBDA * Math.sin(t) - LAMBDA * LAMBDA * Math.exp(-LAMBDA * t)) /
  (LAMBDA * LAMBDA + 1);

// Robertson's chemical kinetics (Hairer & Wanner II §IV.1); reference values at t = 40.
const robertson = (_t: number, y: number[]): number[] => {
  const [a, b, c] = y as [number, number, number];
  return [-0.04 * a + 1e4 * b * c, 0.04 * a - 1e4 * b * c - 3e7 * b * b, 3e7 * b * b];
};
const ROBERTSON_40 = [0.7158270687, 9.185534764e-6, 0.2841637457];

// Linear system y' = A·y with eigenvalues −1 and −1e5 (eigenvectors (1, 1) and (1, −1)).
const L1 = -1;
const L2 = -1e5;
const linA = [
  [(L1 + L2) / 2, (L1 - L2) / 2],
  [(L1 - L2) / 2, (L1 + L2) / 2],
];
const linear = (_t: number, y: number[]): number[] =>
  linA.map((row) => (row[0] as number) * (y[0] as number) + (row[1] as number) * (y[1] as number));
const linearExact = (t: number, y0: [number, number]): number[] => {
  const c1 = (y0[0] + y0[1]) / 2;
  const c2 = (y0[0] - y0[1]) / 2;
  return [c1 * Math.exp(L1 * t) + c2 * Math.exp(L2 * t), c1 * Math.exp(L1 * t) - c2 * Math.exp(L2 * t)];
};

describe.each(METHODS)("solveStiff (%s)", (method) => {
  it("solves a stiff forced problem accurately at the step points", () => {
    const sol = solveStiff(forced, 0, [0], 10, { method, rtol: 1e-6, atol: 1e-9 });
    expect(sol.status).toBe("done");
    sol.t.forEach((t, i) => expect(Math.abs((sol.y[i]![0] as number) - forcedExact(t))).toBeLessThan(2e-5));
    expect(Math.abs((last(sol.y)[0] as number) - forcedExact(10))).toBeLessThan(1e-6);
  });

  it("takes far fewer steps than the explicit solver on stiff problems", () => {
    const opts = { rtol: 1e-4, atol: 1e-8 };
    const stiff = solveStiff(forced, 0, [0], 10, { ...opts, method });
    const explicit = solveExplicit(forced, 0, [0], 10, opts);
    expect(explicit.status).toBe("done");
    expect(stiff.nSteps * 10).toBeLessThan(explicit.nSteps);
    expect(Math.abs((last(stiff.y)[0] as number) - forcedExact(10))).toBeLessThan(1e-4);

    const linStiff = solveStiff(linear, 0, [2, 0], 1, { ...opts, method });
    const linExplicit = solveExplicit(linear, 0, [2, 0], 1, opts);
    expect(linExplicit.status).toBe("done");
    expect(linStiff.nSteps * 100).toBeLessThan(linExplicit.nSteps);
    expect(linStiff.nEvals * 20).toBeLessThan(linExplicit.nEvals);
  });

  it("matches the exact exponentials of a stiff linear system (finite-difference and analytic Jacobian)", () => {
    for (const jacobian of [undefined, () => linA]) {
      const sol = solveStiff(linear, 0, [2, 0], 5, {
        method,
        rtol: 1e-8,
        atol: 1e-12,
        autonomous: true,
        jacobian,
      });
      const exact = linearExact(5, [2, 0]);
      expect(Math.abs((last(sol.y)[0] as number) / (exact[0] as number) - 1)).toBeLessThan(1e-6);
      expect(Math.abs((last(sol.y)[1] as number) / (exact[1] as number) - 1)).toBeLessThan(1e-6);
      for (const t of [1e-6, 1e-5, 1e-3, 0.5, 2.5]) {
        const y = sol.at(t);
        const e = linearExact(t, [2, 0]);
        expect(Math.abs((y[0] as number) - (e[0] as number))).toBeLessThan(1e-6);
        expect(Math.abs((y[1] as number) - (e[1] as number))).toBeLessThan(1e-6);
      }
    }
  });

  it("reproduces Robertson's kinetics at t = 40", () => {
    const sol = solveStiff(robertson, 0, [1, 0, 0], 40, { method, rtol: 1e-6, atol: [1e-10, 1e-14, 1e-10] });
    expect(sol.status).toBe("done");
    const y = last(sol.y);
    ROBERTSON_40.forEach((ref, i) => expect(Math.abs((y[i] as number) / ref - 1)).toBeLessThan(2e-5));
    expect((y[0] as number) + (y[1] as number) + (y[2] as number)).toBeCloseTo(1, 12); // mass conservation
    expect(sol.nSteps).toBeLessThan(400);
  });

  it("is L-stable: on a very stiff decay it settles on the equilibrium without ringing, then takes huge steps", () => {
    const sol = solveStiff((_t, y) => [-1e9 * ((y[0] as number) - 1)], 0, [0], 100, { method, rtol: 1e-6 });
    expect(sol.status).toBe("done");
    expect(last(sol.y)[0]).toBeCloseTo(1, 10);
    for (const y of sol.y) expect(y[0] as number).toBeLessThan(1 + 1e-6);
    const steps = sol.t.slice(1).map((t, i) => t - (sol.t[i] as number));
    expect(Math.max(...steps)).toBeGreaterThan(10); // |hλ| > 1e10 once the transient has gone
    expect(sol.nSteps).toBeLessThan(200);
  });

  it("follows a power-law creep relaxation σ' = −E·A·σⁿ (n = 6.6) and finds the half-stress time", () => {
    const n = 6.6;
    const EA = 1e-3;
    const s0 = 10;
    const k = EA * s0 ** (n - 1);
    const exact = (t: number): number => s0 * (1 + (n - 1) * k * t) ** (-1 / (n - 1));
    const tHalf = (0.5 ** (1 - n) - 1) / ((n - 1) * k);
    const f = (_t: number, y: number[]): number[] => [
      -EA * Math.sign(y[0] as number) * Math.abs(y[0] as number) ** n,
    ];
    const sol = solveStiff(f, 0, [s0], 1e4, {
      method,
      rtol: 1e-7,
      atol: 1e-12,
      autonomous: true,
      events: [{ fn: (_t, y) => (y[0] as number) - s0 / 2, direction: -1 }],
    });
    expect(sol.status).toBe("done");
    expect(Math.abs((last(sol.y)[0] as number) / exact(1e4) - 1)).toBeLessThan(1e-5);
    for (const t of [1e-4, 1e-2, 1, 100])
      expect(Math.abs((sol.at(t)[0] as number) / exact(t) - 1)).toBeLessThan(1e-5);
    expect(sol.events).toHaveLength(1);
    expect(Math.abs(sol.events[0]!.t / tHalf - 1)).toBeLessThan(1e-5);
  });

  it("has a dense output as accurate as the steps on a smooth problem", () => {
    const f = (_t: number, y: number[]): number[] => [y[1] as number, -(y[0] as number)];
    const sol = solveStiff(f, 0, [0, 1], 10, { method, rtol: 1e-8, atol: 1e-11 });
    let nodeErr = 0;
    sol.t.forEach((t, i) => (nodeErr = Math.max(nodeErr, Math.abs((sol.y[i]![0] as number) - Math.sin(t)))));
    let denseErr = 0;
    for (let j = 0; j <= 1000; j++) {
      const t = j / 100;
      denseErr = Math.max(denseErr, Math.abs((sol.at(t)[0] as number) - Math.sin(t)));
    }
    expect(nodeErr).toBeLessThan(1e-7);
    expect(denseErr).toBeLessThan(5 * nodeErr + 1e-9);
  });

  it("stops at a terminal event and integrates backward", () => {
    const ev = solveStiff(linear, 0, [2, 0], 10, {
      method,
      rtol: 1e-9,
      atol: 1e-12,
      events: [{ fn: (_t, y) => (y[0] as number) - 0.5, terminal: true }],
    });
    expect(ev.status).toBe("event");
    expect(ev.events[0]!.t).toBeCloseTo(Math.log(2), 7); // y0 = e^{−t} after the fast transient
    expect(last(ev.t)).toBe(ev.events[0]!.t);

    const back = solveStiff((_t, y) => [-(y[0] as number)], 1, [Math.exp(-1)], 0, {
      method,
      rtol: 1e-8,
      atol: 1e-12,
    });
    expect(back.status).toBe("done");
    expect(last(back.y)[0]).toBeCloseTo(1, 7);
    expect(back.at(0.5)[0]).toBeCloseTo(Math.exp(-0.5), 7);
  });
});

describe("solveStiff options", () => {
  it("recovers from regions where f is not finite by shrinking the step", () => {
    // y' = −√y reaches 0 at t = 2 (y0 = 1); NaN for y < 0 forces rejections near the end.
    const f = (_t: number, y: number[]): number[] => [-Math.sqrt(y[0] as number)];
    const sol = solveStiff(f, 0, [1], 1.5, { rtol: 1e-8, atol: 1e-12 });
    expect(sol.status).toBe("done");
    expect(last(sol.y)[0]).toBeCloseTo((1 - 1.5 / 2) ** 2, 7);
  });

  it("validates its arguments", () => {
    const f = (_t: number, y: number[]): number[] => [-(y[0] as number)];
    expect(() => solveStiff(f, 0, [1], 1, { method: "rk4" as never })).toThrow(/method/);
    expect(() => solveStiff(f, 0, [1], 1, { jacobian: () => [[1, 2]] })).toThrow(/jacobian row 0/);
    expect(() => solveStiff(f, 0, [1], 1, { jacobian: () => [] })).toThrow(/1 rows/);
    expect(() => solveStiff(f, 0, [1], 1, { rtol: 2 })).toThrow(/rtol/);
  });

  it("returns the initial point for tEnd = t0 and reports maxSteps exhaustion", () => {
    expect(solveStiff(() => [1], 0, [5], 0).y).toEqual([[5]]);
    const sol = solveStiff(robertson, 0, [1, 0, 0], 1e5, { maxSteps: 5 });
    expect(sol.status).toBe("failed");
    expect(sol.message).toMatch(/maximum number of steps/);
  });
});
