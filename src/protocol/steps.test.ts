import { describe, expect, it } from "vitest";
import { loadProtocolText } from "./load.js";
import type { Step } from "./types.js";

function steps(lines: string[], die = "10 mm"): Step[] {
  const text = `name: s\ndie: { diameter: ${die} }\nlayers:\n  separator: { material: Li6PS5Cl, mass: 80 mg }\n  anode: { material: Li, thickness: 50 um }\nsteps:\n${lines.map((l) => `  - ${l}`).join("\n")}\n`;
  const r = loadProtocolText("s.yaml", text);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map((d) => `${d.line}:${d.column} ${d.message}`).join("\n"));
  return r.protocol!.steps;
}

/** The meaning of a step without where it was written. */
const meaning = (s: Step) => {
  const { text: _t, pos: _p, ...rest } = s as Step & Record<string, unknown>;
  return JSON.parse(
    JSON.stringify(rest, (k, v) => (k === "pos" || k.endsWith("Pos") ? undefined : v)),
  ) as unknown;
};

describe("step strings and objects", () => {
  it("read every part of a press step into SI", () => {
    const [, p] = steps([
      "Add separator",
      "Press to 250 MPa at 5 MPa/s, hold 2 min, release at 1 MPa/s at 120 °C",
    ]);
    expect(p).toMatchObject({
      kind: "press",
      pressure: 250e6,
      rampRate: 5e6,
      hold: 120,
      release: true,
      releaseRate: 1e6,
      temperature: 393.15,
      holdMode: "pressure",
    });
    expect((p as { force: number }).force).toBeCloseTo(19635, 0);
  });

  it("convert a force target and force rates with the die", () => {
    const [, p] = steps(["Add separator", "Press to 3.9 t at 0.5 kN/s, hold 1 min at position"]);
    expect(p).toMatchObject({ kind: "press", targetKind: "force", holdMode: "position" });
    const press = p as Extract<Step, { kind: "press" }>;
    expect(press.pressure / 1e6).toBeCloseTo(487.0, 1);
    expect(press.rampRate! / 1e6).toBeCloseTo(6.366, 3);
  });

  it("load string and object forms into the same typed steps", () => {
    const a = steps([
      "Add separator",
      "Press to 250 MPa at 5 MPa/s, hold 2 min, release at 1 MPa/s",
      "Add anode on bottom",
      "Heat to 80 °C at 5 °C/min",
      "Release at 2 MPa/s",
      "Wait 10 min",
      'Ask "Is the die closed?"',
      "Operate at 5 MPa (4..6 MPa) for 100 h, cycling 2 mAh/cm2 at 0.2 mA/cm2",
    ]);
    const b = steps([
      "{ add: separator }",
      "{ press: 250 MPa, ramp: 5 MPa/s, hold: 2 min, release: 1 MPa/s }",
      "{ add: anode, position: bottom }",
      "{ heat: 80 °C, rate: 5 °C/min }",
      "{ release: 2 MPa/s }",
      "{ wait: 10 min }",
      '{ ask: "Is the die closed?" }',
      "{ operate: 5 MPa, min: 4 MPa, max: 6 MPa, for: 100 h, cycling: { capacity: 2 mAh/cm2, current: 0.2 mA/cm2 } }",
    ]);
    expect(b.map(meaning)).toEqual(a.map(meaning));
    expect(a[7]).toMatchObject({
      kind: "operate",
      pressure: 5e6,
      min: 4e6,
      max: 6e6,
      duration: 360000,
      cycling: { capacity: 72000, current: 2 },
    });
  });

  it("accept the band written as ± and as a range with the unit once", () => {
    const [, , , x] = steps([
      "Add separator",
      "Add anode on top",
      "Press to 40 MPa, hold 1 min",
      "Operate at 75 ± 5 MPa for 1 h",
    ]);
    expect(x).toMatchObject({ min: 70e6, max: 80e6 });
  });

  it("keep the column of each part of a step string", () => {
    const text =
      "name: s\ndie: { diameter: 10 mm }\nlayers: { separator: Li6PS5Cl }\nsteps:\n  - Add separator\n  - Press to 250 MPa at 5 MPa/s, hold 2 min\n";
    const p = loadProtocolText("s.yaml", text).protocol!.steps[1] as Extract<Step, { kind: "press" }>;
    expect(p.targetPos).toEqual({ line: 6, column: 14 });
    expect(p.rampPos).toEqual({ line: 6, column: 25 });
    expect(p.holdPos).toEqual({ line: 6, column: 39 });
  });
});
