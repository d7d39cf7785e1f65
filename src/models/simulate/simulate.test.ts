import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkText } from "../../protocol/check.js";
import type { CompiledProtocol } from "../../protocol/compile.js";
import {
  checkAdvisors,
  monteCarlo,
  physicsSource,
  simulate,
  simulationCsv,
  simulationJson,
  simulationTable,
} from "./index.js";
import { simulateProtocol } from "./simulate.js";
import { createRng } from "../../numerics/index.js";
import { planProtocol } from "../../protocol/plan/index.js";

const example = (name: string): CompiledProtocol => {
  const file = new URL(`../../../examples/${name}`, import.meta.url);
  const r = checkText(name, readFileSync(file, "utf8"));
  if (!r.compiled) throw new Error(`${name} did not compile`);
  return r.compiled;
};
const fromText = (text: string): CompiledProtocol => {
  const r = checkText("t.yaml", text);
  if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.compiled;
};
/** The protocol up to and including step n. */
const upTo = (p: CompiledProtocol, n: number): CompiledProtocol => ({
  ...p,
  steps: p.steps.filter((s) => s.step <= n),
  segments: p.segments.filter((s) => s.step <= n),
});
const cell = (anode: string, operate: string) => `
name: t
die: { diameter: 10 mm }
layers:
  separator: { material: Li6PS5Cl, mass: 80 mg }
  cathode: { material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 15 mg }
  anode: { material: ${anode}, thickness: 50 um }
steps:
  - Add separator
  - Press to 250 MPa at 5 MPa/s, hold 2 min
  - Add cathode on top
  - Press to 500 MPa at 5 MPa/s, hold 5 min
  - Add anode on bottom
  - Press to ${anode === "Li" ? 50 : 100} MPa, hold 1 min
  - ${operate}
`;

