/**
 * What to set on the press for each step: the pressure on the pellet, the force, the reading in
 * tonnes and, for a manual press with a known ram, the hydraulic gauge's oil pressure. The numbers a
 * researcher otherwise converts by hand for every die — a frequent source of mistakes.
 */
import { circleArea, forceToGauge } from "../core/conversions.js";
import { roundSig, toUnit } from "../core/units.js";
import type { Protocol } from "./types.js";

export interface PressSetting {
  step: number;
  text: string;
  /** [Pa] */
  pressure: number;
  /** [N] */
  force: number;
  /** Oil pressure on the gauge [Pa], when the press's ram diameter is known. */
  gauge?: number;
}

export function pressSettings(p: Protocol): PressSetting[] {
  const out: PressSetting[] = [];
  const area = circleArea(p.die.diameter);
  for (const s of p.steps) {
    const pressure = s.kind === "press" ? s.pressure : s.kind === "operate" ? s.pressure : undefined;
    if (pressure === undefined || !Number.isFinite(area)) continue;
    const force = pressure * area;
    const row: PressSetting = { step: s.index, text: s.text, pressure, force };
    if (p.press?.ramDiameter !== undefined) row.gauge = forceToGauge(force, p.press.ramDiameter);
    out.push(row);
  }
  return out;
}

/** The settings as JSON rows with units in the keys. */
export function settingsJson(p: Protocol): Record<string, number | string>[] {
  return pressSettings(p).map((r) => ({
    step: r.step,
    text: r.text,
    "Pressure [MPa]": roundSig(r.pressure / 1e6, 4),
    "Force [kN]": roundSig(r.force / 1e3, 4),
    "Force [tf]": roundSig(toUnit(r.force, "tf"), 4),
    ...(r.gauge !== undefined
      ? {
          "Gauge pressure [bar]": roundSig(r.gauge / 1e5, 4),
          "Gauge pressure [psi]": roundSig(toUnit(r.gauge, "psi"), 4),
        }
      : {}),
  }));
}

/** The settings as aligned text lines, in the gauge unit the press declares when there is one. */
export function settingsText(p: Protocol): string[] {
  const rows = pressSettings(p);
  if (!rows.length) return [];
  const gaugeUnit = p.press?.gauge && ["bar", "psi", "MPa"].includes(p.press.gauge) ? p.press.gauge : "bar";
  const lines = [
    `Press settings (${roundSig(p.die.diameter * 1e3, 4)} mm die, ${roundSig(circleArea(p.die.diameter) * 1e4, 4)} cm²):`,
  ];
  for (const r of rows) {
    const gauge =
      r.gauge !== undefined ? ` = gauge ${roundSig(toUnit(r.gauge, gaugeUnit), 4)} ${gaugeUnit}` : "";
    const label = `step ${r.step}`.padEnd(8);
    lines.push(
      `  ${label} ${String(roundSig(r.pressure / 1e6, 4)).padStart(6)} MPa = ${String(roundSig(r.force / 1e3, 4)).padStart(6)} kN = ${String(roundSig(toUnit(r.force, "tf"), 3)).padStart(5)} t${gauge}   ${r.text}`,
    );
  }
  return lines;
}
