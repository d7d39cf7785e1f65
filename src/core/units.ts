/**
 * Quantities and units. Every number that enters ssbpress is parsed here and stored in SI
 * (Pa, N, m, kg, s, K, ...); every number that leaves is converted here to the unit the user asked for.
 *
 * The unit set is small and domain specific (tonne-force vs US ton-force, weight vs volume percent,
 * pressure rates), and the error messages must speak the lab's language ("a hold needs a time"),
 * which is why this is a table of our own rather than a general units library.
 */
import { closest, distance } from "fastest-levenshtein";
import { err, ok, type Result } from "./errors.js";
import { echo } from "./text.js";

export type Dimension =
  | "pressure"
  | "force"
  | "length"
  | "area"
  | "mass"
  | "time"
  | "temperature"
  | "pressure-rate"
  | "force-rate"
  | "temperature-rate"
  | "speed"
  | "torque"
  | "fraction"
  | "density"
  | "current"
  | "charge"
  | "current-density"
  | "areal-capacity"
  | "stiffness"
  | "pressure-stiffness";

/** How a dimension is named in messages: "… is a rate, a hold needs a time". */
export const DIMENSION_NAMES: Record<Dimension, string> = {
  pressure: "a pressure",
  force: "a force",
  length: "a length",
  area: "an area",
  mass: "a mass",
  time: "a time",
  temperature: "a temperature",
  "pressure-rate": "a rate",
  "force-rate": "a rate",
  "temperature-rate": "a heating rate",
  speed: "a speed",
  torque: "a torque",
  fraction: "a fraction",
  density: "a density",
  current: "a current",
  charge: "a charge",
  "current-density": "a current density",
  "areal-capacity": "an areal capacity",
  stiffness: "a stiffness",
  "pressure-stiffness": "a stiffness",
};

/** A typical example of each dimension, shown in error messages. */
export const DIMENSION_EXAMPLES: Record<Dimension, string> = {
  pressure: "250 MPa",
  force: "3.9 t",
  length: "10 mm",
  area: "0.785 cm2",
  mass: "80 mg",
  time: "2 min",
  temperature: "25 °C",
  "pressure-rate": "5 MPa/s",
  "force-rate": "0.4 kN/s",
  "temperature-rate": "5 °C/min",
  speed: "1 mm/min",
  torque: "10 N m",
  fraction: "30 wt%",
  density: "1.86 g/cm3",
  current: "1 mA",
  charge: "1 mAh",
  "current-density": "0.2 mA/cm2",
  "areal-capacity": "2 mAh/cm2",
  stiffness: "50 kN/mm",
  "pressure-stiffness": "0.5 MPa/um",
};

/** Basis of a fraction: by weight, by volume, or unspecified (a plain %). */
export type FractionBasis = "weight" | "volume" | "plain";

export interface UnitDef {
  dim: Dimension;
  /** SI value of one unit. */
  factor: number;
  /** SI value of the unit's zero (temperatures only). */
  offset?: number;
  basis?: FractionBasis;
  /** Set when the unit's meaning is ambiguous; the text explains the reading taken. */
  ambiguity?: string;
}

const G = 9.80665; // standard gravity [m/s2]: 1 kgf = 9.80665 N exactly
const LBF = 4.4482216152605; // 1 lbf [N], exact by definition of the pound and g
const PSI = LBF / 0.0254 ** 2; // 6894.757... Pa

