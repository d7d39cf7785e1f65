/**
 * The hostile protocol corpus: cases generated from a table of mutations of the shipped examples
 * (bad numbers and units at every quantity, look-alike characters, control characters, wrong types in
 * every field, YAML features a protocol refuses, odd encodings, huge and deep files). Each case says
 * what must happen when that is known: the exit code, the rule, a key phrase of the message and the
 * line (and column) it must point at. Run by test/fuzz/protocols.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface Expect {
  exit: 0 | 1 | 2;
  rule?: string;
  /** The message of a diagnostic with `rule` must match this. */
  phrase?: RegExp;
  /** 1-based line and column the diagnostic must point at. */
  line?: number;
  column?: number;
}

export interface Case {
  name: string;
  content: string | Uint8Array;
  /** Undefined: only the invariants are checked (no stack trace, valid JSON, positions in the file). */
  expect?: Expect;
  /** Large cases run only in a child process (memory and time measured). */
  large?: boolean;
  /** Generated in bulk: checked through `--json` only (the text form is checked on the others). */
  jsonOnly?: boolean;
}

const ROOT = join(import.meta.dirname, "..", "..");
const read = (p: string) => readFileSync(join(ROOT, p), "utf8");

/** The classic example, the base of most mutations. */
const CLASSIC = read("examples/classic-li-lpscl-nmc811.yaml");
const LIIN = read("examples/li-in-cell.yaml");
const HEATED = read("examples/heated-press.yaml");

/** 1-based line and column of the first occurrence of `needle` in `text` (after `after`, if given). */
function where(text: string, needle: string, after = ""): { line: number; column: number } {
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, Math.max(0, from));
  if (at < 0) throw new Error(`corpus: "${needle}" is not in the base text`);
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return { line, column: at - before.lastIndexOf("\n") };
}

