import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SsbError } from "../../core/errors.js";
import { DEFAULT_PRESS_MAP, DEFAULT_PRESS_MAP_YAML, loadPressMap, MAX_MAP_CHARS } from "./map.js";

/** The problems of a map, one "file:line:col: message" each; fails the test if the map loads. */
function problems(text: string, file = "m.yaml"): { code: string; lines: string[] } {
  try {
    loadPressMap(file, text);
  } catch (e) {
    expect(e).toBeInstanceOf(SsbError);
    const err = e as SsbError;
    const lines = err.message.split("\n");
    expect(lines[0]).toMatch(/press map is not valid|m\.yaml:1:1/);
    return { code: err.code, lines: lines[0]!.startsWith("the press map") ? lines.slice(1) : lines };
  }
  throw new Error("the map loaded, a problem was expected");
}

const GOOD = `name: acme-hp10
unit_id: 3
word_order: low-first
values:
  force_setpoint:       { table: holding, address: 100, type: int32, scale: 1, unit: N }
  ramp_rate:            { table: holding, address: 102, type: int32, unit: N/s }
  temperature_setpoint: { table: holding, address: 104, type: int16, scale: 0.1, unit: degC }
  force:                { table: input, address: 200, type: int32, unit: kN }
  position:             { table: input, address: 202, type: int32, unit: um }
  temperature:          { table: input, address: 204, type: int16, scale: 0.1, unit: K }
  status:               { table: input, address: 206, type: uint16 }
status_bits: { ready: 0, moving: 1, at_setpoint: 2, fault: 3, estop: 4 }
coils: { run: 10, release: 11, estop: 12 }
`;

/** GOOD with one line replaced (1-based line number). */
function withLine(line: number, text: string): string {
  const lines = GOOD.split("\n");
  lines[line - 1] = text;
  return lines.join("\n");
}