/** Units that stand alone (no slash). Keys are the accepted spellings. */
const SIMPLE: Record<string, UnitDef> = {
  // pressure
  Pa: { dim: "pressure", factor: 1 },
  kPa: { dim: "pressure", factor: 1e3 },
  MPa: { dim: "pressure", factor: 1e6 },
  GPa: { dim: "pressure", factor: 1e9 },
  bar: { dim: "pressure", factor: 1e5 },
  mbar: { dim: "pressure", factor: 1e2 },
  psi: { dim: "pressure", factor: PSI },
  ksi: { dim: "pressure", factor: PSI * 1e3 },
  "N/mm2": { dim: "pressure", factor: 1e6 },
  // force
  N: { dim: "force", factor: 1 },
  kN: { dim: "force", factor: 1e3 },
  MN: { dim: "force", factor: 1e6 },
  kgf: { dim: "force", factor: G },
  lbf: { dim: "force", factor: LBF },
  t: { dim: "force", factor: 1000 * G },
  tf: { dim: "force", factor: 1000 * G },
  tonne: { dim: "force", factor: 1000 * G },
  tonnes: { dim: "force", factor: 1000 * G },
  ton: {
    dim: "force",
    factor: 2000 * LBF,
    ambiguity:
      '"ton" was read as the US short ton-force (8.896 kN); write "t" or "tf" for the metric tonne-force (9.807 kN)',
  },
  tons: {
    dim: "force",
    factor: 2000 * LBF,
    ambiguity:
      '"tons" was read as US short tons-force (8.896 kN each); write "t" or "tf" for metric tonnes-force (9.807 kN)',
  },
  // length
  m: { dim: "length", factor: 1 },
  cm: { dim: "length", factor: 1e-2 },
  mm: { dim: "length", factor: 1e-3 },
  um: { dim: "length", factor: 1e-6 },
  µm: { dim: "length", factor: 1e-6 },
  μm: { dim: "length", factor: 1e-6 },
  nm: { dim: "length", factor: 1e-9 },
  in: { dim: "length", factor: 0.0254 },
  // area
  m2: { dim: "area", factor: 1 },
  cm2: { dim: "area", factor: 1e-4 },
  mm2: { dim: "area", factor: 1e-6 },
  // mass
  kg: { dim: "mass", factor: 1 },
  g: { dim: "mass", factor: 1e-3 },
  mg: { dim: "mass", factor: 1e-6 },
  ug: { dim: "mass", factor: 1e-9 },
  µg: { dim: "mass", factor: 1e-9 },
  // time
  ms: { dim: "time", factor: 1e-3 },
  s: { dim: "time", factor: 1 },
  sec: { dim: "time", factor: 1 },
  // the words as people write them in a lab notebook ("hold 2 minutes"); none is ambiguous
  secs: { dim: "time", factor: 1 },
  second: { dim: "time", factor: 1 },
  seconds: { dim: "time", factor: 1 },
  min: { dim: "time", factor: 60 },
  mins: { dim: "time", factor: 60 },
  minute: { dim: "time", factor: 60 },
  minutes: { dim: "time", factor: 60 },
  h: { dim: "time", factor: 3600 },
  hr: { dim: "time", factor: 3600 },
  hrs: { dim: "time", factor: 3600 },
  hour: { dim: "time", factor: 3600 },
  hours: { dim: "time", factor: 3600 },
  d: { dim: "time", factor: 86400 },
  day: { dim: "time", factor: 86400 },
  days: { dim: "time", factor: 86400 },
  // temperature
  K: { dim: "temperature", factor: 1, offset: 0 },
  "°C": { dim: "temperature", factor: 1, offset: 273.15 },
  "℃": { dim: "temperature", factor: 1, offset: 273.15 },
  degC: { dim: "temperature", factor: 1, offset: 273.15 },
  C: { dim: "temperature", factor: 1, offset: 273.15 },
  // torque
  "N m": { dim: "torque", factor: 1 },
  "N·m": { dim: "torque", factor: 1 },
  "N*m": { dim: "torque", factor: 1 },
  Nm: { dim: "torque", factor: 1 },
  "N.m": { dim: "torque", factor: 1 },
  "cN m": { dim: "torque", factor: 1e-2 },
  "in lbf": { dim: "torque", factor: 0.0254 * LBF },
  "lbf in": { dim: "torque", factor: 0.0254 * LBF },
  "ft lbf": { dim: "torque", factor: 0.3048 * LBF },
  "lbf ft": { dim: "torque", factor: 0.3048 * LBF },
  // fractions
  "wt%": { dim: "fraction", factor: 0.01, basis: "weight" },
  "vol%": { dim: "fraction", factor: 0.01, basis: "volume" },
  "%": { dim: "fraction", factor: 0.01, basis: "plain" },
  // electrical
  A: { dim: "current", factor: 1 },
  mA: { dim: "current", factor: 1e-3 },
  uA: { dim: "current", factor: 1e-6 },
  µA: { dim: "current", factor: 1e-6 },
  Ah: { dim: "charge", factor: 3600 },
  mAh: { dim: "charge", factor: 3.6 },
  uAh: { dim: "charge", factor: 3.6e-3 },
  µAh: { dim: "charge", factor: 3.6e-3 },
};

