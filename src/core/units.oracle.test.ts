/**
 * Every unit spelling the units module accepts, checked against an independent oracle (mathjs).
 *
 * The list of spellings is read from the unit table in units.ts itself (through the TypeScript
 * parser), so a unit added to the table later without an oracle entry here makes this test fail
 * instead of going unchecked. Derived units (rates, stiffnesses, densities, current densities) are
 * enumerated as every numerator/denominator pair that `lookupUnit` accepts.
 */
import { readFileSync } from "node:fs";
import { all, create, type Unit } from "mathjs";
import { describe, expect, it } from "vitest";
import { fromUnit, lookupUnit, parseQuantity, toUnit, type Dimension } from "./units.js";

const math = create(all!);

// Units mathjs lacks, defined from first principles (not from ssbpress's constants):
// metric tonne-force: the weight of 1000 kg under standard gravity (9.80665 m/s², CGPM 1901).
math.createUnit("tonneforce", { definition: math.evaluate("1000 kg * 9.80665 m/s^2") as Unit });
// US short ton-force: the weight of 2000 avoirdupois pounds (0.45359237 kg each, exact since 1959).
math.createUnit("shorttonforce", {
  definition: math.evaluate("2000 * 0.45359237 kg * 9.80665 m/s^2") as Unit,
});
// kilo pound-force per square inch: mathjs has psi but no prefixes on it.
math.createUnit("ksi", { definition: math.evaluate("1000 lbf / inch^2") as Unit });
// Percentages by weight, by volume or plain: a hundredth, dimensionless.
math.createUnit("pct", { definition: "0.01", prefixes: "none" });

/** The mathjs spelling of each simple unit ssbpress accepts. */
const ORACLE: Record<string, string> = {
  Pa: "Pa",
  kPa: "kPa",
  MPa: "MPa",
  GPa: "GPa",
  bar: "bar",
  mbar: "mbar",
  psi: "psi",
  ksi: "ksi",
  "N/mm2": "N/mm^2",
  N: "N",
  kN: "kN",
  MN: "MN",
  kgf: "kgf",
  lbf: "lbf",
  t: "tonneforce",
  tf: "tonneforce",
  tonne: "tonneforce",
  tonnes: "tonneforce",
  ton: "shorttonforce",
  tons: "shorttonforce",
  m: "m",
  cm: "cm",
  mm: "mm",
  um: "um",
  µm: "um", // micro sign U+00B5
  μm: "um", // Greek mu U+03BC
  nm: "nm",
  in: "inch",
  m2: "m^2",
  cm2: "cm^2",
  mm2: "mm^2",
  kg: "kg",
  g: "g",
  mg: "mg",
  ug: "ug",
  µg: "ug",
  ms: "ms",
  s: "s",
  sec: "s",
  secs: "s",
  second: "second",
  seconds: "second",
  min: "min",
  mins: "min",
  minute: "minute",
  minutes: "minute",
  h: "h",
  hr: "hour",
  hrs: "hour",
  hour: "hour",
  hours: "hour",
  d: "day",
  day: "day",
  days: "day",
  K: "K",
  "°C": "degC",
  "℃": "degC",
  degC: "degC",
  C: "degC",
  // Not accepted today; listed so that adding Fahrenheit to the table is checked at once.
  "°F": "degF",
  degF: "degF",
  "N m": "N m",
  "N·m": "N m",
  "N*m": "N m",
  Nm: "N m",
  "N.m": "N m",
  "cN m": "cN m",
  "in lbf": "lbf inch",
  "lbf in": "lbf inch",
  "ft lbf": "lbf ft",
  "lbf ft": "lbf ft",
  "wt%": "pct",
  "vol%": "pct",
  "%": "pct",
  A: "A",
  mA: "mA",
  uA: "uA",
  µA: "uA",
  Ah: "Ah",
  mAh: "mAh",
  uAh: "uAh",
  µAh: "uAh",
};

/** The SI unit (in mathjs spelling) in which each dimension is stored. */
const SI: Record<Dimension, string> = {
  pressure: "Pa",
  force: "N",
  length: "m",
  area: "m^2",
  mass: "kg",
  time: "s",
  temperature: "K",
  "pressure-rate": "Pa/s",
  "force-rate": "N/s",
  "temperature-rate": "K/s",
  speed: "m/s",
  torque: "N m",
  fraction: "",
  density: "kg/m^3",
  current: "A",
  charge: "C",
  "current-density": "A/m^2",
  "areal-capacity": "C/m^2",
  stiffness: "N/m",
  "pressure-stiffness": "Pa/m",
};

/**
 * The keys of the `SIMPLE` unit table, read from the source of units.ts. A small scanner rather than
 * the TypeScript parser (which takes seconds to load, once per mutant under mutation testing): it
 * takes the object literal with the most keys in the declaration, so the table is still found when
 * Stryker wraps it in instrumentation.
 */
