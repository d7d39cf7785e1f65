/**
 * Commas in a protocol file that YAML reads as entry separators. First a decimal comma, wherever a number can be written: a plain value and a step's
 * text (the quantity parser names it), and inside { … } or [ … ], where YAML splits "0,5 mm" into two
 * entries. There the split is one error at the comma, the file is not read on, and none of the
 * follow-on messages ("0 has no unit", "unknown key 5 mm", "unknown material 5 wt%") appear.
 */
import { describe, expect, it } from "vitest";
import { checkText } from "./check.js";

const base = (layers: string, steps = "  - Add separator\n  - Press to 300 MPa\n", top = "") =>
  `name: t\ndie: { diameter: 10 mm }\n${top}layers:\n${layers}steps:\n${steps}`;

const check = (text: string) => checkText("t.yaml", text);
const SPLIT = /has a comma in its number, and inside/;

describe("a decimal comma in a protocol", () => {
  it("inside { … }: one error at the comma and nothing else", () => {
    const r = check(base("  separator: { material: Li6PS5Cl, thickness: 0,5 mm }\n"));
    expect(r.compiled).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      rule: "invalid-quantity",
      severity: "error",
      line: 4,
      column: 48,
    });
    expect(r.diagnostics[0]!.message).toBe(
      '"0,5 mm" has a comma in its number, and inside { … } a comma separates entries, so it was read as 0 and a key "5 mm"; write a decimal point: "0.5 mm"',
    );
  });

  it("a mixture's fractions, a pellet's density, an object step and a press capacity", () => {
    const r = check(
      base(
        "  separator: { material: LLZO, form: pellet, thickness: 500 um, relative_density: 0,96 }\n" +
          "  cathode: { material: { NMC811: 70,5 wt%, Li6PS5Cl: 29,5 wt% }, mass: 15 mg }\n",
        "  - Add separator\n  - { press: 2,5 MPa }\n",
        "press: { capacity: 1,500 t }\n",
      ),
    );
    expect(r.diagnostics.map((d) => [d.line, d.message.replace(/ has a comma.*; /, " → ")])).toEqual([
      [3, '"1,500 t" → write a decimal point ("1.500 t") or leave the thousands separator out ("1500 t")'],
      [5, '"0,96" → write a decimal point: "0.96"'],
      [6, '"70,5 wt%" → write a decimal point: "70.5 wt%"'],
      [6, '"29,5 wt%" → write a decimal point: "29.5 wt%"'],
      [9, '"2,5 MPa" → write a decimal point: "2.5 MPa"'],
    ]);
    expect(r.diagnostics.every((d) => SPLIT.test(d.message))).toBe(true);
  });

  it("inside [ … ]: a step split in two is named with both halves", () => {
    const r = check(
      base(
        "  separator: { material: Li6PS5Cl, thickness: 500 um }\n",
        "  [Add separator, Press to 2,5 MPa]\n",
      ),
    );
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      '"Press to 2,5 MPa" has a comma in its number, and inside [ … ] a comma separates entries, so it was read as "Press to 2" and "5 MPa"; write a decimal point: "Press to 2.5 MPa"',
    ]);
  });

  it("outside flow collections the quantity parser names it, at the comma, with the other problems", () => {
    const r = check(
      base(
        "  separator:\n    material: Li6PS5Cl\n    mass: 1,5 mg\n",
        "  - Add separator\n  - Press to 2,5 MPa\n",
      ),
    );
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.line, d.column, d.message])).toEqual([
      [6, 12, '"1,5 mg" has a decimal comma; write a decimal point: "1.5 mg"'],
      [9, 15, '"2,5 MPa" has a decimal comma; write a decimal point: "2.5 MPa"'],
    ]);
  });

  it("a step's clause after a comma inside [ … ] is named as part of the step before it", () => {
    const r = check(
      base(
        "  separator: { material: Li6PS5Cl, thickness: 500 um }\n",
        "  [Add separator, Press to 250 MPa, hold 2 min]\n",
      ),
    );
    expect(r.compiled).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        rule: "invalid-step",
        line: 6,
        column: 37,
        message:
          '"hold 2 min" belongs to the step before it: inside [ … ] a comma separates entries, so "Press to 250 MPa, hold 2 min" was read as two steps; quote the step ("Press to 250 MPa, hold 2 min") or write the steps as a list of "- " lines',
      }),
    ]);
    const quoted = check(
      base(
        "  separator: { material: Li6PS5Cl, thickness: 500 um }\n",
        '  [Add separator, "Press to 250 MPa, hold 2 min", Release, "Heat to 60 °C", Ask "ok?"]\n',
      ),
    );
    expect(quoted.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // "Release at 1 MPa/s" after a press is a step of its own, not a split clause
    const release = check(
      base(
        "  separator: { material: Li6PS5Cl, thickness: 500 um }\n",
        "  [Add separator, Press to 250 MPa, Release at 1 MPa/s]\n",
      ),
    );
    expect(release.diagnostics.map((d) => d.message).join("\n")).not.toMatch(/belongs to the step before/);
    expect(release.compiled?.steps.length).toBe(3);
  });

  it("commas that separate entries are left alone: with a space, or a bare list of numbers", () => {
    expect(
      check(base("  separator: { material: Li6PS5Cl, thickness: 500 um, mass: 80 mg }\n")).diagnostics.filter(
        (d) => SPLIT.test(d.message),
      ),
    ).toEqual([]);
    const spaced = check(base("  separator: { material: Li6PS5Cl, thickness: 0, 5 mm }\n"));
    expect(spaced.diagnostics.map((d) => d.message).join("\n")).not.toMatch(/comma/);
    const numbers = check(base("  separator: { material: Li6PS5Cl, thickness: 500 um, note: [4,6] }\n"));
    expect(numbers.diagnostics.map((d) => d.message).join("\n")).not.toMatch(/comma/);
    // references without a space after the comma: a key ending in digits, a DOI starting with them
    const refs = check(
      base(
        "  separator: { material: Li6PS5Cl, thickness: 500 um, note: [Doux2020,10.1002/aenm.202000945, Ohno2020,2020b] }\n",
      ),
    );
    expect(refs.diagnostics.map((d) => d.message).join("\n")).not.toMatch(/comma/);
  });
});