/** numerator dimension / denominator dimension -> derived dimension. */
const QUOTIENTS: Partial<Record<Dimension, Partial<Record<Dimension, Dimension>>>> = {
  pressure: { time: "pressure-rate", length: "pressure-stiffness" },
  force: { time: "force-rate", length: "stiffness" },
  temperature: { time: "temperature-rate" },
  length: { time: "speed" },
  mass: { length: "density" }, // g/cm3 is parsed specially below
  current: { area: "current-density" },
  charge: { area: "areal-capacity" },
};

/** Greek small mu (U+03BC), which many keyboards and fonts give for the micro sign µ (U+00B5). */
const GREEK_MU = /\u03bc/g;

/**
 * Resolve a unit string (exactly as written) to its definition, or undefined. The Greek mu is read
 * as the micro sign: both are "micro" to every reader, and a lab cannot tell them apart on screen.
 */
export function lookupUnit(unit: string): UnitDef | undefined {
  const u = unit.trim().replace(/\s+/g, " ").replace(GREEK_MU, "µ");
  const direct = SIMPLE[u];
  if (direct) return direct;
  const slash = u.indexOf("/");
  if (slash <= 0) return undefined;
  const numText = u.slice(0, slash).trim();
  const denText = u.slice(slash + 1).trim();
  const num = SIMPLE[numText];
  if (!num) return undefined;
  // volume in the denominator (g/cm3, kg/m3)
  const vol = /^(m|cm|mm)3$/.exec(denText);
  if (vol && num.dim === "mass") {
    const len = SIMPLE[vol[1]!]!.factor;
    return { dim: "density", factor: num.factor / len ** 3 };
  }
  const den = SIMPLE[denText];
  if (!den) return undefined;
  const dim = QUOTIENTS[num.dim]?.[den.dim];
  if (!dim || dim === "density") return undefined;
  // Rates of temperature are differences: °C/min equals K/min, no offset.
  return { dim, factor: num.factor / den.factor };
}

/** Every unit spelling we accept, for suggestions. */
function knownUnitSpellings(): string[] {
  const simple = Object.keys(SIMPLE);
  const rates = ["MPa/s", "MPa/min", "kN/s", "kN/min", "t/min", "t/s", "°C/min", "K/min", "mm/min"];
  const others = ["mA/cm2", "mAh/cm2", "g/cm3", "kN/mm", "MPa/um"];
  return [...simple, ...rates, ...others];
}

export interface Quantity {
  /** Value in SI units (Pa, N, m, m2, kg, s, K, ...; fractions as 0..1). */
  value: number;
  dim: Dimension;
  /** The unit as the user wrote it (canonical spelling). */
  unit: string;
  /** The text the quantity was parsed from. */
  text: string;
  basis?: FractionBasis;
  /** Set when the unit was ambiguous (e.g. "ton"); a warning should be shown. */
  ambiguity?: string;
}

export interface QuantityProblem {
  code: "invalid-quantity";
  message: string;
  /** Offset (0-based, in characters) inside the text where the problem starts. */
  offset: number;
}

export interface QuantityExpectation {
  /** Accepted dimensions. */
  dims: readonly Dimension[];
  /** What needs the quantity, for messages: "a hold", "the die diameter". */
  role: string;
  /** The example messages show, when the dimension's own ("30 wt%" for a fraction) would mislead. */
  example?: string;
}

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

