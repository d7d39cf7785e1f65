/**
 * What to set on the press for each step: the pressure on the pellet, the force, the reading in
 * tonnes and, for a manual press with a known ram, the hydraulic gauge's oil pressure — the numbers
 * a researcher otherwise converts by hand for every die, a frequent source of mistakes. Read from the
 * compiled protocol, with the stack, the die temperature and the limit in force at that step.
 */
import { forceToGauge } from "../core/conversions.js";
import { roundSig, toUnit } from "../core/units.js";
import type { CompiledProtocol } from "./compile.js";

interface PressSetting {
  step: number;
  text: string;
  /** [Pa] */
  pressure: number;
  /** [N] */
  force: number;
  /** Oil pressure on the gauge [Pa], when the press's ram diameter is known. */
  gauge?: number;
  /** Layers in the die, bottom to top. */
  stack: string[];
  /** Die or platen temperature [K]. */
  temperature: number;
  /** Highest pressure that may be applied at this step [Pa], or null when nothing limits it. */
  limit: number | null;
}

function pressSettings(c: CompiledProtocol): PressSetting[] {
  const out: PressSetting[] = [];
  if (!(c.die.area > 0)) return out;
  for (const s of c.steps) {
    const src = s.source;
    const pressure = src.kind === "press" || src.kind === "operate" ? src.pressure : undefined;
    if (pressure === undefined) continue;
    const force = pressure * c.die.area;
    const row: PressSetting = {
      step: s.step,
      text: s.text,
      pressure,
      force,
      stack: s.after,
      temperature: s.temperature,
      limit: s.limits.maxPressure,
    };
    if (c.press?.ramDiameter !== undefined) row.gauge = forceToGauge(force, c.press.ramDiameter);
    out.push(row);
  }
  return out;
}

/** The settings as JSON rows with units in the keys. */
export function settingsJson(c: CompiledProtocol): Record<string, number | string | string[] | null>[] {
  return pressSettings(c).map((r) => ({
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
    stack: r.stack,
    "Temperature [°C]": roundSig(r.temperature - 273.15, 4),
    "Pressure limit [MPa]": r.limit === null ? null : roundSig(r.limit / 1e6, 4),
  }));
}

/** The settings as aligned text lines, in the gauge unit the press declares when there is one. */
export function settingsText(c: CompiledProtocol): string[] {
  const rows = pressSettings(c);
  if (!rows.length) return [];
  const gaugeUnit = c.press?.gauge && ["bar", "psi", "MPa"].includes(c.press.gauge) ? c.press.gauge : "bar";
  const lines = [
    `Press settings (${roundSig(c.die.diameter * 1e3, 4)} mm die, ${roundSig(c.die.area * 1e4, 4)} cm²):`,
  ];
  for (const r of rows) {
    const gauge =
      r.gauge !== undefined ? ` = gauge ${roundSig(toUnit(r.gauge, gaugeUnit), 4)} ${gaugeUnit}` : "";
    const label = `step ${r.step}`.padEnd(8);
    lines.push(
      `  ${label} ${String(roundSig(r.pressure / 1e6, 4)).padStart(6)} MPa = ${String(roundSig(r.force / 1e3, 4)).padStart(6)} kN = ${String(roundSig(toUnit(r.force, "tf"), 3)).padStart(5)} t${gauge}   ${r.text}`,
    );
    const warm = r.temperature > 303.15 ? `, ${roundSig(r.temperature - 273.15, 4)} °C` : "";
    const limit = r.limit === null ? "" : `, limit ${roundSig(r.limit / 1e6, 4)} MPa`;
    lines.push(`           in the die: ${r.stack.join(" | ") || "nothing"}${warm}${limit}`);
  }
  return lines;
}
