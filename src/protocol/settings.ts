/**
 * What to set on the press for each step: the pressure on the pellet, the force, the reading in
 * tonnes and, for a manual press with a known ram, the hydraulic gauge's oil pressure — the numbers
 * a researcher otherwise converts by hand for every die, a frequent source of mistakes. Read from the
 * compiled protocol, with the stack, the die temperature and the limit in force at that step.
 */
import { forceToGauge } from "../core/conversions.js";
import { roundSig, toUnit } from "../core/units.js";
import { layerClass } from "../materials/index.js";
import type { CompiledProtocol, StepState } from "./compile.js";

/** What a step asks of the press, in SI units; the pressure fields only for steps that load the die. */
interface StepSetting {
  step: number;
  kind: StepState["kind"];
  text: string;
  /** [Pa] */
  pressure?: number;
  /** [N] */
  force?: number;
  /** Oil pressure on the gauge [Pa], when the press's ram diameter is known. */
  gauge?: number;
  /** Hold at the target [s] (press steps). */
  hold?: number;
  /** How long the step lasts [s] (wait and operate steps). */
  duration?: number;
  /** Layers in the die after the step, bottom to top. */
  stack: string[];
  /** Die or platen temperature [K]. */
  temperature: number;
  /** Highest pressure that may be applied at this step [Pa], or null when nothing limits it. */
  limit: number | null;
}

type PressSetting = StepSetting & { pressure: number; force: number };

/** Every step's setting, in order; none when the die has no area (it failed to load). */
function stepSettings(c: CompiledProtocol): StepSetting[] {
  if (!(c.die.area > 0)) return [];
  return c.steps.map((s) => {
    const src = s.source;
    const row: StepSetting = {
      step: s.step,
      kind: s.kind,
      text: s.text,
      stack: s.after,
      temperature: s.temperature,
      limit: s.limits.maxPressure,
    };
    const pressure = src.kind === "press" || src.kind === "operate" ? src.pressure : undefined;
    if (pressure !== undefined) {
      row.pressure = pressure;
      row.force = pressure * c.die.area;
      if (c.press?.ramDiameter !== undefined) row.gauge = forceToGauge(row.force, c.press.ramDiameter);
    }
    if (src.kind === "press" && src.hold !== undefined) row.hold = src.hold;
    if (src.kind === "wait" || src.kind === "operate") row.duration = src.duration;
    return row;
  });
}

function pressSettings(c: CompiledProtocol): PressSetting[] {
  return stepSettings(c).filter((r): r is PressSetting => r.pressure !== undefined);
}

/** The pressure, force and gauge reading of a loading step, keys with units (CONTRACTS §4). */
function loadKeys(r: { pressure: number; force: number; gauge?: number }): Record<string, number> {
  return {
    "Pressure [MPa]": roundSig(r.pressure / 1e6, 4),
    "Force [kN]": roundSig(r.force / 1e3, 4),
    "Force [tf]": roundSig(toUnit(r.force, "tf"), 4),
    ...(r.gauge !== undefined
      ? {
          "Gauge pressure [bar]": roundSig(r.gauge / 1e5, 4),
          "Gauge pressure [psi]": roundSig(toUnit(r.gauge, "psi"), 4),
        }
      : {}),
  };
}

const celsius = (k: number) => roundSig(k - 273.15, 4);
const limitMPa = (limit: number | null) => (limit === null ? null : roundSig(limit / 1e6, 4));

/** The settings as JSON rows with units in the keys. */
export function settingsJson(c: CompiledProtocol): Record<string, number | string | string[] | null>[] {
  return pressSettings(c).map((r) => ({
    step: r.step,
    text: r.text,
    ...loadKeys(r),
    stack: r.stack,
    "Temperature [°C]": celsius(r.temperature),
    "Pressure limit [MPa]": limitMPa(r.limit),
  }));
}