describe("simulate", () => {
  it("the classic recipe assembles a sound cell: dense separator, no short risk at the Li step", () => {
    const sim = simulate(example("classic-li-lpscl-nmc811.yaml"));
    const afterCoPress = sim.steps.find((s) => s.step === 4)!;
    expect(afterCoPress.layers.separator!.relativeDensity).toBeGreaterThan(0.85);
    const liStep = sim.steps.find((s) => s.step === 6)!;
    expect(liStep.stepShortProbability).toBeLessThan(0.01);
    expect(liStep.shortProbability).toBeLessThan(0.01);
    expect(liStep.fractureProbability).toBeLessThan(0.1);
    // the Li is joined: the anode|separator contact after the 50 MPa step is far above its untouched value
    const added = sim.steps.find((s) => s.step === 5)!;
    expect(liStep.interfaces["anode|separator"]!.contactFraction).toBeGreaterThan(
      10 * added.interfaces["anode|separator"]!.contactFraction,
    );
  });

  it("the classic failure (400 MPa after the Li is in) ruins the cell: a short at nominal values, the anode squeezed out, a short or fracture in ≥ 80 % of Monte Carlo samples", () => {
    const p = example("classic-failure-whole-stack.yaml");
    const nominal = simulate(upTo(p, 5)).steps[4]!;
    expect(nominal.maxPressure).toBe(400e6);
    expect(nominal.shortProbability).toBeGreaterThanOrEqual(0.99);
    // Li (yield ~0.8 MPa) pressed at 400 MPa flows out sideways: the foil is gone from the cell
    expect(nominal.extrudedLi).toBeGreaterThanOrEqual(0.9);
    // Sampling the six-lab spread of Li6PS5Cl densification, the densest separators (about 0.92+
    // after 250 MPa, with pore throats too fine for Li to enter at 400 MPa: Xu2017 size effect) are
    // predicted to escape the intrusion short; no published Li-pressing data exist for such dense
    // separators, so the bar is the share of samples that fail, not a near-certainty. The checker's
    // anode-overpressure error refuses this protocol whatever the model says.
    const { simulation } = monteCarlo(upTo(p, 5), physicsSource(), 300, 3);
    const s = simulation.steps[4]!;
    expect(1 - (1 - s.shortProbability) * (1 - s.fractureProbability)).toBeGreaterThanOrEqual(0.8);
  });

  it("a Li-metal cell operated at 75 MPa shorts within 24 h; a Li–In cell at 75 MPa does not", () => {
    const li = simulate(fromText(cell("Li", "Operate at 75 MPa for 200 h"))).operation!;
    expect(li.timeToShort).toBeLessThan(24 * 3600);
    expect(li.shortProbability).toBeGreaterThan(0.9);
    const liin = simulate(fromText(cell("LiIn", "Operate at 75 MPa for 200 h"))).operation!;
    expect(liin.timeToShort).toBe(Infinity);
    expect(liin.shortProbability).toBeLessThan(0.01);
  });

  it("a warmer cell's Li makes more contact in the same time: contact grows by creep, θ(T) faster", () => {
    const contactAt = (celsius: number) => {
      const sim = simulate(fromText(cell("Li", `Operate at 3 MPa for 2 h at ${celsius} °C`)));
      return sim.steps[sim.steps.length - 1]!.interfaces["anode|separator"]!;
    };
    const cold = contactAt(25);
    const warm = contactAt(60);
    expect(warm.contactFraction).toBeGreaterThan(cold.contactFraction);
    expect(warm.asr).toBeLessThan(cold.asr);
  });

  it("Li metal at 5 MPa runs 1000 h without a short (Doux2020)", () => {
    const op = simulate(
      fromText(cell("Li", "Operate at 5 MPa (4..6 MPa) for 1000 h, cycling 0.075 mAh/cm2 at 0.075 mA/cm2")),
    ).operation!;
    expect(op.timeToShort).toBeGreaterThan(1000 * 3600);
  });

  it("is reproducible with a seed and gives bands", () => {
    const p = example("li-in-cell.yaml");
    const a = monteCarlo(p, physicsSource(), 60, 42);
    const b = monteCarlo(p, physicsSource(), 60, 42);
    const c = monteCarlo(p, physicsSource(), 60, 43);
    expect(a.aggregate.bands).toEqual(b.aggregate.bands);
    expect(a.aggregate.bands).not.toEqual(c.aggregate.bands);
    const band = a.aggregate.bands["steps.2.layers.separator.relativeDensity"]!;
    expect(band.p5).toBeLessThanOrEqual(band.p50);
    expect(band.p50).toBeLessThanOrEqual(band.p95);
    expect(band.p95 - band.p5).toBeGreaterThan(0);
  });

  it("prints the CONTRACTS §4 keys, a table and CSV", () => {
    const sim = simulate(example("classic-li-lpscl-nmc811.yaml"));
    const j = simulationJson(sim) as {
      steps: Record<string, unknown>[];
      operation: Record<string, unknown>;
      citations: string[];
    };
    const press = j.steps[1]!;
    expect(press).toMatchObject({ step: 2, "Max pressure [MPa]": 250 });
    const layers = press.layers as Record<string, Record<string, number>>;
    expect(Object.keys(layers.separator!)).toEqual(
      expect.arrayContaining(["Relative density [-]", "Thickness [um]", "Ionic conductivity [mS/cm]"]),
    );
    const ifs = j.steps[3]!.interfaces as Record<string, Record<string, number>>;
    expect(Object.keys(ifs["separator|cathode"]!)).toEqual(
      expect.arrayContaining(["Contact fraction [-]", "ASR [Ohm cm2]"]),
    );
    expect(Object.keys(press.risks as object)).toEqual(
      expect.arrayContaining(["Short-circuit probability [-]", "Fracture probability [-]"]),
    );
    expect(Object.keys(j.operation)).toEqual(
      expect.arrayContaining([
        "Stack pressure min [MPa]",
        "Stack pressure max [MPa]",
        "Time to short [h]",
        "Stack pressure swing per cycle [MPa]",
      ]),
    );
    expect(j.citations).toContain("Doux2020");
    expect(simulationTable(sim)).toMatch(/References: .*Doux2020/);
    const csv = simulationCsv(sim);
    expect(csv["steps.csv"]!.split("\n")[0]).toMatch(/Relative density \[-\]/);
    expect(csv["operation.csv"]).toBeDefined();
  });

  it("advises the checker with the predicted time to short", () => {
    const p = fromText(cell("Li", "Operate at 75 MPa for 200 h"));
    const op = p.steps[6]!.source;
    if (op.kind !== "operate") throw new Error("expected an operate step");
    const a = checkAdvisors.operationShort!(p, op)!;
    expect(a.timeToShort).toBeLessThan(24 * 3600);
  });

  it("takes the co-pressed layers of a step as one body (the largest risk), and the steps as a union", () => {
    // a physics whose every hard layer fractures with probability 0.3 in every press step: the
    // separator and cathode pressed together are one pellet, one trial (issue #8), not two
    const nominal = physicsSource().nominal();
    const physics = { ...nominal, fractureProbability: () => 0.3 };
    const sim = simulateProtocol(example("classic-li-lpscl-nmc811.yaml"), physics);
    const one = sim.steps.find((x) => x.step === 2)!; // separator alone
    const two = sim.steps.find((x) => x.step === 4)!; // separator and cathode
    expect(one.stepFractureProbability).toBeCloseTo(0.3, 12);
    expect(two.stepFractureProbability).toBeCloseTo(0.3, 12);
    expect(two.fractureProbability).toBeCloseTo(1 - 0.7 * 0.7, 12);
  });

  it("takes the soft layer's limit from the compiled protocol, not a fixed 50 MPa", () => {
    const seen: (number | undefined)[] = [];
    const nominal = physicsSource().nominal();
    const physics = {
      ...nominal,
      fractureProbability: (
        layer: Parameters<typeof nominal.fractureProbability>[0],
        input: { softLayerLimit?: number },
      ) => {
        seen.push(input.softLayerLimit);
        return nominal.fractureProbability(layer, input as Parameters<typeof nominal.fractureProbability>[1]);
      },
    };
    simulateProtocol(
      fromText(
        cell("Li", "Operate at 5 MPa for 10 h").replace(
          "thickness: 50 um",
          "thickness: 50 um, max_pressure: 30 MPa",
        ),
      ),
      physics,
    );
    // both hard layers of the Li step see the limit written on the anode
    expect(seen.filter((x) => x !== undefined)).toEqual([30e6, 30e6]);
  });
});

