/**
 * check, simulate and the press settings read one compiled protocol, so they must report the same
 * stack, temperatures and limits for every step — for every example and for the planner's output
 * across the material classes (issue #6).
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkText } from "../../protocol/check.js";
import type { CompiledProtocol } from "../../protocol/compile.js";
import { planProtocol, type PlanRequest } from "../../protocol/plan/index.js";
import { settingsJson } from "../../protocol/settings.js";
import { simulate, simulationJson } from "./index.js";

const EXAMPLES = new URL("../../../examples/", import.meta.url);

function agree(label: string, c: CompiledProtocol): void {
  const sim = simulationJson(simulate(c), undefined, { series: false }) as {
    steps: Record<string, unknown>[];
  };
  const settings = new Map(settingsJson(c).map((row) => [row.step, row]));
  expect(
    sim.steps.map((s) => s.step),
    label,
  ).toEqual(c.steps.map((s) => s.step));
  c.steps.forEach((state, i) => {
    const s = sim.steps[i]!;
    const where = `${label}, step ${state.step}`;
    expect(s.stack, where).toEqual(state.after);
    expect(Object.keys(s.layers as object).sort(), where).toEqual([...state.after].sort());
    expect(s["Temperature [°C]"], where).toBeCloseTo(state.temperature - 273.15, 1);
    const limit = state.limits.maxPressure;
    if (limit === null) expect(s["Pressure limit [MPa]"], where).toBeNull();
    else
      expect(Math.abs((s["Pressure limit [MPa]"] as number) / (limit / 1e6) - 1), where).toBeLessThan(5e-4);
    const row = settings.get(state.step);
    if (state.kind === "press" || state.kind === "operate") {
      expect(row, where).toBeDefined();
      expect(row!.stack, where).toEqual(s.stack);
      expect(row!["Temperature [°C]"], where).toEqual(s["Temperature [°C]"]);
      expect(row!["Pressure limit [MPa]"], where).toEqual(s["Pressure limit [MPa]"]);
    } else expect(row, where).toBeUndefined();
  });
}

describe("one source of truth", () => {
  it("every example", () => {
    for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"))) {
      const r = checkText(name, readFileSync(new URL(name, EXAMPLES), "utf8"));
      expect(r.compiled, name).toBeDefined();
      agree(name, r.compiled!);
    }
  });

  it("the planner's protocols across separator, cathode and anode classes, cold and warm-pressed", () => {
    const separators = ["Li6PS5Cl", "Li3PS4", "Li3InCl6", "75Li2S-25P2S5 glass"];
    const cathodes = ["NMC811:70,Li6PS5Cl:30", "LiCoO2:70,Li3PS4:30", "LiFePO4:60,Li6PS5Cl:35,VGCF:5"];
    const anodes = ["Li", "LiIn", "In", "graphite:60,Li6PS5Cl:40", "Si:70,Li6PS5Cl:30"];
    let n = 0;
    for (const separator of separators)
      for (const cathode of cathodes)
        for (const anode of anodes) {
          const warm = (separator.length + anode.length) % 2 === 0;
          const req: PlanRequest = {
            separator,
            cathode,
            anode,
            dieDiameter: 0.01,
            pressCapacity: 10 * 9806.65,
            goal: "cycling",
            ...(warm ? { pressType: "heated" as const, temperature: 393.15 } : {}),
          };
          const plan = planProtocol(req);
          if (!plan.ok) continue; // the planner's refusals are tested in plan.test.ts
          const r = checkText("plan.yaml", plan.value.yaml);
          const label = `${separator} | ${cathode} | ${anode}${warm ? " (120 °C)" : ""}`;
          expect(r.compiled, label).toBeDefined();
          agree(label, r.compiled!);
          n++;
        }
    expect(n).toBeGreaterThan(40);
  });
});