/**
 * The run preflight as data (the table `run` prints before it asks to start): the die, and for every
 * step its kind, what to set on the press for the steps that load the die (the same keys as
 * `check --settings --json`), its hold or duration, and the layers in the die after it with their
 * material and class (what a drawing of the stack needs).
 */
export function preflightJson(c: CompiledProtocol): Record<string, unknown> {
  const layers = new Map(c.layers.map((l) => [l.id, l]));
  return {
    name: c.name,
    die: {
      "Diameter [mm]": roundSig(c.die.diameter * 1e3, 4),
      "Area [cm2]": roundSig(c.die.area * 1e4, 4),
      ...(c.die.rating !== undefined ? { "Rating [MPa]": roundSig(c.die.rating / 1e6, 4) } : {}),
    },
    steps: stepSettings(c).map((r) => ({
      step: r.step,
      kind: r.kind,
      text: r.text,
      ...(r.pressure !== undefined && r.force !== undefined
        ? loadKeys({
            pressure: r.pressure,
            force: r.force,
            ...(r.gauge !== undefined ? { gauge: r.gauge } : {}),
          })
        : {}),
      ...(r.hold !== undefined ? { "Hold [s]": roundSig(r.hold, 6) } : {}),
      ...(r.duration !== undefined ? { "Duration [s]": roundSig(r.duration, 6) } : {}),
      stack: r.stack,
      layers: r.stack.map((id) => {
        const layer = layers.get(id);
        return layer
          ? { id, material: layer.material.name, class: layerClass(layer.material) }
          : { id, material: null, class: null };
      }),
      "Temperature [°C]": celsius(r.temperature),
      "Pressure limit [MPa]": limitMPa(r.limit),
    })),
  };
}

/**
 * The settings as aligned text lines, in the gauge unit the press declares when there is one. An
 * Eject gets its own line too: nothing is set on the press, but the die leaves it there, so the
 * researcher reading down the table sees where the press work ends.
 */
export function settingsText(c: CompiledProtocol): string[] {
  const all = stepSettings(c);
  const rows = all.filter((r): r is PressSetting => r.pressure !== undefined);
  if (!rows.length) return [];
  const ejects = new Map(
    c.steps.filter((s) => s.kind === "eject" && s.before.length > 0).map((s) => [s.step, s.before]),
  );
  const gaugeUnit = c.press?.gauge && ["bar", "psi", "MPa"].includes(c.press.gauge) ? c.press.gauge : "bar";
  const lines = [
    `Press settings (${roundSig(c.die.diameter * 1e3, 4)} mm die, ${roundSig(c.die.area * 1e4, 4)} cm²):`,
  ];
  for (const r of all) {
    const out = ejects.get(r.step);
    if (out) {
      lines.push(
        `  ${`step ${r.step}`.padEnd(8)} unloaded: push the pellet out (${out.join(" | ")})   ${r.text}`,
      );
      continue;
    }
    if (r.pressure === undefined || r.force === undefined) continue;
    const gauge =
      r.gauge !== undefined ? ` = gauge ${roundSig(toUnit(r.gauge, gaugeUnit), 4)} ${gaugeUnit}` : "";
    const label = `step ${r.step}`.padEnd(8);
    lines.push(
      `  ${label} ${String(roundSig(r.pressure / 1e6, 4)).padStart(6)} MPa = ${String(roundSig(r.force / 1e3, 4)).padStart(6)} kN = ${String(roundSig(toUnit(r.force, "tf"), 3)).padStart(5)} t${gauge}   ${r.text}`,
    );
    const warm = r.temperature > 303.15 ? `, ${celsius(r.temperature)} °C` : "";
    const limit = r.limit === null ? "" : `, limit ${roundSig(r.limit / 1e6, 4)} MPa`;
    lines.push(`           in the die: ${r.stack.join(" | ") || "nothing"}${warm}${limit}`);
  }
  return lines;
}
