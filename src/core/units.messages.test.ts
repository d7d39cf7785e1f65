/**
 * What the units module tells a person who typed a value wrong, and how values are shown. Messages
 * are part of the contract: they must name what was written, what it is and what was needed.
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_UNITS,
  DIMENSION_EXAMPLES,
  DIMENSION_NAMES,
  formatQuantity,
  fromUnit,
  lookupUnit,
  parseQuantity,
  roundSig,
  suggestUnit,
  toUnit,
  type Dimension,
} from "./units.js";

function message(text: unknown, dims?: Dimension[], role = "a press target"): string {
  const r = parseQuantity(text, dims ? { dims, role } : undefined);
  if (r.ok) throw new Error(`expected "${String(text)}" to be refused`);
  expect(r.error.code).toBe("invalid-quantity");
  return r.error.message;
}

describe("parseQuantity messages", () => {
  it("a bare number has no unit; the message gives an example in the dimension needed", () => {
    expect(message(250, ["pressure"])).toBe(
      '250 has no unit; a press target needs a pressure such as "250 MPa"',
    );
    expect(message("250", ["pressure"])).toBe(
      '"250" has no unit; a press target needs a pressure such as "250 MPa"',
    );
    expect(message("2", ["time"], "a hold")).toBe('"2" has no unit; a hold needs a time such as "2 min"');
    expect(message("7")).toBe('"7" has no unit; this value needs a quantity such as "250 MPa"');
  });

  it("names each accepted dimension when several are", () => {
    expect(message("5", ["pressure", "force"])).toBe(
      '"5" has no unit; a press target needs a pressure or a force such as "250 MPa"',
    );
    expect(message("5", ["pressure", "force", "torque"])).toBe(
      '"5" has no unit; a press target needs a pressure, a force or a torque such as "250 MPa"',
    );
    // two dimensions with the same name are named once
    expect(message("5", ["pressure-rate", "force-rate"], "a ramp")).toBe(
      '"5" has no unit; a ramp needs a rate such as "5 MPa/s"',
    );
  });

  it("a value of the wrong dimension says what it is", () => {
    expect(message("50 MPa/s", ["time"], "a hold")).toBe(
      '"50 MPa/s" is a rate, a hold needs a time (e.g. "2 min")',
    );
    expect(message("25 °C", ["pressure"])).toBe(
      '"25 °C" is a temperature, a press target needs a pressure (e.g. "250 MPa")',
    );
    expect(message("5 °C/min", ["time"], "a hold")).toMatch(/is a heating rate/);
  });

  it("non-numbers, non-finite numbers and values of the wrong type", () => {
    expect(message(Number.NaN, ["pressure"])).toBe(
      'a press target is not a finite number; write e.g. "250 MPa"',
    );
    expect(message(Infinity, ["pressure"])).toMatch(/not a finite number/);
    expect(message(null, ["pressure"])).toBe(
      'a press target must be a number with a unit such as "250 MPa", not an empty value',
    );
    expect(message([1], ["pressure"])).toMatch(/, not a list$/);
    expect(message(true, ["pressure"])).toMatch(/, not boolean$/);
    expect(message({}, ["pressure"])).toMatch(/, not object$/);
    expect(message("", ["pressure"])).toBe('a press target is empty; write e.g. "250 MPa"');
    expect(message("   ", ["pressure"])).toMatch(/is empty/);
    expect(message("abc MPa", ["pressure"])).toBe(
      '"abc MPa" does not start with a number; a press target needs a pressure such as "250 MPa"',
    );
    for (const s of ["NaN MPa", "-inf MPa", "Infinity MPa", "+infinity"])
      expect(message(s, ["pressure"])).toBe(
        `"${s}" is not a finite number; a press target needs a pressure such as "250 MPa"`,
      );
    expect(message("1e999 MPa", ["pressure"])).toBe(
      '"1e999 MPa" is too large to be a number; a press target needs a pressure such as "250 MPa"',
    );
  });

  it("an unknown unit: the closest known spelling, or an example", () => {
    expect(message("250 Mpa", ["pressure"])).toBe('unknown unit "Mpa" in "250 Mpa"; did you mean "MPa"?');
    expect(message("250 zzzzzz", ["pressure"])).toBe(
      'unknown unit "zzzzzz" in "250 zzzzzz"; a press target needs a pressure such as "250 MPa"',
    );
  });

  it("points at the problem inside the text", () => {
    const at = (t: string) => {
      const r = parseQuantity(t);
      return r.ok ? -1 : r.error.offset;
    };
    expect(at("  abc")).toBe(2);
    expect(at("  250")).toBe(5);
    expect(at(" 250 Mpx")).toBe(5);
    expect(at("250Mpx")).toBe(3);
    expect(at("  1e999 MPa")).toBe(2);
  });

  it("keeps signs, the unit as written and the text", () => {
    const r = parseQuantity("  -40  °C ");
    expect(r.ok && r.value).toEqual({
      value: 233.14999999999998,
      dim: "temperature",
      unit: "°C",
      text: "  -40  °C ",
    });
    const n = parseQuantity("+.5e1 N   m");
    expect(n.ok && [n.value.value, n.value.unit]).toEqual([5, "N m"]);
    const f = parseQuantity("30 %");
    expect(f.ok && f.value.basis).toBe("plain");
    const t = parseQuantity("1 t");
    expect(t.ok && "ambiguity" in t.value).toBe(false);
    expect(t.ok && "basis" in t.value).toBe(false);
  });
});

describe("unit lookup", () => {
  it("derived units: rates, stiffnesses, densities; not every quotient", () => {
    expect(lookupUnit("kN/mm")).toEqual({ dim: "stiffness", factor: 1e6 });
    expect(lookupUnit("MPa/um")!.dim).toBe("pressure-stiffness");
    expect(lookupUnit("mm/min")!.dim).toBe("speed");
    expect(lookupUnit("g/cm3")).toEqual({ dim: "density", factor: expect.closeTo(1000, 9) as number });
    expect(lookupUnit("kg/m3")).toEqual({ dim: "density", factor: 1 });
    expect(lookupUnit(" MPa / s ")!.dim).toBe("pressure-rate");
    for (const none of ["MPa/MPa", "/s", "MPa/", "kg/mm", "s/MPa", "xx/s", "MPa/xx", "K/cm3", "MPa/s/s"])
      expect(lookupUnit(none), none).toBeUndefined();
  });

  it("suggests the closest spelling, case-insensitively first", () => {
    expect(suggestUnit("mpa")).toBe("MPa");
    expect(suggestUnit("KN")).toBe("kN");
    expect(suggestUnit("MPa/sec")).toBe("MPa/s");
    expect(suggestUnit("mAh/cm")).toBe("mAh/cm2");
    expect(suggestUnit("zzzzzz")).toBeUndefined();
  });

  it("toUnit and fromUnit refuse unknown units and the wrong dimension", () => {
    expect(() => toUnit(1, "furlong")).toThrow("unknown unit furlong");
    expect(() => fromUnit(1, "furlong")).toThrow("unknown unit furlong");
    expect(() => toUnit(1, "MPa", "force")).toThrow("unit MPa is pressure, not force");
    expect(() => fromUnit(1, "MPa", "force")).toThrow("unit MPa is pressure, not force");
    expect(toUnit(1e6, "MPa", "pressure")).toBe(1);
    expect(fromUnit(1, "MPa", "pressure")).toBe(1e6);
  });
});

describe("showing values", () => {
  it("roundSig keeps significant digits, for output only", () => {
    expect(roundSig(39269.908)).toBe(39270);
    expect(roundSig(0.00123456)).toBe(0.001235);
    expect(roundSig(-39269.908, 2)).toBe(-39000);
    expect(roundSig(1000)).toBe(1000);
    expect(roundSig(999.96)).toBe(1000);
    expect(roundSig(0)).toBe(0);
    expect(roundSig(Infinity)).toBe(Infinity);
    expect(roundSig(Number.NaN)).toBeNaN();
  });

  it("formatQuantity writes a value in a unit", () => {
    expect(formatQuantity(250e6, "MPa")).toBe("250 MPa");
    expect(formatQuantity(39269.908, "kN")).toBe("39.27 kN");
    expect(formatQuantity(39269.908, "kN", 2)).toBe("39 kN");
    expect(formatQuantity(453.65, "°C")).toBe("180.5 °C");
    expect(formatQuantity(0.3, "wt%")).toBe("30 wt%");
    expect(formatQuantity(0.3, "%")).toBe("30%");
  });

  it("default units are the lab's: MPa, kN, mm, mg, s, °C, MPa/s, kN/s, N m", () => {
    expect(DEFAULT_UNITS).toEqual({
      pressure: "MPa",
      force: "kN",
      length: "mm",
      mass: "mg",
      time: "s",
      temperature: "°C",
      "pressure-rate": "MPa/s",
      "force-rate": "kN/s",
      torque: "N m",
    });
  });

  it("every dimension has a name and an example that parses to that dimension", () => {
    for (const [dim, example] of Object.entries(DIMENSION_EXAMPLES)) {
      const r = parseQuantity(example);
      expect(r.ok && r.value.dim, example).toBe(dim);
      expect(DIMENSION_NAMES[dim as Dimension]).toMatch(/^an? [a-z ]+$/);
    }
    expect(DIMENSION_NAMES).toMatchObject({
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
    });
  });
});

describe("a comma in a number (decimal comma)", () => {
  it("names a decimal comma and gives the number with a point, at the comma", () => {
    expect(message("2,5 MPa", ["pressure"])).toBe(
      '"2,5 MPa" has a decimal comma; write a decimal point: "2.5 MPa"',
    );
    expect(message("12,7 mm", ["length"], "the die diameter")).toBe(
      '"12,7 mm" has a decimal comma; write a decimal point: "12.7 mm"',
    );
    const r = parseQuantity("  0,96", { dims: ["fraction"], role: "x" });
    expect(r.ok ? -1 : r.error.offset).toBe(3);
  });

  it("offers both readings when three digits follow the comma, which may be a thousands separator", () => {
    expect(message("1,500 MPa", ["pressure"])).toBe(
      '"1,500 MPa" has a comma in its number; write a decimal point ("1.500 MPa") or leave the thousands separator out ("1500 MPa")',
    );
  });

  it("leaves other commas to the other messages", () => {
    expect(message("2.5,5 MPa", ["pressure"])).not.toMatch(/comma/);
    expect(message("2, MPa", ["pressure"])).not.toMatch(/decimal comma/);
  });

  it("a role's own example replaces the dimension's", () => {
    const r = parseQuantity("NaN %", { dims: ["fraction"], role: "the relative density", example: "96 %" });
    expect(r.ok ? "" : r.error.message).toBe(
      '"NaN %" is not a finite number; the relative density needs a fraction such as "96 %"',
    );
  });
});

describe("digits grouped by a space", () => {
  it("names the space and gives the digits together, for a space, a no-break space and a thin space", () => {
    expect(message("1 000 MPa", ["pressure"])).toBe(
      '"1 000 MPa" has a space inside its number; write the digits together: "1000 MPa"',
    );
    expect(message("250\u00a0000 kPa", ["pressure"])).toMatch(/write the digits together: "250000 kPa"$/);
    expect(message("12\u202f345\u2009678 Pa", ["pressure"])).toMatch(/"12345678 Pa"$/);
    const r = parseQuantity("10 000 N", { dims: ["force"], role: "x" });
    expect(r.ok ? -1 : r.error.offset).toBe(2);
  });

  it("leaves a number followed by its unit alone, and groups that are not thousands to the unit message", () => {
    expect(parseQuantity("2 t", { dims: ["force"], role: "x" }).ok).toBe(true);
    expect(message("1 0000 MPa", ["pressure"])).toMatch(/^unknown unit "0000 MPa"/);
    expect(message("1000 000.5 MPa", ["pressure"])).not.toMatch(/space inside/);
  });
});

describe("times, tolerances and marks that are not units", () => {
  it("reads time words as a lab notebook writes them", () => {
    for (const [text, seconds] of [
      ["2 minutes", 120],
      ["1 minute", 60],
      ["2 mins", 120],
      ["30 seconds", 30],
      ["5 secs", 5],
      ["1 hour", 3600],
      ["500 hours", 1.8e6],
    ] as const) {
      const r = parseQuantity(text, { dims: ["time"], role: "a hold" });
      expect(r.ok ? r.value.value : Number.NaN, text).toBeCloseTo(seconds, 9);
    }
  });

  it("a tolerance is named, with the value alone and how an Operate band is written", () => {
    expect(message("75 MPa ± 5 MPa", ["pressure"], "an operating pressure")).toBe(
      '"75 MPa ± 5 MPa": a tolerance (±) is not part of a value; write the value alone ("75 MPa"), and an Operate step\'s band as "(70..80 MPa)"',
    );
    expect(message("75 MPa +/- 5", ["pressure"])).toMatch(
      /a tolerance \(\+\/-\) is not part of a value; write the value alone \("75 MPa"\)/,
    );
  });

  it("no guess for a mark without letters: 2' may be minutes or feet", () => {
    expect(message("2'", ["time"], "a hold")).toBe(
      'unknown unit "\'" in "2\'"; a hold needs a time such as "2 min"',
    );
    expect(message('5"', ["length"], "a thickness")).not.toMatch(/did you mean/);
  });
});

describe("unit suggestions of the kind wanted", () => {
  it("suggests only a unit of the dimension needed; a case slip is named whatever its kind", () => {
    expect(message("1 km", ["length"], "the ram diameter")).not.toMatch(/kN/);
    expect(message("5 kn", ["force"])).toMatch(/did you mean "kN"\?/);
    expect(message("250 mpa", ["pressure"])).toMatch(/did you mean "MPa"\?/);
    // a force unit's case slip where a length is wanted: named, and then the kind is still wrong
    expect(message("5 kn", ["length"])).toMatch(/did you mean "kN"\?/);
    expect(message("1 Kn", ["length"])).toMatch(/did you mean "kN"\?/);
  });
});
