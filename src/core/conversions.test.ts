import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  circleArea,
  forceToPressure,
  gaugeToForce,
  parseBolts,
  preloadToTorque,
  pressureToForce,
  torqueToPreload,
} from "./conversions.js";
import { convert } from "./convert.js";

describe("die conversions", () => {
  it("500 MPa on a 10 mm die = 39.27 kN = 4.004 tf (independent hand value)", () => {
    const f = pressureToForce(500e6, 0.01);
    expect(f / 1e3).toBeCloseTo(39.27, 2);
    expect(f / 9806.65).toBeCloseTo(4.004, 3);
  });
  it("a 10 mm die gives 124.9 MPa per tonne; a 13 mm die 73.9 MPa per tonne (data/published README)", () => {
    expect(forceToPressure(9806.65, 0.01) / 1e6).toBeCloseTo(124.9, 1);
    expect(forceToPressure(9806.65, 0.013) / 1e6).toBeCloseTo(73.9, 1);
  });
  it("a 13 mm die rated 10 t ≈ 739 MPa (Specac)", () => {
    expect(forceToPressure(10 * 9806.65, 0.013) / 1e6).toBeCloseTo(738.9, 0);
  });
  it("pressure ⇄ force round-trips (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e3, max: 5e9, noNaN: true }),
        fc.double({ min: 1e-3, max: 0.2, noNaN: true }),
        (p, d) => {
          expect(forceToPressure(pressureToForce(p, d), d) / p).toBeCloseTo(1, 10);
        },
      ),
    );
  });
  it("gauge oil pressure × ram area = force", () => {
    expect(gaugeToForce(100e5, 0.05) / 1e3).toBeCloseTo(19.635, 3);
  });
  it("torque and preload invert each other", () => {
    expect(preloadToTorque(10e3, 0.2, 0.006)).toBeCloseTo(12, 10);
    expect(torqueToPreload(12, 0.2, 0.006)).toBeCloseTo(10e3, 6);
    expect(circleArea(0.01)).toBeCloseTo(7.853981e-5, 10);
  });
  it("reads bolt patterns", () => {
    expect(parseBolts("4xM6")).toEqual({ count: 4, diameter: 0.006, text: "4xM6" });
    expect(parseBolts("3 × M5")?.count).toBe(3);
    expect(parseBolts("M8")?.count).toBe(1);
    expect(parseBolts("4xQ6")).toBeUndefined();
  });
});

describe("convert", () => {
  const v = (input: string, o = {}) => {
    const r = convert(input, o);
    if (!r.ok) throw r.error;
    return r.value.values;
  };
  it("gives the CONTRACTS §4 keys", () => {
    expect(v("500 MPa", { die: "10mm" })).toEqual({
      "Pressure [MPa]": 500,
      "Force [kN]": 39.27,
      "Force [tf]": 4.004,
      "Force [lbf]": 8828,
      "Die diameter [mm]": 10,
    });
  });
  it("converts force to pressure and honours --to", () => {
    expect(v("3.9 t", { die: "10mm" })["Pressure [MPa]"]).toBeCloseTo(487, 0);
    expect(v("500 MPa", { die: "10mm", to: "tf" })).toEqual({ "Force [tf]": 4.004 });
    expect(v("8.896 kN", { to: "ton" })["Force [ton]"]).toBeCloseTo(1, 3);
  });
  it("reads a manual press gauge with the ram", () => {
    const r = v("200 bar", { ram: "50mm", die: "13mm" });
    expect(r["Force [kN]"]).toBeCloseTo(39.27, 2);
    expect(r["Pressure [MPa]"]).toBeCloseTo(295.9, 1);
  });
  it("gives the gauge reading for a pellet pressure", () => {
    const r = v("500 MPa", { ram: "50mm", die: "10mm" });
    expect(r["Gauge pressure [bar]"]).toBeCloseTo(200, 1);
  });
  it("gives bolt torque with the ±25 % scatter", () => {
    const r = v("60 MPa", { die: "10mm", bolts: "4xM6", nutFactor: "0.2" });
    // F = 60 MPa × 78.54 mm² = 4712 N; per bolt 1178 N; T = 0.2 × 1178 × 0.006 = 1.414 N m
    expect(r["Torque per bolt [N m]"]).toBeCloseTo(1.414, 3);
    expect(r["Pressure min [MPa]"]).toBe(45);
    expect(r["Pressure max [MPa]"]).toBe(75);
  });
  it("goes from torque back to pressure", () => {
    const r = v("1.414 N m", { die: "10mm", bolts: "4xM6" });
    expect(r["Pressure [MPa]"]).toBeCloseTo(60, 1);
  });
  it("explains usage errors", () => {
    const a = convert("500 MPa", { to: "kN" });
    expect(!a.ok && a.error.message).toMatch(/needs the die/);
    const b = convert("500", {});
    expect(!b.ok && b.error.message).toMatch(/no unit/);
    const c = convert("500 MPa", { die: "10" });
    expect(!c.ok && c.error.message).toMatch(/no unit/);
    const d = convert("10 N m", { die: "10mm" });
    expect(!d.ok && d.error.message).toMatch(/--bolts/);
  });
});
