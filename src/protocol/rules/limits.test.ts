/**
 * The limits every rule reads (src/protocol/limits.ts): which value applies to a layer, in SI, where
 * it comes from (database evidence, an assumption, or the protocol itself) and what it replaced.
 */
import { describe, expect, it } from "vitest";
import { getProperty, listMaterials, PROP } from "../../materials/index.js";
import { checkText } from "../check.js";
import { findLayer } from "../compile.js";
import {
  classOf,
  defaultLimit,
  isCeramicLayer,
  isOxide,
  isSoftMetal,
  isTemperatureField,
  layerLimits,
  limitOf,
  limitToSI,
  loosens,
  propertyOf,
} from "../limits.js";

const material = (name: string) => listMaterials().find((m) => m.name === name)!;

function layersOf(layers: string[], materials = "") {
  const text = [
    "name: limits",
    "die: { diameter: 10 mm }",
    ...(materials ? ["materials:", materials] : []),
    "layers:",
    ...layers,
    "steps:",
    "  - Add a",
    "",
  ].join("\n");
  const r = checkText("l.yaml", text);
  if (!r.compiled) throw new Error(JSON.stringify(r.diagnostics));
  return { protocol: r.compiled, text };
}

function layer(spec: string, materials = "") {
  const { protocol, text } = layersOf([`  a: ${spec}`], materials);
  return { layer: findLayer(protocol, "a")!, text };
}

const lineCol = (text: string, needle: string) => {
  const before = text.slice(0, text.indexOf(needle)).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
};

describe("limitOf: database limits", () => {
  it("Li's assembly limit: 50 MPa in Pa, on evidence, with its citations and note", () => {
    const prop = getProperty(material("Li"), PROP.assemblyPressureMax)!;
    const lim = limitOf(layer("{ material: Li, thickness: 50 um }").layer, "assemblyPressureMax")!;
    expect(lim).toEqual({
      quantity: "pressure",
      value: 50e6,
      what: 'assembly pressure limit of layer "a" (Li)',
      basis: "evidence",
      citations: prop.citations,
      layer: "a",
      field: "assemblyPressureMax",
      ...(prop.note ? { note: prop.note } : {}),
    });
  });

  it("temperatures are in kelvin; the hot-die limit is named as such", () => {
    const li = layer("{ material: Li, thickness: 50 um }").layer;
    expect(limitOf(li, "temperatureMax")).toMatchObject({ quantity: "temperature", value: 180.5 + 273.15 });
    const hot = getProperty(material("Li"), PROP.assemblyTemperatureMax)!.value!;
    expect(limitOf(li, "assemblyTemperatureMax")).toMatchObject({
      quantity: "temperature",
      value: hot + 273.15,
      what: 'hot-die limit of layer "a" (Li)',
    });
  });

  it("an assumed limit (confidence A, U or V) has basis assumption", () => {
    for (const name of ["In", "LiIn"]) {
      const conf = getProperty(material(name), PROP.assemblyPressureMax)!.confidence;
      const lim = limitOf(layer(`{ material: ${name}, thickness: 100 um }`).layer, "assemblyPressureMax")!;
      expect(lim.basis, name).toBe(["A", "U", "V"].includes(conf) ? "assumption" : "evidence");
    }
    const lpscl = limitOf(layer("{ material: Li6PS5Cl, mass: 80 mg }").layer, "densificationPressure")!;
    const conf = getProperty(material("Li6PS5Cl"), PROP.densificationPressure)!.confidence;
    expect(lpscl.basis).toBe(["A", "U", "V"].includes(conf) ? "assumption" : "evidence");
  });

  it("no limit where the material has none", () => {
    const sep = layer("{ material: Li6PS5Cl, mass: 80 mg }").layer;
    expect(limitOf(sep, "assemblyPressureMax")).toBeUndefined();
    expect(limitOf(sep, "temperatureMax")).toBeUndefined(); // unknown (null) in the database
    expect(Object.keys(layerLimits(sep))).toEqual(["densificationPressure"]);
    const li = layer("{ material: Li, thickness: 50 um }").layer;
    expect(Object.keys(layerLimits(li)).sort()).toEqual(
      ["assemblyPressureMax", "assemblyTemperatureMax", "operatingPressureMax", "temperatureMax"].sort(),
    );
  });
});

describe("limitOf: limits the protocol sets", () => {
  it("a layer's max_pressure: basis protocol, where it is written, and what it replaced", () => {
    const { layer: l, text } = layer("{ material: Li, thickness: 50 um, max_pressure: 70 MPa }");
    expect(limitOf(l, "assemblyPressureMax")).toEqual({
      quantity: "pressure",
      value: 70e6,
      what: 'assembly pressure limit of layer "a" (Li)',
      basis: "protocol",
      citations: [],
      layer: "a",
      field: "assemblyPressureMax",
      pos: lineCol(text, "70 MPa"),
      replaced: {
        value: 50e6,
        from: "Li",
        citations: getProperty(material("Li"), PROP.assemblyPressureMax)!.citations,
      },
    });
    // the other limits stay the database's
    expect(limitOf(l, "operatingPressureMax")!.basis).toBe("evidence");
  });

  it("a limit where the material had none replaces nothing", () => {
    const lim = limitOf(
      layer("{ material: Li6PS5Cl, mass: 80 mg, max_pressure: 400 MPa }").layer,
      "assemblyPressureMax",
    )!;
    expect(lim.basis).toBe("protocol");
    expect(lim.value).toBe(400e6);
    expect("replaced" in lim).toBe(false);
  });

  it("an inline material based on Li: its own limit, from the protocol, replacing Li's", () => {
    const { layer: l, text } = layer(
      "{ material: MyLi, thickness: 50 um }",
      "  MyLi: { based_on: Li, max_pressure: 40 MPa }",
    );
    const lim = limitOf(l, "assemblyPressureMax")!;
    expect(lim).toMatchObject({ value: 40e6, basis: "protocol", pos: lineCol(text, "40 MPa") });
    expect(lim.replaced).toMatchObject({ value: 50e6, from: "Li" });
    // limits it does not write are Li's, on Li's evidence
    expect(limitOf(l, "operatingPressureMax")).toMatchObject({ value: 5e6, basis: "evidence" });
  });
});

