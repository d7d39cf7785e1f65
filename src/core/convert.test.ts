/**
 * `ssbpress convert` as a lab uses it: every number checked against a hand calculation from the
 * die, ram and bolt geometry (F = p·πd²/4, T = K·F·d), and the lines a person reads.
 */
import { describe, expect, it } from "vitest";
import { convert, type ConvertOptions } from "./convert.js";

const G = 9.80665;
const LBF = 4.4482216152605;
const PSI = LBF / 0.0254 ** 2;
const area = (d: number) => (Math.PI * d * d) / 4;
/** Four significant digits, as the output shows them. */
const sig = (x: number) => +x.toPrecision(4);

function ok(input: string, opts: ConvertOptions = {}) {
  const r = convert(input, opts);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function usage(input: string, opts: ConvertOptions = {}) {
  const r = convert(input, opts);
  if (r.ok) throw new Error(`expected a usage error for ${input}`);
  expect(r.error.code).toBe("usage");
  return r.error;
}

describe("convert: pressure and force on a die", () => {
  it("500 MPa on a 10 mm die, the README line", () => {
    const f = 500e6 * area(0.01);
    const r = ok("500 MPa", { die: "10mm" });
    expect(r.lines).toEqual([
      `500 MPa on a 10 mm die: 500 MPa on the pellet = ${sig(f / 1e3)} kN = ${sig(f / (1000 * G))} tf = ${Math.round(f / LBF)} lbf`,
    ]);
    expect(r.lines[0]).toBe("500 MPa on a 10 mm die: 500 MPa on the pellet = 39.27 kN = 4.004 tf = 8828 lbf");
    expect(r.warnings).toEqual([]);
  });

  it("a force in tonnes gives the pellet pressure", () => {
    const p = (3.9 * 1000 * G) / area(0.013);
    const r = ok("3.9 t", { die: "13 mm" });
    expect(r.values["Pressure [MPa]"]).toBe(sig(p / 1e6));
    expect(r.values["Force [kN]"]).toBe(sig((3.9 * 1000 * G) / 1e3));
    expect(r.values["Die diameter [mm]"]).toBe(13);
    expect(r.lines[0]).toMatch(/^3\.9 t on a 13 mm die: /);
  });

  it("without a die, a pressure is shown in the pressure units and a force in the force units", () => {
    const p = ok("500 MPa");
    expect(p.values).toEqual({
      "Pressure [MPa]": 500,
      "Pressure [bar]": 5000,
      "Pressure [psi]": sig(500e6 / PSI),
    });
    expect(p.lines).toEqual([
      `500 MPa = 500 MPa = 5000 bar = ${sig(500e6 / PSI)} psi = ${sig(500e6 / PSI / 1000)} ksi (add --die to get the force)`,
    ]);
    const f = ok("3.9 t");
    expect(f.values).toEqual({
      "Force [kN]": sig(3.9 * G),
      "Force [tf]": 3.9,
      "Force [lbf]": Math.round((3.9 * 1000 * G) / LBF),
    });
    expect(f.lines).toEqual([
      `3.9 t = ${sig(3.9 * G)} kN = 3.9 tf = ${Math.round((3.9 * 1000 * G) / LBF)} lbf (add --die to get the pellet pressure)`,
    ]);
  });

  it("the US ton converts as 2000 lbf and warns that it is ambiguous", () => {
    const r = ok("3 ton", { die: "10mm" });
    expect(r.values["Force [lbf]"]).toBe(6000);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/US short ton-force/);
    expect(ok("3 t", { die: "10mm" }).warnings).toEqual([]);
  });
});

