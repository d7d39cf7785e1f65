import { describe, expect, it } from "vitest";
import { checkText } from "../protocol/check.js";
import { optimizePlan } from "./optimize.js";
import { simulate } from "./simulate/index.js";

const req = {
  separator: "Li6PS5Cl",
  cathode: "NMC811:70,Li6PS5Cl:30",
  anode: "Li",
  dieDiameter: 0.01,
  pressCapacity: 10 * 9806.65,
  goal: "cycling" as const,
};

describe("plan --optimize", () => {
  it("raises the predicted conductance, keeps the risks under the limits and passes the checker", () => {
    const o = optimizePlan(req, { maxShort: 0.05, maxFracture: 0.05 });
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    const check = checkText("o.yaml", o.value.plan.yaml);
    expect(check.errors).toBe(0);
    const sim = simulate(checkText("o.yaml", o.value.plan.yaml).compiled!);
    const last = sim.steps[sim.steps.length - 1]!;
    expect(last.fractureProbability).toBeLessThanOrEqual(0.05);
    expect(Math.max(last.shortProbability, sim.operation!.shortProbability)).toBeLessThanOrEqual(0.05);
    expect(o.value.explanation[0]).toMatch(/optimized for ionic conductance/);
    expect(o.value.plan.yaml).toMatch(/^# co-press pressure: /m);
  });

  it("tighter limits never give a riskier protocol", () => {
    const loose = optimizePlan(req, { maxShort: 0.5, maxFracture: 0.5 });
    const tight = optimizePlan(req, { maxShort: 0.01, maxFracture: 0.01 });
    expect(loose.ok && tight.ok).toBe(true);
    if (!loose.ok || !tight.ok) return;
    const risk = (yaml: string) => {
      const sim = simulate(checkText("o.yaml", yaml).compiled!);
      return sim.steps[sim.steps.length - 1]!.fractureProbability;
    };
    expect(risk(tight.value.plan.yaml)).toBeLessThanOrEqual(risk(loose.value.plan.yaml) + 1e-12);
  });

  it("says so when no protocol meets the limits", () => {
    const o = optimizePlan(req, { maxShort: 1e-9, maxFracture: 1e-9 });
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error.message).toMatch(/relax --max-short\/--max-fracture/);
  });
});
