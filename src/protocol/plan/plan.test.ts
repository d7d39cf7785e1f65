import { describe, expect, it } from "vitest";
import { checkText } from "../check.js";
import { parseCompositeSpec, planProtocol, type PlanGoal, type PlanRequest } from "./index.js";

const separators = [
  "Li6PS5Cl",
  "Li6PS5Br",
  "Li3PS4",
  "75Li2S-25P2S5 glass",
  "Li10GeP2S12",
  "Li7P3S11",
  "Li3InCl6",
  "Li3YCl6",
  "LLZO",
];
const cathodes = [
  "NMC811:70,Li6PS5Cl:30",
  "NCA:70,Li6PS5Cl:30",
  "LiCoO2:70,Li6PS5Cl:30",
  "LiFePO4:60,Li6PS5Cl:35,VGCF:5",
  "NMC622:70,Li3InCl6:30",
  "NMC811",
];
const anodes = ["Li", "LiIn", "In", "graphite:60,Li6PS5Cl:40", "Si:70,Li6PS5Cl:30"];
const dies = [6, 8, 10, 13, 16, 20];
const presses = [2, 5, 10, 15, 25];
const goals: PlanGoal[] = ["densify", "integrate-anode", "cycling"];

function planAndCheck(req: PlanRequest) {
  const plan = planProtocol(req);
  if (!plan.ok) return { plan };
  const check = checkText("plan.yaml", plan.value.yaml);
  return { plan, check };
}

