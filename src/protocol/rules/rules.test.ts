import { describe, expect, it } from "vitest";
import { checkText } from "../check.js";
import type { Diagnostic } from "../diagnostics.js";

/** A protocol from parts; lines are numbered so tests can name the line a rule must point at. */
function protocol(parts: { head?: string; layers?: string; steps: string[] }): string {
  const head = parts.head ?? "die: { diameter: 10 mm }";
  const layers =
    parts.layers ??
    `  separator: { material: Li6PS5Cl, mass: 80 mg }
  cathode: { material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 15 mg }
  anode: { material: Li, thickness: 50 um }`;
  return `name: test\n${head}\nlayers:\n${layers}\nsteps:\n${parts.steps.map((s) => `  - ${s}`).join("\n")}\n`;
}

/** Line of step k (1-based) in a protocol built by `protocol`. */
function stepLine(text: string, k: number): number {
  const lines = text.split("\n");
  const first = lines.indexOf("steps:") + 1; // 0-based index of step 1
  return first + k; // 1-based line
}

const CLASSIC = [
  "Add separator",
  "Press to 250 MPa at 5 MPa/s, hold 2 min",
  "Add cathode on top",
  "Press to 500 MPa at 5 MPa/s, hold 5 min",
  "Add anode on bottom",
  "Press to 50 MPa, hold 1 min",
  "Operate at 5 MPa (4..5 MPa) for 100 h",
];

const find = (ds: Diagnostic[], rule: string) => ds.filter((d) => d.rule === rule);

function run(text: string) {
  return checkText("t.yaml", text);
}

