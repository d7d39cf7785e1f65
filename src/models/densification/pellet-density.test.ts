/**
 * A ready oxide pellet's measured density (`relative_density`) replaces the assumed 0.95 (issue #8: the
 * assumption's open end, "no protocol key gives a pellet its own measured density"); anywhere else the
 * key is refused with where and why.
 */
import { describe, expect, it } from "vitest";
import { checkText } from "../../protocol/check.js";
import { createRng } from "../../numerics/index.js";
import { physicsSource, simulate } from "../simulate/index.js";

const text = (separator: string) => `name: t
die: { diameter: 10 mm }
materials:
  MyLLZO: { based_on: LLZO, density: 5.1 g/cm3 }
layers:
  separator: ${separator}
  anode: { material: Li, thickness: 50 um }
steps:
  - Add separator
  - Press to 200 MPa at 5 MPa/s, hold 1 min
  - Add anode on bottom
  - Press to 45 MPa at 5 MPa/s, hold 1 min
  - Operate at 5 MPa for 500 h
`;
const check = (separator: string) => checkText("t.yaml", text(separator));
const errors = (separator: string) => check(separator).diagnostics.filter((d) => d.severity === "error");

describe("relative_density of a ready pellet", () => {
  it("reads 96 % and 0.96 alike into the layer", () => {
    for (const v of ["96 %", "96%", "0.96"]) {
      const r = check(`{ material: LLZO, mass: 150 mg, form: pellet, relative_density: ${v} }`);
      expect(
        r.diagnostics.filter((d) => d.severity === "error"),
        v,
      ).toEqual([]);
      expect(r.compiled!.layers.find((l) => l.id === "separator")!.relativeDensity).toBeCloseTo(0.96, 12);
    }
  });

  it("the simulator keeps the measured density at every step and sizes the pellet from it", () => {
    const at = (v: string) =>
      // a garnet with its theoretical density given, so that the mass sizes the pellet
      simulate(check(`{ material: MyLLZO, mass: 150 mg, form: pellet, relative_density: ${v} }`).compiled!);
    const dense = at("99 %");
    const porous = at("90 %");
    for (const s of dense.steps) expect(s.layers.separator!.relativeDensity, `step ${s.step}`).toBe(0.99);
    for (const s of porous.steps) expect(s.layers.separator!.relativeDensity, `step ${s.step}`).toBe(0.9);
    // mass / (ρ_th·D·A): the same mass is thicker by the density ratio
    const h = (sim: ReturnType<typeof at>) => sim.steps.at(-1)!.layers.separator!.thickness!;
    expect(h(porous) / h(dense)).toBeCloseTo(0.99 / 0.9, 9);
    // and conducts less (more porosity): LLZTO, whose conductivity is on record (LLZO's is not), with a thickness
    const sigma = (v: string) =>
      simulate(
        check(`{ material: LLZTO, thickness: 600 um, form: pellet, relative_density: ${v} }`).compiled!,
      ).steps.at(-1)!.layers.separator!.conductivity!;
    expect(sigma("90 %")).toBeGreaterThan(0);
    expect(sigma("90 %")).toBeLessThan(sigma("99 %"));
  });

  it("Monte Carlo does not vary a measured density (it is the user's measurement, not an assumption)", () => {
    const layer = check(
      `{ material: LLZO, mass: 150 mg, form: pellet, relative_density: 93 % }`,
    ).compiled!.layers.find((l) => l.id === "separator")!;
    const src = physicsSource();
    const root = createRng(5);
    for (let i = 0; i < 30; i++)
      expect(src.sampled(root.fork(i)).relativeDensity(layer, 3e8, 298, false)).toBe(0.93);
  });

  it("refuses a percentage without its sign, or a density outside (0, 100 %], at the value's line and column", () => {
    const line = 6;
    const col = text("{ material: LLZO, form: pellet, relative_density: ").split("\n")[5]!.length + 1;
    const e96 = errors("{ material: LLZO, form: pellet, relative_density: 96 }");
    expect(e96).toHaveLength(1);
    expect(e96[0]!.message).toMatch(/write 96 % or 0\.96/);
    expect([e96[0]!.line, e96[0]!.column]).toEqual([line, col]);
    for (const bad of ["120 %", "0 %", "-0.5", "1.2", "NaN", "96 MPa"]) {
      const e = errors(`{ material: LLZO, form: pellet, relative_density: ${bad} }`);
      expect(e.length, bad).toBeGreaterThanOrEqual(1);
      expect(e[0]!.line, bad).toBe(line);
    }
  });

  it("refuses it on a powder or a sulfide pellet, saying why and what to do", () => {
    const powder = errors("{ material: LLZO, relative_density: 96 % }");
    expect(powder).toHaveLength(1);
    expect(powder[0]!.message).toMatch(
      /ready oxide pellet.*a powder, whose density comes from pressing: remove relative_density/,
    );
    const sulfide = errors("{ material: Li6PS5Cl, form: pellet, relative_density: 85 % }");
    expect(sulfide).toHaveLength(1);
    expect(sulfide[0]!.message).toMatch(
      /sulfide electrolyte pellet, which stays on the powder-compaction law/,
    );
  });
});
