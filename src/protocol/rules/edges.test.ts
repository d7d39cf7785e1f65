/**
 * Where each rule must stay silent, and exactly which steps it names: warm pressing, sintered pellets,
 * re-pressing, presses that cannot heat, temperatures carried from step to step.
 */
import { describe, expect, it } from "vitest";
import { checkText } from "../check.js";

const SEPARATOR = "  separator: { material: Li6PS5Cl, mass: 80 mg }";
const LI = "  anode: { material: Li, thickness: 50 um }";
const HEATED = "die: { diameter: 10 mm }\npress: { type: heated, max_temperature: 450 °C }";

function run(parts: { head?: string; layers: string[]; steps: string[] }) {
  const text = [
    "name: edges",
    parts.head ?? "die: { diameter: 10 mm }",
    "layers:",
    ...parts.layers,
    "steps:",
    ...parts.steps.map((s) => `  - ${s}`),
    "",
  ].join("\n");
  return checkText("e.yaml", text).diagnostics;
}
/** Step numbers of a rule's diagnostics, each once, in order. */
const steps = (ds: ReturnType<typeof run>, rule: string) => [
  ...new Set(ds.filter((d) => d.rule === rule).map((d) => d.step)),
];

describe("underdensified, oxides and pellets", () => {
  const LLZO = "  separator: { material: LLZO, mass: 80 mg }";

  it("an oxide cold-pressed is warned at its highest press step", () => {
    const ds = run({
      layers: [LLZO],
      steps: ["Add separator", "Press to 400 MPa, hold 2 min", "Press to 300 MPa, hold 2 min"],
    });
    expect(steps(ds, "underdensified")).toEqual([2]);
  });

  it("an oxide hot-pressed, or added to a hot die, is not", () => {
    expect(
      steps(
        run({
          head: HEATED,
          layers: [LLZO],
          steps: ["Add separator", "Press to 250 MPa, hold 2 min at 400 °C"],
        }),
        "underdensified",
      ),
    ).toEqual([]);
    expect(
      steps(
        run({
          head: HEATED,
          layers: [LLZO],
          steps: ["Heat to 400 °C", "Add separator", "Press to 250 MPa, hold 2 min"],
        }),
        "underdensified",
      ),
    ).toEqual([]);
  });

  it("an oxide with densify_at written is held to that pressure", () => {
    const at = (p: string) =>
      steps(
        run({
          layers: ["  separator: { material: LLZO, mass: 80 mg, densify_at: 500 MPa }"],
          steps: ["Add separator", `Press to ${p}, hold 2 min`],
        }),
        "underdensified",
      );
    expect(at("500 MPa")).toEqual([]);
    expect(at("400 MPa")).toEqual([2]);
  });

  it("a sintered pellet is neither densified nor 'never pressed'", () => {
    const ds = run({
      layers: ["  separator: { material: Li6PS5Cl, mass: 80 mg, form: pellet }"],
      steps: ["Add separator"],
    });
    expect(steps(ds, "layer-never-pressed")).toEqual([]);
    expect(steps(ds, "underdensified")).toEqual([]);
  });

  it("a metal is not a ceramic: no densification pressure for Li", () => {
    const ds = run({
      layers: [SEPARATOR, LI],
      steps: ["Add separator", "Press to 300 MPa, hold 2 min", "Add anode", "Press to 10 MPa, hold 1 min"],
    });
    expect(steps(ds, "underdensified")).toEqual([]);
    expect(steps(ds, "short-hold")).toEqual([]);
  });
});

