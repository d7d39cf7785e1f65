/** Numbers as a person reads them: a few significant digits, the unit always next to the number. */

/** `value` with `digits` significant digits and its unit, or "—" when there is no value. */
export function withUnit(value: number | null | undefined, unit: string, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${sig(value, digits)}${unit ? ` ${unit}` : ""}`;
}

/** Significant digits without exponent noise for the ranges a lab sees (1e-4 … 1e6). */
export function sig(value: number, digits = 4): string {
  if (value === 0) return "0";
  const a = Math.abs(value);
  if (a >= 1e-4 && a < 1e7) return String(Number(value.toPrecision(digits)));
  return value.toExponential(Math.max(0, digits - 1));
}

/** A probability as a percentage, with the tails spelled out instead of "0 %" and "100 %". */
export function percent(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  if (p <= 0) return "0 %";
  if (p < 0.001) return "< 0.1 %";
  if (p > 0.999 && p < 1) return "> 99.9 %";
  return `${Number((p * 100).toPrecision(2))} %`;
}
