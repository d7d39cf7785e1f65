/**
 * Press map files (CONTRACTS §5): which register holds what, in which type, scale, unit and word
 * order. A map is checked completely before anything is sent to a press — a wrong unit or an
 * overlapping address would otherwise command the wrong force — and every problem is reported with
 * the file:line:col to fix. The driver and the simulated press server both read and write SI values
 * (N, N/s, m, K) through the map.
 */
import { closest } from "fastest-levenshtein";
import {
  isAlias,
  isMap,
  isScalar,
  LineCounter,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import { SsbError } from "../../core/errors.js";
import { echo } from "../../core/text.js";
import { DIMENSION_NAMES, lookupUnit, type Dimension } from "../../core/units.js";
import { flowCommaSplits } from "../../protocol/flow-commas.js";
import {
  decodeRaw,
  encodeRaw,
  VALUE_TYPES,
  WORD_ORDERS,
  wordCount,
  type ValueType,
  type WordOrder,
} from "./codec.js";

export type Table = "holding" | "input";

type ValueName =
  "force_setpoint" | "ramp_rate" | "temperature_setpoint" | "force" | "position" | "temperature" | "status";

export interface MappedValue {
  name: ValueName;
  table: Table;
  /** First register (0-based PDU address). */
  address: number;
  type: ValueType;
  /** value in `unit` = raw × scale. */
  scale: number;
  /** The unit as written (null for the status word). */
  unit: string | null;
  wordOrder: WordOrder;
  /** Registers occupied (1 or 2). */
  words: 1 | 2;
  /** SI = value × factor + offset (from the unit; temperatures have an offset). */
  factor: number;
  offset: number;
  /** A value the press reads back only (measured values, status). */
  readOnly: boolean;
}

export type StatusBitName = "ready" | "moving" | "atSetpoint" | "fault" | "estop";

export interface PressMap {
  name: string;
  /** Where the map came from (file name, or "ssbpress-press-v1 (built in)"). */
  source: string;
  unitId: number;
  wordOrder: WordOrder;
  values: {
    forceSetpoint: MappedValue;
    rampRate: MappedValue | null;
    temperatureSetpoint: MappedValue | null;
    force: MappedValue;
    position: MappedValue | null;
    temperature: MappedValue | null;
    status: MappedValue;
  };
  /** Bit of the status word for each flag; null when the press does not report it. */
  statusBits: Record<StatusBitName, number | null>;
  coils: { run: number; release: number; estop: number };
}

/** A map is a page of YAML; anything much larger is the wrong file. */
export const MAX_MAP_CHARS = 64_000;

interface ValueSpec {
  key: ValueName;
  field: keyof PressMap["values"];
  required: boolean;
  /** null: unitless (the status word). */
  dim: Dimension | null;
  writable: boolean;
  example: string;
}

const VALUE_SPECS: readonly ValueSpec[] = [
  {
    key: "force_setpoint",
    field: "forceSetpoint",
    required: true,
    dim: "force",
    writable: true,
    example: "kN",
  },
  {
    key: "ramp_rate",
    field: "rampRate",
    required: false,
    dim: "force-rate",
    writable: true,
    example: "kN/s",
  },
  {
    key: "temperature_setpoint",
    field: "temperatureSetpoint",
    required: false,
    dim: "temperature",
    writable: true,
    example: "degC",
  },
  { key: "force", field: "force", required: true, dim: "force", writable: false, example: "kN" },
  { key: "position", field: "position", required: false, dim: "length", writable: false, example: "mm" },
  {
    key: "temperature",
    field: "temperature",
    required: false,
    dim: "temperature",
    writable: false,
    example: "degC",
  },
  { key: "status", field: "status", required: true, dim: null, writable: false, example: "" },
];

const TOP_KEYS = ["name", "unit_id", "word_order", "values", "status_bits", "coils"] as const;
const VALUE_KEYS = ["table", "address", "type", "scale", "unit"] as const;
const STATUS_KEYS: Record<string, StatusBitName> = {
  ready: "ready",
  moving: "moving",
  at_setpoint: "atSetpoint",
  fault: "fault",
  estop: "estop",
};
const COIL_KEYS = ["run", "release", "estop"] as const;

/** The built-in map, `ssbpress-press-v1` (CONTRACTS §5), as the YAML a user would write for it. */
export const DEFAULT_PRESS_MAP_YAML = `name: ssbpress-press-v1
unit_id: 1
word_order: high-first
values:
  force_setpoint:       { table: holding, address: 0, type: float32, unit: kN }
  ramp_rate:            { table: holding, address: 2, type: float32, unit: kN/s }
  temperature_setpoint: { table: holding, address: 4, type: float32, unit: degC }
  force:                { table: input, address: 0, type: float32, unit: kN }
  position:             { table: input, address: 2, type: float32, unit: mm }
  temperature:          { table: input, address: 4, type: float32, unit: degC }
  status:               { table: input, address: 6, type: uint16 }
status_bits: { ready: 0, moving: 1, at_setpoint: 2, fault: 3, estop: 4 }
coils: { run: 0, release: 1, estop: 2 }
`;

interface Problem {
  offset: number;
  message: string;
}

class Reader {
  readonly problems: Problem[] = [];
  constructor(readonly text: string) {}
  at(node: Node | Pair | null | undefined, message: string): void {
    const n = node && "key" in node ? (node.key as Node | null) : (node as Node | null | undefined);
    this.problems.push({ offset: n?.range?.[0] ?? 0, message });
  }
  /** The pairs of a mapping, or a problem when the node is something else. */
  pairs(node: unknown, where: Node | Pair | null | undefined, what: string): Pair[] | null {
    if (isAlias(node)) {
      this.at(node, `YAML aliases (*name) are not supported in press maps: write ${what} out in full`);
      return null;
    }
    if (!isMap(node)) {
      this.at((node as Node | null) ?? where, `${what} must be a mapping of keys to values`);
      return null;
    }
    return (node as YAMLMap).items as Pair[];
  }
  /** Reports keys not in `allowed` with the closest known key. */
  keyOf(pair: Pair, allowed: readonly string[], where: string): string | null {
    const k = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof k !== "string" && typeof k !== "number") {
      this.at(pair, `a key of ${where} must be plain text`);
      return null;
    }
    const key = String(k);
    if (!allowed.includes(key)) {
      const near = closest(key, [...allowed]);
      this.at(
        pair,
        `unknown key "${echo(key, 60)}" in ${where}${near ? ` (did you mean "${near}"?)` : ""}; allowed: ${allowed.join(", ")}`,
      );
      return null;
    }
    return key;
  }
  scalar(pair: Pair): unknown {
    const v = pair.value;
    if (isAlias(v)) {
      this.at(v, "YAML aliases (*name) are not supported in press maps: write the value out in full");
      return undefined;
    }
    if (!isScalar(v)) {
      this.at(
        (v as Node | null) ?? pair,
        `${String((pair.key as { value?: unknown })?.value)} needs a single value`,
      );
      return undefined;
    }
    return v.value;
  }
  integer(pair: Pair, what: string, min: number, max: number, hint = ""): number | undefined {
    const v = this.scalar(pair);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      this.at(
        pair.value as Node,
        `${what} must be a whole number from ${min} to ${max}, got ${show(v)}${hint}`,
      );
      return undefined;
    }
    return v;
  }
}