describe("convert: a manual press's hydraulic gauge", () => {
  it("a gauge reading in bar with the ram is the oil pressure: force = p·A(ram)", () => {
    const force = 200e5 * area(0.05);
    const r = ok("200 bar", { ram: "50mm", die: "13mm" });
    expect(r.values).toEqual({
      "Gauge pressure [bar]": 200,
      "Gauge pressure [psi]": sig(200e5 / PSI),
      "Ram diameter [mm]": 50,
      "Pressure [MPa]": sig(force / area(0.013) / 1e6),
      "Force [kN]": sig(force / 1e3),
      "Force [tf]": sig(force / (1000 * G)),
      "Force [lbf]": Math.round(force / LBF),
      "Die diameter [mm]": 13,
    });
    expect(r.lines).toEqual([
      "gauge 200 bar on a 50 mm ram (read as the oil pressure; --pellet reads it as the pellet pressure)",
      `${sig(force / area(0.013) / 1e6)} MPa on the pellet = ${sig(force / 1e3)} kN = ${sig(force / (1000 * G))} tf = ${Math.round(force / LBF)} lbf`,
    ]);
  });

  it("psi and mbar gauges too; MPa is the pellet pressure unless --gauge says otherwise", () => {
    expect(ok("2900 psi", { ram: "50mm" }).values["Force [kN]"]).toBe(sig((2900 * PSI * area(0.05)) / 1e3));
    expect(ok("200000 mbar", { ram: "50mm" }).values["Force [kN]"]).toBe(sig((200e5 * area(0.05)) / 1e3));
    const pellet = ok("50 MPa", { ram: "50mm", die: "10mm" });
    expect(pellet.values["Pressure [MPa]"]).toBe(50);
    const gauge = ok("50 MPa", { ram: "50mm", die: "10mm", gauge: true });
    expect(gauge.values["Pressure [MPa]"]).toBe(sig((50e6 * area(0.05)) / area(0.01) / 1e6));
  });

  it("--pellet reads a bar value as the pellet pressure even with a ram", () => {
    const r = ok("200 bar", { ram: "50mm", pellet: true });
    expect(r.values["Pressure [MPa]"]).toBe(20);
    expect(r.values["Gauge pressure [bar]"]).toBeUndefined();
  });

  it("a pellet pressure with a ram gives the gauge reading to set", () => {
    const oil = (500e6 * area(0.01)) / area(0.05);
    const r = ok("500 MPa", { ram: "50mm", die: "10mm" });
    expect(r.values["Gauge pressure [bar]"]).toBe(sig(oil / 1e5));
    expect(r.values["Gauge pressure [psi]"]).toBe(sig(oil / PSI));
    expect(r.values["Ram diameter [mm]"]).toBe(50);
    expect(r.lines[1]).toBe(`  the gauge of a 50 mm ram reads ${sig(oil / 1e5)} bar = ${sig(oil / PSI)} psi`);
  });
});

describe("convert: bolted cells", () => {
  it("60 MPa on a 10 mm cell with 4 M6 bolts: torque from T = K·F·d, with the ±25 % scatter", () => {
    const f = 60e6 * area(0.01);
    const t = 0.2 * (f / 4) * 0.006;
    const r = ok("60 MPa", { die: "10mm", bolts: "4xM6", nutFactor: "0.2" });
    expect(r.values["Torque per bolt [N m]"]).toBe(sig(t));
    expect(r.values["Preload per bolt [kN]"]).toBe(sig(f / 4 / 1e3));
    expect(r.values["Bolts"]).toBe("4xM6");
    expect(r.values["Nut factor [-]"]).toBe(0.2);
    expect(r.lines.slice(1)).toEqual([
      `  tighten each of 4 M6 bolts to ${sig(t)} N m (${sig(f / 4 / 1e3)} kN preload each, nut factor 0.2)`,
      "  torque sets preload only to ±25 %: expect 45–75 MPa; measure with a load cell when it matters",
    ]);
  });

  it("a lubricated thread (nut factor 0.15) needs less torque for the same preload", () => {
    const dry = ok("60 MPa", { die: "10mm", bolts: "4xM6" }).values["Torque per bolt [N m]"] as number;
    const lube = ok("60 MPa", { die: "10mm", bolts: "4xM6", nutFactor: "0.15" }).values[
      "Torque per bolt [N m]"
    ] as number;
    expect(lube / dry).toBeCloseTo(0.75, 3);
  });

  it("a torque gives the preload and the pressure band it sets", () => {
    const preload = 10 / (0.2 * 0.006);
    const p = (4 * preload) / area(0.01);
    const r = ok("10 N m", { bolts: "4xM6", die: "10mm" });
    expect(r.values).toEqual({
      "Torque per bolt [N m]": 10,
      Bolts: "4xM6",
      "Nut factor [-]": 0.2,
      "Preload per bolt [kN]": sig(preload / 1e3),
      "Force [kN]": sig((4 * preload) / 1e3),
      "Pressure [MPa]": sig(p / 1e6),
      "Pressure min [MPa]": sig((0.75 * p) / 1e6),
      "Pressure max [MPa]": sig((1.25 * p) / 1e6),
      "Die diameter [mm]": 10,
    });
    expect(r.lines).toEqual([
      "10 N m on each of 4 M6 bolts (nut factor 0.2):",
      `  preload ≈ ${sig(preload / 1e3)} kN per bolt, ${sig((4 * preload) / 1e3)} kN in all (±25 % from friction scatter)`,
      `  = ${sig(p / 1e6)} MPa on a 10 mm cell (${sig((0.75 * p) / 1e6)}–${sig((1.25 * p) / 1e6)} MPa with the scatter)`,
      "  T = K·F·d (short-form torque–preload relation); measure the stack pressure with a load cell when it matters (Koerver2018: 10 N m gave 60 ± 8 MPa).",
    ]);
    const noDie = ok("10 N m", { bolts: "4xM6" });
    expect(noDie.values["Pressure [MPa]"]).toBeUndefined();
    expect(noDie.lines).toHaveLength(3);
  });

  it("--to gives one value: the pressure from a torque, or the torque itself", () => {
    const p = (4 * (10 / (0.2 * 0.006))) / area(0.01);
    expect(ok("10 N m", { bolts: "4xM6", die: "10mm", to: "MPa" }).values).toEqual({
      "Pressure [MPa]": sig(p / 1e6),
    });
    expect(ok("10 N m", { bolts: "4xM6", to: "N m" })).toEqual({
      values: { "Torque per bolt [N m]": 10 },
      lines: ["10 N m"],
      warnings: [],
    });
  });
});

