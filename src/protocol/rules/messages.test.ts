/**
 * What each rule tells the person at the press: the numbers in its message (checked against hand
 * calculations), the layer it names, the fix it proposes and the evidence it cites. A diagnostic
 * with the right id but a wrong number or no fix fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getProperty, listMaterials, PROP } from "../../materials/index.js";
import { checkText } from "../check.js";
import type { Diagnostic } from "../diagnostics.js";
import { degC, duration, kn, mm, mpa, um } from "./context.js";
import { RULE_CATALOGUE } from "./index.js";

const G = 9.80665;
const area = (d: number) => (Math.PI * d * d) / 4;
/** Four significant digits, as messages show pressures, forces and lengths. */
const s4 = (x: number) => String(+x.toPrecision(4));

const SEPARATOR = "  separator: { material: Li6PS5Cl, mass: 80 mg }";
const LI = "  anode: { material: Li, thickness: 50 um }";

function protocol(parts: { head?: string; layers: string[]; steps: string[] }): string {
  return [
    "name: messages",
    parts.head ?? "die: { diameter: 10 mm }",
    "layers:",
    ...parts.layers,
    "steps:",
    ...parts.steps.map((s) => `  - ${s}`),
    "",
  ].join("\n");
}

const run = (text: string, advisors?: Parameters<typeof checkText>[2]) =>
  checkText("m.yaml", text, advisors).diagnostics;