function tableSpellings(name = "SIMPLE"): string[] {
  const text = readFileSync(new URL("./units.ts", import.meta.url), "utf8");
  const start = text.search(new RegExp(`\\bconst ${name}\\b`));
  if (start < 0) throw new Error(`no ${name} table in units.ts`);
  const objects: string[][] = []; // keys of each object literal, by nesting
  const open: (string[] | null)[] = []; // null: a bracket that is not an object literal
  let last = ""; // the last significant token
  for (let i = text.indexOf("=", start) + 1; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) continue;
    if (c === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i); // a line comment
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i) + 1; // a block comment
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      const literal = text.slice(i + 1, j);
      i = j;
      // keys written with escapes ("\u212a") are decoded as JavaScript would
      const key = JSON.parse(`"${literal.replace(/"/g, '\\"')}"`) as string;
      if (isKey(text, i + 1) && (last === "{" || last === ",")) open[open.length - 1]?.push(key);
      last = "string";
    } else if (/[\p{L}_$]/u.test(c)) {
      const word = /^[\p{L}\p{N}_$]+/u.exec(text.slice(i))![0];
      i += word.length - 1;
      if (isKey(text, i + 1) && (last === "{" || last === ",")) open[open.length - 1]?.push(word);
      last = "word";
    } else if (c === "{" || c === "(" || c === "[") {
      open.push(c === "{" ? [] : null);
      last = c;
    } else if (c === "}" || c === ")" || c === "]") {
      const closed = open.pop();
      if (closed) objects.push(closed);
      last = c;
    } else if (c === ";" && open.length === 0)
      break; // the end of the declaration
    else last = c;
  }
  const table = objects.reduce<string[]>((a, b) => (b.length > a.length ? b : a), []);
  if (table.length === 0) throw new Error(`no ${name} table in units.ts`);
  return table;
}

/** Is the text at `i` (after spaces) a colon that is not part of `::`? */
function isKey(text: string, i: number): boolean {
  while (/\s/.test(text[i] ?? "")) i++;
  return text[i] === ":";
}

const SIMPLE_UNITS = tableSpellings();

/** Derived spellings the module accepts: every num/den pair of table units, and mass per volume. */
const DERIVED_UNITS = [
  ...SIMPLE_UNITS.flatMap((num) => SIMPLE_UNITS.map((den) => `${num}/${den}`)),
  ...SIMPLE_UNITS.flatMap((num) => ["m3", "cm3", "mm3"].map((vol) => `${num}/${vol}`)),
].filter((u) => !SIMPLE_UNITS.includes(u) && lookupUnit(u) !== undefined);

function oracleSpelling(unit: string): string {
  const direct = ORACLE[unit];
  if (direct !== undefined) return direct;
  const slash = unit.indexOf("/");
  const num = ORACLE[unit.slice(0, slash)];
  const denText = unit.slice(slash + 1);
  const den = /^(m|cm|mm)3$/.test(denText) ? `${denText.slice(0, -1)}^3` : ORACLE[denText];
  if (num === undefined || den === undefined) throw new Error(`no oracle spelling for "${unit}"`);
  return `${num}/${den}`;
}

/** The SI value of `x unit` according to mathjs. */
function oracleSI(x: number, unit: string, dim: Dimension): number {
  const u = math.unit(x, oracleSpelling(unit));
  // A dimensionless mathjs unit converts to "" without its factor; its SI value is `value`.
  return dim === "fraction" ? (u.toSI().value as number) : u.toNumber(SI[dim]);
}

const MAGNITUDES = [1e-3, 0.37, 1, 7.25, 250, 1.5e4];
const TEMPERATURES = [-40, 0, 25, 180.5, 1000];

function expectRelative(actual: number, expected: number, what: string): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs(actual - expected) / scale, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9);
}

describe("units oracle (mathjs)", () => {
  it("reads the unit table: it holds at least the units of CONTRACTS §2", () => {
    for (const u of [
      ...["Pa", "kPa", "MPa", "GPa", "bar", "psi", "ksi"],
      ...["N", "kN", "kgf", "lbf", "t", "tf", "tonne", "ton"],
      ...["m", "mm", "um", "kg", "mg", "s", "min", "h", "°C", "K", "N m", "wt%", "vol%"],
    ])
      expect(SIMPLE_UNITS).toContain(u);
    for (const u of ["MPa/s", "kN/min", "°C/min", "K/min", "kN/mm"]) expect(DERIVED_UNITS).toContain(u);
  });

  it("has an oracle spelling for every unit in the table (a new unit must be added here)", () => {
    const missing = SIMPLE_UNITS.filter((u) => ORACLE[u] === undefined);
    expect(missing).toEqual([]);
  });

  it.each(SIMPLE_UNITS)("%s: parseQuantity, fromUnit and toUnit agree with mathjs", (unit) => {
    const def = lookupUnit(unit)!;
    expect(def, unit).toBeDefined();
    expect(SI[def.dim], `${unit} has a known dimension`).toBeDefined();
    expect(math.unit(1, oracleSpelling(unit)).equalBase(math.unit(1, SI[def.dim] || "rad")), unit).toBe(
      def.dim !== "fraction",
    );
    const xs = def.dim === "temperature" ? TEMPERATURES : MAGNITUDES;
    for (const x of xs) {
      const expected = oracleSI(x, unit, def.dim);
      const q = parseQuantity(`${x} ${unit}`);
      if (!q.ok) throw new Error(q.error.message);
      expect(q.value.dim).toBe(def.dim);
      expect(q.value.unit).toBe(unit);
      expectRelative(q.value.value, expected, `parse ${x} ${unit}`);
      expectRelative(fromUnit(x, unit), expected, `fromUnit ${x} ${unit}`);
      expectRelative(toUnit(expected, unit), x, `toUnit ${expected} → ${unit}`);
    }
  });

  it("enumerates the derived units", () => {
    expect(DERIVED_UNITS.length).toBeGreaterThan(100);
  });

  it.each(DERIVED_UNITS)("%s: parseQuantity, fromUnit and toUnit agree with mathjs", (unit) => {
    const def = lookupUnit(unit)!;
    for (const x of MAGNITUDES) {
      const expected = oracleSI(x, unit, def.dim);
      const q = parseQuantity(`${x} ${unit}`);
      if (!q.ok) throw new Error(q.error.message);
      expect(q.value.dim).toBe(def.dim);
      expectRelative(q.value.value, expected, `parse ${x} ${unit}`);
      expectRelative(fromUnit(x, unit), expected, `fromUnit ${x} ${unit}`);
      expectRelative(toUnit(expected, unit), x, `toUnit ${expected} → ${unit}`);
    }
  });
});