function describe(dims: readonly Dimension[]): string {
  const names = [...new Set(dims.map((d) => DIMENSION_NAMES[d]))];
  if (names.length <= 1) return names[0] ?? "a quantity";
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Suggest the closest known unit spelling for a misspelt unit. */
export function suggestUnit(unit: string, dims?: readonly Dimension[]): string | undefined {
  // a case slip is named whatever its kind ("mpa" → "MPa": the dimension check then says what kind
  // is needed)
  const ci = knownUnitSpellings().find((u) => u.toLowerCase() === unit.toLowerCase());
  if (ci) return ci;
  // a fuzzy guess only among the kinds wanted: "1 km" for a diameter is not "kN"
  const all = knownUnitSpellings().filter((u) => !dims || dims.includes(lookupUnit(u)?.dim as Dimension));
  // "2'" may be minutes or feet: with no letter to go by, any guess ("N"?) would mislead
  if (!/\p{L}/u.test(unit)) return undefined;
  const best = closest(unit, all);
  return distance(unit, best) <= Math.max(1, Math.floor(unit.length / 3)) ? best : undefined;
}

/**
 * Characters that look like the ASCII (or degree) character a unit needs but are not it, with the
 * character they imitate. Typed by a Cyrillic or Greek keyboard layout, pasted from a PDF or a word
 * processor; on screen "МPa" (Cyrillic М) is "MPa", but no program should guess silently which one
 * was meant, so the loader names the character and suggests the unit it looks like.
 */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  А: "A",
  В: "B",
  С: "C",
  Е: "E",
  Н: "H",
  К: "K",
  М: "M",
  О: "O",
  Р: "P",
  Т: "T",
  Х: "X",
  а: "a",
  с: "c",
  е: "e",
  о: "o",
  р: "p",
  х: "x",
  у: "y",
  к: "k",
  м: "m",
  ѕ: "s",
  і: "i",
  // Greek (the small mu is accepted as micro, see lookupUnit)
  Α: "A",
  Β: "B",
  Ε: "E",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Χ: "X",
  ο: "o",
  κ: "k",
  // degree look-alikes: masculine ordinal, ring above, superscript zero, ring operator
  º: "°",
  "˚": "°",
  "⁰": "°",
  "∘": "°",
  // letter-like symbols
  "\u212a": "K", // Kelvin sign
  "\u2212": "-", // minus sign
  "\u2013": "-", // en dash
  "\u2044": "/", // fraction slash
  "\u2215": "/", // division slash
  // invisible characters: removed
  "\u200b": "",
  "\u200c": "",
  "\u200d": "",
  "\u2060": "",
  "\ufeff": "",
  "\u00ad": "",
};

/** "a Cyrillic М (U+041C)": a character named for a message, with its article. */
function charName(c: string): string {
  const code = c.codePointAt(0)!;
  const u = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code >= 0xff01 && code <= 0xff5e) return `a full-width ${c} (${u})`;
  if (code >= 0x0400 && code <= 0x04ff) return `a Cyrillic ${c} (${u})`;
  if (code >= 0x0370 && code <= 0x03ff) return `a Greek ${c} (${u})`;
  if (LOOK_ALIKES[c] === "") return `an invisible character (${u})`;
  return `the character ${c} (${u})`;
}

/** Replace every look-alike character by the one it imitates; reports the first one and where it is. */
function foldLookAlikes(text: string): { folded: string; first?: { char: string; index: number } } {
  let folded = "";
  let first: { char: string; index: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    const fixed = code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : LOOK_ALIKES[c];
    if (fixed === undefined) {
      folded += c;
      continue;
    }
    first ??= { char: c, index: i };
    folded += fixed;
  }
  return first ? { folded, first } : { folded };
}

/**
 * When a text fails to parse only because of look-alike characters (or a unit in the wrong case
 * after folding them), the problem that names the character and suggests the text it looks like.
 */