/** Replace the first `from` (after `after`) with `to`. */
function swap(text: string, from: string, to: string, after = ""): string {
  const start = after ? text.indexOf(after) : 0;
  const at = text.indexOf(from, Math.max(0, start));
  if (at < 0) throw new Error(`corpus: "${from}" is not in the base text`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

// ---- 1. every quantity of the classic recipe, written wrong --------------------------------------

/** Where the classic recipe holds a quantity: the text around it, the value and its unit. */
const SITES: { name: string; context: string; value: string; unit: string; zeroOk?: boolean }[] = [
  { name: "die diameter", context: "diameter: 10 mm", value: "10 mm", unit: "mm" },
  { name: "die rating", context: "rating: 740 MPa", value: "740 MPa", unit: "MPa" },
  { name: "press capacity", context: "capacity: 10 t", value: "10 t", unit: "t" },
  { name: "separator mass", context: "mass: 80 mg", value: "80 mg", unit: "mg" },
  { name: "cathode mass", context: "mass: 15 mg", value: "15 mg", unit: "mg" },
  { name: "anode thickness", context: "thickness: 50 um", value: "50 um", unit: "um" },
  { name: "cathode fraction", context: "NMC811: 70 wt%", value: "70 wt%", unit: "wt%", zeroOk: true },
  { name: "press target", context: "Press to 250 MPa", value: "250 MPa", unit: "MPa" },
  { name: "ramp", context: "at 5 MPa/s, hold 2", value: "5 MPa/s", unit: "MPa/s" },
  { name: "hold", context: "hold 2 min", value: "2 min", unit: "min", zeroOk: true },
  { name: "anode press", context: "Press to 50 MPa", value: "50 MPa", unit: "MPa" },
  { name: "operating pressure", context: "Operate at 75 MPa", value: "75 MPa", unit: "MPa" },
  { name: "operation", context: "for 500 h", value: "500 h", unit: "h" },
];

/** Numbers that must never reach the models, with what the message must say about each. */
const BAD_NUMBERS: { text: string; phrase: RegExp; okWhenZeroAllowed?: boolean }[] = [
  { text: "NaN", phrase: /not a finite number/ },
  { text: "nan", phrase: /not a finite number/ },
  { text: "Infinity", phrase: /not a finite number/ },
  { text: "-Infinity", phrase: /not a finite number/ },
  { text: "inf", phrase: /not a finite number/ },
  { text: "1e308", phrase: /too large|beyond|outside/ },
  { text: "1e309", phrase: /too large/ },
  { text: "-1e308", phrase: /too large|must be positive|must not be negative|outside/ },
  { text: "1e30", phrase: /beyond|outside|too large/ },
  { text: "-1", phrase: /must be positive|must not be negative|outside/ },
  { text: "-0", phrase: /must be positive/, okWhenZeroAllowed: true },
  { text: "0", phrase: /must be positive/, okWhenZeroAllowed: true },
  { text: "0x1F", phrase: /unknown unit/ },
  { text: "1_000", phrase: /unknown unit/ },
  { text: "1.2.3", phrase: /unknown unit/ },
  { text: "½", phrase: /does not start with a number/ },
  { text: "", phrase: /does not start with a number|needs a value|is empty|must be/ },
];

function quantityCases(): Case[] {
  const out: Case[] = [];
  for (const site of SITES) {
    const at = where(CLASSIC, site.value, site.context);
    for (const n of BAD_NUMBERS) {
      const written = n.text === "" ? site.unit : `${n.text} ${site.unit}`;
      const content = swap(CLASSIC, site.value, written, site.context);
      const ok = n.okWhenZeroAllowed && site.zeroOk;
      out.push({
        name: `${site.name} = "${written}"`,
        content,
        jsonOnly: true,
        expect: ok
          ? undefined
          : {
              exit: 1,
              rule: n.text === "" ? undefined : "invalid-quantity",
              phrase: n.phrase,
              line: at.line,
            },
      });
    }
    // Bare YAML numbers: no unit, or not finite.
    for (const bare of [".nan", ".inf", "-.inf", "250", "1e308"]) {
      if (!/^\w+:\s/.test(site.context)) continue; // inside a step string YAML sees text, not a number
      out.push({
        jsonOnly: true,
        name: `${site.name} = ${bare} (bare YAML)`,
        content: swap(CLASSIC, site.value, bare, site.context),
        expect: {
          exit: 1,
          rule: "invalid-quantity",
          phrase: /not a finite number|has no unit/,
          line: at.line,
        },
      });
    }
  }
  return out;
}

// ---- 2. look-alike characters and case ----------------------------------------------------------

const LOOK_ALIKE_UNITS: {
  name: string;
  context: string;
  value: string;
  bad: string;
  fix: string;
  /** The character is not a known look-alike: the message points at the unit, not the character. */
  unitOnly?: boolean;
}[] = [
  { name: "Cyrillic М", context: "Press to 250", value: "250 MPa", bad: "250 \u041cPa", fix: "MPa" },
  {
    name: "Cyrillic Р and а",
    context: "Press to 250",
    value: "250 MPa",
    bad: "250 M\u0420\u0430",
    fix: "MPa",
  },
  { name: "Greek Ρ", context: "Press to 250", value: "250 MPa", bad: "250 M\u03a1a", fix: "MPa" },
  {
    name: "full-width MPa",
    context: "Press to 250",
    value: "250 MPa",
    bad: "250 \uff2d\uff30\uff41",
    fix: "MPa",
  },
  {
    name: "full-width digits",
    context: "Press to 250",
    value: "250 MPa",
    bad: "\uff12\uff15\uff10 MPa",
    fix: "250 MPa",
  },
  { name: "zero-width space", context: "Press to 250", value: "250 MPa", bad: "250 M\u200bPa", fix: "MPa" },
  { name: "soft hyphen", context: "Press to 250", value: "250 MPa", bad: "250 M\u00adPa", fix: "MPa" },
  { name: "Cyrillic м in mm", context: "diameter: 10 mm", value: "10 mm", bad: "10 \u043cm", fix: "mm" },
  { name: "Cyrillic Т tonnes", context: "capacity: 10 t", value: "10 t", bad: "10 \u0422", fix: "t" },
  {
    name: "Cyrillic н in min",
    context: "hold 2 min",
    value: "2 min",
    bad: "2 mi\u043d",
    fix: "min",
    unitOnly: true,
  },
  {
    name: "Kelvin sign",
    context: "at 5 MPa/s, hold 2",
    value: "5 MPa/s",
    bad: "5 MPa/s at 300 \u212a",
    fix: "",
  },
  { name: "Cyrillic с in min", context: "hold 2 min", value: "2 min", bad: "2 min\u0441", fix: "" },
  { name: "minus sign", context: "Press to 250", value: "250 MPa", bad: "\u2212250 MPa", fix: "-250 MPa" },
  { name: "MPA", context: "Press to 250", value: "250 MPa", bad: "250 MPA", fix: "MPa" },
  { name: "mpa", context: "Press to 250", value: "250 MPa", bad: "250 mpa", fix: "MPa" },
  { name: "Mpa", context: "Press to 250", value: "250 MPa", bad: "250 Mpa", fix: "MPa" },
  { name: "MM", context: "diameter: 10 mm", value: "10 mm", bad: "10 MM", fix: "mm" },
  { name: "MG", context: "mass: 80 mg", value: "80 mg", bad: "80 MG", fix: "mg" },
  { name: "mPa/S", context: "at 5 MPa/s, hold 2", value: "5 MPa/s", bad: "5 mpa/S", fix: "" },
];

/** Units written with look-alikes of degrees: refused with a suggestion, at the character. */
const DEGREE_LOOK_ALIKES = ["\u00ba", "\u02da", "\u2070", "\u2218"];

function lookAlikeCases(): Case[] {
  const out: Case[] = [];
  for (const l of LOOK_ALIKE_UNITS) {
    const content = swap(CLASSIC, l.value, l.bad, l.context);
    const at = where(content, l.bad, l.context);
    // The column of the first character that is not what it looks like (or of the unit).
    const offending = l.unitOnly ? -1 : [...l.bad].findIndex((c) => c.charCodeAt(0) > 0x7e);
    out.push({
      name: `look-alike: ${l.name} ("${l.bad}")`,
      content,
      expect: {
        exit: 1,
        rule: "invalid-quantity",
        phrase: l.fix
          ? new RegExp(`did you mean "[^"]*${l.fix.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`)
          : /unit|contains/,
        line: at.line,
        ...(offending >= 0 ? { column: at.column + offending } : {}),
      },
    });
  }
  const heated = HEATED;
  const temp = /(\d+) ?°C/.exec(heated.slice(heated.indexOf("steps:")))!;
  for (const d of DEGREE_LOOK_ALIKES) {
    const bad = `${temp[1]} ${d}C`;
    const content = swap(heated, temp[0], bad, "steps:");
    const at = where(content, bad, "steps:");
    out.push({
      name: `look-alike degree U+${d.charCodeAt(0).toString(16)}`,
      content,
      expect: {
        exit: 1,
        rule: "invalid-quantity",
        phrase: /did you mean "\d+ °C"/,
        line: at.line,
        column: at.column + bad.indexOf(d),
      },
    });
  }
  // Greek mu and the micro sign both mean micro: accepted, same as "um".
  for (const micro of ["\u00b5m", "\u03bcm"]) {
    out.push({
      name: `micro written ${micro}`,
      content: swap(CLASSIC, "50 um", `50 ${micro}`),
      expect: { exit: 0 },
    });
  }
  return out;
}

// ---- 3. control characters in every echo --------------------------------------------------------

const CONTROLS: { name: string; char: string }[] = [
  { name: "ESC", char: "\u001b[31m" },
  { name: "CR", char: "\r" },
  { name: "BEL", char: "\u0007" },
  { name: "backspace", char: "\u0008" },
  { name: "DEL", char: "\u007f" },
  { name: "C1 CSI", char: "\u009b" },
  { name: "RTL override", char: "\u202e" },
  { name: "line separator", char: "\u2028" },
];

function controlCases(): Case[] {
  const out: Case[] = [];
  for (const c of CONTROLS) {
    // Double-quoted YAML escapes carry any character into the value.
    const esc = JSON.stringify(c.char).slice(1, -1);
    out.push(
      {
        name: `control ${c.name} in a layer id`,
        content: swap(CLASSIC, "Add separator", `Add "sep${esc}arator"`).replace(
          "  - Add separator",
          `  - "Add sep${esc}arator"`,
        ),
        expect: { exit: 1 },
      },
      {
        name: `control ${c.name} in a material name`,
        content: swap(CLASSIC, "material: Li6PS5Cl,", `material: "Li6${esc}PS5Cl",`),
        // Material names are matched ignoring spaces (a CR or a line separator is one): no expectation.
        expect: /\s/.test(c.char) ? undefined : { exit: 1, rule: "unknown-material" },
      },
      {
        name: `control ${c.name} in an unknown key`,
        content: swap(CLASSIC, "press:\n", `"pre${esc}ss": 1\npress:\n`),
        expect: { exit: 0, rule: "schema", phrase: /unknown key/ },
      },
      {
        name: `control ${c.name} in a step verb`,
        content: swap(CLASSIC, "  - Add separator", `  - "Pr${esc}ess to 250 MPa"`),
        expect: { exit: 1, rule: "invalid-step" },
      },
      {
        name: `control ${c.name} in a unit`,
        content: swap(CLASSIC, "diameter: 10 mm", `diameter: "10 m${esc}m"`),
        expect: { exit: 1, rule: "invalid-quantity", line: where(CLASSIC, "diameter").line },
      },
    );
  }
  return out;
}

// ---- 4. wrong types in every field --------------------------------------------------------------

const WRONG_TYPES = ["[1, 2]", "{ a: 1 }", "true", "null", "42", "''", '"just text"', "~"];

/** Fields of the classic and Li-In recipes, by the line that holds them. */
const FIELDS: { name: string; base: string; line: string; key: string; mustFail: boolean }[] = [
  { name: "name", base: CLASSIC, line: /^name: .*$/m.exec(CLASSIC)![0], key: "name", mustFail: false },
  {
    name: "die",
    base: CLASSIC,
    line: "die:\n  diameter: 10 mm\n  rating: 740 MPa",
    key: "die",
    mustFail: true,
  },
  { name: "die.diameter", base: CLASSIC, line: "  diameter: 10 mm", key: "  diameter", mustFail: true },
  { name: "die.rating", base: CLASSIC, line: "  rating: 740 MPa", key: "  rating", mustFail: true },
  { name: "press", base: CLASSIC, line: "press:\n  capacity: 10 t", key: "press", mustFail: false },
  { name: "press.capacity", base: CLASSIC, line: "  capacity: 10 t", key: "  capacity", mustFail: true },
  { name: "press.type", base: LIIN, line: "  type: automatic", key: "  type", mustFail: false },
  {
    name: "layers",
    base: CLASSIC,
    line: "layers:\n  separator: { material: Li6PS5Cl, mass: 80 mg }\n  cathode:   { material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 15 mg }\n  anode:     { material: Li, thickness: 50 um }",
    key: "layers",
    mustFail: true,
  },
  {
    name: "layer",
    base: CLASSIC,
    line: "  separator: { material: Li6PS5Cl, mass: 80 mg }",
    key: "  separator",
    mustFail: true,
  },
  { name: "steps", base: LIIN, line: "steps:", key: "steps", mustFail: true },
  { name: "a step", base: CLASSIC, line: "  - Add separator", key: "  -", mustFail: true },
];

function wrongTypeCases(): Case[] {
  const out: Case[] = [];
  for (const f of FIELDS) {
    for (const t of WRONG_TYPES) {
      // "steps:" is followed by its list; replace the whole list for it
      const content =
        f.name === "steps"
          ? f.base.slice(0, f.base.indexOf("steps:")) + `steps: ${t}\n`
          : swap(f.base, f.line, `${f.key}${f.key.endsWith("-") ? "" : ":"} ${t}`);
      // A string where text is wanted is fine; a map or a list never is.
      // (an optional map given as another map only gets unknown-key warnings)
      const fails = f.mustFail || t.startsWith("[") || (t.startsWith("{") && f.name !== "press");
      out.push({
        jsonOnly: true,
        name: `wrong type: ${f.name} = ${t}`,
        content,
        expect: fails
          ? {
              exit: 1,
              phrase: /must|needs|not|no |empty|unknown|cannot|e\.g\./,
            }
          : undefined,
      });
    }
  }
  // Object steps: every field of a press step and of an operate step with a wrong type.
  const pressFields = ["press", "ramp", "hold", "hold_at", "release", "temperature"];
  for (const k of pressFields) {
    for (const t of ["[1, 2]", "{ a: 1 }", "42"]) {
      const step = `{ press: 250 MPa, ramp: 5 MPa/s, hold: 2 min, ${k === "press" ? "" : `${k}: ${t}, `}${k === "press" ? `press: ${t}` : "release: 5 MPa/s"} }`;
      const fixed =
        k === "press"
          ? `{ ramp: 5 MPa/s, hold: 2 min, press: ${t} }`
          : step.replace(/, release: 5 MPa\/s(?= })/, k === "release" ? "" : ", release: 5 MPa/s");
      out.push({
        name: `object press step: ${k} = ${t}`,
        content: swap(LIIN, "{ press: 250 MPa, ramp: 5 MPa/s, hold: 2 min, release: 5 MPa/s }", fixed),
        expect: { exit: 1, line: where(LIIN, "{ press: 250 MPa").line },
      });
    }
  }
  return out;
}

// ---- 5. YAML features a protocol refuses, and odd YAML --------------------------------------------

const ALIAS_BOMB = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`;

function yamlCases(): Case[] {
  const anchor = /anchors and aliases .* not supported/;
  return [
    {
      name: "anchor and alias on a value",
      content: swap(CLASSIC, "mass: 80 mg", "mass: &m 80 mg").replace("mass: 15 mg", "mass: *m"),
      expect: {
        exit: 1,
        rule: "schema",
        phrase: anchor,
        ...where(swap(CLASSIC, "mass: 80 mg", "mass: &m 80 mg"), "&m"),
      },
    },
    {
      name: "alias of a whole layer",
      content: swap(
        CLASSIC,
        "  anode:     { material: Li, thickness: 50 um }",
        "  anode: &x { material: Li, thickness: 50 um }\n  anode2: *x",
      ),
      expect: { exit: 1, rule: "schema", phrase: anchor },
    },
    {
      name: "merge key",
      content: swap(
        CLASSIC,
        "  anode:     { material: Li, thickness: 50 um }",
        "  base: &b { material: Li }\n  anode:\n    <<: *b\n    thickness: 50 um",
      ),
      expect: { exit: 1, rule: "schema", phrase: /merge keys \(<<\) are not supported/ },
    },
    {
      name: "merge key without an alias",
      content: swap(
        CLASSIC,
        "  anode:     { material: Li, thickness: 50 um }",
        "  anode:\n    <<: { material: Li }\n    thickness: 50 um",
      ),
      expect: {
        exit: 1,
        rule: "schema",
        phrase: /merge keys/,
        line: where(CLASSIC, "  anode:").line + 1,
        column: 5,
      },
    },
    {
      name: "alias bomb (billion laughs)",
      content: ALIAS_BOMB + CLASSIC.replace(/^name:.*$/m, "name: bomb"),
      expect: { exit: 1, rule: "schema", phrase: anchor, line: 1, column: 4 },
    },
    {
      name: "alias to nothing",
      content: swap(CLASSIC, "mass: 80 mg", "mass: *nothing"),
      expect: { exit: 1 },
    },
    {
      name: "tag !!binary",
      content: swap(CLASSIC, "mass: 80 mg", "mass: !!binary ODAgbWc="),
      expect: {
        exit: 1,
        rule: "schema",
        phrase: /tags \("!!binary"\) are not supported/,
        ...where(CLASSIC, "80 mg"),
      },
    },
    {
      name: "tag !!js/function",
      content: swap(CLASSIC, "name: ", 'name: !!js/function "function(){ return 1 }" #'),
      expect: {
        exit: 1,
        rule: "schema",
        phrase: /tags .* not supported/,
        line: where(CLASSIC, "name: ").line,
        column: 7,
      },
    },
    {
      name: "tag !!str",
      content: swap(CLASSIC, "mass: 80 mg", "mass: !!str 80 mg"),
      expect: { exit: 1, rule: "schema", phrase: /tags/ },
    },
    {
      name: "local tag",
      content: swap(CLASSIC, "  - Add separator", "  - !step Add separator"),
      expect: { exit: 1, rule: "schema", phrase: /tags/ },
    },
    {
      name: "tag !!python/object",
      content: "!!python/object:os.system\n" + CLASSIC,
      expect: { exit: 1, rule: "schema", phrase: /tags/, line: 1, column: 1 },
    },
    {
      name: "%YAML 1.1 directive",
      content: "%YAML 1.1\n---\n" + CLASSIC,
      expect: { exit: 1, rule: "schema", phrase: /directive/, line: 1, column: 1 },
    },
    { name: "%YAML 1.2 directive", content: "%YAML 1.2\n---\n" + CLASSIC, expect: { exit: 0 } },
    {
      name: "%TAG directive",
      content: "%TAG ! tag:example.com,2000:\n---\n" + CLASSIC,
      expect: { exit: 1, rule: "schema", phrase: /directive/ },
    },
    { name: "leading document marker", content: "---\n" + CLASSIC, expect: { exit: 0 } },
    { name: "document end marker", content: CLASSIC + "...\n", expect: { exit: 0 } },
    {
      name: "two documents",
      content: CLASSIC + "---\n" + CLASSIC,
      expect: { exit: 2, rule: "yaml-syntax", phrase: /one document/ },
    },
    { name: "three empty documents", content: "---\n---\n---\n", expect: { exit: 2 } },
    {
      name: "duplicate top key",
      content: CLASSIC + "steps: []\n",
      expect: { exit: 1, rule: "schema", phrase: /duplicate key "steps"/ },
    },
    {
      name: "duplicate layer key",
      content: swap(CLASSIC, "mass: 80 mg }", "mass: 80 mg, mass: 90 mg }"),
      expect: { exit: 1, rule: "schema", phrase: /duplicate key "mass"/ },
    },
    {
      name: "duplicate key 1000 times",
      content: CLASSIC + "note: x\n".repeat(1000),
      expect: { exit: 1, rule: "schema", phrase: /duplicate key/ },
    },
    {
      name: "tabs as indentation",
      content: CLASSIC.replace("  diameter", "\tdiameter"),
      expect: { exit: 2, rule: "yaml-syntax" },
    },
    {
      name: "tab after a colon",
      content: CLASSIC.replace("diameter: 10 mm", "diameter:\t10 mm"),
      expect: { exit: 0 },
    },
    { name: "empty file", content: "", expect: { exit: 2, rule: "unreadable", phrase: /empty/ } },
    {
      name: "whitespace only",
      content: "   \n\t\n  \n",
      expect: { exit: 2, rule: "unreadable", phrase: /empty/ },
    },
    { name: "newlines only", content: "\n".repeat(1000), expect: { exit: 2, rule: "unreadable" } },
    {
      name: "a lone dash",
      content: "-\n",
      expect: { exit: 1, rule: "schema", phrase: /a list, not a protocol/ },
    },
    { name: "a lone colon", content: ":\n", expect: { exit: 1 } },
    { name: "a number", content: "42\n", expect: { exit: 1, rule: "schema", phrase: /a single value/ } },
    { name: "null document", content: "~\n", expect: { exit: 1, rule: "schema" } },
    {
      name: "JSON protocol",
      content: JSON.stringify({
        name: "x",
        die: { diameter: "10 mm" },
        layers: { separator: "Li6PS5Cl" },
        steps: ["Add separator", "Press to 250 MPa, hold 2 min"],
      }),
      expect: { exit: 0 },
    },
    {
      name: "flow map with a missing brace",
      content: swap(CLASSIC, "mass: 80 mg }", "mass: 80 mg"),
      expect: { exit: 2, rule: "yaml-syntax" },
    },
    {
      name: "key without a value",
      content: swap(CLASSIC, "die:\n", "die:\n  diameter:\n  name: x\n").replace("  diameter: 10 mm\n", ""),
      expect: { exit: 1, rule: "invalid-quantity" },
    },
    { name: "numeric key", content: swap(CLASSIC, "  separator:", "  123:"), expect: { exit: 1 } },
    { name: "complex key", content: swap(CLASSIC, "  separator:", "  ? [a, b]\n  :"), expect: { exit: 1 } },
    {
      name: "block scalar step",
      content: swap(CLASSIC, "  - Add separator", "  - |\n    Add separator"),
      expect: { exit: 0 },
    },
    {
      name: "folded scalar name",
      content: swap(CLASSIC, "name: ", "name: >\n  folded\n  name\nx: "),
      expect: { exit: 0 },
    },
  ];
}

// ---- 6. encodings and line endings --------------------------------------------------------------

function encodingCases(): Case[] {
  const utf16 = (le: boolean) => {
    const body = Buffer.from(CLASSIC, "utf16le");
    if (!le) body.swap16();
    return Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
  };
  return [
    {
      name: "UTF-8 BOM",
      content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CLASSIC)]),
      expect: { exit: 0 },
    },
    { name: "UTF-16LE", content: utf16(true), expect: { exit: 2, rule: "unreadable", phrase: /UTF-16/ } },
    { name: "UTF-16BE", content: utf16(false), expect: { exit: 2, rule: "unreadable", phrase: /UTF-16/ } },
    {
      name: "UTF-16LE without BOM",
      content: Buffer.from(CLASSIC, "utf16le"),
      expect: { exit: 2, rule: "unreadable" },
    },
    {
      name: "Latin-1 degree sign",
      content: Buffer.concat([
        Buffer.from(HEATED.split("°")[0]!),
        Buffer.from([0xb0]),
        Buffer.from(HEATED.split("°").slice(1).join("°")),
      ]),
      expect: { exit: 2, rule: "unreadable", phrase: /UTF-8/ },
    },
    {
      name: "NUL byte",
      content: Buffer.concat([
        Buffer.from(CLASSIC.slice(0, 50)),
        Buffer.from([0]),
        Buffer.from(CLASSIC.slice(50)),
      ]),
      expect: { exit: 2, rule: "unreadable", phrase: /binary/ },
    },
    {
      name: "PNG header",
      content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      expect: { exit: 2, rule: "unreadable" },
    },
    {
      name: "gzip header",
      content: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]),
      expect: { exit: 2, rule: "unreadable" },
    },
    {
      name: "random bytes",
      content: Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256),
      expect: { exit: 2, rule: "unreadable" },
    },
    { name: "CRLF line endings", content: CLASSIC.replace(/\n/g, "\r\n"), expect: { exit: 0 } },
    { name: "CR-only line endings", content: CLASSIC.replace(/\n/g, "\r"), expect: undefined },
    {
      name: "mixed line endings",
      content: CLASSIC.split("\n")
        .map((l, i) => l + (i % 2 ? "\r\n" : "\n"))
        .join(""),
      expect: { exit: 0 },
    },
    { name: "no final newline", content: CLASSIC.trimEnd(), expect: { exit: 0 } },
    {
      name: "CRLF with an error",
      content: swap(CLASSIC, "Press to 250 MPa", "Press to 250").replace(/\n/g, "\r\n"),
      expect: {
        exit: 1,
        rule: "invalid-quantity",
        phrase: /has no unit/,
        line: where(CLASSIC, "250 MPa", "Press to").line,
        column: where(CLASSIC, " MPa", "Press to 250").column,
      },
    },
  ];
}

// ---- 7. size and depth --------------------------------------------------------------------------

const HEADER = `name: generated
die: { diameter: 10 mm }
layers:
  separator: { material: Li6PS5Cl, mass: 80 mg }
steps:
  - Add separator
`;

function manySteps(n: number, step = "Press to 250 MPa, hold 2 min"): string {
  return HEADER + `  - ${step}\n`.repeat(n);
}

function manyLayers(n: number): string {
  let s = "name: generated\ndie: { diameter: 10 mm }\nlayers:\n";
  for (let i = 0; i < n; i++) s += `  l${i}: { material: Li6PS5Cl, mass: 1 mg }\n`;
  s += "steps:\n";
  for (let i = 0; i < n; i++) s += `  - Add l${i}\n  - Press to 100 MPa, hold 1 min\n`;
  return s;
}

function sizeCases(): Case[] {
  const steps1001 = manySteps(1000);
  const layers101 = manyLayers(101);
  return [
    { name: "1,000 steps in all (limit)", content: manySteps(999), expect: { exit: 0 } },
    {
      name: "1,001 steps",
      content: steps1001,
      expect: { exit: 1, rule: "schema", phrase: /1001 steps; at most 1000/, line: 6 + 1000, column: 5 },
    },
    { name: "100 layers (limit)", content: manyLayers(100), expect: { exit: 0 } },
    {
      name: "101 layers",
      content: layers101,
      expect: { exit: 1, rule: "schema", phrase: /101 layers; at most 100/, line: 4 + 100, column: 3 },
    },
    {
      name: "5,000 bad steps: diagnostics capped",
      content: HEADER + "  - Frobnicate\n".repeat(5000),
      expect: { exit: 1, rule: "schema", phrase: /at most 1000/ },
    },
    {
      name: "40,000 bad steps in flow form",
      content: HEADER.replace(
        /steps:\n {2}- Add separator\n/,
        `steps: [${Array(40000).fill("x").join(",")}]\n`,
      ),
      expect: { exit: 1, rule: "schema", phrase: /40000 steps; at most 1000/ },
    },
    {
      name: "400,000 bad steps",
      content: HEADER.replace(
        /steps:\n {2}- Add separator\n/,
        `steps: [${Array(400000).fill("x").join(",")}]\n`,
      ),
      expect: { exit: 2, rule: "unreadable", phrase: /more than 50,000 YAML values/ },
    },
    {
      name: "100 kB layer id",
      content: swap(CLASSIC, "Add separator", `Add ${"s".repeat(100_000)}`),
      expect: { exit: 1, rule: "step-order" },
    },
    {
      name: "300 kB step",
      content: HEADER + `  - Press to ${"9".repeat(300_000)} MPa\n`,
      expect: { exit: 1, rule: "invalid-quantity" },
    },
    {
      name: "300 kB material name",
      content: swap(CLASSIC, "material: Li6PS5Cl,", `material: ${"Q".repeat(300_000)},`),
      expect: { exit: 1, rule: "unknown-material" },
    },
    {
      name: "300 kB key",
      content: swap(CLASSIC, "press:\n", `${"k".repeat(300_000)}: 1\npress:\n`),
      expect: { exit: 2, rule: "yaml-syntax", phrase: /1024/ },
    },
    {
      name: "1,000-character unknown key",
      content: swap(CLASSIC, "press:\n", `${"k".repeat(1000)}: 1\npress:\n`),
      expect: { exit: 0, rule: "schema", phrase: /unknown key "k+… \(920 more characters\)"/ },
    },
    {
      name: "300 kB quoted key",
      content: swap(CLASSIC, "press:\n", `"${"k".repeat(300_000)}": 1\npress:\n`),
      expect: undefined,
    },
    { name: "300 kB comment", content: `# ${"c".repeat(300_000)}\n` + CLASSIC, expect: { exit: 0 } },
    {
      name: "flow nesting 64 deep",
      content: CLASSIC + `note: ${"[".repeat(60)}${"]".repeat(60)}\n`,
      expect: { exit: 0 },
    },
    {
      name: "flow nesting 65 deep",
      content: `note: ${"[".repeat(65)}${"]".repeat(65)}\n` + CLASSIC,
      expect: { exit: 2, rule: "unreadable", phrase: /nest more than 64 levels/, line: 1, column: 7 + 64 },
    },
    {
      name: "map nesting 1,000 deep",
      content: `note: ${"{a: ".repeat(1000)}${"}".repeat(1000)}\n` + CLASSIC,
      expect: { exit: 2, rule: "unreadable", phrase: /nest/ },
    },
    {
      name: "block nesting 300 deep",
      content:
        "note:\n" + Array.from({ length: 300 }, (_, i) => `${" ".repeat(i + 1)}k${i}:\n`).join("") + CLASSIC,
      expect: undefined,
    },
    {
      name: "dash nesting 10,000 deep",
      content: `note: ${"- ".repeat(10_000)}x\n` + CLASSIC,
      expect: { exit: 2, rule: "yaml-syntax" },
    },
  ];
}

