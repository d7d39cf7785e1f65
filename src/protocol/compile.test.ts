import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkText } from "./check.js";
import {
  compileProtocol,
  DEFAULT_RAMP_RATE,
  DEFAULT_RELEASE_RATE,
  type CompiledProtocol,
} from "./compile.js";
import { loadProtocolText } from "./load.js";

const EXAMPLES = new URL("../../examples/", import.meta.url);
const example = (name: string) => readFileSync(new URL(name, EXAMPLES), "utf8");

function compile(text: string): CompiledProtocol {
  const r = loadProtocolText("t.yaml", text);
  if (!r.protocol) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return compileProtocol(r.protocol);
}

const cell = (
  steps: string[],
  head = "die: { diameter: 10 mm, rating: 740 MPa }\npress: { capacity: 10 t }",
) => `
name: t
${head}
layers:
  separator: { material: Li6PS5Cl, mass: 80 mg }
  cathode: { material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 15 mg }
  anode: { material: Li, thickness: 50 um }
steps:
${steps.map((s) => `  - ${s}`).join("\n")}
`;

describe("compiled protocol", () => {
  it("is plain data: it survives JSON and structuredClone unchanged", () => {
    for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"))) {
      const c = compile(example(name));
      expect(JSON.parse(JSON.stringify(c)), name).toEqual(c);
      expect(structuredClone(c), name).toEqual(c);
    }
  });

  it("tracks the ordered stack, top and bottom, and who is in the die at each step", () => {
    const c = compile(example("classic-li-lpscl-nmc811.yaml"));
    expect(c.steps.map((s) => s.after.join("|"))).toEqual([
      "separator",
      "separator",
      "separator|cathode",
      "separator|cathode",
      "anode|separator|cathode",
      "anode|separator|cathode",
      "anode|separator|cathode",
    ]);
    expect(c.steps[4]!.before).toEqual(["separator", "cathode"]);
  });

  it("makes every release explicit, with its reason and rate (defaults applied)", () => {
    const c = compile(
      cell([
        "Add separator",
        "Press to 250 MPa at 2 MPa/s, hold 2 min",
        "Press to 300 MPa, hold 1 min",
        'Ask "ready?"',
        "Add cathode on top",
        "Press to 400 MPa, hold 1 min, release at 1 MPa/s",
        "Add anode on bottom",
        "Press to 50 MPa, hold 1 min",
        "Operate at 5 MPa for 10 h",
      ]),
    );
    const releases = c.segments.filter((s) => s.kind === "release");
    // step 2 flows into step 3 without releasing; step 3 stays loaded through the Ask and releases
    // when the die is opened for the cathode; a step that names a release rate uses it
    expect(releases.map((r) => [r.step, r.reason])).toEqual([
      [5, "before-add"],
      [6, "step-releases"],
      [8, "before-operate"],
    ]);
    expect(releases.map((r) => (r.kind === "release" ? r.rate : 0))).toEqual([
      DEFAULT_RELEASE_RATE,
      1e6,
      DEFAULT_RELEASE_RATE,
    ]);
    const ramps = c.segments.filter((s) => s.kind === "ramp");
    expect(ramps.map((r) => (r.kind === "ramp" ? [r.from / 1e6, r.to / 1e6, r.rate] : []))).toEqual([
      [0, 250, 2e6],
      [250, 300, DEFAULT_RAMP_RATE],
      [0, 400, DEFAULT_RAMP_RATE],
      [0, 50, DEFAULT_RAMP_RATE],
    ]);
    expect(c.steps.map((s) => s.loadAfter / 1e6)).toEqual([0, 250, 300, 300, 0, 0, 0, 0, 5]);
  });

  it("carries the die temperature forward from heat steps and heated press steps until a step cools it", () => {
    const c = compile(
      cell(
        [
          "Add separator",
          "Heat to 120 °C",
          "Press to 250 MPa, hold 2 min",
          "Add cathode on top",
          "Press to 400 MPa, hold 2 min at 150 °C",
          "Wait 1 min",
          "Cool to 25 °C",
          "Add anode on bottom",
          "Press to 25 MPa, hold 1 min",
        ],
        "die: { diameter: 10 mm }\npress: { type: heated, max_temperature: 300 °C }",
      ),
    );
    expect(c.steps.map((s) => Math.round(s.temperature - 273.15))).toEqual([
      25, 120, 120, 120, 150, 150, 25, 25, 25,
    ]);
  });

  it("lists the limits in force with where each comes from; assumed limits do not set the maximum", () => {
    const c = compile(example("classic-li-lpscl-nmc811.yaml"));
    const joinLi = c.steps[5]!;
    expect(joinLi.limits.maxPressure).toBeCloseTo(50e6, 0);
    const li = joinLi.limits.sources.find((s) => s.layer === "anode" && s.field === "assemblyPressureMax");
    expect(li).toMatchObject({ basis: "evidence", citations: ["Doux2020"] });
    expect(joinLi.limits.sources.map((s) => s.what)).toEqual(
      expect.arrayContaining(["die rating", "press capacity"]),
    );
    // while operating, the band maximum replaces the assembly limits (CONTRACTS §6)
    const op = c.steps[6]!;
    expect(op.limits.maxPressure).toBeCloseTo(80e6, 0);
    expect(op.limits.maxForce).toBeCloseTo(80e6 * c.die.area, 3);

    const indium = compile(example("li-in-cell.yaml").replace("material: LiIn", "material: In"));
    const s = indium.steps.find((x) => x.after.includes("anode") && x.kind === "press")!;
    const inLimit = s.limits.sources.find((x) => x.layer === "anode" && x.field === "assemblyPressureMax");
    expect(inLimit?.basis).toBe("assumption");
    expect(s.limits.maxPressure).not.toBe(inLimit?.value);
  });
});

describe("one source of truth: check, simulate and the settings agree", () => {
  it("the settings table reports the compiled stack, temperature and limit for every press step", async () => {
    const { settingsJson } = await import("./settings.js");
    for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"))) {
      const r = checkText(name, example(name));
      if (!r.compiled) continue;
      const rows = settingsJson(r.compiled);
      const pressing = r.compiled.steps.filter((s) => s.kind === "press" || s.kind === "operate");
      expect(rows.map((x) => x.step)).toEqual(pressing.map((s) => s.step));
      rows.forEach((row, i) => {
        const s = pressing[i]!;
        expect(row.stack).toEqual(s.after);
        expect(row["Temperature [°C]"]).toBeCloseTo(s.temperature - 273.15, 2);
        const limit = s.limits.maxPressure === null ? null : s.limits.maxPressure / 1e6;
        // the table rounds to 4 significant digits
        if (limit === null) expect(row["Pressure limit [MPa]"]).toBeNull();
        else expect(Math.abs((row["Pressure limit [MPa]"] as number) / limit - 1)).toBeLessThan(5e-4);
      });
    }
  });
});
