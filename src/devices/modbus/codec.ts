/**
 * Register words ⇄ numbers. Modbus moves 16-bit words; a press map says how a value is spread over
 * them (type and, for 32-bit values, which word comes first). Pure functions, no units: the map turns
 * raw numbers into SI values (map.ts).
 */

export type ValueType = "uint16" | "int16" | "uint32" | "int32" | "float32";
export type WordOrder = "high-first" | "low-first";

export const VALUE_TYPES: readonly ValueType[] = ["uint16", "int16", "uint32", "int32", "float32"];
export const WORD_ORDERS: readonly WordOrder[] = ["high-first", "low-first"];

/** Registers a value of this type occupies. */
export function wordCount(type: ValueType): 1 | 2 {
  return type === "uint16" || type === "int16" ? 1 : 2;
}

/** Largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

const RANGES: Record<Exclude<ValueType, "float32">, [number, number]> = {
  uint16: [0, 0xffff],
  int16: [-0x8000, 0x7fff],
  uint32: [0, 0xffffffff],
  int32: [-0x80000000, 0x7fffffff],
};

/** The raw values a type can hold: [min, max]. */
export function typeRange(type: ValueType): [number, number] {
  return type === "float32" ? [-FLOAT32_MAX, FLOAT32_MAX] : RANGES[type];
}

/** A raw value that the type cannot carry (out of range, or NaN). */
export class EncodeRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "EncodeRangeError";
  }
}

/**
 * Raw number → register words. Integers are rounded to the nearest integer first (a scaled setpoint
 * is rarely exact). A value the type cannot hold throws EncodeRangeError unless `saturate` is set
 * (a simulated press's readings clip at the type's limits, as a PLC's do); NaN always throws for
 * integer types and is sent as a quiet NaN for float32 only when `saturate` is set (a missing sensor).
 */
export function encodeRaw(
  raw: number,
  type: ValueType,
  order: WordOrder,
  opts: { saturate?: boolean } = {},
): number[] {
  const buf = Buffer.alloc(4);
  if (type === "float32") {
    if (Number.isNaN(raw) && !opts.saturate) throw new EncodeRangeError("NaN cannot be sent as a value");
    let v = raw;
    if (Math.abs(v) > FLOAT32_MAX || !Number.isFinite(v)) {
      if (!opts.saturate && !Number.isNaN(v))
        throw new EncodeRangeError(`${raw} does not fit a float32 (|x| ≤ ${FLOAT32_MAX.toExponential(3)})`);
      if (!Number.isNaN(v)) v = Math.sign(v) * FLOAT32_MAX;
    }
    buf.writeFloatBE(v, 0);
    return order32([buf.readUInt16BE(0), buf.readUInt16BE(2)], order);
  }
  const [min, max] = RANGES[type];
  if (Number.isNaN(raw)) throw new EncodeRangeError(`NaN cannot be sent as ${type}`);
  let v = Math.round(raw);
  if (v < min || v > max) {
    if (!opts.saturate) throw new EncodeRangeError(`${raw} does not fit ${type} (${min} to ${max})`);
    v = Math.min(max, Math.max(min, v));
  }
  if (type === "uint16" || type === "int16") return [v & 0xffff];
  if (type === "uint32") buf.writeUInt32BE(v, 0);
  else buf.writeInt32BE(v, 0);
  return order32([buf.readUInt16BE(0), buf.readUInt16BE(2)], order);
}

/** Register words → raw number (NaN comes back as NaN: the caller decides it is garbage). */
export function decodeRaw(words: readonly number[], type: ValueType, order: WordOrder): number {
  const n = wordCount(type);
  if (words.length !== n) throw new RangeError(`${type} needs ${n} register(s), got ${words.length}`);
  for (const w of words) {
    if (!Number.isInteger(w) || w < 0 || w > 0xffff)
      throw new RangeError(`register word ${w} is not 0–65535`);
  }
  if (n === 1) {
    const w = words[0]!;
    return type === "int16" && w >= 0x8000 ? w - 0x10000 : w;
  }
  const [hi, lo] = order32([words[0]!, words[1]!], order);
  const buf = Buffer.alloc(4);
  buf.writeUInt16BE(hi, 0);
  buf.writeUInt16BE(lo, 2);
  if (type === "float32") return buf.readFloatBE(0);
  return type === "uint32" ? buf.readUInt32BE(0) : buf.readInt32BE(0);
}

/** [high, low] in the wire order (the swap is its own inverse). */
function order32(pair: [number, number], order: WordOrder): [number, number] {
  return order === "high-first" ? pair : [pair[1], pair[0]];
}
