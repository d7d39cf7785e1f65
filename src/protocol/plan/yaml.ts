/**
 * Writing the plan as a protocol file: the YAML a lab would write by hand, with the reason for each
 * number (and the force it means on this die) in a comment above its step.
 */
import { roundSig } from "../../core/units.js";
import { isComposite, type LayerMaterial } from "../../materials/index.js";
import { PLAN_DEFAULTS } from "./defaults.js";
import { fmtMass, MPa, NEWTONS_PER_TONNE } from "./format.js";
import type { LayerAmounts } from "./amounts.js";
import type { PlanLayers } from "./layers.js";
import type { Operation } from "./operating.js";
import type { HardLayerPressures, HoldTimes } from "./pressures.js";
import type { DieFace, PlanRequest, ReasonedPressure } from "./types.js";

/** Everything the planner decided, ready to be written. */
export interface PlanOutline {
  req: PlanRequest;
  die: DieFace;
  layers: PlanLayers;
  amounts: LayerAmounts;
  /** Warm-pressing temperature [K], if any. */
  warm: number | undefined;
  hard: HardLayerPressures;
  holds: HoldTimes;
  anodeJoin: ReasonedPressure | undefined;
  operation: Operation | undefined;
}

export function writePlanYaml(plan: PlanOutline): string {
  const out = [...header(plan), ...layersBlock(plan), ...steps(plan)];
  return out.join("\n") + "\n";
}

/** Provenance comment, name, die and press. */
function header({ req, die, layers, warm }: PlanOutline): string[] {
  const out: string[] = [];
  out.push(`# Written by "ssbpress plan" (goal: ${req.goal}). Check it with: ssbpress check FILE`);
  if (req.choose?.reason) for (const line of req.choose.reason.split("\n")) out.push(`# ${line}`);
  out.push(`name: ${stackName(layers)}, ${die.mm} mm die`);
  out.push(`die:`);
  out.push(`  diameter: ${die.mm} mm`);
  if (req.dieRating !== undefined) out.push(`  rating: ${MPa(req.dieRating)} MPa`);
  // Asking for a temperature implies a heated press.
  const pressType = req.pressType ?? (warm !== undefined ? "heated" : undefined);
  if (req.pressCapacity !== undefined || pressType) {
    out.push(`press:`);
    if (req.pressCapacity !== undefined)
      out.push(`  capacity: ${roundSig(req.pressCapacity / NEWTONS_PER_TONNE, 4)} t`);
    if (pressType) out.push(`  type: ${pressType}`);
  }
  return out;
}

/** "Li | Li6PS5Cl | NMC811": anode, separator and the cathode's active material. */
function stackName({ anode, separator, cathode }: PlanLayers): string {
  return [
    anode ? anode.name : undefined,
    separator.name,
    cathode
      ? isComposite(cathode)
        ? cathode.components.find((c) => c.material.class === "cathode-active")?.material.name
        : cathode.name
      : undefined,
  ]
    .filter(Boolean)
    .join(" | ");
}

function layersBlock({ layers, amounts }: PlanOutline): string[] {
  const { separator, oxideSeparator, cathode, anode } = layers;
  const out = [`layers:`];
  out.push(
    `  separator: { material: ${yamlMaterial(separator)}, ${amounts.separator}${oxideSeparator ? ", form: pellet" : ""} }${oxideSeparator ? "   # oxides are not densified by cold pressing: use a pellet sintered beforehand" : ""}`,
  );
  if (cathode)
    out.push(`  cathode:   { material: ${yamlMaterial(cathode)}, mass: ${fmtMass(amounts.cathodeMass!)} }`);
  if (anode) out.push(`  anode:     { material: ${yamlMaterial(anode)}, ${amounts.anode} }`);
  return out;
}

function yamlMaterial(m: LayerMaterial): string {
  if (!isComposite(m)) return m.name;
  const unit = m.basis === "volume" ? "vol%" : "wt%";
  return `{ ${m.components.map((c) => `${c.material.name}: ${roundSig(c.fraction * 100, 3)} ${unit}`).join(", ")} }`;
}

