/**
 * Corners of the units and convert modules a lab meets: spacing and micro signs as typed, bolt
 * patterns as written on drawings, flags that do not apply to the value given.
 */
import { describe, expect, it } from "vitest";
import { parseBolts } from "./conversions.js";
import { convert, type ConvertOptions } from "./convert.js";
import { lookupUnit, parseQuantity, suggestUnit } from "./units.js";

const area = (d: number) => (Math.PI * d * d) / 4;
const sig = (x: number) => +x.toPrecision(4);
const G = 9.80665;

function ok(input: string, opts: ConvertOptions = {}) {
  const r = convert(input, opts);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("units as typed", () => {
  it("runs of spaces or tabs inside a unit read as one space", () => {
    expect(lookupUnit("N   m")?.dim).toBe("torque");
    expect(lookupUnit("N\tm")?.dim).toBe("torque");
    expect(lookupUnit("in  lbf")?.dim).toBe("torque");
  });

  it("the Greek mu reads as the micro sign", () => {
    const um = parseQuantity("50 \u03bcm");
    expect(um.ok && um.value.value).toBeCloseTo(50e-6, 15);
    const ug = parseQuantity("20 \u03bcg");
    expect(ug.ok && ug.value.value).toBeCloseTo(20e-9, 18);
  });

  it("only m3, cm3 and mm3 are volumes", () => {
    expect(lookupUnit("g/dm3")).toBeUndefined();
    expect(lookupUnit("g/cm3x")).toBeUndefined();
    expect(lookupUnit("g/cm3")?.dim).toBe("density");
  });

  it("rates and derived units are suggested in their usual spelling", () => {
    for (const u of [
      "MPa/s",
      "MPa/min",
      "kN/s",
      "kN/min",
      "t/min",
      "°C/min",
      "mm/min",
      "mA/cm2",
      "mAh/cm2",
      "kN/mm",
      "MPa/um",
    ])
      expect(suggestUnit(u.toLowerCase()), u).toBe(u);
    expect(suggestUnit("k/min")).toBe("K/min");
    expect(suggestUnit("T/S")).toBe("t/s");
    expect(suggestUnit("G/CM3")).toBe("g/cm3");
  });

  it("words that merely start or end like nan or inf are not numbers at all", () => {
    for (const s of ["xinf MPa", "nanx MPa"]) {
      const r = parseQuantity(s);
      expect(!r.ok && r.error.message).toMatch(/does not start with a number/);
    }
  });

  it("a value that overflows once converted to SI is refused", () => {
    const r = parseQuantity("1e308 GPa");
    expect(r.ok).toBe(false);
  });
});

describe("bolt patterns", () => {
  it("counts and sizes of any length, decimals, spacing and case", () => {
    expect(parseBolts("14xM16")).toEqual({ count: 14, diameter: 0.016, text: "14xM16" });
    expect(parseBolts(" 4 x M6.5 ")).toEqual({ count: 4, diameter: 0.0065, text: "4 x M6.5" });
    expect(parseBolts("4XM6.25")?.diameter).toBeCloseTo(0.00625, 12);
    expect(parseBolts("4*m6")?.count).toBe(4);
  });

  it("refuses what is not a bolt pattern, no bolts, or a size of zero", () => {
    for (const bad of ["4xM6x", "x4xM6", "4xM6.", "4xM6.x", "4xM6 mm", "0xM6", "4xM0", "4xM"])
      expect(parseBolts(bad), bad).toBeUndefined();
  });
});

describe("convert flags that do not apply", () => {
  it("--gauge on a force, or without a ram, changes nothing", () => {
    expect(ok("3.9 t", { ram: "50mm", gauge: true }).values["Force [kN]"]).toBe(sig(3.9 * G));
    expect(ok("200 bar", { gauge: true }).values["Pressure [MPa]"]).toBe(20);
  });

  it("a gauge reading without a die gives the force only", () => {
    const f = 200e5 * area(0.05);
    expect(ok("200 bar", { ram: "50mm" }).lines).toEqual([
      "gauge 200 bar on a 50 mm ram (read as the oil pressure; --pellet reads it as the pellet pressure)",
      `${sig(f / 1e3)} kN = ${sig(f / (1000 * G))} tf = ${Math.round(f / 4.4482216152605)} lbf (add --die to get the pellet pressure)`,
    ]);
  });

  it("bolts need a force: none for a pressure without a die, no pressure band for a force without one", () => {
    expect(ok("500 MPa", { bolts: "4xM6" }).values["Torque per bolt [N m]"]).toBeUndefined();
    const f = ok("4 kN", { bolts: "4xM6" }).values;
    expect(f["Torque per bolt [N m]"]).toBe(sig(0.2 * 1000 * 0.006));
    expect(f["Pressure min [MPa]"]).toBeUndefined();
    expect(f["Pressure max [MPa]"]).toBeUndefined();
  });

  it("--to kN from a torque gives the total bolt force; --to a rate from a pressure is refused", () => {
    const preload = 10 / (0.2 * 0.006);
    expect(ok("10 N m", { bolts: "4xM6", to: "kN" }).values).toEqual({
      "Force [kN]": sig((4 * preload) / 1e3),
    });
    expect(convert("500 MPa", { die: "10mm", to: "kN/s" }).ok).toBe(false);
    expect(convert("500 MPa", { die: "10mm", to: "MPa/s" }).ok).toBe(false);
  });

  it("a bare number names what convert accepts", () => {
    const r = convert("500");
    expect(!r.ok && r.error.message).toBe(
      '"500" has no unit; convert needs a pressure, a force, a torque or a rate such as "250 MPa"',
    );
  });
});