/** The largest cases: run as child processes with a memory ceiling. */
export function largeCases(): Case[] {
  const big = manySteps(100_000, "w");
  return [
    {
      name: "100,000 steps",
      content: big,
      expect: { exit: 2, rule: "unreadable", phrase: /YAML values/ },
      large: true,
    },
    {
      name: "5,000 layers",
      content: manyLayers(5000),
      expect: { exit: 2, rule: "unreadable", phrase: /YAML values/ },
      large: true,
    },
    {
      name: "100,000 steps of 1 MB",
      content: manySteps(100_000, "Wait 1 s"),
      expect: { exit: 2, rule: "unreadable", phrase: /limit 1 MB/ },
      large: true,
    },
    {
      name: "2,000 layers",
      content: manyLayers(2000),
      expect: { exit: 1, rule: "schema", phrase: /2000 layers; at most 100/ },
      large: true,
    },
    {
      name: "10 MB file",
      content: manySteps(Math.ceil(10e6 / 32)),
      expect: { exit: 2, rule: "unreadable", phrase: /MB/ },
      large: true,
    },
    {
      name: "flow nesting 300,000 deep",
      content: `note: ${"[".repeat(300_000)}\n`,
      expect: { exit: 2, rule: "unreadable", phrase: /nest/ },
      large: true,
    },
    {
      name: "1 MB of flow values",
      content: `name: x\nnote: [${Array(330_000).fill("1").join(",")}]\n`,
      expect: { exit: 2, rule: "unreadable", phrase: /YAML values/ },
      large: true,
    },
  ];
}

