/**
 * Pressure limits: the soft anode's assembly limit, the press's force, the die's rating, and the
 * pressures at which pellets or particles are reported to crack.
 */
import { circleArea } from "../../core/conversions.js";
import { PROP } from "../../materials/index.js";
import { classOf, isSoftMetal, limitOf, propertyOf } from "../limits.js";
import type { PressStep } from "../types.js";
import { layersIn } from "../compile.js";
import { kn, mm, mpa, type RuleContext } from "./context.js";

export function checkAnodeOverpressure({ protocol, trace, sink }: RuleContext): void {
  for (const t of trace) {
    const s = t.source;
    if (s.kind !== "press") continue;
    for (const layer of layersIn(protocol, t.before)) {
      const lim = limitOf(layer, "assemblyPressureMax");
      if (!lim || s.pressure <= lim.value * (1 + 1e-9)) continue;
      const soft = isSoftMetal(layer);
      const why = soft
        ? `${layer.material.name} is soft: at this pressure it creeps into the separator's pores and shorts the cell, or the electrolyte cracks`
        : `this exceeds the limit set for it`;
      const fix = soft
        ? `press the hard layers to full pressure before adding "${layer.id}", then join it at ≤ ${mpa(lim.value)}`
        : `keep this step at ≤ ${mpa(lim.value)}`;
      const head = `pressing at ${mpa(s.pressure)} with layer "${layer.id}" (${layer.material.name}) in the die exceeds its ${mpa(lim.value)} assembly limit`;
      if (lim.basis === "assumption") {
        // An assumed limit is a warning, and says that it is one: the step may be fine.
        sink.warning(
          "anode-overpressure",
          `${head}, which is an assumption, not a measured limit${lim.note ? ` (${lim.note})` : ""}: ${soft ? `${layer.material.name} is soft and may extrude or creep into the separator at this pressure` : "the step may be unsafe"}; ${fix}, or confirm the pressure on a test cell`,
          s.targetPos,
          s.index,
          lim.citations,
        );
        continue;
      }
      sink.error(
        "anode-overpressure",
        `${head}${lim.basis === "protocol" ? " (set in this protocol)" : ""}: ${why}; ${fix}`,
        s.targetPos,
        s.index,
        lim.citations,
      );
    }
  }
}

export function checkPressCapacity({ protocol, trace, sink }: RuleContext): void {
  const cap = protocol.press?.capacity;
  const d = protocol.die.diameter;
  if (cap === undefined || !Number.isFinite(d)) return;
  for (const t of trace) {
    const s = t.source;
    if (s.kind !== "press" || s.force <= cap * (1 + 1e-9)) continue;
    const largest = Math.sqrt((4 * cap) / (Math.PI * s.pressure));
    sink.error(
      "press-capacity",
      `${mpa(s.pressure)} on the ${mm(d)} die needs ${kn(s.force)}, more than the press's ${kn(cap)} capacity; reach it with a die of at most ${mm(largest)}, use a larger press, or lower the pressure to ${mpa(cap / circleArea(d))}`,
      s.targetPos,
      s.index,
    );
  }
}

export function checkDieRating({ protocol, trace, sink }: RuleContext): void {
  const rating = protocol.die.rating;
  if (rating === undefined) return;
  for (const t of trace) {
    const s = t.source;
    const p = s.kind === "press" ? s.pressure : s.kind === "operate" ? (s.max ?? s.pressure) : undefined;
    if (p === undefined || p <= rating * (1 + 1e-9)) continue;
    const at = s.kind === "press" ? s.targetPos : s.kind === "operate" ? s.pressurePos : s.pos;
    sink.error(
      "die-rating",
      `${mpa(p)} exceeds the die's ${mpa(rating)} rating (${kn(rating * circleArea(protocol.die.diameter))} on this die); an overloaded die can deform or burst — lower the pressure or use a die rated higher`,
      at,
      s.index,
      ["Specac"],
    );
  }
}

/** Pellet fracture and active-particle cracking, from the materials' reported thresholds. */
export function checkFracture({ protocol, trace, sink }: RuleContext): void {
  for (const t of trace) {
    const s = t.source;
    if (s.kind !== "press") continue;
    for (const layer of layersIn(protocol, t.after)) {
      checkLayerFracture(
        s,
        layer.id,
        layer.material.name,
        classOf(layer),
        propertyOf(layer.material, PROP.fracturePressure),
        sink,
      );
    }
  }
}

function checkLayerFracture(
  s: PressStep,
  id: string,
  name: string,
  cls: string,
  prop: ReturnType<typeof propertyOf>,
  sink: RuleContext["sink"],
): void {
  if (!prop || prop.value === null) return;
  const p = prop.value * 1e6;
  if (s.pressure < p) return;
  if (cls === "cathode-active") {
    sink.warning(
      "particle-cracking",
      `${mpa(s.pressure)} is at or above ${mpa(p)}, where polycrystalline cathode particles in "${id}" (${name}) are reported to crack; cracked particles lose contact and capacity — stay below it or use single-crystal material`,
      s.targetPos,
      s.index,
      prop.citations,
    );
  } else if (!cls.endsWith("anode")) {
    sink.warning(
      "fracture-risk",
      `${mpa(s.pressure)} is at or above ${mpa(p)}, where ${name} pellets were reported to fracture (layer "${id}"${prop.confidence === "V" ? "; low-confidence source" : ""}); stay below it`,
      s.targetPos,
      s.index,
      prop.citations,
    );
  }
}
