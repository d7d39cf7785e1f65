/**
 * A gauge reading typed by the operator of a manual press — at the terminal, in the web console or
 * in an answers file. It becomes the measured force of the run record and what the interlocks
 * compare, so it is read one way everywhere and never guessed: "3.4", "3.4 t" or another unit of the
 * gauge's kind ("33.3 kN" for a gauge in t, converted); a decimal comma, a unit of another kind, hex,
 * NaN or a negative number are refused with what to type instead.
 */
import { echo } from "../../core/text.js";
import { decimalCommaAdvice, fromUnit, lookupUnit, toUnit } from "../../core/units.js";

export type ReadingResult = { ok: true; value: number } | { ok: false; message: string };

const READING = /^\+?(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

/** Reads `typed` as a number in `unit` (the gauge's own, e.g. "t" or "bar"; undefined if it has none). */
export function parseGaugeReading(typed: unknown, unit: string | undefined): ReadingResult {
  const inUnit = unit ? ` in ${unit}` : "";
  const example = `e.g. 3.4${unit ? ` or 3.4 ${unit}` : ""}`;
  const refuse = (why: string): ReadingResult => ({
    ok: false,
    message: `${why}; type a number ≥ 0${inUnit}, ${example}`,
  });
  if (typeof typed === "number") {
    return Number.isFinite(typed) && typed >= 0
      ? { ok: true, value: typed }
      : refuse(`${typed} is not a gauge reading`);
  }
  if (typeof typed !== "string")
    return refuse(`a ${Array.isArray(typed) ? "list" : typeof typed} is not a gauge reading`);
  const text = typed.trim();
  const shown = echo(text, 40);
  const m = READING.exec(text);
  if (!m) return refuse(`"${shown}" is not a number`);
  const rest = text.slice(m[0].length);
  const comma = /^,(\d.*)$/s.exec(rest);
  if (comma && /^\d+$/.test(m[0])) {
    return {
      ok: false,
      message: `"${shown}" has a comma in its number; ${decimalCommaAdvice(m[0], comma[1]!)}`,
    };
  }
  let value = Number(m[0]);
  const given = rest.trim();
  if (given !== "" && given !== unit) {
    const from = lookupUnit(given);
    const to = unit ? lookupUnit(unit) : undefined;
    if (!from) return refuse(`"${shown}": "${echo(given, 20)}" is not a unit`);
    if (!to || from.dim !== to.dim) return refuse(`"${shown}" is not in a unit the gauge reads`);
    value = toUnit(fromUnit(value, given), unit!);
  }
  if (!Number.isFinite(value)) return refuse(`"${shown}" is too large to be a gauge reading`);
  return { ok: true, value };
}
