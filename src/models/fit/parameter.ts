/** One fitted or assumed parameter as the fits write it: value and range rounded to 4 significant digits. */
import type { Parameter } from "../params.js";

const round = (x: number, digits = 4): number => Number(x.toPrecision(digits));

export function parameter(
  value: number,
  min: number,
  max: number,
  citations: string[],
  source: Parameter["source"],
  note: string,
  extra: Partial<Parameter> = {},
): Parameter {
  return { value: round(value), min: round(min), max: round(max), citations, source, note, ...extra };
}
