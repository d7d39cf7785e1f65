/**
 * limit-override for materials a protocol defines itself: a reviewer must see every inline material
 * that reuses or redefines a database material, and every limit it writes, with the old value.
 */
import { describe, expect, it } from "vitest";
import { checkText } from "../check.js";

function overrides(materials: string, layers: string[], steps = ["Add a", "Press to 20 MPa, hold 1 min"]) {
  const text = [
    "name: overrides",
    "die: { diameter: 10 mm }",
    "materials:",
    materials,
    "layers:",
    ...layers,
    "steps:",
    ...steps.map((s) => `  - ${s}`),
    "",
  ].join("\n");
  const ds = checkText("o.yaml", text).diagnostics.filter((d) => d.rule === "limit-override");
  return { ds, text, at: (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1 };
}

describe("inline materials", () => {
  it("based_on: information that names the base; a limit it writes is shown with the base's value", () => {
    const { ds, at } = overrides("  MyLi: { based_on: Li, max_pressure: 40 MPa }", [
      "  a: { material: MyLi, thickness: 50 um }",
    ]);
    expect(ds.map((d) => [d.severity, d.message, d.line])).toEqual([
      [
        "info",
        'material "MyLi" is based on Li and takes its limits except the ones written here',
        at("MyLi:"),
      ],
      [
        "info",
        'material "MyLi": assembly pressure limit set to 40 MPa by this protocol, replacing 50 MPa of Li',
        at("MyLi:"),
      ],
    ]);
    expect(ds[1]!.column).toBeGreaterThan(ds[0]!.column);
  });

  it("based_on without limits of its own: one note, no 'except'", () => {
    const { ds } = overrides("  MyLi: { based_on: Li }", ["  a: { material: MyLi, thickness: 50 um }"]);
    expect(ds.map((d) => [d.severity, d.message])).toEqual([
      ["info", 'material "MyLi" is based on Li and takes its limits'],
    ]);
  });

  it("a looser limit on an inline material is a warning", () => {
    const { ds } = overrides("  MyLi: { based_on: Li, max_pressure: 90 MPa }", [
      "  a: { material: MyLi, thickness: 50 um }",
    ]);
    const w = ds.filter((d) => d.severity === "warning");
    expect(w.map((d) => d.message)).toEqual([
      'material "MyLi": assembly pressure limit set to 90 MPa by this protocol, replacing 50 MPa of Li; this loosens the limit, and the checker and the run\'s interlocks now use the new value — keep it only with evidence for it',
    ]);
  });

  it("a redefined database name is a warning: the database limits stay", () => {
    const { ds } = overrides("  Li: { based_on: LiIn, max_pressure: 40 MPa }", [
      "  a: { material: Li, thickness: 50 um }",
    ]);
    expect(ds[0]!.severity).toBe("warning");
    expect(ds[0]!.message).toBe(
      'material "Li" is defined in this protocol although the database has Li: its limits stay those of Li except the ones written here — give a new material its own name',
    );
    const plain = overrides("  Li: { based_on: LiIn }", ["  a: { material: Li, thickness: 50 um }"]).ds;
    expect(plain[0]!.message).toBe(
      'material "Li" is defined in this protocol although the database has Li: its limits stay those of Li — give a new material its own name',
    );
  });

  it("a class alone: the most cautious of the class, said once even when used twice and in a mixture", () => {
    const { ds } = overrides(
      "  Soft: { class: metal-anode }",
      [
        "  a: { material: Soft, thickness: 50 um }",
        "  b: { material: { Soft: 50 wt%, In: 50 wt% }, thickness: 50 um }",
      ],
      ["Add a", "Add b", "Press to 20 MPa, hold 1 min"],
    );
    expect(ds.map((d) => [d.severity, d.message])).toEqual([
      [
        "info",
        'material "Soft" (metal-anode) takes the limits of Li, the most cautious of its class, where it does not write its own',
      ],
    ]);
  });

  it("an inline material that writes no limits and derives from nothing is not reported", () => {
    const { ds } = overrides(
      "  Binder2: { class: binder, density: 1 g/cm3 }",
      [
        "  s: { material: Li6PS5Cl, mass: 80 mg }",
        "  a: { material: { Li6PS5Cl: 95 wt%, Binder2: 5 wt% }, mass: 80 mg }",
      ],
      ["Add s", "Add a", "Press to 300 MPa, hold 2 min"],
    );
    expect(ds.filter((d) => /Binder2/.test(d.message) && d.severity !== "info")).toEqual([]);
  });

  it("a layer limit where the material has none says so", () => {
    const { ds, at } = overrides(
      "  MyLi: { based_on: Li }",
      [
        "  a: { material: MyLi, thickness: 50 um }",
        "  s: { material: Li6PS5Cl, mass: 80 mg, max_pressure: 600 MPa }",
      ],
      ["Add s", "Press to 300 MPa, hold 2 min", "Add a", "Press to 20 MPa, hold 1 min"],
    );
    const d = ds.find((x) => x.message.startsWith('layer "s"'))!;
    expect(d.message).toBe(
      'layer "s": assembly pressure limit set to 600 MPa by this protocol (the material defines none)',
    );
    expect(d.severity).toBe("info");
    expect(d.line).toBe(at("  s: {"));
  });
});
