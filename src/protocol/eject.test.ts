/**
 * The Eject step (issue #8): read from text and objects, compiled into an unload and an eject
 * segment that empties the die, and the step-order errors for a die whose pellet has left it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkText } from "./check.js";
import type { CompiledProtocol, Segment } from "./compile.js";
import { methodsText } from "./methods.js";
import { settingsText } from "./settings.js";

/** A protocol whose steps start on line 8 (the first step's "-" is at column 3, its text at 5). */
const protocol = (steps: string[]) => `name: t
die: { diameter: 10 mm, rating: 740 MPa }
press: { capacity: 10 t }
layers:
  separator: { material: Li6PS5Cl, mass: 80 mg }
  cathode: { material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 15 mg }
steps:
${steps.map((s) => `  - ${s}`).join("\n")}
`;

const check = (steps: string[]) => checkText("t.yaml", protocol(steps));
const errors = (steps: string[]) => check(steps).diagnostics.filter((d) => d.severity === "error");
const compiled = (steps: string[]): CompiledProtocol => {
  const r = check(steps);
  if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.compiled;
};
const releases = (c: CompiledProtocol) =>
  c.segments.filter((s): s is Extract<Segment, { kind: "release" }> => s.kind === "release");

describe("Eject: reading the step", () => {
  it("reads the bare verb, its objects in any case, and the object forms", () => {
    for (const s of [
      "Eject",
      "eject the pellet",
      "EJECT Pellet",
      "Eject the stack",
      "Eject the cell",
      "{ eject: true }",
      "{ eject: pellet }",
    ]) {
      const r = check(["Add separator", "Press to 250 MPa, hold 1 min, release at 1 MPa/s", s]);
      expect(
        r.diagnostics.filter((d) => d.severity === "error"),
        s,
      ).toEqual([]);
      expect(r.compiled!.steps[2]!.kind, s).toBe("eject");
    }
  });

  it("refuses a value in the text at its line:col, with an example", () => {
    const e = errors(["Add separator", "Press to 250 MPa, hold 1 min", "Eject 5 MPa"]);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ rule: "invalid-step", line: 10, column: 11, step: 3 });
    expect(e[0]!.message).toContain('"5 MPa"');
    expect(e[0]!.message).toContain('"Eject the pellet"');
  });

  it("refuses an object value other than true or pellet, pointing at the value", () => {
    const e = errors(["Add separator", "Press to 250 MPa, hold 1 min", "{ eject: 3 }"]);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ rule: "invalid-step", line: 10, column: 14, step: 3 });
    expect(e[0]!.message).toContain("{ eject: true }");
    expect(errors(["Add separator", "{ eject: false }"])[0]?.rule).toBe("invalid-step");
    expect(errors(["Add separator", "{ eject: true, rate: 1 MPa/s }"])[0]?.message).toMatch(
      /"rate" is not a field of an eject step.*\{ eject: true \}/,
    );
  });

  it("suggests Eject for a typo", () => {
    const e = errors(["Add separator", "Ejct the pellet"]);
    expect(e[0]).toMatchObject({ rule: "invalid-step", line: 9, column: 5 });
    expect(e[0]!.message).toContain('did you mean "Eject", as in "Eject the pellet"?');
  });
});