describe("simulate: a ready pellet (form: pellet)", () => {
  const protocol = (form: "pellet" | "powder", material = "LLZO") =>
    fromText(`
name: t
die: { diameter: 10 mm }
layers:
  separator: { material: ${material}, mass: 150 mg, thickness: 600 um, form: ${form} }
  anode: { material: Li, thickness: 50 um }
steps:
  - Add separator
  - Press to 200 MPa at 5 MPa/s, hold 1 min
  - Add anode on bottom
  - Press to 45 MPa at 5 MPa/s, hold 1 min
  - Operate at 5 MPa for 500 h
`);

  it("keeps its own density and thickness through every step (no densification, no springback)", () => {
    const sim = simulate(protocol("pellet"));
    for (const s of sim.steps) {
      const sep = s.layers.separator!;
      expect(sep.relativeDensity, `step ${s.step}`).toBe(0.95);
      expect(sep.relativeDensityUnderLoad, `step ${s.step}`).toBe(0.95);
      expect(sep.thickness, `step ${s.step}`).toBeCloseTo(600e-6, 12);
      // LLZO has no conductivity of its own in the data: reported unknown, not LLZTO's
      expect(sep.conductivity, `step ${s.step}`).toBeUndefined();
    }
    expect(sim.notes.join("\n")).toMatch(/separator: ionic conductivity unknown/);
  });

  it("a hot-pressed LLZTO pellet keeps the conductivity it was measured with (no cold-press loss)", () => {
    const sim = simulate(protocol("pellet", "LLZTO"));
    for (const s of sim.steps) {
      const sep = s.layers.separator!;
      // Hu2021's 0.454 mS/cm × 0.95^1.5 (porosity law) at 25 °C
      expect(sep.conductivity! / 0.1, `step ${s.step}`).toBeCloseTo(0.454 * 0.95 ** 1.5, 6);
    }
  });

  it("the same material as powder densifies under pressure (and springs back)", () => {
    const sim = simulate(protocol("powder"));
    const added = sim.steps.find((s) => s.step === 1)!.layers.separator!;
    const pressed = sim.steps.find((s) => s.step === 2)!.layers.separator!;
    expect(pressed.relativeDensityUnderLoad).toBeGreaterThan(added.relativeDensity);
    expect(pressed.relativeDensity).toBeLessThan(pressed.relativeDensityUnderLoad);
    expect(pressed.relativeDensity).toBeLessThan(0.8);
  });

  it("the planner's Li | LLZO plan no longer shorts through loose-powder porosity", () => {
    const plan = planProtocol({
      separator: "LLZO",
      anode: "Li",
      dieDiameter: 0.01,
      pressCapacity: 98066.5,
      goal: "cycling",
    });
    if (!plan.ok) throw new Error("plan failed");
    expect(plan.value.yaml).toMatch(/form: pellet/);
    const sim = simulate(fromText(plan.value.yaml));
    for (const s of sim.steps) expect(s.layers.separator!.relativeDensity, `step ${s.step}`).toBe(0.95);
    const press = sim.steps.find((s) => s.kind === "press")!;
    expect(press.stepShortProbability).toBeLessThan(0.001);
    expect(press.extrudedLi ?? 0).toBeLessThan(0.1);
    expect(sim.operation!.timeToShort).toBe(Infinity);
    expect(sim.operation!.shortProbability).toBeLessThan(0.001);
    expect(sim.steps.at(-1)!.shortProbability).toBeLessThan(0.001);
  });

  it("a sulfide pellet pressed beforehand stays on the powder law (its history is unknown: the conservative choice)", () => {
    const sim = simulate(
      fromText(`
name: t
die: { diameter: 10 mm }
layers:
  separator: { material: Li6PS5Cl, mass: 80 mg, form: pellet }
steps:
  - Add separator
  - Press to 400 MPa at 5 MPa/s, hold 1 min
`),
    );
    const pressed = sim.steps.find((s) => s.step === 2)!.layers.separator!;
    expect(pressed.relativeDensity).not.toBe(0.95);
    expect(pressed.relativeDensityUnderLoad).toBeGreaterThan(pressed.relativeDensity);
  });

  it("Monte Carlo samples the pellet's density inside its assumed range 0.90–0.99", () => {
    const layer = protocol("pellet").layers.find((l) => l.id === "separator")!;
    const src = physicsSource();
    expect(src.nominal().relativeDensity(layer, 0, 298, true)).toBe(0.95);
    const root = createRng(11);
    const draws = Array.from({ length: 50 }, (_, i) =>
      src.sampled(root.fork(i)).relativeDensity(layer, 300e6, 298, false),
    );
    for (const d of draws) {
      expect(d).toBeGreaterThanOrEqual(0.9);
      expect(d).toBeLessThanOrEqual(0.99);
    }
    expect(Math.max(...draws) - Math.min(...draws)).toBeGreaterThan(0.03);
  });
});