function steps(plan: PlanOutline): string[] {
  const { layers, warm, hard, holds, anodeJoin, operation } = plan;
  const text = stepText(plan);
  const out = [`steps:`, `  - Add separator`];
  const at = warm !== undefined ? ` at ${roundSig(warm - 273.15, 4)} °C` : "";
  if (warm !== undefined) {
    out.push(
      `  # warm pressing: hard layers densify further at temperature (the gain is a model assumption; see docs/models.md)`,
    );
    out.push(`  - Heat to ${roundSig(warm - 273.15, 4)} °C at 5 °C/min`);
  }
  if (!layers.oxideSeparator) {
    out.push(`  # densify the separator alone first (${text.forceNote(hard.separator)})`);
    out.push(`  - ${text.press(hard.separator, "up", holds.separator, true)}${at}`);
  }
  if (layers.cathode) {
    out.push(`  - Add cathode on top`);
    out.push(`  # ${hard.coPress.why} (${text.forceNote(hard.coPress.pressure)})`);
    out.push(`  - ${text.press(hard.coPress.pressure, "up", holds.coPress, true)}${at}`);
  }
  if (layers.anode && anodeJoin) {
    if (warm !== undefined) {
      out.push(
        `  # cool before the anode goes in: soft metals creep and melt far below the pressing temperature`,
      );
      out.push(`  - Cool to 25 °C`);
      out.push(`  - Ask "Is the die below 30 °C? Then place the anode."`);
    }
    out.push(`  - Add anode on bottom`);
    out.push(`  # ${anodeJoin.why} (${text.forceNote(anodeJoin.pressure)})`);
    // A composite anode must reach its densification pressure; a soft one must stay under its limit.
    const dir = layers.anodeClass === "anode-active" ? "up" : "down";
    out.push(`  - ${text.press(anodeJoin.pressure, dir, holds.anode, false)}`);
  }
  if (operation && operation.pressure > 0) out.push(...operateStep(plan, operation));
  return out;
}

/** Step text for this die and press: targets in MPa, or in tonnes on a manual press's gauge. */
function stepText({ req, die }: PlanOutline) {
  const manual = req.pressType === "manual";
  const target = (pa: number, dir: "down" | "up") => {
    if (!manual) return `${MPa(pa)} MPa`;
    // a manual press is read in tonnes: round so the pressure stays on the safe side of the goal
    const t = (pa * die.area) / NEWTONS_PER_TONNE;
    const tt = dir === "up" ? Math.ceil(t * 10) / 10 : Math.floor(t * 10) / 10;
    return `${tt} t`;
  };
  const rate = manual ? "" : ` at ${PLAN_DEFAULTS.rampRate / 1e6} MPa/s`;
  const hold = (s: number) => (s >= 60 ? `${s / 60} min` : `${s} s`);
  // A manual press has no controlled release; an automatic one releases the hard layers slowly.
  const release = manual ? "" : `, release at ${PLAN_DEFAULTS.releaseRate / 1e6} MPa/s`;
  return {
    press: (pa: number, dir: "down" | "up", holdSeconds: number, withRelease: boolean) =>
      `Press to ${target(pa, dir)}${rate}, hold ${hold(holdSeconds)}${withRelease ? release : ""}`,
    forceNote: (pa: number) => {
      const f = pa * die.area;
      return `${MPa(pa)} MPa on ${die.mm} mm = ${roundSig(f / 1e3, 4)} kN = ${roundSig(f / NEWTONS_PER_TONNE, 3)} t`;
    },
  };
}

function operateStep({ layers, amounts }: PlanOutline, operation: Operation): string[] {
  const { capacityPerArea } = amounts;
  const cyc = capacityPerArea
    ? `, cycling ${roundSig(capacityPerArea / 36000, 3)} mAh/cm2 at ${roundSig((capacityPerArea / 36000) * PLAN_DEFAULTS.cRate, 2)} mA/cm2`
    : "";
  return [
    `  # operating pressure for a ${layers.anode!.name} anode: ${operation.why}`,
    `  - Operate at ${MPa(operation.pressure)} MPa (${MPa(operation.band[0])}..${MPa(operation.band[1])} MPa) for ${PLAN_DEFAULTS.operationHours} h${cyc}`,
  ];
}
