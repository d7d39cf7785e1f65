/**
 * Where a file stops being UTF-8. The validator is checked against Node's own decoder (fatal mode)
 * on random bytes and on the edge cases of the encoding; the position is checked as an editor shows it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findInvalidUtf8, firstInvalidUtf8 } from "./utf8.js";

const decodes = (b: Uint8Array) => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
};
const bytes = (...b: number[]) => new Uint8Array(b);

describe("firstInvalidUtf8", () => {
  it("agrees with TextDecoder's fatal mode on random bytes, and the prefix before it decodes", () => {
    // bytes drawn mostly from the interesting ranges (ASCII, continuation bytes, lead bytes)
    const byte = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xff }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), (arr) => {
        const b = new Uint8Array(arr);
        const at = firstInvalidUtf8(b);
        expect(at < 0).toBe(decodes(b));
        if (at >= 0) expect(decodes(b.subarray(0, at))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees on valid text of every plane, and on the encoding's edge cases", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (s) => {
        expect(firstInvalidUtf8(new TextEncoder().encode(s))).toBe(-1);
      }),
    );
    const cases = [
      bytes(0xc0, 0x80), // overlong NUL
      bytes(0xe0, 0x80, 0x80), // overlong
      bytes(0xed, 0xa0, 0x80), // a surrogate
      bytes(0xf4, 0x90, 0x80, 0x80), // above U+10FFFF
      bytes(0xf5, 0x80, 0x80, 0x80),
      bytes(0xe2, 0x82), // cut short
      bytes(0xef, 0xbf, 0xbf), // U+FFFF is valid
      bytes(0xf0, 0x9f, 0x98, 0x80), // an emoji
    ];
    for (const c of cases) expect(firstInvalidUtf8(c) < 0, String([...c])).toBe(decodes(c));
  });
});

describe("findInvalidUtf8", () => {
  it("gives line and column in characters, and the byte with its Windows-1252 reading", () => {
    const text = new TextEncoder().encode("name: t\nμ: 25 °C, ");
    const b = new Uint8Array([...text, 0xb5, 0x6d]);
    expect(findInvalidUtf8(b)).toEqual({
      line: 2,
      column: 11, // μ, ":", " ", "2", "5", " ", "°", "C", ",", " " come before it
      what: 'byte 0xB5 (in Windows-1252 it would be "µ")',
    });
    expect(findInvalidUtf8(bytes(0x81))).toEqual({ line: 1, column: 1, what: "byte 0x81" });
    expect(findInvalidUtf8(bytes(0x0a, 0x0a, 0xe9))?.line).toBe(3);
    expect(findInvalidUtf8(new TextEncoder().encode("fine\n"))).toBeUndefined();
  });
});