// ---- 8. the regressions of issue #6 -------------------------------------------------------------

function regressionCases(): Case[] {
  const stiff = swap(CLASSIC, "die:\n", "fixture: { type: rigid, stiffness: 1e300 kN/mm }\ndie:\n");
  const wait = swap(CLASSIC, "  - Add cathode on top", "  - Wait 1e308 h\n  - Add cathode on top");
  const huge = swap(CLASSIC, "Press to 250 MPa", "Press to 1e308 MPa");
  return [
    {
      name: "issue #6: fixture stiffness 1e300 kN/mm",
      content: stiff,
      expect: {
        exit: 1,
        rule: "invalid-quantity",
        phrase: /"1e300 kN\/mm" for the fixture stiffness is beyond 100,000 kN\/mm/,
        ...where(stiff, "1e300"),
      },
    },
    {
      name: "issue #6: 1e308 MPa is quoted as written",
      content: huge,
      expect: {
        exit: 1,
        rule: "invalid-quantity",
        phrase: /^"1e308 MPa" is too large/,
        ...where(huge, "1e308"),
      },
    },
    {
      name: "issue #6: Wait 1e308 h",
      content: wait,
      expect: {
        exit: 1,
        rule: "invalid-quantity",
        phrase: /"1e308 h" is too large/,
        ...where(wait, "1e308"),
      },
    },
    {
      name: "issue #6: Wait 1e6 h",
      content: swap(CLASSIC, "  - Add cathode on top", "  - Wait 1e6 h\n  - Add cathode on top"),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /"1e6 h" for a wait is beyond 30 days/ },
    },
    {
      name: "ram diameter 1e-300 mm",
      content: swap(LIIN, "  type: automatic", "  type: manual\n  ram: 1e-300 mm"),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /outside 5…500 mm/ },
    },
    {
      name: "gauge unit unknown",
      content: swap(LIIN, "  type: automatic", "  type: manual\n  gauge: barr"),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /gauge unit .*did you mean "bar"/ },
    },
    {
      name: "gauge unit look-alike",
      content: swap(LIIN, "  type: automatic", "  type: manual\n  gauge: \u0431ar"),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /gauge unit/ },
    },
    {
      name: "gauge unit a length",
      content: swap(LIIN, "  type: automatic", "  type: manual\n  gauge: mm"),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /not a unit of pressure or force/ },
    },
    {
      name: "gauge unit psi",
      content: swap(LIIN, "  type: automatic", "  type: manual\n  gauge: psi"),
      expect: { exit: 0 },
    },
    {
      name: "temperature below absolute zero",
      content: swap(HEATED, /max_temperature: [^\n]+/.exec(HEATED)![0], "max_temperature: -300 °C"),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /below absolute zero/ },
    },
    {
      name: "spring preload 1e9 kN",
      content: swap(CLASSIC, "die:\n", "fixture: { type: spring, rate: 2 kN/mm, preload: 1e9 kN }\ndie:\n"),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /beyond 1 MN/ },
    },
    {
      name: "cycling 1e9 mAh/cm2",
      content: swap(LIIN, "cycling 1.5 mAh/cm2", "cycling 1e9 mAh/cm2"),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /beyond 100 mAh\/cm2/ },
    },
    {
      name: "force ramp on the pellet",
      content: swap(CLASSIC, "at 5 MPa/s, hold 2 min", "at 9000 kN/s, hold 2 min"),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /MPa\/s on the pellet .*beyond 1,000 MPa\/s/ },
    },
    {
      name: "density 1e6 g/cm3",
      content: swap(
        CLASSIC,
        "layers:\n",
        "materials:\n  MySE: { based_on: Li6PS5Cl, density: 1e6 g/cm3 }\nlayers:\n",
      ),
      expect: { exit: 1, rule: "invalid-quantity", phrase: /beyond 25 g\/cm3/ },
    },
  ];
}

// ---- 9. the committed malformed fixtures ----------------------------------------------------------

function fixtureCases(): Case[] {
  const dir = join(ROOT, "test", "fixtures", "malformed");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => ({ name: `fixture ${f}`, content: readFileSync(join(dir, f)) }));
}

/** Every in-process case. */
export function corpus(): Case[] {
  return [
    ...quantityCases(),
    ...lookAlikeCases(),
    ...controlCases(),
    ...wrongTypeCases(),
    ...yamlCases(),
    ...encodingCases(),
    ...sizeCases(),
    ...regressionCases(),
    ...fixtureCases(),
  ];
}