describe("press map files", () => {
  it("reads the contract's example into SI conversions", () => {
    const m = loadPressMap("acme.yaml", GOOD);
    expect(m.name).toBe("acme-hp10");
    expect(m.unitId).toBe(3);
    expect(m.wordOrder).toBe("low-first");
    expect(m.values.force).toMatchObject({
      table: "input",
      address: 200,
      type: "int32",
      factor: 1000,
      words: 2,
    });
    expect(m.values.position!.factor).toBeCloseTo(1e-6, 15);
    expect(m.values.temperatureSetpoint).toMatchObject({ scale: 0.1, offset: 273.15, readOnly: false });
    expect(m.values.temperature).toMatchObject({ offset: 0, factor: 1, readOnly: true });
    expect(m.coils).toEqual({ run: 10, release: 11, estop: 12 });
    expect(m.statusBits).toEqual({ ready: 0, moving: 1, atSetpoint: 2, fault: 3, estop: 4 });
  });

  it("builds ssbpress-press-v1 in: float32 high word first, kN, kN/s, degC, mm, coils 0–2", () => {
    const m = DEFAULT_PRESS_MAP;
    expect(m.name).toBe("ssbpress-press-v1");
    expect(m.wordOrder).toBe("high-first");
    expect(Object.values(m.values).map((v) => v && [v.name, v.table, v.address, v.type, v.unit])).toEqual([
      ["force_setpoint", "holding", 0, "float32", "kN"],
      ["ramp_rate", "holding", 2, "float32", "kN/s"],
      ["temperature_setpoint", "holding", 4, "float32", "degC"],
      ["force", "input", 0, "float32", "kN"],
      ["position", "input", 2, "float32", "mm"],
      ["temperature", "input", 4, "float32", "degC"],
      ["status", "input", 6, "uint16", null],
    ]);
    expect(m.coils).toEqual({ run: 0, release: 1, estop: 2 });
    expect(loadPressMap("x", DEFAULT_PRESS_MAP_YAML).values).toEqual(m.values);
  });

  it("reads the PLC example shipped in examples/ and the defaults of optional entries", () => {
    const text = readFileSync(new URL("../../../examples/maps/plc-int32.yaml", import.meta.url), "utf8");
    const m = loadPressMap("examples/maps/plc-int32.yaml", text);
    expect(m.wordOrder).toBe("low-first");
    expect(Object.values(m.values).every((v) => v === null || v.table === "holding")).toBe(true);
    const minimal = loadPressMap(
      "min.yaml",
      `values:
  force_setpoint: { table: holding, address: 0, type: uint16, scale: 10, unit: N }
  force: { table: holding, address: 1, type: uint16, unit: kgf }
  status: { table: holding, address: 2, type: uint16 }
coils: { run: 0, release: 1, estop: 2 }
`,
    );
    expect(minimal).toMatchObject({ name: "min.yaml", unitId: 1, wordOrder: "high-first" });
    expect(minimal.values).toMatchObject({
      rampRate: null,
      temperatureSetpoint: null,
      position: null,
      temperature: null,
    });
    expect(minimal.statusBits.fault).toBe(3);
  });

  const cases: [string, string, string[]][] = [
    [
      "unknown top-level key, with a suggestion",
      withLine(3, "word_ordr: low-first"),
      ['m.yaml:3:1: unknown key "word_ordr" in the press map (did you mean "word_order"?)'],
    ],
    [
      "unknown key inside a value",
      withLine(6, "  ramp_rate:            { table: holding, adress: 102, type: int32, unit: N/s }"),
      [
        'm.yaml:6:43: unknown key "adress" in ramp_rate (did you mean "address"?)',
        "m.yaml:6:3: ramp_rate is missing address",
      ],
    ],
    ["missing force (points at values:)", withLine(8, ""), ["m.yaml:4:1: values: is missing force"]],
    [
      "missing unit (points at the value's key)",
      withLine(8, "  force:                { table: input, address: 200, type: int32 }"),
      ["m.yaml:8:3: force is missing unit (a force, e.g. kN)"],
    ],
    [
      "missing coil (points at coils:)",
      withLine(13, "coils: { run: 10, release: 11 }"),
      ["m.yaml:13:1: coils: is missing estop"],
    ],
    ["missing coils altogether", withLine(13, ""), ["m.yaml:1:1: missing coils:"]],
    [
      "overlapping addresses in one table",
      withLine(9, "  position:             { table: input, address: 201, type: int32, unit: um }"),
      ["m.yaml:9:50: position (input 201–202) overlaps force (input 200–201)"],
    ],
    [
      "a force in a length unit",
      withLine(
        5,
        "  force_setpoint:       { table: holding, address: 100, type: int32, scale: 1, unit: mm }",
      ),
      ['m.yaml:5:86: "mm" is a length unit, but force_setpoint is a force'],
    ],
    [
      "a ramp rate in a force unit",
      withLine(6, "  ramp_rate:            { table: holding, address: 102, type: int32, unit: kN }"),
      ['m.yaml:6:76: "kN" is a force unit, but ramp_rate is a rate'],
    ],
    [
      "a position in a force unit",
      withLine(9, "  position:             { table: input, address: 202, type: int32, unit: N }"),
      ['m.yaml:9:74: "N" is a force unit, but position is a length'],
    ],
    [
      "a temperature in a pressure unit",
      withLine(
        10,
        "  temperature:          { table: input, address: 204, type: int16, scale: 0.1, unit: bar }",
      ),
      ['m.yaml:10:86: "bar" is a pressure unit, but temperature is a temperature'],
    ],
    [
      "an unknown unit",
      withLine(8, "  force:                { table: input, address: 200, type: int32, unit: kilonewton }"),
      ['m.yaml:8:74: unknown unit "kilonewton"'],
    ],
    [
      "a unit on the status word",
      withLine(11, "  status:               { table: input, address: 206, type: uint16, unit: N }"),
      ["m.yaml:11:75: status is a word of bits: it has no unit"],
    ],
    [
      "a 32-bit status word",
      withLine(11, "  status:               { table: input, address: 206, type: uint32 }"),
      ["m.yaml:11:3: status must be a 16-bit word"],
    ],
    [
      "a bad type",
      withLine(8, "  force:                { table: input, address: 200, type: real, unit: kN }"),
      ['m.yaml:8:61: type must be one of uint16, int16, uint32, int32, float32, got "real"'],
    ],
    [
      "a bad word order",
      withLine(3, "word_order: big-endian"),
      ['m.yaml:3:13: word_order must be high-first or low-first, got "big-endian"'],
    ],
    [
      "a setpoint in an input register",
      withLine(5, "  force_setpoint:       { table: input, address: 100, type: int32, scale: 1, unit: N }"),
      ["m.yaml:5:34: force_setpoint is written by the driver, so it must be in table: holding"],
    ],
    [
      "a non-integer address",
      withLine(8, "  force:                { table: input, address: 200.5, type: int32, unit: kN }"),
      ["m.yaml:8:50: force's address must be a whole number from 0 to 65535, got 200.5"],
    ],
    [
      "a negative address",
      withLine(8, "  force:                { table: input, address: -2, type: int32, unit: kN }"),
      ["m.yaml:8:50: force's address must be a whole number from 0 to 65535, got -2"],
    ],
    [
      "a too-large address",
      withLine(8, "  force:                { table: input, address: 70000, type: int32, unit: kN }"),
      ["m.yaml:8:50: force's address must be a whole number from 0 to 65535, got 70000"],
    ],
    [
      "a 32-bit value at the last register",
      withLine(8, "  force:                { table: input, address: 65535, type: int32, unit: kN }"),
      ["m.yaml:8:50: force is a 32-bit int32 and needs 2 registers"],
    ],
    [
      "an address written as text",
      withLine(8, '  force:                { table: input, address: "200", type: int32, unit: kN }'),
      ['m.yaml:8:50: force\'s address must be a whole number from 0 to 65535, got "200"'],
    ],
    [
      "a zero scale",
      withLine(8, "  force:                { table: input, address: 200, type: int32, scale: 0, unit: kN }"),
      ["m.yaml:8:75: scale must be a non-zero number"],
    ],
    [
      "duplicate coil addresses",
      withLine(13, "coils: { run: 10, release: 11, estop: 10 }"),
      ["m.yaml:13:39: coil 10 is already run"],
    ],
    [
      "unknown status bit name",
      withLine(12, "status_bits: { ready: 0, busy: 1 }"),
      ['m.yaml:12:26: unknown key "busy" in status_bits'],
    ],
    [
      "a status bit outside 0–15",
      withLine(12, "status_bits: { ready: 0, fault: 16 }"),
      ["m.yaml:12:33: status bit fault must be a whole number from 0 to 15, got 16"],
    ],
    [
      "two flags on one bit",
      withLine(12, "status_bits: { ready: 0, fault: 0 }"),
      ["m.yaml:12:33: status bit 0 is already ready"],
    ],
    [
      "a bad unit id",
      withLine(2, "unit_id: 300"),
      ["m.yaml:2:10: unit_id must be a whole number from 0 to 255, got 300"],
    ],
    [
      "a value that is not a mapping",
      withLine(8, "  force: 200"),
      ["m.yaml:8:10: force must be a mapping of keys to values"],
    ],
    [
      "a duplicate key",
      withLine(2, "name: again"),
      ["m.yaml:2:1: YAML syntax error: Map keys must be unique"],
    ],
    [
      "YAML syntax",
      withLine(8, "  force: { table: input, address: 200"),
      ["m.yaml:8:10: YAML syntax error: Flow map"],
    ],
    ["aliases", withLine(9, "  position: *x"), ["m.yaml:9:13: YAML aliases"]],
    [
      "a list instead of a map",
      "- a\n- b\n",
      ["m.yaml:1:1: a press map must be a mapping of keys to values"],
    ],
    ["an empty file", "# nothing\n", ["m.yaml:1:1: the map is empty"]],
    ["binary", "name: x\n\0\0\0", ["m.yaml:1:1: the file is binary"]],
    [
      "a decimal comma inside { … }",
      withLine(
        7,
        "  temperature_setpoint: { table: holding, address: 104, type: int16, scale: 0,1, unit: degC }",
      ),
      [
        'm.yaml:7:78: "0,1" has a comma in its number, and inside { … } a comma separates entries, so it was read as 0 and a key "1"; write a decimal point: "0.1"',
      ],
    ],
    ["huge", `name: x\n${"#".repeat(MAX_MAP_CHARS)}\n`, ["m.yaml:1:1: the file has"]],
  ];

  for (const [what, text, expected] of cases) {
    it(`rejects ${what} with file:line:col`, () => {
      // The "duplicate key" case repeats name: on line 2, which replaces unit_id: put it back after name.
      const input =
        what === "a duplicate key" ? text.replace("name: again", "name: again\nunit_id: 3") : text;
      const { code, lines } = problems(input);
      expect(["parse", "usage"]).toContain(code);
      for (const e of expected) {
        expect(
          lines.some((l) => l.startsWith(e)),
          `expected a line starting with\n  ${e}\ngot\n  ${lines.join("\n  ")}`,
        ).toBe(true);
      }
    });
  }

  it("reports every problem at once, in file order, and says nothing was sent", () => {
    let caught: SsbError | undefined;
    try {
      loadPressMap(
        "bad.yaml",
        `values:
  force: { table: input, address: 0, type: float32, unit: mm }
  forse: 1
  status: { table: input, address: 0, type: uint16 }
coils: { run: 1, release: 1 }
`,
      );
    } catch (e) {
      caught = e as SsbError;
    }
    expect(caught?.code).toBe("usage");
    expect(caught!.message.split("\n").slice(1)).toEqual([
      "bad.yaml:1:1: values: is missing force_setpoint (required: force_setpoint, force, status)",
      'bad.yaml:2:59: "mm" is a length unit, but force is a force: use a unit such as kN',
      'bad.yaml:3:3: unknown key "forse" in values (did you mean "force"?); allowed: force_setpoint, ramp_rate, temperature_setpoint, force, position, temperature, status',
      "bad.yaml:5:1: coils: is missing estop (required: run, release, estop)",
      "bad.yaml:5:27: coil 1 is already run: run, release and estop need distinct coils",
    ]);
    expect(caught!.hint).toMatch(/nothing was sent/);
  });
});

describe("press map syntax errors", () => {
  it("points an unclosed flow map at its brace, past apostrophes in plain text", () => {
    const text = `name: Bob's press
values:
  force: { table: input, address: 0
  status: { table: input, address: 2, type: uint16 }
`;
    expect(() => loadPressMap("m.yaml", text)).toThrow(/m\.yaml:3:10: YAML syntax error/);
  });
});