describe("temperature differences", () => {
  it("a heating rate in °C/min is a difference: it equals the same number of K/min, with no 273.15 offset", () => {
    for (const spelling of ["°C/min", "℃/min", "degC/min", "C/min"]) {
      const q = parseQuantity(`5 ${spelling}`);
      if (!q.ok) throw new Error(q.error.message);
      expect(q.value.dim).toBe("temperature-rate");
      expectRelative(q.value.value, 5 / 60, spelling); // 5 K per 60 s
      expect(lookupUnit(spelling)!.offset ?? 0).toBe(0);
      expectRelative(toUnit(5 / 60, spelling), 5, `toUnit ${spelling}`);
      expectRelative(fromUnit(5, spelling), 5 / 60, `fromUnit ${spelling}`);
    }
    const k = parseQuantity("5 K/min");
    const c = parseQuantity("5 °C/min");
    expect(k.ok && c.ok && k.value.value === c.value.value).toBe(true);
    // 0 °C/min is no heating at all, not 273.15 K per minute
    const zero = parseQuantity("0 °C/s");
    expect(zero.ok && zero.value.value).toBe(0);
  });

  it("an absolute temperature in °C carries the 273.15 K offset, in and out", () => {
    for (const spelling of ["°C", "℃", "degC", "C"]) {
      const q = parseQuantity(`0 ${spelling}`);
      expect(q.ok && q.value.value).toBe(273.15);
      expect(toUnit(273.15, spelling)).toBe(0);
      expectRelative(toUnit(453.65, spelling), 180.5, spelling); // Li melts at 180.5 °C
    }
    expect(toUnit(300, "K")).toBe(300);
  });
});

/**
 * Characters that look like the ones a unit needs (Cyrillic and Greek letters, degree-like rings,
 * dashes, invisible characters) and what each looks like: what the message must name. Every entry of
 * the look-alike table in units.ts must be listed here.
 */
const LOOKS_LIKE: Record<string, string> = {
  ...Object.fromEntries([..."АВСЕНКМОРТХ"].map((c, i) => [c, "ABCEHKMOPTX"[i]!])),
  ...Object.fromEntries([..."асеорхукмѕі"].map((c, i) => [c, "aceopxykmsi"[i]!])),
  ...Object.fromEntries([..."ΑΒΕΗΙΚΜΝΟΡΤΧοκ"].map((c, i) => [c, "ABEHIKMNOPTXok"[i]!])),
  º: "°",
  "˚": "°",
  "⁰": "°",
  "∘": "°",
  "\u212a": "K",
  "\u2212": "-",
  "\u2013": "-",
  "\u2044": "/",
  "\u2215": "/",
  "\u200b": "",
  "\u200c": "",
  "\u200d": "",
  "\u2060": "",
  "\ufeff": "",
  "\u00ad": "",
};

describe("look-alike characters", () => {
  const table = tableSpellings("LOOK_ALIKES");

  it("every look-alike in the table is listed here with what it looks like", () => {
    expect(table.length).toBeGreaterThan(40);
    expect(table.filter((c) => LOOKS_LIKE[c] === undefined)).toEqual([]);
  });

  it.each(table)("%s is named in the message, with what it looks like, and pointed at", (c) => {
    const r = parseQuantity(`250 M${c}Pa`); // inside the unit, where trimming cannot remove it
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const looks = LOOKS_LIKE[c]!;
    if (looks === "") {
      expect(r.error.message).toMatch(/contains an invisible character \(U\+[0-9A-F]{4}\)/);
      expect(r.error.message).not.toMatch(/looks like/);
    } else expect(r.error.message).toContain(` that looks like ${looks}`);
    expect(r.error.offset).toBe(5);
  });
});