describe("checker rules", () => {
  it("the classic recipe at a Li-safe operating pressure is clean", () => {
    const r = run(protocol({ steps: CLASSIC }));
    expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(r.exitCode).toBe(0);
  });

  it("anode-overpressure: a press above the Li limit with Li in the die, at the target", () => {
    const steps = [...CLASSIC.slice(0, 5), "Press to 60 MPa, hold 1 min"];
    const text = protocol({ steps });
    const d = find(run(text).diagnostics, "anode-overpressure");
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: "error", step: 6, line: stepLine(text, 6), column: 14 });
    expect(d[0]!.citations).toContain("Doux2020");
    // Li–In tolerates it
    const liin = protocol({
      steps,
      layers:
        "  separator: { material: Li6PS5Cl, mass: 80 mg }\n  cathode: { material: NMC811, mass: 15 mg }\n  anode: { material: LiIn, thickness: 100 um }",
    });
    expect(find(run(liin).diagnostics, "anode-overpressure")).toEqual([]);
  });

  it("a protocol may override a limit explicitly, and the checker says so", () => {
    const layers = `  separator: { material: Li6PS5Cl, mass: 80 mg }\n  cathode: { material: NMC811, mass: 15 mg }\n  anode: { material: Li, thickness: 50 um, max_pressure: 70 MPa }`;
    const r = run(protocol({ layers, steps: [...CLASSIC.slice(0, 5), "Press to 60 MPa, hold 1 min"] }));
    expect(find(r.diagnostics, "anode-overpressure")).toEqual([]);
    const note = find(r.diagnostics, "limit-override");
    expect(note).toHaveLength(1);
    // raising a limit loosens it: a warning that names the old and the new value
    expect(note[0]!.severity).toBe("warning");
    expect(note[0]!.message).toMatch(
      /assembly pressure limit set to 70 MPa by this protocol, replacing 50 MPa of Li/,
    );
  });

  it("press-capacity: the force exceeds the press and the message names the largest die", () => {
    const text = protocol({
      head: "die: { diameter: 13 mm }\npress: { capacity: 5 t }",
      steps: CLASSIC.slice(0, 4),
    });
    const d = find(run(text).diagnostics, "press-capacity");
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ step: 4, line: stepLine(text, 4) });
    expect(d[0]!.message).toMatch(/needs 66.37 kN \(6.77 t\).*die of at most 11.17 mm/);
  });

  it("die-rating: pressure or force rating, for press and operate steps", () => {
    const text = protocol({ head: "die: { diameter: 10 mm, rating: 3 t }", steps: CLASSIC.slice(0, 4) });
    const d = find(run(text).diagnostics, "die-rating");
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/exceeds the die's 374.6 MPa rating/);
  });

  it("temperature-limit and press-not-heated", () => {
    const hot = protocol({
      head: "die: { diameter: 10 mm }\npress: { type: heated, max_temperature: 300 °C }",
      steps: [...CLASSIC.slice(0, 5), "Press to 40 MPa, hold 1 min at 200 °C"],
    });
    const d = find(run(hot).diagnostics, "temperature-limit");
    // the melting point, and the hot die: Li's pressure limit holds only near room temperature
    expect(d).toHaveLength(2);
    expect(d.every((x) => x.severity === "error")).toBe(true);
    expect(d[0]!.message).toMatch(/200 °C is above the 180.5 °C temperature limit of layer "anode" \(Li\)/);
    expect(d[1]!.message).toMatch(/pressing with "anode" \(Li\) in a die at 200 °C: above 35 °C/);
    const overPress = protocol({
      head: "die: { diameter: 10 mm }\npress: { type: heated, max_temperature: 150 °C }",
      steps: ["Add separator", "Heat to 200 °C", "Press to 250 MPa, hold 2 min"],
    });
    expect(find(run(overPress).diagnostics, "temperature-limit")[0]!.message).toMatch(
      /press's maximum platen temperature of 150 °C/,
    );
    const cold = protocol({
      head: "die: { diameter: 10 mm }\npress: { type: manual }",
      steps: ["Add separator", "Press to 250 MPa, hold 2 min at 120 °C"],
    });
    expect(find(run(cold).diagnostics, "press-not-heated")).toHaveLength(1);
  });

  it("underdensified: a ceramic layer that never sees 250 MPa; oxides are not cold-pressed dense", () => {
    const text = protocol({
      steps: [
        "Add separator",
        "Press to 150 MPa, hold 2 min",
        "Add cathode on top",
        "Press to 200 MPa, hold 2 min",
      ],
    });
    const d = find(run(text).diagnostics, "underdensified");
    expect(d.map((x) => x.step)).toEqual([4, 4]);
    const oxide = protocol({
      layers: "  separator: { material: LLZO, mass: 150 mg }",
      steps: ["Add separator", "Press to 400 MPa, hold 2 min"],
    });
    expect(find(run(oxide).diagnostics, "underdensified")[0]!.message).toMatch(
      /not densified by cold pressing/,
    );
    const pellet = protocol({
      layers: "  separator: { material: LLZO, thickness: 500 um, form: pellet }",
      steps: ["Add separator", "Press to 50 MPa, hold 1 min"],
    });
    expect(find(run(pellet).diagnostics, "underdensified")).toEqual([]);
  });

  it("layer-never-pressed, no-densification-gain, short-hold", () => {
    const text = protocol({
      steps: [
        "Add separator",
        "Press to 250 MPa at 5 MPa/s",
        "Press to 200 MPa, hold 2 min",
        "Add cathode on top",
        "Press to 500 MPa, hold 5 min",
        "Add anode on bottom",
      ],
    });
    const ds = run(text).diagnostics;
    expect(find(ds, "short-hold")[0]).toMatchObject({ step: 2 });
    expect(find(ds, "no-densification-gain")[0]).toMatchObject({ step: 3 });
    expect(find(ds, "layer-never-pressed")[0]).toMatchObject({ step: 6, line: stepLine(text, 6) });
  });

  it("thin-separator: 20 mg on a 13 mm die is about 100 µm", () => {
    const text = protocol({
      head: "die: { diameter: 13 mm }",
      layers: "  separator: { material: Li6PS5Cl, mass: 20 mg }\n  anode: { material: Li, thickness: 50 um }",
      steps: [
        "Add separator",
        "Press to 300 MPa, hold 2 min",
        "Add anode on bottom",
        "Press to 40 MPa, hold 1 min",
      ],
    });
    const d = find(run(text).diagnostics, "thin-separator");
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/about 95 µm thick/);
    expect(d[0]!.message).toMatch(/Li finds short paths/);
  });

  it("fracture-risk and particle-cracking at the reported pressures", () => {
    const text = protocol({
      head: "die: { diameter: 10 mm }",
      steps: [
        "Add separator",
        "Press to 250 MPa, hold 2 min",
        "Add cathode on top",
        "Press to 760 MPa, hold 5 min",
      ],
    });
    const ds = run(text).diagnostics;
    expect(find(ds, "fracture-risk")[0]!.citations).toContain("Yan2026");
    expect(find(ds, "particle-cracking")).toHaveLength(1);
    expect(find(run(protocol({ steps: CLASSIC })).diagnostics, "particle-cracking")).toEqual([]);
  });

  it("fast-ramp and fast-release", () => {
    const text = protocol({
      steps: ["Add separator", "Press to 250 MPa at 50 MPa/s, hold 2 min, release at 100 MPa/s"],
    });
    const ds = run(text).diagnostics;
    expect(find(ds, "fast-ramp")).toHaveLength(1);
    expect(find(ds, "fast-release")).toHaveLength(1);
    // force rates are converted with the die: 1 kN/s on 10 mm is 12.7 MPa/s, fine
    expect(
      find(
        run(protocol({ steps: ["Add separator", "Press to 250 MPa at 1 kN/s, hold 2 min"] })).diagnostics,
        "fast-ramp",
      ),
    ).toEqual([]);
  });

  it("operating-pressure-creep and contact-loss for Li metal; Li–In operates at 60 MPa without either", () => {
    const creep = run(
      protocol({ steps: [...CLASSIC.slice(0, 6), "Operate at 75 MPa (70..80 MPa) for 500 h"] }),
    ).diagnostics;
    expect(find(creep, "operating-pressure-creep")[0]!.message).toMatch(
      /80 MPa exceeds the creep-safe limit of 5 MPa/,
    );
    const loose = run(
      protocol({ steps: [...CLASSIC.slice(0, 6), "Operate at 3 MPa (1..4 MPa) for 500 h"] }),
    ).diagnostics;
    expect(find(loose, "contact-loss")).toHaveLength(1);
    const liin = run(
      protocol({
        layers:
          "  separator: { material: Li6PS5Cl, mass: 80 mg }\n  cathode: { material: NMC811, mass: 15 mg }\n  anode: { material: LiIn, thickness: 100 um }",
        steps: [
          ...CLASSIC.slice(0, 5),
          "Press to 100 MPa, hold 1 min",
          "Operate at 60 MPa (55..65 MPa) for 500 h",
        ],
      }),
    ).diagnostics;
    expect(find(liin, "operating-pressure-creep")).toEqual([]);
    expect(find(liin, "contact-loss")).toEqual([]);
  });

  it("uses the model's time to short when an advisor is given", () => {
    const text = protocol({ steps: [...CLASSIC.slice(0, 6), "Operate at 20 MPa for 500 h"] });
    const r = checkText("t.yaml", text, {
      operationShort: () => ({ timeToShort: 190 * 3600, probability: 0.8, citations: ["Doux2020"] }),
    });
    expect(find(r.diagnostics, "operating-pressure-creep")[0]!.message).toMatch(
      /predicts a short in about 7.9 days \(probability 80 %/,
    );
  });

  it("step-order: unknown layer with a suggestion, added twice, empty die, incomplete cell; unused layer", () => {
    const text = protocol({
      steps: [
        "Press to 250 MPa, hold 2 min",
        "Add separatr",
        "Add separator",
        "Add separator",
        "Press to 250 MPa, hold 2 min",
        "Operate at 5 MPa for 10 h",
      ],
    });
    const ds = find(run(text).diagnostics, "step-order");
    expect(ds.map((d) => d.step)).toEqual([1, 2, 4, 6]);
    expect(ds[1]!.message).toMatch(/did you mean "separator"/);
    expect(ds[3]!.message).toMatch(/"cathode", "anode" are never added/);
    expect(find(run(text).diagnostics, "unused-layer")).toHaveLength(2);
  });

  it("inline materials: based_on a known one with its own limits", () => {
    const text = `name: inline
die: { diameter: 10 mm }
materials:
  MyArgyrodite: { based_on: Li6PS5Cl, densify_at: 350 MPa, citations: [Doux2020] }
layers:
  separator: { material: MyArgyrodite, mass: 80 mg }
steps:
  - Add separator
  - Press to 300 MPa, hold 2 min
`;
    const d = find(run(text).diagnostics, "underdensified");
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/densification pressure of 350 MPa/);
    const unknown = run(text.replace("based_on: Li6PS5Cl", "based_on: Li6PS5Cll"));
    expect(find(unknown.diagnostics, "unknown-material")[0]!.message).toMatch(/did you mean Li6PS5Cl/);
  });
});