describe("convert: ramp rates", () => {
  it("a pressure rate on a die is a force rate: 5 MPa/s on 10 mm", () => {
    const fr = 5e6 * area(0.01);
    const r = ok("5 MPa/s", { die: "10mm" });
    expect(r.values).toEqual({
      "Pressure rate [MPa/s]": 5,
      "Force rate [kN/s]": sig(fr / 1e3),
      "Die diameter [mm]": 10,
    });
    expect(r.lines).toEqual([`5 MPa/s on a 10 mm die = 5 MPa/s = ${sig(fr / 1e3)} kN/s`]);
    expect(ok("5 MPa/s", { die: "10mm", to: "kN/s" }).values).toEqual({ "Force rate [kN/s]": sig(fr / 1e3) });
  });

  it("a force rate on a die is a pressure rate, and stays a force rate without one", () => {
    expect(ok("0.5 kN/s", { die: "10mm", to: "MPa/s" }).values).toEqual({
      "Pressure rate [MPa/s]": sig(500 / area(0.01) / 1e6),
    });
    const r = ok("0.5 kN/s");
    expect(r.values).toEqual({ "Force rate [kN/s]": 0.5 });
    expect(r.lines).toEqual(["0.5 kN/s = 0.5 kN/s"]);
    expect(ok("60 kN/min", { to: "kN/s" }).values).toEqual({ "Force rate [kN/s]": 1 });
    expect(usage("0.5 kN/s", { to: "MPa/s" }).message).toBe(
      "converting a force rate needs the die: add --die 10mm",
    );
    expect(usage("5 MPa/s", { to: "kN/s" }).message).toBe(
      "converting a pressure rate needs the die: add --die 10mm",
    );
  });
});

describe("convert: --to", () => {
  it("gives the one value asked for, in psi, ksi, lbf or kN", () => {
    expect(ok("500 MPa", { to: "psi" }).values).toEqual({ "Pressure [psi]": sig(500e6 / PSI) });
    expect(ok("500 MPa", { to: "ksi" }).lines).toEqual([`${sig(500e6 / PSI / 1000)} ksi`]);
    expect(ok("500 MPa", { die: "10mm", to: "lbf" }).values).toEqual({
      "Force [lbf]": sig((500e6 * area(0.01)) / LBF),
    });
    expect(ok("3.9 t", { to: "kN" }).values).toEqual({ "Force [kN]": sig(3.9 * G) });
    expect(ok("3.9 t", { die: "10 mm", to: "MPa" }).values).toEqual({
      "Pressure [MPa]": sig((3.9 * 1000 * G) / area(0.01) / 1e6),
    });
  });

  it("explains what it cannot give", () => {
    expect(usage("3.9 t", { to: "MPa" }).message).toBe(
      "cannot give the result in MPa: pressure ⇄ force needs the die (--die 10mm)",
    );
    expect(usage("500 MPa", { to: "kN" }).message).toBe(
      "cannot give the result in kN: pressure ⇄ force needs the die (--die 10mm)",
    );
    expect(usage("500 MPa", { to: "mm" }).message).toBe(
      "cannot give the result in mm: mm is not a pressure, force, rate or torque unit",
    );
    expect(usage("500 MPa", { die: "10mm", to: "N m" }).message).toMatch(/cannot give the result in N m/);
    expect(usage("500 MPa", { die: "10mm", to: "MPa/s" }).message).toMatch(
      /cannot give the result in MPa\/s/,
    );
    // a rate is not a pressure: refused (the message could say so better; see the issue #6 report)
    usage("5 MPa/s", { to: "MPa" });
    usage("5 MPa/s", { die: "10mm", to: "MPa" });
    expect(usage("500 MPa", { die: "10mm", to: "kNN" }).message).toBe(
      '--to: unknown unit "kNN"; did you mean "kN"?',
    );
    expect(usage("500 MPa", { die: "10mm", to: "qqqqqq" }).message).toBe('--to: unknown unit "qqqqqq"');
  });
});