describe("plan", () => {
  it("writes the classic layer-specific strategy for Li | Li6PS5Cl | NMC811", () => {
    const r = planProtocol({
      separator: "Li6PS5Cl",
      cathode: "NMC811:70,Li6PS5Cl:30",
      anode: "Li",
      dieDiameter: 0.01,
      goal: "cycling",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const steps = r.value.yaml.split("\n").filter((l) => l.startsWith("  - "));
    expect(steps[0]).toBe("  - Add separator");
    expect(steps[1]).toMatch(/Press to 250 MPa/);
    expect(steps[2]).toBe("  - Add cathode on top");
    expect(steps[3]).toMatch(/Press to 500 MPa/);
    expect(steps[4]).toBe("  - Add anode on bottom");
    expect(steps[5]).toMatch(/Press to 45 MPa/);
    // Li metal: operate at the creep-safe pressure, with the reason and citation in a comment
    expect(steps[6]).toMatch(/Operate at 5 MPa/);
    expect(r.value.yaml).toMatch(/#.*Doux2020/);
    const c = checkText("plan.yaml", r.value.yaml);
    expect(c.errors).toBe(0);
    expect(c.warnings).toBe(0);
  });

  it("operates a Li–In cell at tens of MPa and a Li cell at a few MPa", () => {
    const li = planProtocol({
      separator: "Li6PS5Cl",
      cathode: "NMC811:70,Li6PS5Cl:30",
      anode: "Li",
      dieDiameter: 0.01,
      goal: "cycling",
    });
    const liin = planProtocol({
      separator: "Li6PS5Cl",
      cathode: "NMC811:70,Li6PS5Cl:30",
      anode: "LiIn",
      dieDiameter: 0.01,
      goal: "cycling",
    });
    expect(li.ok && liin.ok).toBe(true);
    if (!li.ok || !liin.ok) return;
    expect(li.value.decisions["Operating pressure [MPa]"]).toBeLessThanOrEqual(5);
    expect(liin.value.decisions["Operating pressure [MPa]"]).toBeGreaterThanOrEqual(50);
    expect(liin.value.decisions["Anode pressure [MPa]"]).toBeGreaterThan(
      li.value.decisions["Anode pressure [MPa]"] as number,
    );
  });

  it("lowers the co-press to what the press can do, and says so", () => {
    // 95 % of 5 t on a 13 mm die reaches 351 MPa: above the 250 MPa densification, below 500 MPa
    const r = planProtocol({
      separator: "Li6PS5Cl",
      cathode: "NMC811:70,Li6PS5Cl:30",
      anode: "Li",
      dieDiameter: 0.013,
      pressCapacity: 5 * 9806.65,
      goal: "cycling",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.decisions["Co-press pressure [MPa]"]).toBe(350);
    expect(r.value.yaml).toMatch(/lowered from 500 MPa to stay within 95 % of the press's 5 t/);
  });

  it("fails clearly when the press cannot densify on the die, naming the largest die it can serve", () => {
    const r = planProtocol({
      separator: "Li6PS5Cl",
      cathode: "NMC811:70,Li6PS5Cl:30",
      anode: "Li",
      dieDiameter: 0.02,
      pressCapacity: 2 * 9806.65,
      goal: "cycling",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("infeasible");
    expect(r.error.message).toMatch(/largest die this press can serve at 250 MPa is 9.74 mm/);
  });

  it("does not cold-press an oxide separator", () => {
    const r = planProtocol({
      separator: "LLZO",
      cathode: "NMC811:70,Li6PS5Cl:30",
      anode: "Li",
      dieDiameter: 0.01,
      goal: "cycling",
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.yaml).toMatch(/form: pellet/);
  });

  it("writes tonnes for a manual press, rounded to the safe side", () => {
    const r = planProtocol({
      separator: "Li6PS5Cl",
      cathode: "NMC811:70,Li6PS5Cl:30",
      anode: "Li",
      dieDiameter: 0.013,
      pressCapacity: 15 * 9806.65,
      pressType: "manual",
      goal: "cycling",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.yaml).toMatch(/Press to 3.4 t/); // 250 MPa = 3.38 t, rounded up
    expect(r.value.yaml).toMatch(/Press to 0.6 t/); // 45 MPa = 0.61 t, rounded down
    expect(checkText("p.yaml", r.value.yaml).errors).toBe(0);
  });

  it("passes check with no errors across material classes, dies of 6–20 mm and presses of 2–25 t wherever feasible", () => {
    let feasible = 0;
    let infeasible = 0;
    for (const separator of separators)
      for (const cathode of cathodes)
        for (const anode of anodes) {
          const goal = goals[(separator.length + cathode.length + anode.length) % 3]!;
          const { plan, check } = planAndCheck({
            separator,
            cathode,
            anode,
            dieDiameter: 0.01,
            pressCapacity: 10 * 9806.65,
            goal,
          });
          expect(plan.ok, `${separator} ${cathode} ${anode}: ${!plan.ok ? plan.error.message : ""}`).toBe(
            true,
          );
          expect(
            check?.errors,
            `${separator} ${cathode} ${anode}\n${check?.diagnostics.map((d) => d.message).join("\n")}`,
          ).toBe(0);
        }
    for (const d of dies)
      for (const t of presses)
        for (const goal of goals)
          for (const [separator, cathode, anode] of [
            ["Li6PS5Cl", "NMC811:70,Li6PS5Cl:30", "Li"],
            ["Li3InCl6", "NCA:70,Li3InCl6:30", "LiIn"],
            ["Li3PS4", "LiCoO2:70,Li3PS4:30", "graphite:60,Li6PS5Cl:40"],
          ] as const) {
            const { plan, check } = planAndCheck({
              separator,
              cathode,
              anode,
              dieDiameter: d / 1000,
              pressCapacity: t * 9806.65,
              goal,
            });
            const maxP = (0.95 * t * 9806.65) / ((Math.PI * (d / 1000) ** 2) / 4);
            if (maxP >= 250e6) {
              expect(plan.ok, `${d} mm ${t} t: ${!plan.ok ? plan.error.message : ""}`).toBe(true);
              expect(
                check?.errors,
                `${d} mm ${t} t ${goal}: ${check?.diagnostics.map((x) => x.message).join("; ")}`,
              ).toBe(0);
              feasible++;
            } else {
              expect(plan.ok).toBe(false);
              if (!plan.ok) expect(plan.error.message).toMatch(/largest die this press can serve/);
              infeasible++;
            }
          }
    expect(feasible).toBeGreaterThan(100);
    expect(infeasible).toBeGreaterThan(10);
  });

  it("warm-presses the hard layers on a heated press and cools before the Li goes in", () => {
    const r = planProtocol({
      separator: "Li6PS5Cl",
      cathode: "NMC811:70,Li6PS5Cl:30",
      anode: "Li",
      dieDiameter: 0.01,
      temperature: 393.15,
      goal: "cycling",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const steps = r.value.yaml.split("\n").filter((l) => l.startsWith("  - "));
    expect(steps[1]).toBe("  - Heat to 120 °C at 5 °C/min");
    expect(steps[2]).toMatch(/Press to 250 MPa.* at 120 °C$/);
    expect(steps.indexOf("  - Cool to 25 °C")).toBeLessThan(steps.indexOf("  - Add anode on bottom"));
    expect(r.value.yaml).toMatch(/type: heated/);
    const c = checkText("warm.yaml", r.value.yaml);
    expect(c.errors).toBe(0);
    const manual = planProtocol({
      separator: "Li6PS5Cl",
      dieDiameter: 0.01,
      pressType: "manual",
      temperature: 393.15,
      goal: "densify",
    });
    expect(!manual.ok && manual.error.message).toMatch(/needs a heated press/);
  });

  it("rejects a stack that is not a stack", () => {
    const a = planProtocol({ separator: "NMC811", dieDiameter: 0.01, goal: "densify" });
    expect(!a.ok && a.error.message).toMatch(/not a solid electrolyte/);
    const b = planProtocol({
      separator: "Li6PS5Cl",
      cathode: "Li6PS5Cl",
      dieDiameter: 0.01,
      goal: "densify",
    });
    expect(!b.ok && b.error.message).toMatch(/no cathode active material/);
    const c = planProtocol({
      separator: "Li6PS5Cl",
      cathode: "NMC811:70,Li6PS5Cl:30",
      dieDiameter: 0.01,
      goal: "cycling",
    });
    expect(!c.ok && c.error.message).toMatch(/needs an anode/);
    const d = planProtocol({ separator: "Li6PS5Cll", dieDiameter: 0.01, goal: "densify" });
    expect(!d.ok && d.error.message).toMatch(/did you mean/);
  });
});

describe("methods text", () => {
  it("describes amounts, pressures with forces, holds, temperatures and the operation as papers do", async () => {
    const { readFileSync } = await import("node:fs");
    const { checkText } = await import("../check.js");
    const { methodsText } = await import("../methods.js");
    const file = new URL("../../../examples/heated-press.yaml", import.meta.url);
    const p = checkText("heated.yaml", readFileSync(file, "utf8")).compiled!;
    const m = methodsText(p);
    expect(m).toMatch(/^Cells were assembled in a 10 mm diameter die \(0.785 cm²\) on a 10 t heated press\./);
    expect(m).toMatch(
      /80 mg of Li6PS5Cl \(separator\) was loaded and uniaxially pressed at 250 MPa \(19.6 kN\)/,
    );
    expect(m).toMatch(/NMC811:Li6PS5Cl composite \(70:30 by weight\)/);
    expect(m).toMatch(/pressed at 400 MPa \(31.4 kN\) at 120 °C/);
    expect(m).toMatch(
      /The die was cooled to 25 °C\. A 50 µm Li foil \(anode\) was placed on the bottom side/,
    );
    expect(m).toMatch(/stack pressure of 5 MPa \(held between 4 MPa and 5 MPa\) for 500 h/);
  });
});

describe("a composite written on the command line", () => {
  it("reads NAME:PERCENT pairs, and names a decimal comma, which the component commas would split", () => {
    expect(parseCompositeSpec("NMC811:70,Li6PS5Cl:30", "cathode").ok).toBe(true);
    const r = parseCompositeSpec("NMC811:70,5,Li6PS5Cl:29,5", "cathode");
    expect(r.ok ? "" : r.error.message).toBe(
      '--cathode: cannot read "5"; a comma separates the components, so for 70,5 write a decimal point: 70.5; write components as NAME:PERCENT, e.g. "NMC811:70,Li6PS5Cl:30"',
    );
    const missing = parseCompositeSpec("NMC811:70,Li6PS5Cl", "cathode");
    expect(missing.ok ? "" : missing.error.message).toMatch(
      /^--cathode: cannot read "Li6PS5Cl"; write components/,
    );
  });
});
