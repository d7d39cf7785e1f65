import { describe, expect, it } from "vitest";
import { correlation, median } from "../numerics/stats.js";
import { createRng } from "../numerics/index.js";
import { normalCdf } from "../numerics/normal.js";
import { ParameterDraw, sample, type ParameterSet } from "./params.js";
import * as conductivitySets from "./parameters/conductivity.js";
import * as contactSets from "./parameters/contact.js";
import * as creepSets from "./parameters/creep.js";
import * as densificationSets from "./parameters/densification.js";
import * as fractureSets from "./parameters/fracture.js";
import * as stackSets from "./parameters/stack.js";

const draws = (set: ParameterSet, n: number, seed = 1) => {
  const root = createRng(seed);
  return Array.from({ length: n }, (_, i) => sample(set, root.fork(i)));
};
const col = (rows: Record<string, number>[], k: string) => rows.map((r) => r[k]!);

/** A synthetic pair fitted jointly, ranges ±2.2 stderr (fits write ±√3 to ±2 stderr). */
const pair = (r: number): ParameterSet => ({
  "a [-]": {
    value: 2,
    min: 2 - 2.2 * 0.3,
    max: 2 + 2.2 * 0.3,
    stderr: 0.3,
    citations: [],
    source: "fit",
    correlation: { "b [1/s]": r },
  },
  "b [1/s]": {
    value: 1e-3,
    min: 1e-3 * Math.exp(-2.2 * 0.2),
    max: 1e-3 * Math.exp(2.2 * 0.2),
    stderr: 0.2e-3, // 0.2 on ln(b)
    log: true,
    citations: [],
    source: "fit",
    correlation: { "a [-]": r },
  },
  "c [-]": { value: 5, min: 4, max: 10, citations: [], source: "assumption" },
});

