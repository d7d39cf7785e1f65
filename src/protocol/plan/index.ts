/**
 * The recipe generator: writes a layer-by-layer protocol for a stack, a die, a press and a goal.
 * Strategy (the lab's, see ARCHITECTURE.md): densify the separator first, then press cathode and
 * separator together at a higher pressure, join the soft anode last and gently, then operate at a
 * stack pressure chosen by the anode. Every number is bounded by the materials, the die and the press;
 * when the job cannot be done, the result says why and what would make it possible.
 *
 * Each decision lives in its own module; this one runs them in order and collects the result.
 */
import { circleArea } from "../../core/conversions.js";
import { err, ok, type Result } from "../../core/errors.js";
import { roundSig } from "../../core/units.js";
import { layerAmounts } from "./amounts.js";
import { anodeJoin } from "./anode-join.js";
import { infeasibleError, pressureCeiling } from "./feasibility.js";
import { MPa } from "./format.js";
import { chooseWarmTemperature } from "./heating.js";
import { chooseLayers, hardLayers } from "./layers.js";
import { operatingPressure } from "./operating.js";
import { densificationNeeds, hardLayerPressures, holdTimes } from "./pressures.js";
import type { Plan, PlanRequest } from "./types.js";
import { writePlanYaml, type PlanOutline } from "./yaml.js";

export { PLAN_DEFAULTS } from "./defaults.js";
export { parseCompositeSpec } from "./layers.js";
export { planQuantity } from "./quantity.js";
export type { Plan, PlanGoal, PlanRequest } from "./types.js";

/** Write a protocol for the request, or say why it cannot be done. */
export function planProtocol(req: PlanRequest): Result<Plan> {
  const die = { area: circleArea(req.dieDiameter), mm: roundSig(req.dieDiameter * 1e3, 4) };
  const layers = chooseLayers(req);
  if (!layers.ok) return layers;
  const hard = hardLayers(layers.value);
  const warm = chooseWarmTemperature(req, hard);
  if (!warm.ok) return warm;

  const needs = densificationNeeds(layers.value);
  const { ceiling, citations: fractureCitations } = pressureCeiling(req, die, hard);
  if (needs.needed > 0 && ceiling.value < needs.needed)
    return err(infeasibleError(req, die, needs.needed, ceiling));

  const choose = req.choose ?? {};
  const pressures = hardLayerPressures(layers.value, needs, ceiling, choose);
  const join = anodeJoin(layers.value, pressures, ceiling, choose);
  const operation = operatingPressure(layers.value, req.goal, choose);
  const outline: PlanOutline = {
    req,
    die,
    layers: layers.value,
    amounts: layerAmounts(req, layers.value, die),
    warm: warm.value,
    hard: pressures,
    holds: holdTimes(choose),
    anodeJoin: join,
    operation,
  };
  const citations = new Set([
    ...needs.citations,
    ...fractureCitations,
    ...(join?.citations ?? []),
    ...(operation?.citations ?? []),
  ]);
  return ok({
    yaml: writePlanYaml(outline),
    decisions: decisions(outline),
    citations: [...citations].sort(),
  });
}

/** The key numbers and their reasons, for --json and the methods text. */
function decisions({ die, layers, amounts, hard, anodeJoin, operation }: PlanOutline): Plan["decisions"] {
  const op = operation && operation.pressure ? operation : undefined;
  const { capacityPerArea } = amounts;
  return {
    "Die diameter [mm]": die.mm,
    "Separator pressure [MPa]": MPa(hard.separator),
    ...(layers.cathode
      ? { "Co-press pressure [MPa]": MPa(hard.coPress.pressure), "Co-press reason": hard.coPress.why }
      : {}),
    ...(layers.anode && anodeJoin
      ? { "Anode pressure [MPa]": MPa(anodeJoin.pressure), "Anode reason": anodeJoin.why }
      : {}),
    ...(op ? { "Operating pressure [MPa]": MPa(op.pressure), "Operating reason": op.why } : {}),
    ...(capacityPerArea ? { "Areal capacity [mAh/cm2]": roundSig(capacityPerArea / 36000, 3) } : {}),
  };
}
