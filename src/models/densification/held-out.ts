/**
 * Rows of data/published/densification.csv kept out of every densification fit, so that the
 * validation report has points no fit has seen: points inside a measured curve (each curve keeps its
 * end points for the fit). Read by src/models/fit/densification.ts and src/models/validate/points.
 */

const HELD_OUT: readonly { material: string; pressureMPa: number }[] = [
  { material: "75Li2S-25P2S5-glass", pressureMPa: 75 },
  { material: "75Li2S-25P2S5-glass", pressureMPa: 200 },
  { material: "75Li2S-25P2S5-glass", pressureMPa: 350 },
  { material: "Li6PS5Cl-glass-ceramic", pressureMPa: 292 },
  { material: "Li3YBrCl6+3wt%SBR", pressureMPa: 200 },
];

/** True when a densification.csv row (material, pressure_MPa cells) is held out of the fits. */
export function isHeldOut(row: { material?: string; pressure_MPa?: string }): boolean {
  const p = Number((row.pressure_MPa ?? "").trim());
  return HELD_OUT.some((h) => h.material === row.material && h.pressureMPa === p);
}