function lookAlikeProblem(raw: string, expect?: QuantityExpectation): QuantityProblem | undefined {
  const { folded, first } = foldLookAlikes(raw);
  if (!first) return undefined;
  const what = charName(first.char);
  const looks = LOOK_ALIKES[first.char] ?? String.fromCharCode(first.char.charCodeAt(0) - 0xfee0);
  const like = looks === "" ? "" : ` that looks like ${looks}`;
  let suggestion: string | undefined;
  if (parseQuantity(folded, expect).ok) suggestion = folded.trim();
  else {
    const m = NUMBER_RE.exec(folded.trim());
    const unit = m ? folded.trim().slice(m[0].length).trim() : "";
    const fixedUnit = unit && suggestUnit(unit);
    if (m && fixedUnit && parseQuantity(`${m[0]} ${fixedUnit}`, expect).ok)
      suggestion = `${m[0]} ${fixedUnit}`;
  }
  // Invisible characters are shown as escapes, or the quoted text would look right.
  const shown = echo(raw, 80).replace(
    /[\u200b-\u200d\u2060\ufeff\u00ad]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return {
    code: "invalid-quantity",
    message: suggestion
      ? `"${shown}" contains ${what}${like}; did you mean "${suggestion}"?`
      : `"${shown}" contains ${what}${like}, which no unit has; retype the value in plain letters, e.g. "${expect ? (expect.example ?? DIMENSION_EXAMPLES[expect.dims[0]!]) : "250 MPa"}"`,
    offset: first.index,
  };
}

/**
 * How to write a number that has a comma in it, given the text before the comma (ending in a digit)
 * and after it (starting with one): "2,5" (a decimal comma, as many European labs write numbers)
 * becomes "2.5"; with three digits after the comma ("1,500") it may be a thousands separator, so both
 * readings are offered rather than one guessed.
 */
export function decimalCommaAdvice(before: string, after: string): string {
  const digits = /^\d*/.exec(after)![0];
  const decimal = echo(`${before}.${after}`, 80);
  return digits.length === 3
    ? `write a decimal point ("${decimal}") or leave the thousands separator out ("${echo(`${before}${after}`, 80)}")`
    : `write a decimal point: "${decimal}"`;
}

/**
 * "1 000 MPa": digits grouped by a space (or a thin or no-break space), as many style guides write
 * thousands. Named as such instead of an unknown unit "000 MPa".
 */
function groupedDigitsProblem(
  s: string,
  lead: string,
  raw: string,
  offset: number,
): QuantityProblem | undefined {
  if (!/^\d{1,3}$/.test(lead)) return undefined;
  const g = /^((?:[ \u00a0\u2009\u202f]\d{3})+)(?![\d.,])/.exec(s.slice(lead.length));
  if (!g) return undefined;
  const joined = `${lead}${g[1]!.replace(/[^\d]/g, "")}${s.slice(lead.length + g[1]!.length)}`;
  return {
    code: "invalid-quantity",
    message: `"${echo(raw, 80)}" has a space inside its number; write the digits together: "${echo(joined, 80)}"`,
    offset: offset + lead.length,
  };
}

function decimalCommaProblem(
  s: string,
  lead: string,
  raw: string,
  offset: number,
): QuantityProblem | undefined {
  if (!/^,\d/.test(s.slice(lead.length)) || !/^[+-]?\d+$/.test(lead)) return undefined;
  const after = s.slice(lead.length + 1);
  const kind = /^\d{3}(?!\d)/.test(after) ? "a comma in its number" : "a decimal comma";
  return {
    code: "invalid-quantity",
    message: `"${echo(raw, 80)}" has ${kind}; ${decimalCommaAdvice(lead, after)}`,
    offset: offset + lead.length,
  };
}

/**
 * Parse "250 MPa", "3.9 t", "5 MPa/s", "30 wt%", "25 °C" into SI. With an expectation, the dimension
 * is checked and the message says what was expected ("\"50 MPa/s\" is a rate, a hold needs a time").
 */
export function parseQuantity(
  text: unknown,
  expect?: QuantityExpectation,
): Result<Quantity, QuantityProblem> {
  const role = expect?.role ?? "this value";
  const wanted = expect ? describe(expect.dims) : "a quantity";
  const example = expect ? (expect.example ?? DIMENSION_EXAMPLES[expect.dims[0]!]) : "250 MPa";
  if (typeof text === "number") {
    if (!Number.isFinite(text)) {
      return err({
        code: "invalid-quantity",
        message: `${role} is not a finite number; write e.g. "${example}"`,
        offset: 0,
      });
    }
    return err({
      code: "invalid-quantity",
      message: `${text} has no unit; ${role} needs ${wanted} such as "${example}"`,
      offset: 0,
    });
  }
  if (typeof text !== "string") {
    return err({
      code: "invalid-quantity",
      message: `${role} must be a number with a unit such as "${example}", not ${text === null ? "an empty value" : Array.isArray(text) ? "a list" : typeof text}`,
      offset: 0,
    });
  }
  const raw = text;
  const lead = raw.length - raw.trimStart().length;
  const s = raw.trim();
  if (s === "") {
    return err({ code: "invalid-quantity", message: `${role} is empty; write e.g. "${example}"`, offset: 0 });
  }
  const m = NUMBER_RE.exec(s);
  if (!m) {
    const look = lookAlikeProblem(raw, expect);
    if (look) return err(look);
    const word = s.split(/\s+/)[0] ?? s;
    const special = /^[+-]?(nan|inf|infinity)$/i.test(word);
    return err({
      code: "invalid-quantity",
      message: special
        ? `"${echo(raw, 80)}" is not a finite number; ${role} needs ${wanted} such as "${example}"`
        : `"${echo(raw, 80)}" does not start with a number; ${role} needs ${wanted} such as "${example}"`,
      offset: lead,
    });
  }
  const value = Number(m[0]);
  if (!Number.isFinite(value)) {
    return err({
      code: "invalid-quantity",
      message: `"${echo(raw, 80)}" is too large to be a number; ${role} needs ${wanted} such as "${example}"`,
      offset: lead,
    });
  }
  const comma = decimalCommaProblem(s, m[0], raw, lead) ?? groupedDigitsProblem(s, m[0], raw, lead);
  if (comma) return err(comma);
  const unitText = s.slice(m[0].length).trim().replace(/\s+/g, " ");
  const unitOffset = lead + s.indexOf(unitText, m[0].length);
  if (unitText === "") {
    return err({
      code: "invalid-quantity",
      message: `"${echo(raw, 80)}" has no unit; ${role} needs ${wanted} such as "${example}"`,
      offset: lead + m[0].length,
    });
  }
  const def = lookupUnit(unitText);
  if (!def) {
    const look = lookAlikeProblem(raw, expect);
    if (look) return err(look);
    const tolerance = /±|\+\/-|\+-/.exec(unitText);
    if (tolerance) {
      const alone = `${m[0]} ${unitText.slice(0, tolerance.index).trim()}`.trim();
      return err({
        code: "invalid-quantity",
        message: `"${echo(raw, 80)}": a tolerance (${tolerance[0]}) is not part of a value; write the value alone ("${echo(alone, 40)}"), and an Operate step's band as "(70..80 MPa)"`,
        offset: unitOffset + tolerance.index,
      });
    }
    const hint = suggestUnit(unitText, expect?.dims);
    return err({
      code: "invalid-quantity",
      message: `unknown unit "${echo(unitText, 40)}" in "${echo(raw, 80)}"${hint ? `; did you mean "${hint}"?` : `; ${role} needs ${wanted} such as "${example}"`}`,
      offset: unitOffset,
    });
  }
  if (expect && !expect.dims.includes(def.dim)) {
    return err({
      code: "invalid-quantity",
      message: `"${echo(raw, 80)}" is ${DIMENSION_NAMES[def.dim]}, ${role} needs ${wanted} (e.g. "${example}")`,
      offset: unitOffset,
    });
  }
  const si = value * def.factor + (def.offset ?? 0);
  if (!Number.isFinite(si)) {
    // e.g. "1e308 MPa": a finite number of MPa, but more pascals than a number can hold.
    return err({
      code: "invalid-quantity",
      message: `"${echo(raw, 80)}" is too large to compute with (it overflows once converted to SI units); ${role} needs ${wanted} such as "${example}"`,
      offset: lead,
    });
  }
  const q: Quantity = { value: si, dim: def.dim, unit: unitText, text: raw };
  if (def.basis) q.basis = def.basis;
  if (def.ambiguity) q.ambiguity = def.ambiguity;
  return ok(q);
}

/** Convert an SI value to a unit (throws on an unknown unit or a dimension mismatch: a programming error). */
export function toUnit(si: number, unit: string, dim?: Dimension): number {
  const def = lookupUnit(unit);
  if (!def) throw new Error(`unknown unit ${unit}`);
  if (dim && def.dim !== dim) throw new Error(`unit ${unit} is ${def.dim}, not ${dim}`);
  return (si - (def.offset ?? 0)) / def.factor;
}

/** Convert a value in a unit to SI. */
export function fromUnit(value: number, unit: string, dim?: Dimension): number {
  const def = lookupUnit(unit);
  if (!def) throw new Error(`unknown unit ${unit}`);
  if (dim && def.dim !== dim) throw new Error(`unit ${unit} is ${def.dim}, not ${dim}`);
  return value * def.factor + (def.offset ?? 0);
}

/** Round to a number of significant digits (for output only, never for computation). */
export function roundSig(x: number, digits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const p = Math.pow(10, digits - Math.ceil(Math.log10(Math.abs(x))));
  return Math.round(x * p) / p;
}

/** "250 MPa": an SI value written in a unit with a sensible number of digits. */
export function formatQuantity(si: number, unit: string, digits = 4): string {
  const v = roundSig(toUnit(si, unit), digits);
  const sep = unit.startsWith("%") || unit === "°C" ? (unit === "°C" ? " " : "") : " ";
  return `${v}${sep}${unit}`;
}

/** Which unit the user probably wants to see for a dimension, given the units they used. */
export const DEFAULT_UNITS: Partial<Record<Dimension, string>> = {
  pressure: "MPa",
  force: "kN",
  length: "mm",
  mass: "mg",
  time: "s",
  temperature: "°C",
  "pressure-rate": "MPa/s",
  "force-rate": "kN/s",
  torque: "N m",
};
