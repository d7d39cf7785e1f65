/** Numbers for people: a few significant digits, the unit always attached, "—" when unknown. */
export function fmt(value: number | null | undefined, unit: string, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${num(value, digits)} ${unit}`;
}

/** The number alone (for a table cell whose header carries the unit). */
export function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  // Fixed decimals keep big numbers steady on screen; tiny ones keep their significant digits.
  const decimals = abs >= 1000 ? 0 : Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return value.toLocaleString("en-US", { maximumFractionDigits: Math.min(decimals, 6), useGrouping: false });
}