describe("parameter sampling", () => {
  it("keeps a jointly fitted pair's correlation (in the fitted parameterisation) within sampling error", () => {
    const n = 4000;
    for (const r of [-0.85, 0, 0.6]) {
      const rows = draws(pair(r), n, 3);
      const got = correlation(col(rows, "a [-]"), col(rows, "b [1/s]").map(Math.log));
      // standard error of a sample correlation ≈ (1 − r²)/√n; allow 4 of them
      expect(Math.abs(got - r)).toBeLessThan((4 * (1 - r * r)) / Math.sqrt(n) + 0.005);
    }
  });

  it("draws a fitted value as a normal with its stderr (ln scale when log), truncated to its range", () => {
    const rows = draws(pair(0.5), 4000, 4);
    const a = col(rows, "a [-]");
    const lnB = col(rows, "b [1/s]").map(Math.log);
    const sd = (x: number[]) => {
      const m = x.reduce((s, v) => s + v, 0) / x.length;
      return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1));
    };
    // a normal truncated at ±c keeps the standard deviation √(1 − 2cφ(c)/(2Φ(c) − 1)) = 0.916 at c = 2.2
    const c = 2.2;
    const phi = Math.exp((-c * c) / 2) / Math.sqrt(2 * Math.PI);
    const kept = Math.sqrt(1 - (2 * c * phi) / (2 * normalCdf(c) - 1));
    for (const [x, s] of [
      [a, 0.3],
      [lnB, 0.2],
    ] as const) {
      expect(sd(x)).toBeGreaterThan(s * kept * 0.96);
      expect(sd(x)).toBeLessThan(s * kept * 1.04);
    }
  });

  it("reads a fitted range far wider than ±2.25 stderr as a spread of its own: split uniform over it", () => {
    const set: ParameterSet = {
      "d [-]": { value: 0.88, min: 0.79, max: 0.97, stderr: 0.01, citations: [], source: "fit" },
    };
    const x = col(draws(set, 2000, 6), "d [-]");
    // uniform on each side: a quarter of the draws below the middle of the lower half
    expect(x.filter((v) => v < 0.835).length / x.length).toBeGreaterThan(0.2);
    expect(x.filter((v) => v < 0.835).length / x.length).toBeLessThan(0.3);
  });

  it("puts every parameter's median at its nominal value and every draw inside [min, max]", () => {
    const set: ParameterSet = {
      ...pair(0.7),
      // an asymmetric, truncated fitted value: the range cuts the normal at −0.5 and +2 stderr
      "d [MPa]": { value: 40, min: 30, max: 80, stderr: 20, citations: [], source: "fit" },
      "e [-]": { value: 1, min: 0.1, max: 100, log: true, citations: [], source: "assumption" },
      "f [-]": { value: 7, min: 7, max: 7, citations: [], source: "data" },
    };
    const rows = draws(set, 4001, 5);
    for (const [k, p] of Object.entries(set)) {
      const x = col(rows, k);
      for (const v of x) {
        expect(v).toBeGreaterThanOrEqual(p.min * (1 - 1e-12));
        expect(v).toBeLessThanOrEqual(p.max * (1 + 1e-12));
      }
      // half the draws fall on each side of the nominal: the median's sampling error is ~0.8 %/√(n/4000)
      const below = x.filter((v) => v < p.value).length / x.length;
      if (p.max > p.min) expect(Math.abs(below - 0.5)).toBeLessThan(0.03);
      expect(median(x)).toBeCloseTo(p.value, p.max > p.min ? 0 : 12);
    }
  });

  it("gives one parameter one draw in every set that holds it (one material, several layers)", () => {
    const base = pair(0.4);
    const composite: ParameterSet = {
      ...base,
      "g [-]": { value: 1, min: 0.5, max: 1.5, citations: [], source: "fit" },
    };
    const root = createRng(9);
    for (let i = 0; i < 20; i++) {
      const draw = new ParameterDraw(root.fork(i));
      const a = draw.values(base);
      const b = draw.values(composite);
      for (const k of Object.keys(base)) expect(b[k]).toBe(a[k]);
      // and the draw does not depend on which set is asked first
      const other = new ParameterDraw(root.fork(i));
      expect(other.values(composite)["a [-]"]).toBe(a["a [-]"]);
    }
  });

  it("sample() called in a loop with one generator gives independent draws, reproducible from the seed", () => {
    // A ParameterDraw's streams depend only on its generator's seed, so sample() must advance the
    // generator it is given: a loop over sample(set, rng) once returned one draw N times.
    const run = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 400 }, () => sample(pair(0.4), rng));
    };
    const rows = run(5);
    expect(new Set(col(rows, "a [-]")).size).toBe(rows.length);
    expect(run(5)).toEqual(rows);
    // and they are distributed as the fit says: the joint correlation is kept
    expect(correlation(col(rows, "a [-]"), col(rows, "b [1/s]"))).toBeGreaterThan(0.25);
  });

  it("without a random generator gives the nominal values", () => {
    const v = new ParameterDraw().values(pair(0.3));
    expect(v).toEqual({ "a [-]": 2, "b [1/s]": 1e-3, "c [-]": 5 });
  });

  it("keeps the correlations the fits wrote for the committed parameter sets", () => {
    const modules = [conductivitySets, contactSets, creepSets, densificationSets, fractureSets, stackSets];
    let pairs = 0;
    for (const mod of modules) {
      for (const [name, set] of Object.entries(mod as Record<string, unknown>)) {
        const params = Object.entries(set as ParameterSet).filter(
          ([, p]) => p && typeof p === "object" && "correlation" in p,
        );
        if (!params.length) continue;
        const rows = draws(set as ParameterSet, 3000, 12);
        for (const [a, p] of params) {
          for (const [b, r] of Object.entries(p.correlation!)) {
            const q = (set as ParameterSet)[b]!;
            const x = col(rows, a).map(p.log ? Math.log : (v: number) => v);
            const y = col(rows, b).map(q.log ? Math.log : (v: number) => v);
            // sampling error (4 standard errors of a correlation) plus what truncating each marginal to
            // its range (±√3 to ±2 stderr) takes off a correlation: at most a tenth of it
            const tol = (4 * (1 - r * r)) / Math.sqrt(rows.length) + 0.1 * Math.abs(r);
            expect(Math.abs(correlation(x, y) - r), `${name}: ${a} / ${b}`).toBeLessThan(tol);
            pairs++;
          }
        }
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(2);
  });
});