describe("Eject: compiling", () => {
  it("unloads a loaded die first (before-eject, at the default rate), then empties it", () => {
    const c = compiled(["Add separator", "Add cathode on top", "Press to 375 MPa, hold 5 min", "Eject"]);
    expect(releases(c).map((r) => [r.step, r.reason, r.rate])).toEqual([[3, "before-eject", 5e6]]);
    const eject = c.segments.find((s) => s.kind === "eject");
    expect(eject).toMatchObject({
      step: 4,
      stack: ["separator", "cathode"],
      layers: ["separator", "cathode"],
    });
    // the release comes before the eject, and the die is empty and unloaded after it
    expect(c.segments.map((s) => s.kind).slice(-2)).toEqual(["release", "eject"]);
    const st = c.steps[3]!;
    expect([st.before, st.after, st.loadAfter]).toEqual([["separator", "cathode"], [], 0]);
  });

  it("adds no release when the press step already released", () => {
    const c = compiled(["Add separator", "Press to 375 MPa, hold 5 min, release at 1 MPa/s", "Eject"]);
    expect(releases(c).map((r) => [r.step, r.reason, r.rate])).toEqual([[2, "step-releases", 1e6]]);
  });

  it("unloads at the eject itself when a step in between kept the load on", () => {
    const c = compiled(["Add separator", "Press to 375 MPa, hold 5 min", 'Ask "ok?"', "Eject"]);
    expect(releases(c).map((r) => [r.step, r.reason])).toEqual([[4, "before-eject"]]);
    expect(c.steps[2]!.loadAfter).toBe(375e6);
  });

  it("lets Ask, Wait and Cool follow an Eject; a protocol may end with it", () => {
    const r = check([
      "Add separator",
      "Press to 375 MPa, hold 5 min",
      "Eject the pellet",
      'Ask "Pellet intact?"',
      "Wait 5 min",
      "Cool to 25 °C",
    ]);
    // the only remark: the cathode this test protocol defines is never used
    expect(r.diagnostics.filter((d) => d.severity !== "info").map((d) => d.rule)).toEqual(["unused-layer"]);
    expect(r.compiled!.steps.slice(2).map((s) => s.after)).toEqual([[], [], [], []]);
  });

  it.each([
    ["Add cathode on top", 11],
    ["Press to 100 MPa", 11],
    ["Release", 11],
    ["Operate at 5 MPa for 10 h", 11],
  ])("makes %s after an Eject a step-order error at its line", (step, line) => {
    const e = errors(["Add separator", "Press to 375 MPa, hold 5 min, release at 1 MPa/s", "Eject", step]);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ rule: "step-order", line, column: 5, step: 4 });
    expect(e[0]!.message).toBe(
      "step 4 comes after the pellet was ejected at step 3; ejecting ends the assembly in this die: move the step before the Eject, or write the next assembly as its own protocol",
    );
  });

  it("ejecting an empty die is a step-order error, and so is a second Eject", () => {
    const first = errors(["Eject", "Add separator", "Press to 100 MPa"]);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ rule: "step-order", line: 8, column: 5, step: 1 });
    expect(first[0]!.message).toMatch(/^step 1 ejects an empty die; add and press the layers first/);

    const twice = errors(["Add separator", "Press to 100 MPa", "Eject", "Eject"]);
    expect(twice).toHaveLength(1);
    expect(twice[0]).toMatchObject({ rule: "step-order", line: 11, step: 4 });
    expect(twice[0]!.message).toMatch(/^step 4 ejects an empty die; the pellet already left it at step 3/);
  });
});

describe("Eject: settings, methods and the example", () => {
  const text = readFileSync(new URL("../../examples/separator-pellet.yaml", import.meta.url), "utf8");
  const r = checkText("separator-pellet.yaml", text);

  it("the separator-pellet example checks clean and ends empty", () => {
    expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(r.compiled!.steps.at(-1)).toMatchObject({ kind: "eject", before: ["separator"], after: [] });
  });

  it("the settings table and the methods text say the pellet was pushed out", () => {
    const lines = settingsText(r.compiled!);
    expect(lines.at(-1)).toMatch(
      /^ {2}step 3 +unloaded: push the pellet out \(separator\) +Eject the pellet$/,
    );
    expect(methodsText(r.compiled!)).toContain("The pellet (separator) was pushed out of the die.");
    const two = compiled(["Add separator", "Add cathode on top", "Press to 375 MPa", "Eject"]);
    expect(methodsText(two)).toContain("The stack (separator, cathode) was pushed out of the die.");
  });
});
