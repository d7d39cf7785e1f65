/**
 * Joining the anode, last and gently: a soft metal or alloy is pressed under its assembly limit (it
 * creeps into the separator's pores otherwise); a composite anode is densified like the hard layers
 * but never above the steps before it.
 */
import { PROP } from "../../materials/index.js";
import { FALLBACK_DENSIFICATION_PRESSURE, PLAN_DEFAULTS } from "./defaults.js";
import type { Ceiling } from "./feasibility.js";
import { MPa, round5 } from "./format.js";
import { pressureLimit } from "./layer-limits.js";
import type { PlanLayers } from "./layers.js";
import type { HardLayerPressures } from "./pressures.js";
import type { PlanChoices, ReasonedPressure } from "./types.js";

/** Assembly limit assumed for a soft anode whose material reports none [Pa]. */
const FALLBACK_ASSEMBLY_LIMIT = 50e6;
/** Lowest joining pressure the plan writes [Pa]; an optimizer's choice may go down to 1 MPa. */
const MIN_SOFT_JOIN = 5e6;
const MIN_CHOSEN_JOIN = 1e6;

/** The anode's joining pressure, or undefined without an anode. */
export function anodeJoin(
  layers: PlanLayers,
  hard: HardLayerPressures,
  ceiling: Ceiling,
  choose: PlanChoices,
): (ReasonedPressure & { citations: string[] }) | undefined {
  const { anode, anodeClass } = layers;
  if (!anode) return undefined;
  const join = { pressure: 0, why: "", citations: [] as string[] };
  if (anodeClass === "metal-anode" || anodeClass === "alloy-anode") {
    const lim = pressureLimit(anode, PROP.assemblyPressureMax);
    const base = lim?.value ?? FALLBACK_ASSEMBLY_LIMIT;
    join.citations = lim?.citations ?? [];
    join.pressure = Math.max(MIN_SOFT_JOIN, round5(base * PLAN_DEFAULTS.softMargin));
    join.why = `${PLAN_DEFAULTS.softMargin * 100} % of ${anode.name}'s ${MPa(base)} MPa assembly limit, leaving room for force overshoot`;
  } else {
    const dens = pressureLimit(anode, PROP.densificationPressure)?.value ?? FALLBACK_DENSIFICATION_PRESSURE;
    join.pressure = Math.min(
      Math.max(dens, hard.separator),
      ceiling.value,
      hard.coPress.pressure || Infinity,
    );
    join.why = `densifies the composite anode without exceeding the earlier steps`;
  }
  if (choose.anodePressure !== undefined) {
    join.pressure = Math.max(MIN_CHOSEN_JOIN, choose.anodePressure);
    join.why = "chosen by the optimizer";
  }
  return join;
}
