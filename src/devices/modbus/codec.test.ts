import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeRaw,
  encodeRaw,
  EncodeRangeError,
  typeRange,
  VALUE_TYPES,
  WORD_ORDERS,
  wordCount,
} from "./codec.js";
import { DEFAULT_PRESS_MAP, decodeValue, encodeValue, loadPressMap } from "./map.js";

const order = fc.constantFrom(...WORD_ORDERS);

describe("register codec", () => {
  it("round-trips every integer each type holds, in both word orders", () => {
    for (const type of VALUE_TYPES.filter((t) => t !== "float32")) {
      const [min, max] = typeRange(type);
      fc.assert(
        fc.property(fc.integer({ min, max }), order, (x, o) => {
          const words = encodeRaw(x, type, o);
          expect(words).toHaveLength(wordCount(type));
          for (const w of words) expect(w >= 0 && w <= 0xffff && Number.isInteger(w)).toBe(true);
          expect(decodeRaw(words, type, o)).toBe(x);
        }),
      );
    }
  });

  it("round-trips float32 values exactly as float32 holds them", () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), order, (x, o) => {
        expect(decodeRaw(encodeRaw(x, "float32", o), "float32", o)).toBe(Math.fround(x));
      }),
    );
  });

  it("any two words decode to something that encodes back to the same words", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        order,
        (a, b, o) => {
          for (const type of ["uint32", "int32"] as const) {
            expect(encodeRaw(decodeRaw([a, b], type, o), type, o)).toEqual([a, b]);
          }
          const f = decodeRaw([a, b], "float32", o);
          if (!Number.isNaN(f)) expect(encodeRaw(f, "float32", o)).toEqual([a, b]);
        },
      ),
    );
  });

  it("puts the high word first or last as told", () => {
    expect(encodeRaw(0x12345678, "uint32", "high-first")).toEqual([0x1234, 0x5678]);
    expect(encodeRaw(0x12345678, "uint32", "low-first")).toEqual([0x5678, 0x1234]);
    expect(encodeRaw(-2, "int32", "low-first")).toEqual([0xfffe, 0xffff]);
    expect(encodeRaw(1, "float32", "high-first")).toEqual([0x3f80, 0x0000]);
    expect(decodeRaw([0xffff], "int16", "high-first")).toBe(-1);
    expect(decodeRaw([0xffff], "uint16", "high-first")).toBe(65535);
  });

  it("refuses values a type cannot hold, and NaN; saturates only when asked", () => {
    expect(() => encodeRaw(65536, "uint16", "high-first")).toThrow(EncodeRangeError);
    expect(() => encodeRaw(-1, "uint32", "high-first")).toThrow(/does not fit uint32/);
    expect(() => encodeRaw(2 ** 31, "int32", "high-first")).toThrow(EncodeRangeError);
    expect(() => encodeRaw(-32769, "int16", "high-first")).toThrow(EncodeRangeError);
    expect(() => encodeRaw(1e39, "float32", "high-first")).toThrow(/float32/);
    expect(() => encodeRaw(Number.POSITIVE_INFINITY, "float32", "high-first")).toThrow(EncodeRangeError);
    expect(() => encodeRaw(Number.NaN, "float32", "high-first")).toThrow(/NaN/);
    expect(() => encodeRaw(Number.NaN, "int32", "high-first")).toThrow(/NaN/);
    expect(encodeRaw(1e6, "int16", "high-first", { saturate: true })).toEqual([0x7fff]);
    expect(
      decodeRaw(encodeRaw(Number.NaN, "float32", "low-first", { saturate: true }), "float32", "low-first"),
    ).toBeNaN();
    expect(() => decodeRaw([1], "int32", "high-first")).toThrow(/2 register/);
    expect(() => decodeRaw([70000], "uint16", "high-first")).toThrow(/0–65535/);
  });

  it("converts SI values through a map's scale and unit both ways", () => {
    const v = DEFAULT_PRESS_MAP.values;
    expect(encodeValue(v.forceSetpoint, 20e3)).toEqual(encodeRaw(20, "float32", "high-first"));
    expect(decodeValue(v.temperature!, encodeRaw(25, "float32", "high-first"))).toBeCloseTo(298.15, 9);
    expect(decodeValue(v.rampRate!, encodeRaw(2.5, "float32", "high-first"))).toBe(2500);
    const plc = loadPressMap(
      "m.yaml",
      `word_order: low-first
values:
  force_setpoint: { table: holding, address: 0, type: int32, unit: N }
  force: { table: input, address: 0, type: int32, scale: 10, unit: N }
  temperature: { table: input, address: 2, type: int16, scale: 0.1, unit: degC }
  status: { table: input, address: 3, type: uint16 }
coils: { run: 0, release: 1, estop: 2 }
`,
    );
    expect(decodeValue(plc.values.force, [1234, 0])).toBe(12340);
    expect(encodeValue(plc.values.temperature!, 273.15 + 123.4)).toEqual([1234]);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (raw) => {
        const si = decodeValue(plc.values.forceSetpoint, encodeRaw(raw, "int32", "low-first"));
        expect(si).toBe(raw);
        expect(encodeValue(plc.values.forceSetpoint, si)).toEqual(encodeRaw(raw, "int32", "low-first"));
      }),
    );
  });
});
