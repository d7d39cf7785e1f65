/**
 * User text echoed in messages (a protocol's name, a layer id, a file name) must not be able to
 * drive the terminal: control and bidirectional-override characters come out as visible escapes.
 */
import { describe, expect, it } from "vitest";
import { echo, escapeControl, MAX_ECHO_LENGTH } from "./text.js";

describe("escapeControl", () => {
  it("shows C0 controls, DEL and C1 controls as \\xNN, keeping tabs and newlines", () => {
    expect(escapeControl("\u0000")).toBe("\\x00");
    expect(escapeControl("a\u0007b")).toBe("a\\x07b"); // bell
    expect(escapeControl("\u0008")).toBe("\\x08");
    expect(escapeControl("\t\n")).toBe("\t\n");
    expect(escapeControl("\u000b\u000c\r")).toBe("\\x0b\\x0c\\x0d");
    expect(escapeControl("\u001b[2J")).toBe("\\x1b[2J"); // clear screen
    expect(escapeControl("\u001f")).toBe("\\x1f");
    expect(escapeControl("\u007f")).toBe("\\x7f");
    expect(escapeControl("\u0080\u009b\u009f")).toBe("\\x80\\x9b\\x9f");
  });

  it("shows line/paragraph separators and bidirectional overrides as \\uNNNN", () => {
    expect(escapeControl("\u2028\u2029")).toBe("\\u2028\\u2029");
    expect(escapeControl("\u202a\u202e")).toBe("\\u202a\\u202e");
    expect(escapeControl("\u2066\u2069")).toBe("\\u2066\\u2069");
  });

  it("leaves printable text alone, including units and the characters next to the escaped ranges", () => {
    const lab = "Li | Li6PS5Cl | NMC811, 10 mm die — 25 °C, 50 µm, ±5 MPa";
    expect(escapeControl(lab)).toBe(lab);
    expect(escapeControl(" ~\u00a0\u2027\u202f\u2065\u206a")).toBe(" ~\u00a0\u2027\u202f\u2065\u206a");
  });
});

describe("echo", () => {
  it("shows newlines and tabs as escapes so one value stays on one line", () => {
    expect(echo("a\nb")).toBe("a\\nb");
    expect(echo("a\r\nb")).not.toMatch(/[\r\n]/); // a carriage return cannot overwrite the line
    expect(echo("a\tb")).toBe("a\\tb");
    expect(echo("\u001b[31mred")).toBe("\\x1b[31mred");
  });

  it(`bounds the length at ${MAX_ECHO_LENGTH} characters and says how much was left out`, () => {
    expect(MAX_ECHO_LENGTH).toBe(200);
    const exact = "x".repeat(200);
    expect(echo(exact)).toBe(exact);
    expect(echo("x".repeat(201))).toBe(`${exact}… (1 more characters)`);
    expect(echo("y".repeat(250))).toBe(`${"y".repeat(200)}… (50 more characters)`);
    expect(echo("abcdef", 3)).toBe("abc… (3 more characters)");
    expect(echo("abc", 3)).toBe("abc");
  });
});