describe("defaultLimit", () => {
  it("a database material's own value, in SI, or none", () => {
    expect(defaultLimit(material("Li"), "temperatureMax")).toEqual({
      value: 453.65,
      from: "Li",
      citations: getProperty(material("Li"), PROP.temperatureMax)!.citations,
    });
    expect(defaultLimit(material("Li6PS5Cl"), "assemblyPressureMax")).toBeUndefined();
  });

  it("an inline material's: the one it derives from, or none", () => {
    const base = { ...material("Li"), name: "X", inline: true };
    expect(
      defaultLimit({ ...base, derivedFrom: { material: "LiIn", how: "based_on" } }, "assemblyPressureMax"),
    ).toMatchObject({
      value: 120e6,
      from: "LiIn",
    });
    expect(
      defaultLimit(
        { ...base, derivedFrom: { material: "Li6PS5Cl", how: "based_on" } },
        "assemblyPressureMax",
      ),
    ).toBeUndefined();
    expect(
      defaultLimit(
        { ...base, derivedFrom: { material: "Unobtainium", how: "based_on" } },
        "assemblyPressureMax",
      ),
    ).toBeUndefined();
    const { derivedFrom: _unused, ...plain } = { ...base, derivedFrom: undefined };
    expect(defaultLimit(plain, "assemblyPressureMax")).toBeUndefined();
  });
});

describe("limit arithmetic", () => {
  it("a higher maximum or a lower densification pressure loosens; a first limit only adds caution", () => {
    expect(loosens("assemblyPressureMax", 50e6, 70e6)).toBe(true);
    expect(loosens("assemblyPressureMax", 50e6, 50e6)).toBe(false);
    expect(loosens("assemblyPressureMax", 50e6, 40e6)).toBe(false);
    expect(loosens("temperatureMax", 453.65, 460)).toBe(true);
    expect(loosens("densificationPressure", 250e6, 200e6)).toBe(true);
    expect(loosens("densificationPressure", 250e6, 250e6)).toBe(false);
    expect(loosens("densificationPressure", 250e6, 300e6)).toBe(false);
    expect(loosens("assemblyPressureMax", undefined, 1e9)).toBe(false);
  });

  it("database values to SI: MPa to Pa, °C to K (with the offset: these are temperatures, not differences)", () => {
    expect(limitToSI("assemblyPressureMax", 50)).toBe(50e6);
    expect(limitToSI("densificationPressure", 250)).toBe(250e6);
    expect(limitToSI("temperatureMax", 180.5)).toBe(453.65);
    expect(limitToSI("assemblyTemperatureMax", 35)).toBeCloseTo(308.15, 10);
    expect(isTemperatureField("temperatureMax")).toBe(true);
    expect(isTemperatureField("assemblyTemperatureMax")).toBe(true);
    expect(isTemperatureField("operatingPressureMax")).toBe(false);
  });
});

describe("layer kinds", () => {
  const { protocol } = layersOf([
    "  a: { material: Li6PS5Cl, mass: 80 mg }",
    "  b: { material: NMC811, mass: 15 mg }",
    "  c: { material: LLZO, mass: 80 mg }",
    "  d: { material: Li, thickness: 50 um }",
    "  e: { material: LiIn, thickness: 50 um }",
    "  f: { material: graphite, mass: 10 mg }",
    "  g: { material: { graphite: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 10 mg }",
    "  h: { material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 15 mg }",
    "  i: { material: Li3InCl6, mass: 80 mg }",
    "  j: { material: In, thickness: 50 um }",
  ]);
  const l = (id: string) => findLayer(protocol, id)!;

  it("hard powders need densifying: electrolytes, cathodes, composite anodes; metals and plain graphite do not", () => {
    expect(["a", "b", "c", "g", "h", "i"].filter((id) => isCeramicLayer(l(id)))).toEqual([
      "a",
      "b",
      "c",
      "g",
      "h",
      "i",
    ]);
    expect(["d", "e", "f", "j"].filter((id) => isCeramicLayer(l(id)))).toEqual([]);
  });

  it("soft metals are Li, In and LiIn; only LLZO here is an oxide", () => {
    expect(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].filter((id) => isSoftMetal(l(id)))).toEqual([
      "d",
      "e",
      "j",
    ]);
    expect(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].filter((id) => isOxide(l(id)))).toEqual(["c"]);
  });

  it("a mixture with a cathode is a cathode; otherwise its largest part decides", () => {
    expect(classOf(l("h"))).toBe("cathode-active");
    expect(classOf(l("g"))).toBe("anode-active");
    expect(classOf(l("a"))).toBe("sulfide-electrolyte");
  });

  it("a mixture's cracking pressure is its weakest component's", () => {
    expect(propertyOf(l("h").material, PROP.fracturePressure)!.value).toBe(
      Math.min(
        getProperty(material("NMC811"), PROP.fracturePressure)!.value!,
        getProperty(material("Li6PS5Cl"), PROP.fracturePressure)!.value!,
      ),
    );
    expect(propertyOf(l("d").material, PROP.fracturePressure)).toBeUndefined();
  });
});
