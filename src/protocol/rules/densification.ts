/**
 * Will the hard layers be dense? underdensified, layer-never-pressed, no-densification-gain,
 * short-hold, thin-separator.
 */
import { circleArea } from "../../core/conversions.js";
import { layerDensity } from "../../materials/index.js";
import { isCeramicLayer, isOxide, isSoftMetal, limitOf } from "../limits.js";
import type { PressStep } from "../types.js";
import { findLayer, layersIn, seenBefore } from "../compile.js";
import { duration, mpa, um, type RuleContext } from "./context.js";

/** Below this hold, a densification step gives away part of its effect (assumption; see docs/rules.md). */
const MIN_DENSIFICATION_HOLD = 30; // s
/**
 * Relative density a cold-pressed sulfide separator typically reaches (0.82 Doux2020, 0.87 Adeli2019),
 * used to turn a separator's mass into a thickness.
 */
const TYPICAL_SEPARATOR_DENSITY = 0.85;
/** Thinner cold-pressed separators crack on handling and short easily (assumption; see docs/rules.md). */
const MIN_SEPARATOR_THICKNESS = 200e-6; // m

export function checkDensification({ protocol, trace, sink }: RuleContext): void {
  const maxSeen = new Map<string, { p: number; step: PressStep }>();
  const addStep = new Map<string, number>();
  for (const t of trace) {
    const s = t.source;
    if (s.kind === "add") addStep.set(s.layer, t.step);
    if (s.kind !== "press") continue;
    for (const id of t.after) {
      const prev = maxSeen.get(id);
      if (!prev || s.pressure > prev.p) maxSeen.set(id, { p: s.pressure, step: s });
    }
  }
  for (const t of trace) {
    const s = t.source;
    if (s.kind !== "add") continue;
    const layer = findLayer(protocol, s.layer);
    if (!layer || t.orderProblems.length) continue;
    const seen = maxSeen.get(layer.id);
    if (layer.form === "pellet") continue; // a ready (e.g. sintered) pellet is not densified here
    if (!seen) {
      const what = isSoftMetal(layer)
        ? "it will not bond to the electrolyte (poor contact, high interface resistance)"
        : "it stays a loose powder";
      sink.warning(
        "layer-never-pressed",
        `layer "${layer.id}" is added but never pressed afterwards; ${what} — add a press step after it`,
        s.pos,
        s.index,
      );
      continue;
    }
    if (!isCeramicLayer(layer)) continue;
    const lim = limitOf(layer, "densificationPressure");
    const heated = seen.step.temperature !== undefined || t.temperature > 330;
    if (isOxide(layer) && lim?.basis !== "protocol" && !heated) {
      sink.warning(
        "underdensified",
        `layer "${layer.id}" (${layer.material.name}) is an oxide: oxides are not densified by cold pressing (they need sintering or hot pressing); use a sintered pellet, or set "densify_at" on the layer if you know what pressing achieves`,
        seen.step.targetPos,
        seen.step.index,
        lim?.citations,
      );
      continue;
    }
    if (!lim) continue;
    if (seen.p < lim.value * (1 - 1e-9)) {
      sink.warning(
        "underdensified",
        `layer "${layer.id}" (${layer.material.name}) never sees its densification pressure of ${mpa(lim.value)} (at most ${mpa(seen.p)}); it stays porous, which lowers conductivity and lets Li creep through — press it at ≥ ${mpa(lim.value)} before any soft layer goes in`,
        seen.step.targetPos,
        seen.step.index,
        lim.citations,
      );
    }
  }
}

/** A press step after which no layer is denser than before: it adds nothing. */
export function checkNoGain({ trace, sink }: RuleContext): void {
  for (const t of trace) {
    const s = t.source;
    if (s.kind !== "press" || t.after.length === 0 || s.temperature !== undefined) continue;
    const gain = t.after.some((id) => seenBefore(t, id) < s.pressure * (1 - 1e-9));
    if (gain) continue;
    const highest = Math.max(...t.after.map((id) => seenBefore(t, id)));
    sink.warning(
      "no-densification-gain",
      `every layer in the die has already seen ${mpa(highest)}; pressing at ${mpa(s.pressure)} adds no density (powder compaction keeps the highest pressure's state). Drop the step, or add a layer first`,
      s.targetPos,
      s.index,
    );
  }
}

export function checkShortHold({ protocol, trace, sink }: RuleContext): void {
  for (const t of trace) {
    const s = t.source;
    if (s.kind !== "press") continue;
    const densifying = layersIn(protocol, t.after).some((l) => {
      const lim = limitOf(l, "densificationPressure");
      return isCeramicLayer(l) && lim && s.pressure >= lim.value * 0.999 && seenBefore(t, l.id) < s.pressure;
    });
    if (!densifying) continue;
    const hold = s.hold ?? 0;
    if (hold >= MIN_DENSIFICATION_HOLD) continue;
    sink.warning(
      "short-hold",
      `${hold === 0 ? "no hold" : `a hold of ${duration(hold)}`} at ${mpa(s.pressure)}: powders keep compacting for tens of seconds at load, so a densification step usually holds ≥ 1 min (e.g. ", hold 2 min")`,
      s.holdPos ?? s.targetPos,
      s.index,
    );
  }
}

export function checkThinSeparator({ protocol, sink }: RuleContext): void {
  const d = protocol.die.diameter;
  if (!Number.isFinite(d)) return;
  const liAnode = protocol.layers.some((l) => isSoftMetal(l));
  for (const layer of protocol.layers) {
    if (layer.role !== "separator") continue;
    let thickness = layer.thickness;
    let how = "as written";
    if (thickness === undefined && layer.mass !== undefined) {
      const rho = layerDensity(layer.material); // g/cm3
      if (rho === undefined) continue;
      thickness = layer.mass / (rho * 1000 * TYPICAL_SEPARATOR_DENSITY * circleArea(d));
      how = `from ${+(layer.mass * 1e6).toPrecision(3)} mg at ${TYPICAL_SEPARATOR_DENSITY * 100} % density on the ${+(d * 1e3).toPrecision(3)} mm die`;
    }
    // a tolerance: "200 um" reads as 1.9999999999999998e-4 m, which is not under 200 µm
    if (thickness === undefined || thickness >= MIN_SEPARATOR_THICKNESS * (1 - 1e-9)) continue;
    sink.warning(
      "thin-separator",
      `separator "${layer.id}" will be about ${um(thickness)} thick (${how}); cold-pressed pellets under ${um(MIN_SEPARATOR_THICKNESS)} crack on handling${liAnode ? " and Li finds short paths through them" : ""} — use more material (about ${Math.ceil((((layer.mass ?? 0) * MIN_SEPARATOR_THICKNESS) / thickness) * 1e6)} mg)`,
      layer.pos,
      null,
    );
  }
}
