/**
 * Anodes given by mass get their thickness from mass, die area, theoretical density and (for a
 * powder) relative density; a thickness nobody can know is reported, not silently replaced; In and
 * Li-In anodes get their own contact; the cell resistance includes the cathode's charge transfer.
 */
import { describe, expect, it } from "vitest";
import { checkText } from "../../protocol/check.js";
import type { CompiledProtocol } from "../../protocol/compile.js";
import { num, readCsv } from "../fit/data.js";
import { simulate } from "./index.js";

const compile = (text: string): CompiledProtocol => {
  const r = checkText("t.yaml", text);
  if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.compiled;
};
const DIE = 10e-3;
const AREA = (Math.PI * DIE * DIE) / 4;
const cell = (anode: string, cathode = "{ NMC811: 70 wt%, Li6PS5Cl: 30 wt% }") =>
  compile(`
name: t
die: { diameter: 10 mm }
layers:
  separator: { material: Li6PS5Cl, mass: 80 mg }
  cathode: { material: ${cathode}, mass: 15 mg }
  anode: ${anode}
steps:
  - Add separator
  - Press to 250 MPa at 5 MPa/s, hold 2 min
  - Add cathode on top
  - Press to 500 MPa at 5 MPa/s, hold 5 min, release at 5 MPa/s
  - Add anode on bottom
  - Press to 120 MPa at 5 MPa/s, hold 2 min
  - Operate at 60 MPa for 100 h, cycling 1.5 mAh/cm2 at 0.15 mA/cm2
`);
const last = (c: CompiledProtocol) => {
  const sim = simulate(c);
  return { sim, step: sim.steps[sim.steps.length - 1]! };
};

/** LiIn's density by hand from its crystal structure (data/published/interfaces.csv): NaTl type, 8 LiIn per cubic cell. */
function liInDensityByHand(): number {
  const row = readCsv("interfaces.csv").find(
    (r) => r.material === "LiIn" && r.property === "theoretical density",
  );
  const a = Number(/a = ([\d.]+) A/.exec(row?.note ?? "")?.[1]) * 1e-10; // m
  const molar = 6.94 + 114.818; // g/mol, standard atomic weights of Li and In
  const rho = (8 * molar * 1e-3) / (6.02214076e23 * a ** 3); // kg/m3
  expect(rho / 1000).toBeCloseTo(num(row?.value) ?? NaN, 2); // the row's own value
  return rho;
}

describe("anode thickness from mass", () => {
  it("a Li-In powder anode given by mass (pressed at 120 MPa, Doux2020): h = m/(ρ_LiIn·D·A)", () => {
    const rho = liInDensityByHand(); // ≈ 5170 kg/m3
    const { sim, step } = last(cell("{ material: LiIn, mass: 60 mg, form: powder }"));
    const l = step.layers.anode!;
    expect(l.thickness).toBeDefined();
    // a soft-metal powder is (nearly) dense at 120 MPa: the hand value at D = 1 to 0.97
    const dense = 60e-6 / (rho * AREA);
    expect(l.thickness!).toBeGreaterThanOrEqual(dense * 0.999);
    expect(l.thickness!).toBeLessThanOrEqual(dense / 0.97);
    expect(l.thickness! * 1e6).toBeGreaterThan(140); // not the old 50 um default
    expect(l.thickness! * 1e6).toBeLessThan(155);
    expect(sim.unknowns).toEqual([]);
  });

  it("an In foil given by mass: h = m/(ρ_In·A) with the handbook density 7.31 g/cm3 (Haynes2016)", () => {
    const { sim, step } = last(cell("{ material: In, mass: 60 mg }"));
    expect(step.layers.anode!.thickness!).toBeCloseTo(60e-6 / (7310 * AREA), 9);
    expect(sim.unknowns).toEqual([]);
  });

  it("a graphite composite given by mass: density from its components, thickness from its densification", () => {
    const { sim, step } = last(cell("{ material: { graphite: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 20 mg }"));
    const l = step.layers.anode!;
    // theoretical density of the mix: graphite 2.26 (Haynes2016), Li6PS5Cl 1.86 (Doux2020)
    const rhoTh = 1000 / (0.7 / 2.26 + 0.3 / 1.86);
    expect(l.thickness!).toBeCloseTo(20e-6 / (rhoTh * l.relativeDensity * AREA), 9);
    expect(l.relativeDensity).toBeGreaterThan(0.5);
    expect(l.relativeDensity).toBeLessThan(1);
    expect(sim.unknowns).toEqual([]);
  });

  it("an anode with neither thickness nor mass is reported as unknown, with the outputs it affects", () => {
    const { sim, step } = last(cell("{ material: { graphite: 70 wt%, Li6PS5Cl: 30 wt% } }"));
    expect(step.layers.anode!.thickness).toBeUndefined();
    expect(sim.unknowns.length).toBe(1);
    expect(sim.unknowns[0]).toMatch(/anode.*unknown.*assumed 50 um.*affects.*swelling/);
  });
});

describe("In and Li-In anodes in the simulator use their own contact", () => {
  it("at the same history, Li-In touches less than In, In less than Li", () => {
    const f = (anode: string) => last(cell(anode)).step.interfaces["anode|separator"]!.contactFraction;
    const li = f("{ material: Li, thickness: 500 um }");
    const inF = f("{ material: In, thickness: 100 um }");
    const liIn = f("{ material: LiIn, thickness: 100 um }");
    expect(li).toBeGreaterThan(0.99);
    expect(inF).toBeLessThan(li);
    expect(liIn).toBeLessThan(inF);
  });
});

describe("cell resistance includes the cathode's charge transfer", () => {
  it("cell = layers + interfaces + cathode charge transfer, the last positive for a composite cathode", () => {
    const { step } = last(cell("{ material: In, thickness: 100 um }"));
    expect(step.cathodeChargeTransfer).toBeDefined();
    expect(step.cathodeChargeTransfer!).toBeGreaterThan(0);
    const interfaces = Object.values(step.interfaces).reduce((s, i) => s + i.asr, 0);
    const sep = step.layers.separator!;
    const cat = step.layers.cathode!;
    const layers = sep.thickness! / sep.conductivity! + cat.thickness! / (3 * cat.conductivity!);
    expect(step.cellResistance!).toBeCloseTo(layers + interfaces + step.cathodeChargeTransfer!, 12);
    // a 15 mg NMC811 composite: a few Ohm cm2 (clean thin-film interfaces spread over ~12 cm2 of
    // particle surface per cm2 would give < 1; the assumed composite ASR_ct gives more)
    expect(step.cathodeChargeTransfer! * 1e4).toBeGreaterThan(1);
    expect(step.cathodeChargeTransfer! * 1e4).toBeLessThan(30);
  });

  it("a cathode with no electrolyte in it has no charge-transfer term (no ionic path into the layer)", () => {
    const { step } = last(cell("{ material: In, thickness: 100 um }", "NMC811"));
    expect(step.cathodeChargeTransfer).toBeUndefined();
  });
});