describe("no-densification-gain and short-hold", () => {
  it("a warm press step adds something even at the same pressure; an empty die has nothing to gain", () => {
    const warm = run({
      head: HEATED,
      layers: [SEPARATOR],
      steps: ["Add separator", "Press to 300 MPa, hold 2 min", "Press to 300 MPa, hold 2 min at 120 °C"],
    });
    expect(steps(warm, "no-densification-gain")).toEqual([]);
    const empty = run({
      layers: [SEPARATOR],
      steps: ["Press to 300 MPa, hold 2 min", "Add separator", "Press to 300 MPa, hold 2 min"],
    });
    expect(steps(empty, "no-densification-gain")).toEqual([]);
  });

  it("gain counts for any layer: one fresh layer is enough", () => {
    const ds = run({
      layers: [SEPARATOR, "  cathode: { material: NMC811, mass: 15 mg }"],
      steps: [
        "Add separator",
        "Press to 400 MPa, hold 2 min",
        "Add cathode",
        "Press to 300 MPa, hold 2 min",
        "Press to 300 MPa, hold 2 min",
      ],
    });
    expect(steps(ds, "no-densification-gain")).toEqual([5]);
    expect(ds.find((d) => d.rule === "no-densification-gain")!.message).toMatch(
      /^every layer in the die has already seen 400 MPa; pressing at 300 MPa/,
    );
  });

  it("re-pressing at a pressure already reached is not a densification step, so its hold does not matter", () => {
    const ds = run({
      layers: [SEPARATOR],
      steps: ["Add separator", "Press to 250 MPa, hold 2 min", "Press to 250 MPa"],
    });
    expect(steps(ds, "short-hold")).toEqual([]);
  });

  it("a short hold counts only where a hard layer is densified", () => {
    const ds = run({
      layers: [SEPARATOR, LI],
      steps: ["Add separator", "Press to 300 MPa, hold 2 min", "Add anode", "Press to 20 MPa"],
    });
    expect(steps(ds, "short-hold")).toEqual([]);
  });
});

describe("thin-separator", () => {
  it("only separators are measured, and only when their thickness can be known", () => {
    const cathode = run({
      layers: [SEPARATOR, "  cathode: { material: NMC811, mass: 1 mg }"],
      steps: ["Add separator", "Add cathode", "Press to 300 MPa, hold 2 min"],
    });
    expect(steps(cathode, "thin-separator")).toEqual([]);
    // Li6PS5Br has no density in the database: no estimate, no warning
    const unknown = run({
      layers: ["  separator: { material: Li6PS5Br, mass: 5 mg }"],
      steps: ["Add separator", "Press to 300 MPa, hold 2 min"],
    });
    expect(steps(unknown, "thin-separator")).toEqual([]);
    const thin = run({
      layers: ["  separator: { material: Li6PS5Cl, mass: 5 mg }"],
      steps: ["Add separator", "Press to 300 MPa, hold 2 min"],
    });
    expect(steps(thin, "thin-separator")).toEqual([null]);
  });
});