const only = (ds: Diagnostic[], rule: string): Diagnostic => {
  const found = ds.filter((d) => d.rule === rule);
  expect(found, rule).toHaveLength(1);
  return found[0]!;
};
/** 1-based line and column of `needle` in `text` (the first occurrence after `after`). */
function pos(text: string, needle: string, after = ""): { line: number; column: number } {
  const start = after ? text.indexOf(after) : 0;
  const i = text.indexOf(needle, start);
  const before = text.slice(0, i).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const material = (name: string) => listMaterials().find((m) => m.name === name)!;

describe("message formatting helpers", () => {
  it("pressures, forces (with tonnes), lengths, temperatures and durations", () => {
    expect(mpa(250e6)).toBe("250 MPa");
    expect(mpa(374.5395e6)).toBe("374.5 MPa");
    expect(kn(39269.9)).toBe("39.27 kN (4 t)");
    expect(kn(66366.2)).toBe("66.37 kN (6.77 t)");
    expect(mm(0.0111744)).toBe("11.17 mm");
    expect(um(161.4e-6)).toBe("161 µm");
    expect(um(161.6e-6)).toBe("162 µm");
    expect(degC(453.65)).toBe("180.5 °C");
    expect(degC(298.15)).toBe("25 °C");
    expect(duration(29.5)).toBe("29.5 s");
    expect(duration(119)).toBe("119 s");
    expect(duration(120)).toBe("2 min");
    expect(duration(150)).toBe("2.5 min");
    expect(duration(7199)).toBe("120 min");
    expect(duration(7200)).toBe("2 h");
    expect(duration(1.8e6)).toBe("500 h");
  });
});

describe("pressure rules", () => {
  const joinAt = (anode: string, p: string) =>
    protocol({
      layers: [SEPARATOR, anode],
      steps: [
        "Add separator",
        "Press to 300 MPa, hold 2 min",
        "Add anode on bottom",
        `Press to ${p}, hold 1 min`,
      ],
    });

  it("anode-overpressure on Li: the limit, why, the fix, Doux2020, at the press target", () => {
    const text = joinAt(LI, "60 MPa");
    const d = only(run(text), "anode-overpressure");
    expect(d.message).toBe(
      'pressing at 60 MPa with layer "anode" (Li) in the die exceeds its 50 MPa assembly limit: Li is soft: at this pressure it creeps into the separator\'s pores and shorts the cell, or the electrolyte cracks; press the hard layers to full pressure before adding "anode", then join it at ≤ 50 MPa',
    );
    expect(d).toMatchObject({ severity: "error", step: 4, ...pos(text, "60 MPa") });
    expect(d.citations).toEqual(getProperty(material("Li"), PROP.assemblyPressureMax)!.citations);
  });

  it("anode-overpressure with a limit set in the protocol says so", () => {
    const text = joinAt("  anode: { material: Li, thickness: 50 um, max_pressure: 40 MPa }", "45 MPa");
    expect(only(run(text), "anode-overpressure").message).toBe(
      'pressing at 45 MPa with layer "anode" (Li) in the die exceeds its 40 MPa assembly limit (set in this protocol): Li is soft: at this pressure it creeps into the separator\'s pores and shorts the cell, or the electrolyte cracks; press the hard layers to full pressure before adding "anode", then join it at ≤ 40 MPa',
    );
  });

  it("anode-overpressure on an assumed limit (In) is a warning that names the assumption", () => {
    const prop = getProperty(material("In"), PROP.assemblyPressureMax)!;
    const d = only(
      run(joinAt("  anode: { material: In, thickness: 100 um }", "130 MPa")),
      "anode-overpressure",
    );
    expect(d.severity).toBe("warning");
    expect(d.message).toBe(
      `pressing at 130 MPa with layer "anode" (In) in the die exceeds its ${prop.value} MPa assembly limit, which is an assumption, not a measured limit${prop.note ? ` (${prop.note})` : ""}: In is soft and may extrude or creep into the separator at this pressure; press the hard layers to full pressure before adding "anode", then join it at ≤ ${prop.value} MPa, or confirm the pressure on a test cell`,
    );
  });

  it("press-capacity: the force needed, the capacity, the largest die that works, the pressure that fits", () => {
    const text = protocol({
      head: "die: { diameter: 13 mm }\npress: { capacity: 5 t }",
      layers: [SEPARATOR],
      steps: ["Add separator", "Press to 500 MPa, hold 2 min"],
    });
    const cap = 5000 * G;
    const force = 500e6 * area(0.013);
    const largest = Math.sqrt(cap / 500e6 / (Math.PI / 4));
    const d = only(run(text), "press-capacity");
    expect(d.message).toBe(
      `500 MPa on the 13 mm die needs ${s4(force / 1e3)} kN (${+(force / (1000 * G)).toPrecision(3)} t), more than the press's ${s4(cap / 1e3)} kN (5 t) capacity; reach it with a die of at most ${s4(largest * 1e3)} mm, use a larger press, or lower the pressure to ${s4(cap / area(0.013) / 1e6)} MPa`,
    );
    expect(d).toMatchObject({ severity: "error", step: 2, ...pos(text, "500 MPa") });
  });

  it("die-rating: the pressure, the rating as pressure and force, Specac; also for an operate band", () => {
    const text = protocol({
      head: "die: { diameter: 10 mm, rating: 600 MPa }",
      layers: [SEPARATOR],
      steps: ["Add separator", "Press to 700 MPa, hold 2 min"],
    });
    const f = 600e6 * area(0.01);
    const d = only(run(text), "die-rating");
    expect(d.message).toBe(
      `700 MPa exceeds the die's 600 MPa rating (${s4(f / 1e3)} kN (${+(f / (1000 * G)).toPrecision(3)} t) on this die); an overloaded die can deform or burst — lower the pressure or use a die rated higher`,
    );
    expect(d.citations).toEqual(["Specac"]);
    expect(d).toMatchObject({ step: 2, ...pos(text, "700 MPa") });
    const op = protocol({
      head: "die: { diameter: 10 mm, rating: 60 MPa }",
      layers: ["  separator: { material: Li6PS5Cl, mass: 80 mg, form: pellet }", LI],
      steps: [
        "Add separator",
        "Add anode on bottom",
        "Press to 20 MPa, hold 1 min",
        "Operate at 4 MPa (3..70 MPa) for 10 h",
      ],
    });
    const o = only(run(op), "die-rating");
    expect(o.message).toMatch(/^70 MPa exceeds the die's 60 MPa rating/);
    expect(o).toMatchObject({ step: 4, ...pos(op, "4 MPa (3..70 MPa)") });
  });

  it("fracture-risk and particle-cracking name the layer, the threshold and their sources", () => {
    const lpscl = getProperty(material("Li6PS5Cl"), PROP.fracturePressure)!;
    const nmc = getProperty(material("NMC811"), PROP.fracturePressure)!;
    const text = protocol({
      layers: [SEPARATOR, "  cathode: { material: NMC811, mass: 15 mg }"],
      steps: ["Add separator", "Add cathode", "Press to 800 MPa, hold 2 min"],
    });
    const ds = run(text);
    const f = only(ds, "fracture-risk");
    expect(f.message).toBe(
      `800 MPa is at or above ${lpscl.value} MPa, where Li6PS5Cl pellets were reported to fracture (layer "separator"${lpscl.confidence === "V" ? "; low-confidence source" : ""}); stay below it`,
    );
    expect(f.citations).toEqual(lpscl.citations);
    expect(f).toMatchObject({ severity: "warning", step: 3, ...pos(text, "800 MPa") });
    const c = only(ds, "particle-cracking");
    expect(c.message).toBe(
      `800 MPa is at or above ${nmc.value} MPa, where polycrystalline cathode particles in "cathode" (NMC811) are reported to crack; cracked particles lose contact and capacity — stay below it or use single-crystal material`,
    );
    expect(c.citations).toEqual(nmc.citations);
  });

  it("a soft metal's own fracture value, if any, is no pellet fracture", () => {
    const ds = run(
      protocol({
        layers: ["  anode: { material: Li, thickness: 50 um }"],
        steps: ["Add anode", "Press to 40 MPa, hold 1 min"],
      }),
    );
    expect(ds.filter((d) => d.rule === "fracture-risk" || d.rule === "particle-cracking")).toEqual([]);
  });
});

describe("densification rules", () => {
  it("underdensified: the pressure needed and the highest one seen, at the highest press step", () => {
    const text = protocol({
      layers: [SEPARATOR],
      steps: ["Add separator", "Press to 150 MPa, hold 2 min", "Press to 200 MPa, hold 2 min", "Release"],
    });
    const d = only(run(text), "underdensified");
    expect(d.message).toBe(
      'layer "separator" (Li6PS5Cl) never sees its densification pressure of 250 MPa (at most 200 MPa); it stays porous, which lowers conductivity and lets Li creep through — press it at ≥ 250 MPa before any soft layer goes in',
    );
    expect(d).toMatchObject({ step: 3, ...pos(text, "200 MPa") });
    expect(d.citations).toEqual(getProperty(material("Li6PS5Cl"), PROP.densificationPressure)!.citations);
  });

  it("underdensified for an oxide says it needs sintering", () => {
    const d = only(
      run(
        protocol({
          layers: ["  separator: { material: LLZO, mass: 80 mg }"],
          steps: ["Add separator", "Press to 400 MPa, hold 2 min"],
        }),
      ),
      "underdensified",
    );
    expect(d.message).toBe(
      'layer "separator" (LLZO) is an oxide: oxides are not densified by cold pressing (they need sintering or hot pressing); use a sintered pellet, or set "densify_at" on the layer if you know what pressing achieves',
    );
  });

  it("layer-never-pressed: a powder stays loose, a metal does not bond", () => {
    const text = protocol({
      layers: [SEPARATOR, LI],
      steps: ["Add separator", "Press to 300 MPa, hold 2 min", "Add anode", 'Ask "done?"'],
    });
    const d = only(run(text), "layer-never-pressed");
    expect(d.message).toBe(
      'layer "anode" is added but never pressed afterwards; it will not bond to the electrolyte (poor contact, high interface resistance) — add a press step after it',
    );
    expect(d).toMatchObject({ severity: "warning", step: 3 });
    const powder = only(
      run(protocol({ layers: [SEPARATOR], steps: ["Add separator"] })),
      "layer-never-pressed",
    );
    expect(powder.message).toBe(
      'layer "separator" is added but never pressed afterwards; it stays a loose powder — add a press step after it',
    );
  });

  it("no-densification-gain names the highest pressure already seen", () => {
    const text = protocol({
      layers: [SEPARATOR],
      steps: ["Add separator", "Press to 300 MPa, hold 2 min", "Press to 250 MPa, hold 2 min"],
    });
    const d = only(run(text), "no-densification-gain");
    expect(d.message).toBe(
      "every layer in the die has already seen 300 MPa; pressing at 250 MPa adds no density (powder compaction keeps the highest pressure's state). Drop the step, or add a layer first",
    );
    expect(d).toMatchObject({ step: 3, ...pos(text, "250 MPa", "Press to 300") });
  });

  it("short-hold: no hold, or the hold given, at the pressure; at the hold when written", () => {
    const none = only(
      run(protocol({ layers: [SEPARATOR], steps: ["Add separator", "Press to 250 MPa"] })),
      "short-hold",
    );
    expect(none.message).toBe(
      'no hold at 250 MPa: powders keep compacting for tens of seconds at load, so a densification step usually holds ≥ 1 min (e.g. ", hold 2 min")',
    );
    const text = protocol({ layers: [SEPARATOR], steps: ["Add separator", "Press to 250 MPa, hold 10 s"] });
    const short = only(run(text), "short-hold");
    expect(short.message).toMatch(/^a hold of 10 s at 250 MPa: /);
    expect(short).toMatchObject(pos(text, "10 s"));
  });

  it("thin-separator: the thickness from the mass, how it was estimated, and the mass that would do", () => {
    const rho = (getProperty(material("Li6PS5Cl"), PROP.density)!.value as number) * 1000;
    const mass = 20e-6;
    const t = mass / (rho * 0.85 * area(0.01));
    const text = protocol({
      layers: ["  separator: { material: Li6PS5Cl, mass: 20 mg }", LI],
      steps: ["Add separator", "Press to 300 MPa, hold 2 min", "Add anode", "Press to 40 MPa, hold 1 min"],
    });
    const d = only(run(text), "thin-separator");
    expect(d.message).toBe(
      `separator "separator" will be about ${Math.round(t * 1e6)} µm thick (from 20 mg at 85 % density on the 10 mm die); cold-pressed pellets under 200 µm crack on handling and Li finds short paths through them — use more material (about ${Math.ceil(((mass * 200e-6) / t) * 1e6)} mg)`,
    );
    expect(d).toMatchObject({ severity: "warning", step: null, ...pos(text, "separator: {") });
    const noLi = only(
      run(
        protocol({
          layers: ["  separator: { material: Li6PS5Cl, thickness: 150 um }"],
          steps: ["Add separator", "Press to 300 MPa, hold 2 min"],
        }),
      ),
      "thin-separator",
    );
    expect(noLi.message).toMatch(
      /^separator "separator" will be about 150 µm thick \(as written\); cold-pressed pellets under 200 µm crack on handling — use more material/,
    );
  });
});

describe("rates", () => {
  it("fast-ramp and fast-release give the rate and the limit, at the rate written", () => {
    const text = protocol({
      layers: [SEPARATOR],
      steps: [
        "Add separator",
        "Press to 250 MPa at 50 MPa/s, hold 2 min, release at 100 MPa/s",
        "Release at 30 MPa/s",
      ],
    });
    const ds = run(text);
    const ramp = only(ds, "fast-ramp");
    expect(ramp.message).toBe(
      'a ramp of 50 MPa/s is fast: air trapped in the powder and uneven compaction laminate pellets; ramp at ≤ 20 MPa/s (e.g. "at 5 MPa/s")',
    );
    expect(ramp).toMatchObject({ step: 2, ...pos(text, "50 MPa/s") });
    const rel = ds.filter((d) => d.rule === "fast-release");
    expect(rel.map((d) => [d.step, d.message])).toEqual([
      [
        2,
        "releasing at 100 MPa/s lets the pellet's elastic springback split it into layers (lamination); release at ≤ 20 MPa/s",
      ],
      [
        3,
        "releasing at 30 MPa/s lets the pellet's elastic springback split it into layers (lamination); release at ≤ 20 MPa/s",
      ],
    ]);
    expect(rel[0]).toMatchObject(pos(text, "100 MPa/s"));
    expect(rel[1]).toMatchObject(pos(text, "30 MPa/s", "Release at"));
  });
});

describe("operation", () => {
  const cell = (anode: string, op: string) =>
    protocol({
      layers: [SEPARATOR, anode],
      steps: [
        "Add separator",
        "Press to 300 MPa, hold 2 min",
        "Add anode on bottom",
        "Press to 40 MPa, hold 1 min",
        op,
      ],
    });

  it("operating-pressure-creep for Li: the band's top, the limit, Doux2020's evidence, the Li–In alternative", () => {
    const text = cell(LI, "Operate at 20 MPa (15..25 MPa) for 100 h");
    const d = only(run(text), "operating-pressure-creep");
    expect(d.message).toBe(
      'operating at 25 MPa exceeds the creep-safe limit of 5 MPa for "anode" (Li): the metal creeps into the separator\'s pores under load until it shorts the cell. Li|Li6PS5Cl|Li cells shorted at once at 75 MPa, within 48 h at 25 MPa and 474 h at 10 MPa, while 5 MPa ran 1000 h (Doux2020). Operate at ≤ 5 MPa, or use a Li–In anode, which tolerates 60–70 MPa (Koerver2018)',
    );
    expect(d).toMatchObject({ severity: "warning", step: 5, ...pos(text, "20 MPa (15") });
    expect(d.citations).toEqual([
      ...new Set([
        ...getProperty(material("Li"), PROP.operatingPressureMax)!.citations,
        "Doux2020",
        "Koerver2018",
      ]),
    ]);
  });

  it("operating-pressure-creep for another metal, and for a limit the protocol set", () => {
    const inFoil = only(
      run(cell("  anode: { material: In, thickness: 100 um }", "Operate at 110 MPa for 10 h")),
      "operating-pressure-creep",
    );
    const lim = getProperty(material("In"), PROP.operatingPressureMax)!.value;
    expect(inFoil.message).toBe(
      `operating at 110 MPa exceeds the creep-safe limit of ${lim} MPa for "anode" (In): the metal creeps into the separator's pores under load until it shorts the cell. Operate at ≤ ${lim} MPa`,
    );
    const own = only(
      run(
        cell(
          "  anode: { material: Li, thickness: 50 um, max_operating_pressure: 3 MPa }",
          "Operate at 4 MPa for 10 h",
        ),
      ),
      "operating-pressure-creep",
    );
    expect(own.message).toMatch(
      /^operating at 4 MPa exceeds the creep-safe limit of 3 MPa for "anode" \(Li\) set in this protocol: /,
    );
  });

  it("the creep warning carries the model's prediction when an advisor gives one", () => {
    const text = cell(LI, "Operate at 20 MPa for 500 h");
    const msg = (timeToShort: number, probability: number) =>
      only(
        run(text, { operationShort: () => ({ timeToShort, probability, citations: ["Model2026"] }) }),
        "operating-pressure-creep",
      );
    expect(msg(30, 1).message).toContain(
      " The model predicts a short at once (probability 100 % within the 500 h operation).",
    );
    expect(msg(60, 1).message).toContain("a short at once");
    expect(msg(1800, 0.994).message).toContain(
      " The model predicts a short in about 0.5 h (probability 99 % within the 500 h operation).",
    );
    expect(msg(47 * 3600, 0.5).message).toContain("in about 47 h");
    expect(msg(48 * 3600, 0.5).message).toContain("in about 2 days");
    expect(msg(Infinity, 0.02).message).toContain(
      " The model puts the median time to short beyond the 500 h operation; a short within it has probability 2 %.",
    );
    expect(msg(30, 1).citations).toContain("Model2026");
  });

  it("contact-loss: the minimum, the metal, at the band", () => {
    const text = cell(LI, "Operate at 4 MPa (1..5 MPa) for 10 h");
    const d = only(run(text), "contact-loss");
    expect(d.message).toBe(
      "below 2 MPa the Li|electrolyte contact is lost (cell impedance off scale at 1 MPa, Doux2020); keep the band's lower end at ≥ 2 MPa",
    );
    expect(d.citations).toEqual(["Doux2020"]);
    expect(d).toMatchObject({ step: 5, ...pos(text, "1..5 MPa") });
  });
});

describe("step-order", () => {
  it("names what is missing from an incomplete cell, one or several", () => {
    const layers = [SEPARATOR, "  cathode: { material: NMC811, mass: 15 mg }", LI];
    const one = run(
      protocol({
        layers,
        steps: ["Add separator", "Add cathode", "Press to 300 MPa, hold 2 min", "Operate at 4 MPa for 10 h"],
      }),
    );
    expect(only(one, "step-order").message).toBe(
      'step 4 operates an incomplete cell: "anode" is never added; add it before operating',
    );
    const two = run(
      protocol({
        layers,
        steps: ["Add separator", "Press to 300 MPa, hold 2 min", "Operate at 4 MPa for 10 h"],
      }),
    );
    expect(only(two, "step-order").message).toBe(
      'step 3 operates an incomplete cell: "cathode", "anode" are never added; add them before operating',
    );
    const empty = run(
      protocol({
        layers: [SEPARATOR],
        steps: ["Operate at 4 MPa for 10 h", "Add separator", "Press to 300 MPa, hold 2 min"],
      }),
    );
    expect(empty.find((d) => d.rule === "step-order")!.message).toBe(
      "step 1 operates an empty die; add and press the layers first",
    );
  });

  it("an unknown layer far from every id gets the list of ids but no guess; unused layers are named", () => {
    const ds = run(
      protocol({
        layers: [SEPARATOR, LI],
        steps: ["Add separator", "Add xyzzy", "Press to 300 MPa, hold 2 min"],
      }),
    );
    expect(ds.find((d) => d.rule === "step-order")!.message).toBe(
      '"Add xyzzy": no layer "xyzzy" is defined; defined layers: separator, anode',
    );
    expect(only(ds, "unused-layer").message).toBe(
      'layer "anode" is defined but never added; add it with "Add anode" or remove it',
    );
  });
});

describe("limit-override", () => {
  const layer = (extra: string) =>
    run(
      protocol({
        layers: [SEPARATOR, `  anode: { material: Li, thickness: 50 um, ${extra} }`],
        steps: [
          "Add separator",
          "Press to 300 MPa, hold 2 min",
          "Add anode",
          "Press to 20 MPa, hold 1 min",
          "Operate at 2 MPa for 1 h",
        ],
      }),
    ).filter((d) => d.rule === "limit-override");

  it("a looser limit is a warning naming the old value and whose it was; a tighter one is information", () => {
    const looser = layer("max_pressure: 70 MPa");
    expect(looser).toHaveLength(1);
    expect(looser[0]!.severity).toBe("warning");
    expect(looser[0]!.message).toBe(
      'layer "anode": assembly pressure limit set to 70 MPa by this protocol, replacing 50 MPa of Li; this loosens the limit, and the checker and the run\'s interlocks now use the new value — keep it only with evidence for it',
    );
    const tighter = layer("max_pressure: 30 MPa");
    expect(tighter.map((d) => [d.severity, d.message])).toEqual([
      [
        "info",
        'layer "anode": assembly pressure limit set to 30 MPa by this protocol, replacing 50 MPa of Li',
      ],
    ]);
    const temp = layer("max_temperature: 150 °C");
    expect(temp.map((d) => [d.severity, d.message])).toEqual([
      ["info", 'layer "anode": temperature limit set to 150 °C by this protocol, replacing 180.5 °C of Li'],
    ]);
    expect(layer("max_operating_pressure: 10 MPa")[0]!.severity).toBe("warning");
  });

  it("a lower densification pressure loosens it; a higher one adds caution", () => {
    const sep = (v: string) =>
      run(
        protocol({
          layers: [`  separator: { material: Li6PS5Cl, mass: 80 mg, densify_at: ${v} }`],
          steps: ["Add separator", "Press to 300 MPa, hold 2 min"],
        }),
      ).filter((d) => d.rule === "limit-override");
    expect(sep("200 MPa")[0]!.severity).toBe("warning");
    expect(sep("200 MPa")[0]!.message).toMatch(
      /^layer "separator": densification pressure set to 200 MPa by this protocol, replacing 250 MPa of Li6PS5Cl; this loosens/,
    );
    expect(sep("300 MPa")[0]!.severity).toBe("info");
  });
});

describe("the rule catalogue", () => {
  const docs = readFileSync(new URL("../../../docs/rules.md", import.meta.url), "utf8");
  const section = (title: string) => {
    const start = docs.indexOf(`## ${title}`);
    const end = docs.indexOf("\n## ", start + 1);
    return docs.slice(start, end < 0 ? undefined : end);
  };
  const ids = (text: string) =>
    [...text.matchAll(/^\| `([a-z-]+)`(?:, `([a-z-]+)`)? \|/gm)].flatMap((m) => m.slice(1).filter(Boolean));

  it("lists every rule of docs/rules.md with its severity, and a summary for each", () => {
    const errors = ids(section("Errors"));
    const warnings = ids(section("Warnings"));
    expect(errors.length).toBeGreaterThan(5);
    expect(warnings.length).toBeGreaterThan(5);
    for (const id of errors)
      expect(
        RULE_CATALOGUE.find((r) => r.id === id),
        id,
      ).toMatchObject({ severity: "error" });
    // a rule in both tables is an error that becomes a warning when its limit is an assumption
    for (const id of warnings.filter((w) => !errors.includes(w)))
      expect(
        RULE_CATALOGUE.find((r) => r.id === id),
        id,
      ).toMatchObject({ severity: "warning" });

    for (const r of RULE_CATALOGUE) expect(r.summary.length, r.id).toBeGreaterThan(15);
    expect(new Set(RULE_CATALOGUE.map((r) => r.id)).size).toBe(RULE_CATALOGUE.length);
  });
});
