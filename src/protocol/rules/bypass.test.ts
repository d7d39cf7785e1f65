/**
 * Regression tests for the ways a protocol got a wrong "ok" from the checker (issue #6): a limit
 * lifted by redefining a material, a hot die, an assumed limit stated as fact.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkText } from "../check.js";

const example = (name: string) => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8");
const FAILURE = example("classic-failure-whole-stack.yaml");
const HEATED = example("heated-press.yaml");

const withMaterials = (text: string, materials: string) =>
  text.replace("layers:\n", `materials:\n${materials}\nlayers:\n`);
const rules = (text: string, severity?: string) =>
  checkText("t.yaml", text)
    .diagnostics.filter((d) => !severity || d.severity === severity)
    .map((d) => d.rule);

describe("a limit cannot be lifted silently", () => {
  it("the classic failure is an error as it stands", () => {
    expect(rules(FAILURE, "error")).toEqual(["anode-overpressure"]);
  });

  it("redefining Li with a 500 MPa limit is shown as an override naming the old and the new value", () => {
    const text = withMaterials(FAILURE, "  Li: { class: metal-anode, max_pressure: 500 MPa }");
    const r = checkText("t.yaml", text);
    const overrides = r.diagnostics.filter((d) => d.rule === "limit-override");
    expect(overrides.filter((d) => d.severity === "warning").length).toBeGreaterThanOrEqual(2);
    const raised = overrides.find((d) => /assembly pressure limit set to 500 MPa/.test(d.message))!;
    expect(raised.severity).toBe("warning");
    expect(raised.message).toMatch(/replacing 50 MPa of Li/);
    expect(raised.line).toBe(text.split("\n").findIndex((l) => l.includes("max_pressure: 500 MPa")) + 1);
    expect(
      overrides.some((d) => /is defined in this protocol although the database has Li/.test(d.message)),
    ).toBe(true);
    expect(r.warnings).toBeGreaterThan(0);
  });

  it("a Li based on LiIn keeps Li's limits: pressing the stack at 400 MPa is still an error", () => {
    const text = withMaterials(FAILURE, "  Li: { based_on: LiIn }");
    const r = checkText("t.yaml", text);
    const e = r.diagnostics.find((d) => d.rule === "anode-overpressure")!;
    expect(e.severity).toBe("error");
    expect(e.message).toMatch(/exceeds its 50 MPa assembly limit/);
    expect(r.diagnostics.some((d) => d.rule === "limit-override" && d.severity === "warning")).toBe(true);
  });

  it("a soft metal defined by its class alone takes the most cautious limit of its class", () => {
    const text = withMaterials(FAILURE, "  MyLi: { class: metal-anode }").replace(
      "material: Li,",
      "material: MyLi,",
    );
    const r = checkText("t.yaml", text);
    const e = r.diagnostics.find((d) => d.rule === "anode-overpressure")!;
    expect(e.severity).toBe("error");
    expect(e.message).toMatch(/50 MPa assembly limit/);
    expect(
      r.diagnostics.some((d) => d.rule === "limit-override" && /takes the limits of Li/.test(d.message)),
    ).toBe(true);
  });

  it("a material whose name only looks like Li (a Cyrillic і) is called out", () => {
    const text = withMaterials(FAILURE, "  L\u0456: { class: sulfide-electrolyte }").replace(
      "material: Li,",
      "material: L\u0456,",
    );
    const w = checkText("t.yaml", text).diagnostics.find((d) =>
      /looks like the database's Li/.test(d.message),
    )!;
    expect(w).toMatchObject({ rule: "limit-override", severity: "warning" });
  });

  it("a layer's own max_pressure above the database value is a warning naming both values", () => {
    const text = FAILURE.replace("thickness: 50 um }", "thickness: 50 um, max_pressure: 450 MPa }");
    const r = checkText("t.yaml", text);
    expect(r.errors).toBe(0);
    const w = r.diagnostics.find((d) => d.rule === "limit-override")!;
    expect(w.severity).toBe("warning");
    expect(w.message).toMatch(/set to 450 MPa by this protocol, replacing 50 MPa of Li/);
  });

  it("a tighter limit is information, not a warning", () => {
    const text = FAILURE.replace("thickness: 50 um }", "thickness: 50 um, max_pressure: 30 MPa }");
    const w = checkText("t.yaml", text).diagnostics.find((d) => d.rule === "limit-override")!;
    expect(w.severity).toBe("info");
  });
});

describe("a hot die", () => {
  it("adding Li to a die still at 120 °C (the cooling step removed) is an error at the Add step", () => {
    const text = HEATED.replace("  - Cool to 25 °C\n", "");
    expect(text).not.toBe(HEATED);
    const r = checkText("t.yaml", text);
    const hot = r.diagnostics.filter((d) => d.rule === "temperature-limit");
    expect(hot.length).toBeGreaterThanOrEqual(1);
    expect(hot[0]!.severity).toBe("error");
    const addLine = text.split("\n").findIndex((l) => l.includes("Add anode")) + 1;
    expect(hot[0]!.line).toBe(addLine);
    expect(hot[0]!.message).toMatch(/adding "anode" \(Li\) to a die at 120 °C.*Cool the die first/);
    expect(r.exitCode).toBe(1);
  });

  it("the example as written, which cools first, has no temperature diagnostic", () => {
    expect(rules(HEATED)).not.toContain("temperature-limit");
  });

  it("a die heated only by a press step's temperature stays hot for the next steps", () => {
    const text = HEATED.replace("  - Heat to 120 °C at 5 °C/min\n", "")
      .replace("hold 5 min\n", "hold 5 min at 120 °C\n")
      .replace("  - Cool to 25 °C\n", "");
    const hot = checkText("t.yaml", text).diagnostics.filter((d) => d.rule === "temperature-limit");
    expect(hot.map((d) => d.severity)).toContain("error");
  });

  it("the die cooled to 35 °C is at the limit; 36 °C is above it", () => {
    const at = (t: number) =>
      checkText("t.yaml", HEATED.replace("Cool to 25 °C", `Cool to ${t} °C`)).diagnostics.filter(
        (d) => d.rule === "temperature-limit",
      ).length;
    expect(at(35)).toBe(0);
    expect(at(36)).toBeGreaterThan(0);
  });
});

describe("an assumed limit is a warning that says so", () => {
  const indium = (pressure: number) =>
    example("li-in-cell.yaml")
      .replace("material: LiIn", "material: In")
      .replace("Press to 100 MPa", `Press to ${pressure} MPa`);

  it("In foil at 125 MPa: a warning naming the assumption, no error", () => {
    const r = checkText("t.yaml", indium(125));
    const d = r.diagnostics.filter((x) => x.rule === "anode-overpressure");
    expect(d).toHaveLength(1);
    expect(d[0]!.severity).toBe("warning");
    expect(d[0]!.message).toMatch(/assumption, not a measured limit/);
    expect(d[0]!.message).not.toMatch(/shorts the cell/);
  });

  it("Li's limit rests on evidence: the same step with Li is an error with its citation", () => {
    const r = checkText("t.yaml", FAILURE);
    const d = r.diagnostics.find((x) => x.rule === "anode-overpressure")!;
    expect(d.severity).toBe("error");
    expect(d.citations).toContain("Doux2020");
  });
});
