/**
 * Pressures for the hard layers: densify the separator alone first, then co-press cathode and
 * separator higher. Each is bounded by the ceiling from feasibility.ts.
 */
import { PROP } from "../../materials/index.js";
import { FALLBACK_DENSIFICATION_PRESSURE, PLAN_DEFAULTS } from "./defaults.js";
import type { Ceiling } from "./feasibility.js";
import { round5 } from "./format.js";
import { pressureLimit } from "./layer-limits.js";
import type { PlanLayers } from "./layers.js";
import type { PlanChoices, ReasonedPressure } from "./types.js";

/** The pressures [Pa] the hard layers need to densify. */
export interface DensificationNeeds {
  /** The separator's own densification pressure; 0 for a sintered oxide pellet. */
  separator: number;
  /** The higher of the separator's and the cathode's: below it the plan cannot densify. */
  needed: number;
  citations: string[];
}

export function densificationNeeds(layers: PlanLayers): DensificationNeeds {
  const sepDens = pressureLimit(layers.separator, PROP.densificationPressure);
  const separator = layers.oxideSeparator ? 0 : (sepDens?.value ?? FALLBACK_DENSIFICATION_PRESSURE);
  const cathode = layers.cathode
    ? (pressureLimit(layers.cathode, PROP.densificationPressure)?.value ?? FALLBACK_DENSIFICATION_PRESSURE)
    : 0;
  return { separator, needed: Math.max(separator, cathode), citations: sepDens?.citations ?? [] };
}

/** Pressures [Pa] of the hard-layer steps; 0 where the step is not written. */
export interface HardLayerPressures {
  separator: number;
  /** Cathode and separator together (0 without a cathode). */
  coPress: ReasonedPressure;
}

export function hardLayerPressures(
  layers: PlanLayers,
  needs: DensificationNeeds,
  ceiling: Ceiling,
  choose: PlanChoices,
): HardLayerPressures {
  const coPress = { pressure: 0, why: "" };
  if (layers.cathode) {
    // The common 500 MPa, lowered to what the die, the press and the materials allow.
    coPress.pressure = PLAN_DEFAULTS.coPressTarget;
    coPress.why = "the common 500 MPa co-pressing of cathode and separator";
    if (ceiling.value < coPress.pressure) {
      coPress.pressure = Math.max(round5(ceiling.value), needs.needed);
      coPress.why = `lowered from 500 MPa to stay within ${ceiling.why}`;
    }
    if (coPress.pressure < needs.needed) coPress.pressure = needs.needed;
  }
  let separator = layers.oxideSeparator ? 0 : Math.min(needs.separator, ceiling.value);
  if (choose.separatorPressure !== undefined && !layers.oxideSeparator)
    separator = Math.min(Math.max(choose.separatorPressure, needs.separator), ceiling.value);
  if (choose.coPressPressure !== undefined && layers.cathode) {
    coPress.pressure = Math.min(Math.max(choose.coPressPressure, needs.needed, separator), ceiling.value);
    coPress.why = "chosen by the optimizer";
  }
  return { separator, coPress };
}

/** Hold times [s] of the three press steps. */
export interface HoldTimes {
  separator: number;
  coPress: number;
  anode: number;
}

export function holdTimes(choose: PlanChoices): HoldTimes {
  return {
    separator: choose.separatorHold ?? PLAN_DEFAULTS.holdSeparator,
    coPress: choose.coPressHold ?? PLAN_DEFAULTS.holdCoPress,
    anode: choose.anodeHold ?? PLAN_DEFAULTS.holdAnode,
  };
}