describe("convert: usage errors", () => {
  it("the input must be a pressure, force, rate or torque with a unit", () => {
    const e = usage("500");
    expect(e.message).toMatch(/no unit/);
    expect(e.hint).toBe('e.g. ssbpress convert "500 MPa" --die 10mm');
    expect(usage("10 mm").message).toMatch(/is a length/);
  });

  it("die and ram must be positive lengths", () => {
    expect(usage("500 MPa", { die: "0 mm" }).message).toBe(
      '--die (the die diameter) must be positive, got "0 mm"',
    );
    expect(usage("500 MPa", { die: "-10 mm" }).message).toMatch(/must be positive/);
    expect(usage("500 MPa", { die: "10 MPa" }).message).toMatch(/--die \(the die diameter\) needs a length/);
    expect(usage("200 bar", { ram: "0 mm" }).message).toBe(
      '--ram (the press\'s ram diameter) must be positive, got "0 mm"',
    );
  });

  it("the nut factor lies strictly between 0 and 1", () => {
    for (const bad of ["0", "1", "-0.2", "abc", "1.5"])
      expect(usage("60 MPa", { die: "10mm", bolts: "4xM6", nutFactor: bad }).message).toBe(
        `--nut-factor must be a number between 0 and 1 (0.2 dry steel, 0.15 lubricated), got "${bad}"`,
      );
    expect(ok("60 MPa", { die: "10mm", bolts: "4xM6", nutFactor: "0.99" }).values["Nut factor [-]"]).toBe(
      0.99,
    );
    expect(ok("60 MPa", { die: "10mm", bolts: "4xM6", nutFactor: "0.01" }).values["Nut factor [-]"]).toBe(
      0.01,
    );
  });

  it("bolts look like 4xM6; a torque needs them", () => {
    expect(usage("60 MPa", { die: "10mm", bolts: "4xQ6" }).message).toBe(
      '--bolts must look like "4xM6" (count x metric size), got "4xQ6"',
    );
    expect(usage("10 N m", { die: "10mm" }).message).toBe(
      "a torque converts with --bolts, e.g. --bolts 4xM6 --die 10mm",
    );
  });
});

describe("convert: sizes and rates a lab would not mean", () => {
  const refusal = (input: string, opts: ConvertOptions) => {
    const r = convert(input, opts);
    if (r.ok) throw new Error(`expected a refusal for ${input}`);
    return r.error.message;
  };

  it("a die or ram outside the sizes of lab equipment is refused, at the edges accepted", () => {
    expect(refusal("500 MPa", { die: "0.0000000001 mm" })).toMatch(/--die .* is outside 1–200 mm/);
    expect(refusal("500 MPa", { die: "10 m" })).toMatch(/outside 1–200 mm/);
    expect(refusal("500 MPa", { die: "0.99 mm" })).toMatch(/outside/);
    expect(ok("500 MPa", { die: "1 mm" }).values["Force [kN]"]).toBe(sig((500e6 * area(1e-3)) / 1e3));
    expect(ok("500 MPa", { die: "200 mm" }).values["Force [kN]"]).toBe(sig((500e6 * area(0.2)) / 1e3));
    expect(refusal("200 bar", { die: "10 mm", ram: "4 mm" })).toMatch(/--ram .* outside 5–500 mm/);
    expect(refusal("200 bar", { die: "10 mm", ram: "501 mm" })).toMatch(/outside 5–500 mm/);
    expect(ok("200 bar", { die: "10 mm", ram: "500 mm" }).values).toBeDefined();
  });

  it("a rate converts only to a rate, with or without the die", () => {
    expect(refusal("5 MPa/s", { to: "MPa" })).toMatch(
      /is a pressure rate and converts only to a rate.*with --die/,
    );
    expect(refusal("1 kN/s", { to: "kN", die: "10 mm" })).toMatch(
      /is a force rate and converts only to a rate; write/,
    );
    expect(refusal("5 MPa/s", { to: "kN/s" })).toMatch(/needs the die/);
  });

  it("bolts without a die give the preload band as a force", () => {
    const r = ok("4 kN", { bolts: "4xM6" });
    expect(r.lines.join("\n")).toMatch(/expect 3–5 kN in all/);
    expect(r.lines.join("\n")).not.toMatch(/\?/);
  });
});