describe("temperature", () => {
  it("a press with no declared type may heat; so may a protocol without a press", () => {
    for (const head of ["die: { diameter: 10 mm }\npress: { capacity: 10 t }", "die: { diameter: 10 mm }"]) {
      const ds = run({
        head,
        layers: [SEPARATOR],
        steps: ["Add separator", "Heat to 120 °C", "Press to 250 MPa, hold 2 min"],
      });
      expect(steps(ds, "press-not-heated")).toEqual([]);
      expect(steps(ds, "temperature-limit")).toEqual([]);
    }
  });

  it("melting: the heat step and every later add, press or operate with the metal in the hot die — not waits or questions", () => {
    const ds = run({
      head: HEATED,
      layers: [SEPARATOR, LI],
      steps: [
        "Add separator",
        "Press to 300 MPa, hold 2 min",
        "Add anode",
        "Press to 20 MPa, hold 1 min",
        "Heat to 190 °C",
        "Wait 1 min",
        'Ask "still solid?"',
        "Press to 20 MPa, hold 1 min",
      ],
    });
    expect(steps(ds, "temperature-limit")).toEqual([5, 8]);
    const melting = ds.filter((d) => d.rule === "temperature-limit" && d.step === 5);
    expect(melting).toHaveLength(1);
    expect(melting[0]!.message).toMatch(
      /^190 °C is above the 180\.5 °C temperature limit of layer "anode" \(Li\)/,
    );
    expect(melting[0]!.message).toMatch(/; stay below 180\.5 °C while "anode" is in the die$/);
    expect(melting[0]!.severity).toBe("error");
  });

  it("a hot die: the add and each later press with the metal in it, not the waits between", () => {
    const ds = run({
      head: HEATED,
      layers: [SEPARATOR, LI],
      steps: [
        "Add separator",
        "Heat to 120 °C",
        "Press to 300 MPa, hold 2 min",
        "Wait 5 min",
        "Add anode",
        "Wait 1 min",
        "Press to 20 MPa, hold 1 min",
      ],
    });
    expect(steps(ds, "temperature-limit")).toEqual([5, 7]);
    const add = ds.find((d) => d.rule === "temperature-limit" && d.step === 5)!;
    expect(add.severity).toBe("error");
    expect(add.message).toMatch(
      /^adding "anode" \(Li\) to a die at 120 °C: above 35 °C its pressure limit no longer holds/,
    );
    expect(add.message).toMatch(/Cool the die first \(e\.g\. "Cool to 25 °C"\) before "anode" goes in$/);
    const press = ds.find((d) => d.rule === "temperature-limit" && d.step === 7)!;
    expect(press.message).toMatch(/^pressing with "anode" \(Li\) in a die at 120 °C: /);
  });

  it("adding a hard layer to a hot die is fine; only the soft metal's hot-die limit applies", () => {
    const ds = run({
      head: HEATED,
      layers: [SEPARATOR, "  cathode: { material: NMC811, mass: 15 mg }"],
      steps: [
        "Add separator",
        "Heat to 120 °C",
        "Press to 300 MPa, hold 2 min",
        "Add cathode",
        "Press to 400 MPa, hold 2 min",
      ],
    });
    expect(steps(ds, "temperature-limit")).toEqual([]);
  });
});

describe("operation", () => {
  it("contact-loss is for metal anodes only; creep only for layers with a creep limit", () => {
    const ds = run({
      layers: [SEPARATOR, "  anode: { material: { graphite: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 10 mg }"],
      steps: [
        "Add separator",
        "Press to 300 MPa, hold 2 min",
        "Add anode",
        "Press to 300 MPa, hold 2 min",
        "Operate at 1 MPa (0.5..100 MPa) for 10 h",
      ],
    });
    expect(steps(ds, "contact-loss")).toEqual([]);
    expect(steps(ds, "operating-pressure-creep")).toEqual([]);
  });

  it("anode-overpressure only once the metal is in the die", () => {
    const ds = run({
      layers: [SEPARATOR, LI],
      steps: [
        "Add separator",
        "Press to 300 MPa, hold 2 min",
        "Add anode",
        "Press to 50 MPa, hold 1 min",
        "Press to 80 MPa, hold 1 min",
      ],
    });
    expect(steps(ds, "anode-overpressure")).toEqual([5]);
  });
});