function show(v: unknown): string {
  return typeof v === "string" ? `"${echo(v, 60)}"` : echo(String(v), 60);
}

/** Reads and checks a press map; throws SsbError ("parse" or "usage") listing every problem with file:line:col. */
export function loadPressMap(file: string, text: string): PressMap {
  const lines = new LineCounter();
  const fail = (code: "parse" | "usage", problems: Problem[]): never => {
    const where = (p: Problem) => {
      const pos = lines.linePos(Math.max(0, Math.min(p.offset, text.length)));
      return `${file}:${pos.line}:${pos.col}: ${p.message}`;
    };
    const sorted = [...problems].sort((a, b) => a.offset - b.offset);
    const shown = sorted.slice(0, 50).map(where);
    if (problems.length > 50) shown.push(`… and ${problems.length - 50} more problems`);
    throw new SsbError(code, `the press map is not valid:\n${shown.join("\n")}`, {
      hint: "fix the map (see CONTRACTS §5, 'Press map files', or docs/running.md); nothing was sent to the press",
    });
  };
  if (text.length > MAX_MAP_CHARS) {
    throw new SsbError(
      "parse",
      `${file}:1:1: the file has ${text.length} characters; a press map is a page of YAML (limit ${MAX_MAP_CHARS}). Check that you passed the right file`,
    );
  }
  const nul = text.indexOf("\0");
  if (nul >= 0 || text.includes("\ufffd")) {
    throw new SsbError(
      "parse",
      `${file}:1:1: the file is binary, not a YAML press map; pass the .yaml map file`,
    );
  }
  const doc = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    fail(
      "parse",
      doc.errors.map((e) => ({
        offset: /^Flow (map|sequence)/.test(e.message) ? unclosedBracket(text, e.pos[0]) : e.pos[0],
        message: `YAML syntax error: ${(e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    );
  }
  const commas = flowCommaSplits(doc, text);
  if (commas.length > 0)
    fail(
      "usage",
      commas.map((c) => ({ offset: c.at, message: c.message })),
    );
  const r = new Reader(text);
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) {
    fail("usage", [
      { offset: 0, message: "the map is empty; it needs values: and coils: (see CONTRACTS §5)" },
    ]);
  }
  const top = r.pairs(root, null, "a press map");
  if (!top) return fail("usage", r.problems);

  const byKey = new Map<string, Pair>();
  for (const pair of top) {
    const key = r.keyOf(pair, TOP_KEYS, "the press map");
    if (key) byKey.set(key, pair);
  }

  let name = file;
  const namePair = byKey.get("name");
  if (namePair) {
    const v = r.scalar(namePair);
    if (v !== undefined && v !== null) name = String(v);
  }
  const unitPair = byKey.get("unit_id");
  const unitId = unitPair ? (r.integer(unitPair, "unit_id", 0, 255) ?? 1) : 1;
  let wordOrder: WordOrder = "high-first";
  const orderPair = byKey.get("word_order");
  if (orderPair) {
    const v = r.scalar(orderPair);
    if (typeof v === "string" && (WORD_ORDERS as readonly string[]).includes(v)) wordOrder = v as WordOrder;
    else if (v !== undefined)
      r.at(orderPair.value as Node, `word_order must be high-first or low-first, got ${show(v)}`);
  }

  const values = readValues(r, byKey.get("values"), wordOrder);
  const statusBits = readStatusBits(r, byKey.get("status_bits"));
  const coils = readCoils(r, byKey.get("coils"));
  if (values.status && values.status.words !== 1) {
    r.at(values.statusNode, `status must be a 16-bit word (uint16 or int16): its bits are numbered 0–15`);
  }
  if (r.problems.length > 0) fail("usage", r.problems);
  const v = values.values;
  return {
    name,
    source: file,
    unitId,
    wordOrder,
    values: {
      forceSetpoint: v.forceSetpoint!,
      rampRate: v.rampRate ?? null,
      temperatureSetpoint: v.temperatureSetpoint ?? null,
      force: v.force!,
      position: v.position ?? null,
      temperature: v.temperature ?? null,
      status: v.status!,
    },
    statusBits: statusBits!,
    coils: coils!,
  };
}

function readValues(
  r: Reader,
  pair: Pair | undefined,
  wordOrder: WordOrder,
): {
  values: Partial<Record<keyof PressMap["values"], MappedValue>>;
  status?: MappedValue;
  statusNode?: Node;
} {
  const out: Partial<Record<keyof PressMap["values"], MappedValue>> = {};
  if (!pair) {
    r.at(null, "missing values: (force_setpoint, force and status are required; see CONTRACTS §5)");
    return { values: out };
  }
  const items = r.pairs(pair.value, pair, "values");
  if (!items) return { values: out };
  const seen = new Map<string, Pair>();
  const spans: { table: Table; start: number; end: number; name: string; node: Node }[] = [];
  let statusNode: Node | undefined;
  for (const item of items) {
    const key = r.keyOf(
      item,
      VALUE_SPECS.map((s) => s.key),
      "values",
    );
    if (!key) continue;
    seen.set(key, item);
    const spec = VALUE_SPECS.find((s) => s.key === key)!;
    const mv = readValue(r, item, spec, wordOrder);
    if (key === "status") statusNode = item.key as Node;
    if (!mv) continue;
    out[spec.field] = mv.value;
    spans.push({
      table: mv.value.table,
      start: mv.value.address,
      end: mv.value.address + mv.value.words - 1,
      name: key,
      node: mv.addressNode,
    });
  }
  for (const spec of VALUE_SPECS) {
    if (spec.required && !seen.has(spec.key)) {
      r.at(pair, `values: is missing ${spec.key} (required: force_setpoint, force, status)`);
    }
  }
  // Overlaps, per table: a register shared by two values would make one overwrite the other.
  for (const table of ["holding", "input"] as const) {
    const list = spans.filter((s) => s.table === table).sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      if (b.start <= a.end) {
        const span = (s: typeof a) => (s.start === s.end ? `${s.start}` : `${s.start}–${s.end}`);
        r.at(
          b.node,
          `${b.name} (${table} ${span(b)}) overlaps ${a.name} (${table} ${span(a)}): each register may hold one value; move one of them`,
        );
      }
    }
  }
  return { values: out, status: out.status, statusNode };
}

function readValue(
  r: Reader,
  pair: Pair,
  spec: ValueSpec,
  wordOrder: WordOrder,
): { value: MappedValue; addressNode: Node } | null {
  const items = r.pairs(pair.value, pair, spec.key);
  if (!items) return null;
  const before = r.problems.length;
  const fields = new Map<string, Pair>();
  for (const item of items) {
    const key = r.keyOf(item, VALUE_KEYS, spec.key);
    if (key) fields.set(key, item);
  }
  const need = ["table", "address", "type", ...(spec.dim ? ["unit"] : [])];
  for (const k of need) {
    if (!fields.has(k)) {
      const unitHint = k === "unit" ? ` (${DIMENSION_NAMES[spec.dim!]}, e.g. ${spec.example})` : "";
      r.at(pair, `${spec.key} is missing ${k}${unitHint}`);
    }
  }
  let table: Table | undefined;
  const tablePair = fields.get("table");
  if (tablePair) {
    const v = r.scalar(tablePair);
    if (v === "holding" || v === "input") table = v;
    else if (v !== undefined) r.at(tablePair.value as Node, `table must be holding or input, got ${show(v)}`);
    if (table === "input" && spec.writable) {
      r.at(
        tablePair.value as Node,
        `${spec.key} is written by the driver, so it must be in table: holding (input registers are read-only)`,
      );
    }
  }
  let type: ValueType | undefined;
  const typePair = fields.get("type");
  if (typePair) {
    const v = r.scalar(typePair);
    if (typeof v === "string" && (VALUE_TYPES as readonly string[]).includes(v)) type = v as ValueType;
    else if (v !== undefined)
      r.at(typePair.value as Node, `type must be one of ${VALUE_TYPES.join(", ")}, got ${show(v)}`);
  }
  let address: number | undefined;
  const addressPair = fields.get("address");
  if (addressPair) {
    address = r.integer(addressPair, `${spec.key}'s address`, 0, 65535, " (0-based register address)");
    if (address !== undefined && type && address + wordCount(type) - 1 > 65535) {
      r.at(
        addressPair.value as Node,
        `${spec.key} is a 32-bit ${type} and needs 2 registers: address ${address} leaves no room for the second (at most 65534)`,
      );
      address = undefined;
    }
  }
  let scale = 1;
  const scalePair = fields.get("scale");
  if (scalePair) {
    const v = r.scalar(scalePair);
    if (typeof v !== "number" || !Number.isFinite(v) || v === 0) {
      if (v !== undefined)
        r.at(
          scalePair.value as Node,
          `scale must be a non-zero number (value = raw × scale), got ${show(v)}`,
        );
    } else if (spec.dim === null && v !== 1) {
      r.at(scalePair.value as Node, `status is a word of bits: it takes no scale (remove scale: ${v})`);
    } else scale = v;
  }
  let unit: string | null = null;
  let factor = 1;
  let offset = 0;
  const unitPair = fields.get("unit");
  if (unitPair) {
    const v = r.scalar(unitPair);
    if (spec.dim === null) {
      r.at(unitPair.value as Node, "status is a word of bits: it has no unit (remove unit:)");
    } else if (typeof v !== "string") {
      if (v !== undefined)
        r.at(
          unitPair.value as Node,
          `unit must be ${DIMENSION_NAMES[spec.dim]} unit such as ${spec.example}, got ${show(v)}`,
        );
    } else {
      const def = lookupUnit(v);
      if (!def) {
        r.at(
          unitPair.value as Node,
          `unknown unit "${echo(v, 40)}"; ${spec.key} needs ${DIMENSION_NAMES[spec.dim]} unit such as ${spec.example}`,
        );
      } else if (def.dim !== spec.dim) {
        r.at(
          unitPair.value as Node,
          `"${echo(v, 40)}" is ${DIMENSION_NAMES[def.dim]} unit, but ${spec.key} is ${DIMENSION_NAMES[spec.dim]}: use a unit such as ${spec.example}`,
        );
      } else {
        unit = v;
        factor = def.factor;
        offset = def.offset ?? 0;
      }
    }
  }
  if (r.problems.length > before || !table || !type || address === undefined || !addressPair) return null;
  return {
    value: {
      name: spec.key,
      table,
      address,
      type,
      scale,
      unit,
      wordOrder,
      words: wordCount(type),
      factor,
      offset,
      readOnly: !spec.writable,
    },
    addressNode: addressPair.value as Node,
  };
}

function readStatusBits(r: Reader, pair: Pair | undefined): Record<StatusBitName, number | null> | undefined {
  if (!pair) return { ready: 0, moving: 1, atSetpoint: 2, fault: 3, estop: 4 };
  const items = r.pairs(pair.value, pair, "status_bits");
  if (!items) return undefined;
  const out: Record<StatusBitName, number | null> = {
    ready: null,
    moving: null,
    atSetpoint: null,
    fault: null,
    estop: null,
  };
  const used = new Map<number, string>();
  for (const item of items) {
    const key = r.keyOf(item, Object.keys(STATUS_KEYS), "status_bits");
    if (!key) continue;
    const bit = r.integer(item, `status bit ${key}`, 0, 15, " (bits of the 16-bit status word)");
    if (bit === undefined) continue;
    const other = used.get(bit);
    if (other) r.at(item.value as Node, `status bit ${bit} is already ${other}: each flag needs its own bit`);
    used.set(bit, key);
    out[STATUS_KEYS[key]!] = bit;
  }
  return out;
}

function readCoils(r: Reader, pair: Pair | undefined): PressMap["coils"] | undefined {
  if (!pair) {
    r.at(null, "missing coils: (run, release and estop are required; see CONTRACTS §5)");
    return undefined;
  }
  const items = r.pairs(pair.value, pair, "coils");
  if (!items) return undefined;
  const out: Partial<PressMap["coils"]> = {};
  const used = new Map<number, string>();
  for (const item of items) {
    const key = r.keyOf(item, COIL_KEYS, "coils") as (typeof COIL_KEYS)[number] | null;
    if (!key) continue;
    const addr = r.integer(item, `coil ${key}`, 0, 65535, " (0-based coil address)");
    if (addr === undefined) continue;
    const other = used.get(addr);
    if (other)
      r.at(
        item.value as Node,
        `coil ${addr} is already ${other}: run, release and estop need distinct coils`,
      );
    used.set(addr, key);
    out[key] = addr;
  }
  for (const k of COIL_KEYS) {
    if (!items.some((i) => isScalar(i.key) && i.key.value === k))
      r.at(pair, `coils: is missing ${k} (required: run, release, estop)`);
  }
  return out.run !== undefined && out.release !== undefined && out.estop !== undefined
    ? (out as PressMap["coils"])
    : undefined;
}

/** The built-in map `ssbpress-press-v1`. */
export const DEFAULT_PRESS_MAP: PressMap = loadPressMap(
  "ssbpress-press-v1 (built in)",
  DEFAULT_PRESS_MAP_YAML,
);

/**
 * Where an unclosed "{" or "[" was opened: the parser reports where it gave up (often the next
 * line), the place to fix is the bracket. A light scan that skips quoted text and comments.
 */
function unclosedBracket(text: string, end: number): number {
  const open: number[] = [];
  let quote = "";
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = "";
      continue;
    }
    if (ch === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf("\n", i);
      if (nl < 0) break;
      i = nl;
    } else if ((ch === '"' || ch === "'") && (i === 0 || /[\s:[{,]/.test(text[i - 1]!))) quote = ch;
    else if (ch === "{" || ch === "[") open.push(i);
    else if (ch === "}" || ch === "]") open.pop();
  }
  return open.at(-1) ?? end;
}

/** Raw register number → SI. */
function rawToSi(v: MappedValue, raw: number): number {
  return raw * v.scale * v.factor + v.offset;
}

/** SI → raw register number (before rounding to the type). */
function siToRaw(v: MappedValue, si: number): number {
  return (si - v.offset) / v.factor / v.scale;
}

/** SI value → register words; throws EncodeRangeError when the type cannot hold it (see codec). */
export function encodeValue(v: MappedValue, si: number, opts: { saturate?: boolean } = {}): number[] {
  return encodeRaw(siToRaw(v, si), v.type, v.wordOrder, opts);
}

/** Register words → SI value (NaN when the press sent a float NaN). */
export function decodeValue(v: MappedValue, words: readonly number[]): number {
  return rawToSi(v, decodeRaw(words, v.type, v.wordOrder));
}

/** Every value of the map, in declaration order, without the absent ones. */
export function mappedValues(map: PressMap): MappedValue[] {
  return Object.values(map.values).filter((x): x is MappedValue => x !== null);
}
