/**
 * Details a reviewer relies on: which evidence each warning cites, that a model that gives no answer
 * changes nothing, and that a separator's written thickness wins over an estimate from its mass.
 */
import { describe, expect, it } from "vitest";
import { getProperty, listMaterials, PROP } from "../../materials/index.js";
import { checkText } from "../check.js";
import { findLayer } from "../compile.js";
import { defaultLimit, isCeramicLayer, limitOf } from "../limits.js";

const SEPARATOR = "  separator: { material: Li6PS5Cl, mass: 80 mg }";

function check(
  layers: string[],
  steps: string[],
  materials = "",
  advisors?: Parameters<typeof checkText>[2],
) {
  const text = [
    "name: details",
    "die: { diameter: 10 mm }",
    ...(materials ? ["materials:", materials] : []),
    "layers:",
    ...layers,
    "steps:",
    ...steps.map((s) => `  - ${s}`),
    "",
  ].join("\n");
  return checkText("d.yaml", text, advisors);
}
const material = (name: string) => listMaterials().find((m) => m.name === name)!;

describe("evidence and advisors", () => {
  const cell = (anode: string, op: string, advisors?: Parameters<typeof checkText>[2]) =>
    check(
      [SEPARATOR, `  anode: { material: ${anode}, thickness: 100 um }`],
      ["Add separator", "Press to 300 MPa, hold 2 min", "Add anode", "Press to 40 MPa, hold 1 min", op],
      "",
      advisors,
    ).diagnostics.find((d) => d.rule === "operating-pressure-creep")!;

  it("creep on In cites In's own evidence only (Doux2020's Li cells are about Li)", () => {
    expect(cell("In", "Operate at 110 MPa for 10 h").citations).toEqual(
      getProperty(material("In"), PROP.operatingPressureMax)!.citations,
    );
  });

  it("an advisor without a creep model changes nothing", () => {
    expect(cell("Li", "Operate at 20 MPa for 10 h", {}).message).toBe(
      cell("Li", "Operate at 20 MPa for 10 h").message,
    );
  });
});

describe("densification details", () => {
  it("a written thickness wins over the mass; no amount at all, no estimate", () => {
    const thin = (spec: string) =>
      check([`  separator: ${spec}`], ["Add separator", "Press to 300 MPa, hold 2 min"]).diagnostics.filter(
        (d) => d.rule === "thin-separator",
      );
    expect(thin("{ material: Li6PS5Cl, thickness: 300 um, mass: 5 mg }")).toEqual([]);
    expect(thin("Li6PS5Cl")).toEqual([]);
  });

  it("a layer added twice is reported once as never pressed", () => {
    const ds = check([SEPARATOR], ["Add separator", "Add separator"]).diagnostics;
    expect(ds.filter((d) => d.rule === "layer-never-pressed")).toHaveLength(1);
  });

  it("pressing a fresh layer onto one already dense is a densification step: its hold counts", () => {
    const ds = check(
      [SEPARATOR, "  cathode: { material: NMC811, mass: 15 mg }"],
      ["Add separator", "Press to 250 MPa, hold 2 min", "Add cathode", "Press to 250 MPa"],
    ).diagnostics;
    expect(ds.filter((d) => d.rule === "short-hold").map((d) => d.step)).toEqual([4]);
  });

  it("a step within 0.1 % below the densification pressure counts as densifying", () => {
    const ds = check([SEPARATOR], ["Add separator", "Press to 249.75 MPa, hold 10 s"]).diagnostics;
    expect(ds.filter((d) => d.rule === "short-hold")).toHaveLength(1);
  });
});

describe("limits details", () => {
  const compiled = (layers: string[], materials = "") => {
    const r = check(layers, ["Add a"], materials);
    if (!r.compiled) throw new Error(JSON.stringify(r.diagnostics));
    return r.compiled;
  };

  it("an unknown (null) database value is no default limit", () => {
    expect(getProperty(material("Li6PS5Cl"), PROP.temperatureMax)?.value ?? null).toBeNull();
    expect(defaultLimit(material("Li6PS5Cl"), "temperatureMax")).toBeUndefined();
    const derived = {
      ...material("Li"),
      name: "X",
      inline: true,
      derivedFrom: { material: "Li6PS5Cl", how: "based_on" as const },
    };
    expect(defaultLimit(derived, "temperatureMax")).toBeUndefined();
  });

  it("a limit an inline material writes, with nothing to replace, carries no 'replaced'", () => {
    const p = compiled(
      ["  a: { material: MySep, mass: 80 mg }"],
      "  MySep: { based_on: Li6PS5Cl, max_pressure: 400 MPa }",
    );
    const lim = limitOf(findLayer(p, "a")!, "assemblyPressureMax")!;
    expect(lim.value).toBe(400e6);
    expect("replaced" in lim).toBe(false);
  });

  it("a limit without a note in the database carries no note", () => {
    const p = compiled(["  a: { material: Li, thickness: 50 um }"]);
    const li = findLayer(p, "a")!;
    for (const field of ["assemblyPressureMax", "operatingPressureMax", "temperatureMax"] as const) {
      const key = {
        assemblyPressureMax: PROP.assemblyPressureMax,
        operatingPressureMax: PROP.operatingPressureMax,
        temperatureMax: PROP.temperatureMax,
      }[field];
      const note = getProperty(material("Li"), key)!.note;
      expect("note" in limitOf(li, field)!, field).toBe(note !== undefined);
    }
  });

  it("a mixture of metals is no powder to densify", () => {
    const p = compiled(["  a: { material: { Li: 50 wt%, In: 50 wt% }, thickness: 50 um }"]);
    expect(isCeramicLayer(findLayer(p, "a")!)).toBe(false);
  });

  it("the operating pressure limit is named as such when a protocol sets it", () => {
    const ds = check(
      [SEPARATOR, "  a: { material: Li, thickness: 50 um, max_operating_pressure: 10 MPa }"],
      ["Add separator", "Press to 300 MPa, hold 2 min", "Add a", "Press to 20 MPa, hold 1 min"],
    ).diagnostics.filter((d) => d.rule === "limit-override");
    expect(ds.map((d) => d.message)[0]).toMatch(
      /^layer "a": operating pressure limit set to 10 MPa by this protocol, replacing 5 MPa of Li;/,
    );
  });
});