describe("where temperature and order diagnostics point", () => {
  const text = (steps: string[], layers = [SEPARATOR, LI]) =>
    ["name: pos", HEATED, "layers:", ...layers, "steps:", ...steps.map((s) => `  - ${s}`), ""].join("\n");
  const colOf = (t: string, needle: string) => {
    const line = t.split("\n").find((l) => l.includes(needle))!;
    return line.indexOf(needle) + 1;
  };

  it("melting at a heat step or a heated press points at the temperature; at an add it says to cool first", () => {
    const heat = text([
      "Add separator",
      "Press to 300 MPa, hold 2 min",
      "Add anode",
      "Press to 20 MPa, hold 1 min",
      "Heat to 190 °C",
    ]);
    const h = checkText("p.yaml", heat).diagnostics.find(
      (d) => d.rule === "temperature-limit" && d.step === 5,
    )!;
    expect(h.column).toBe(colOf(heat, "190 °C"));
    const press = text([
      "Add separator",
      "Press to 300 MPa, hold 2 min",
      "Add anode",
      "Press to 20 MPa, hold 1 min at 190 °C",
    ]);
    const p = checkText("p.yaml", press).diagnostics.filter(
      (d) => d.rule === "temperature-limit" && d.step === 4,
    );
    expect(p.length).toBeGreaterThan(0);
    for (const d of p) expect(d.column).toBe(colOf(press, "190 °C"));
    const add = text(["Add separator", "Press to 300 MPa, hold 2 min", "Heat to 190 °C", "Add anode"]);
    const a = checkText("p.yaml", add).diagnostics.filter(
      (d) => d.rule === "temperature-limit" && d.step === 4,
    );
    expect(a.some((d) => /; cool the die before adding "anode"$/.test(d.message))).toBe(true);
    const hot = a.find((d) => d.message.startsWith("adding"))!;
    expect(hot.column).toBe(colOf(add, "Add anode") + 4); // at the layer id
  });

  it("operating a cell above its metal's melting point is an error at the operate step", () => {
    const op = text([
      "Add separator",
      "Press to 300 MPa, hold 2 min",
      "Add anode",
      "Press to 20 MPa, hold 1 min",
      "Operate at 4 MPa for 1 h at 200 °C",
    ]);
    expect(steps(checkText("p.yaml", op).diagnostics, "temperature-limit")).toEqual([5]);
  });

  it("press-not-heated says what the press is and what to declare", () => {
    const ds = run({
      head: "die: { diameter: 10 mm }\npress: { type: manual }",
      layers: [SEPARATOR],
      steps: ["Add separator", "Heat to 120 °C"],
    });
    expect(ds.find((d) => d.rule === "press-not-heated")!.message).toBe(
      'the press is declared "manual", which cannot heat to 120 °C; declare "type: heated" with its "max_temperature", or remove the heating',
    );
  });

  it("step-order: a layer added twice, an empty die, a misspelt id three edits away", () => {
    const ds = run({
      layers: [SEPARATOR, LI],
      steps: [
        "Press to 100 MPa, hold 1 min",
        "Add separator",
        "Add separator",
        "Add sXpXrXtor",
        "Press to 300 MPa, hold 2 min",
        "Add anode",
        "Press to 20 MPa, hold 1 min",
      ],
    });
    const order = ds.filter((d) => d.rule === "step-order").map((d) => [d.step, d.message]);
    expect(order).toEqual([
      [1, 'step 1 presses an empty die; add a layer first (e.g. "Add separator")'],
      [
        3,
        'layer "separator" is already in the die; each layer is added once (define a second layer with its own id if you mean two)',
      ],
      [
        4,
        '"Add sXpXrXtor": no layer "sXpXrXtor" is defined; did you mean "separator"? defined layers: separator, anode',
      ],
    ]);
  });

  it("step-order: a material's name in Add points at its layer, and the die it left empty is not reported again", () => {
    const ds = run({
      layers: [SEPARATOR],
      steps: ["Add Li6PS5Cl", "Press to 300 MPa, hold 2 min", "Operate at 5 MPa for 1 h"],
    });
    expect(ds.filter((d) => d.severity === "error").map((d) => [d.step, d.message])).toEqual([
      [
        1,
        '"Add Li6PS5Cl": no layer "Li6PS5Cl" is defined; "Li6PS5Cl" is the material of layer "separator": Add takes the layer\'s id ("Add separator"); defined layers: separator',
      ],
    ]);
    // a layer whose material is misspelt: its own error, not also "presses an empty die"
    const misspelt = run({
      layers: ["  separator: { material: Li6PS5CI, mass: 80 mg }"],
      steps: ["Add separator", "Press to 300 MPa, hold 2 min"],
    });
    expect(misspelt.filter((d) => d.severity === "error").map((d) => d.rule)).toEqual(["unknown-material"]);
    // with no Add at all, pressing the empty die is still an error of its own
    const none = run({ layers: [SEPARATOR], steps: ["Press to 300 MPa, hold 2 min"] });
    expect(none.filter((d) => d.rule === "step-order").map((d) => d.message)).toEqual([
      'step 1 presses an empty die; add a layer first (e.g. "Add separator")',
    ]);
  });
});
