import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromUnit, parseQuantity, toUnit, type Dimension } from "./units.js";

const si = (text: string, dims?: Dimension[]) => {
  const r = parseQuantity(text, dims ? { dims, role: "test" } : undefined);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe("parseQuantity", () => {
  it("reads every unit of CONTRACTS §2 into SI", () => {
    expect(si("250 MPa").value).toBeCloseTo(250e6);
    expect(si("1 GPa").value).toBeCloseTo(1e9);
    expect(si("2 kPa").value).toBeCloseTo(2000);
    expect(si("100 bar").value).toBeCloseTo(1e7);
    expect(si("1 psi").value).toBeCloseTo(6894.757, 3);
    expect(si("1 ksi").value / 1e6).toBeCloseTo(6.895, 3);
    expect(si("1 kN").value).toBe(1000);
    expect(si("1 kgf").value).toBeCloseTo(9.80665, 10);
    expect(si("1 lbf").value).toBeCloseTo(4.44822, 5);
    for (const t of ["1 t", "1 tf", "1 tonne"]) expect(si(t).value).toBeCloseTo(9806.65, 6);
    expect(si("1 ton").value / 1000).toBeCloseTo(8.896, 3);
    expect(si("10 mm").value).toBeCloseTo(0.01);
    expect(si("50 um").value).toBeCloseTo(50e-6);
    expect(si("50 µm").value).toBeCloseTo(50e-6);
    expect(si("80 mg").value).toBeCloseTo(80e-6);
    expect(si("2 min").value).toBe(120);
    expect(si("500 h").value).toBe(1.8e6);
    expect(si("25 °C").value).toBeCloseTo(298.15);
    expect(si("300 K").value).toBe(300);
    expect(si("5 MPa/s").value).toBeCloseTo(5e6);
    expect(si("5 MPa/s").dim).toBe("pressure-rate");
    expect(si("60 kN/min").value).toBeCloseTo(1000);
    expect(si("60 kN/min").dim).toBe("force-rate");
    expect(si("10 N m").value).toBe(10);
    expect(si("10 N m").dim).toBe("torque");
    expect(si("30 wt%").value).toBeCloseTo(0.3);
    expect(si("30 wt%").basis).toBe("weight");
    expect(si("40 vol%").basis).toBe("volume");
    expect(si("1.86 g/cm3").value).toBeCloseTo(1860);
    expect(si("0.2 mA/cm2").value).toBeCloseTo(2);
    expect(si("2 mAh/cm2").value).toBeCloseTo(72000);
    expect(si("5 °C/min").dim).toBe("temperature-rate");
  });

  it("accepts numbers without a space and in exponent form", () => {
    expect(si("250MPa").value).toBeCloseTo(250e6);
    expect(si("2.5e2 MPa").value).toBeCloseTo(250e6);
  });

  it("flags the US ton as ambiguous", () => {
    expect(si("3 ton").ambiguity).toMatch(/US short ton/);
    expect(si("3 t").ambiguity).toBeUndefined();
  });

  it("says what a value is and what was needed", () => {
    const r = parseQuantity("50 MPa/s", { dims: ["time"], role: "a hold" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('"50 MPa/s" is a rate, a hold needs a time (e.g. "2 min")');
  });

  it("reports a missing unit, an unknown unit with a suggestion, and non-numbers", () => {
    const noUnit = parseQuantity("250", { dims: ["pressure"], role: "a press target" });
    expect(!noUnit.ok && noUnit.error.message).toMatch(/has no unit.*250 MPa/);
    const bare = parseQuantity(250, { dims: ["pressure"], role: "a press target" });
    expect(!bare.ok && bare.error.message).toMatch(/has no unit/);
    const typo = parseQuantity("250 Mpa");
    expect(!typo.ok && typo.error.message).toMatch(/did you mean "MPa"/);
    for (const bad of ["NaN MPa", "Infinity MPa", "abc", "", "   "]) {
      const r = parseQuantity(bad);
      expect(r.ok).toBe(false);
    }
    const huge = parseQuantity("1e999 MPa");
    expect(huge.ok).toBe(false);
  });

  it("points at the unit inside the text", () => {
    const r = parseQuantity("250 Mpx");
    expect(!r.ok && r.error.offset).toBe(4);
  });
});

describe("conversions", () => {
  const units: Record<string, string[]> = {
    pressure: ["Pa", "kPa", "MPa", "GPa", "bar", "psi", "ksi"],
    force: ["N", "kN", "kgf", "lbf", "t", "tf", "ton"],
    length: ["m", "mm", "um", "cm"],
    temperature: ["K", "°C"],
    time: ["s", "min", "h"],
  };
  it("round-trips every unit (property)", () => {
    for (const [dim, list] of Object.entries(units)) {
      fc.assert(
        fc.property(
          fc.double({ min: -1e9, max: 1e9, noNaN: true }),
          fc.constantFrom(...list),
          fc.constantFrom(...list),
          (x, a, b) => {
            const back = toUnit(fromUnit(toUnit(fromUnit(x, a, dim as Dimension), b), b), a);
            expect(back).toBeCloseTo(x, Math.abs(x) > 1e3 ? 3 - Math.floor(Math.log10(Math.abs(x))) + 6 : 6);
          },
        ),
      );
    }
  });
  it("matches independent reference values", () => {
    expect(toUnit(fromUnit(1, "ton"), "kN")).toBeCloseTo(8.896, 3);
    expect(toUnit(fromUnit(1, "ksi"), "MPa")).toBeCloseTo(6.895, 3);
    expect(toUnit(fromUnit(1, "tf"), "kN")).toBeCloseTo(9.80665, 8);
    expect(toUnit(fromUnit(1, "bar"), "psi")).toBeCloseTo(14.5038, 4);
  });
});

describe("look-alike characters, case and overflow (issue #6)", () => {
  const fail = (text: string, dims: Dimension[] = ["pressure"]) => {
    const r = parseQuantity(text, { dims, role: "a press target" });
    if (r.ok) throw new Error(`"${text}" was accepted`);
    return r.error;
  };

  it("names a Cyrillic or Greek letter, points at it and suggests the unit it looks like", () => {
    const e = fail("250 \u041cPa");
    expect(e.message).toBe(
      '"250 \u041cPa" contains a Cyrillic \u041c (U+041C) that looks like M; did you mean "250 MPa"?',
    );
    expect(e.offset).toBe(4);
    expect(fail("250 M\u0420a").offset).toBe(5);
    expect(fail("250 M\u03a1a").message).toMatch(/a Greek \u03a1 \(U\+03A1\).*did you mean "250 MPa"/);
    expect(fail("10 \u043c\u043c", ["length"]).message).toMatch(/did you mean "10 mm"/);
    // a look-alike that leaves a unit in the wrong case: both fixed in the suggestion
    expect(fail("3 \u0422", ["force"]).message).toMatch(/did you mean "3 t"/);
  });

  it("names full-width characters, degree look-alikes, minus signs and invisible characters", () => {
    expect(fail("250 \uff2d\uff30\uff41").message).toMatch(/full-width \uff2d \(U\+FF2D\).*"250 MPa"/);
    expect(fail("\uff12\uff15\uff10 MPa").offset).toBe(0);
    for (const d of ["\u00ba", "\u02da", "\u2070"]) {
      const e = fail(`120 ${d}C`, ["temperature"]);
      expect(e.message).toMatch(/did you mean "120 °C"/);
      expect(e.offset).toBe(4);
    }
    expect(fail("\u2212250 MPa").message).toMatch(/U\+2212.*did you mean "-250 MPa"/);
    const zw = fail("250 M\u200bPa");
    expect(zw.message).toContain("\\u200b");
    expect(zw.message).toMatch(/invisible character \(U\+200B\); did you mean "250 MPa"/);
    expect(zw.offset).toBe(5);
  });

  it("reads the micro sign and the Greek mu alike, silently", () => {
    for (const t of ["50 um", "50 \u00b5m", "50 \u03bcm"])
      expect(si(t, ["length"]).value).toBeCloseTo(50e-6, 12);
    expect(si("5 \u03bcg", ["mass"]).value).toBeCloseTo(5e-9, 15);
    expect(si("5 \u03bcA").dim).toBe("current");
  });

  it("suggests the right case for a unit in the wrong case", () => {
    for (const t of ["250 MPA", "250 mpa", "250 Mpa"])
      expect(fail(t).message).toMatch(/did you mean "MPa"\?/);
    expect(fail("10 MM", ["length"]).message).toMatch(/did you mean "mm"\?/);
  });

  it("refuses a value that overflows once in SI units, quoting it as written", () => {
    const e = fail("1e308 MPa");
    expect(e.message).toMatch(/^"1e308 MPa" is too large to compute with/);
    expect(e.message).not.toMatch(/Infinity/);
    expect(fail("1e308 h", ["time"]).message).toMatch(/^"1e308 h" is too large/);
    expect(fail("1e309 Pa").message).toMatch(/too large/);
    // the largest finite value in a unit of 1 is still a number (ranges are checked by the loader)
    expect(si("1e308 Pa").value).toBe(1e308);
  });

  it("bounds the user text it repeats and escapes control characters", () => {
    const long = `250 ${"x".repeat(5000)}`;
    expect(fail(long).message.length).toBeLessThan(400);
    expect(fail("250 M\u001b[31mPa").message).toContain("\\x1b");
  });
});
