/**
 * How a `convert --json` answer is shown: one value big (the answer to the question asked), the
 * others as equivalents. The answer is the first value of another kind than the input (a force
 * for a pressure, a pressure for a force…), not the echo of the input nor a set-up parameter.
 */
export type ConvertResult = Record<string, number | string>;

export interface Shown {
  key: string;
  /** "Force", from "Force [kN]". */
  name: string;
  /** "kN"; "" when the key has no unit. */
  unit: string;
  value: number | string;
}

const split = (key: string, value: number | string): Shown => {
  const m = /^(.*?)\s*\[(.*)\]$/.exec(key);
  return { key, name: m?.[1] ?? key, unit: m?.[2] ?? "", value };
};

/** Set-up values the CLI repeats back: shown with the equivalents, never as the answer. */
const SETUP = /^(Die diameter|Ram diameter|Bolts|Nut factor)\b/;

type Family = "pressure" | "force" | "torque" | "rate" | "other";

function familyOfKey(name: string): Family {
  if (/rate/i.test(name)) return "rate";
  if (/torque/i.test(name)) return "torque";
  if (/pressure/i.test(name)) return "pressure";
  if (/force|preload/i.test(name)) return "force";
  return "other";
}

/** The kind of quantity typed, from its unit ("500 MPa" pressure, "3.9 t" force, "10 N m" torque). */
function familyOfInput(quantity: string): Family {
  const unit = quantity.replace(/^\s*[-+]?[\d.,]+(?:e[-+]?\d+)?\s*/i, "").trim();
  if (unit.includes("/")) return "rate";
  if (/^(n\s*[·*]?\s*m|nm|lbf\s*[·*]?\s*(ft|in)|in\s*[·*]?\s*lbf?|ft\s*[·*]?\s*lbf?)$/i.test(unit))
    return "torque";
  if (/^(pa|kpa|mpa|gpa|bar|mbar|psi|ksi|atm)$/i.test(unit)) return "pressure";
  if (/^(n|kn|mn|kgf|lbf|t|tf|tonnes?|tons?|klbf)$/i.test(unit)) return "force";
  return "other";
}

export function arrangeResult(
  quantity: string,
  result: ConvertResult,
): { main: Shown | null; others: Shown[] } {
  const all = Object.entries(result).map(([k, v]) => split(k, v));
  const family = familyOfInput(quantity);
  const answers = all.filter((s) => typeof s.value === "number" && !SETUP.test(s.name));
  const main =
    answers.find((s) => familyOfKey(s.name) !== family) ??
    // the same kind in other units (500 MPa without a die): the first that is not the echo
    answers[1] ??
    answers[0] ??
    null;
  return { main, others: all.filter((s) => s !== main) };
}

/** A number for people: 4 significant digits, thousands separated. */
export function formatValue(v: number | string): string {
  if (typeof v !== "number") return v;
  if (!Number.isFinite(v)) return String(v);
  return Number(v.toPrecision(4)).toLocaleString("en-US", { maximumFractionDigits: 6 });
}
