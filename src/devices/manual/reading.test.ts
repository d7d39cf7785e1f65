/**
 * The one reader of a typed gauge reading (terminal, web console, answers file): what it accepts
 * and converts, and what it refuses with what to type instead.
 */
import { describe, expect, it } from "vitest";
import { parseGaugeReading } from "./reading.js";

const ok = (typed: unknown, unit?: string) => {
  const r = parseGaugeReading(typed, unit);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const refused = (typed: unknown, unit?: string) => {
  const r = parseGaugeReading(typed, unit);
  if (r.ok) throw new Error(`accepted ${String(typed)} as ${r.value}`);
  return r.message;
};

describe("a typed gauge reading", () => {
  it("takes a number in the gauge's unit, with or without the unit, and converts another unit of its kind", () => {
    expect(ok(3.4, "t")).toBe(3.4);
    expect(ok(" 3.4 ", "t")).toBe(3.4);
    expect(ok("3.4 t", "t")).toBe(3.4);
    expect(ok("3.4t", "t")).toBe(3.4);
    expect(ok(".5", "t")).toBe(0.5);
    expect(ok("33.3426 kN", "t")).toBeCloseTo(3.4, 4);
    expect(ok("25 MPa", "bar")).toBeCloseTo(250, 9);
    expect(ok("0", "t")).toBe(0);
    expect(ok("1e1", "t")).toBe(10);
  });

  it("refuses a unit of another kind: a pressure is not a reading of a force gauge", () => {
    expect(refused("500 MPa", "t")).toBe(
      '"500 MPa" is not in a unit the gauge reads; type a number ≥ 0 in t, e.g. 3.4 or 3.4 t',
    );
    expect(refused("3.4 t", undefined)).toMatch(/not in a unit the gauge reads/);
  });

  it("names a decimal comma and gives the number with a point", () => {
    expect(refused("3,4", "t")).toBe('"3,4" has a comma in its number; write a decimal point: "3.4"');
    expect(refused("3,4 t", "t")).toBe('"3,4 t" has a comma in its number; write a decimal point: "3.4 t"');
    expect(refused("1,500", "bar")).toMatch(/\("1\.500"\) or leave the thousands separator out \("1500"\)/);
  });

  it("never guesses: hex, NaN, Infinity, negative, words, empty, a list", () => {
    expect(refused("0x10", "t")).toMatch(/^"0x10": "x10" is not a unit/);
    expect(refused("NaN", "t")).toMatch(/^"NaN" is not a number; type a number ≥ 0 in t/);
    expect(refused("Infinity", "t")).toMatch(/is not a number/);
    expect(refused("1e999", "t")).toMatch(/too large/);
    expect(refused(-2, "t")).toMatch(/^-2 is not a gauge reading/);
    expect(refused("-2", "t")).toMatch(/is not a number/);
    expect(refused(Number.NaN, "t")).toMatch(/is not a gauge reading/);
    expect(refused("lots", "t")).toMatch(/"lots" is not a number/);
    expect(refused("", "t")).toMatch(/"" is not a number/);
    expect(refused([3], "t")).toMatch(/a list is not a gauge reading/);
    expect(refused("３.4", "t")).toMatch(/is not a number/);
  });
});
