/**
 * The stack pressure kept while the cell cycles, chosen by the anode: Li metal creeps through the
 * separator and shorts the cell at the 70–80 MPa often quoted, Li–In does not.
 */
import { PROP } from "../../materials/index.js";
import { pressureLimit } from "./layer-limits.js";
import type { PlanLayers } from "./layers.js";
import type { PlanChoices, PlanGoal, ReasonedPressure } from "./types.js";

export interface Operation extends ReasonedPressure {
  /** The range [Pa] the stack pressure may drift in while cycling. */
  band: [number, number];
  citations: string[];
}

/** Operating pressure of an alloy anode [Pa]: years of lab practice at 60–70 MPa (Koerver2018). */
const ALLOY_OPERATING = 60e6;
/** Operating pressure of a non-metal anode [Pa] (assumption). */
const COMPOSITE_OPERATING = 50e6;
/** Half-width of the band around an alloy or composite anode's operating pressure [Pa]. */
const BAND_HALF_WIDTH = 5e6;

/**
 * The operating pressure for a cycling goal, or undefined when the plan does not cycle. A pressure
 * of 0 means none could be chosen, and no operate step is written.
 */
export function operatingPressure(
  layers: PlanLayers,
  goal: PlanGoal,
  choose: PlanChoices,
): Operation | undefined {
  const { anode, anodeClass } = layers;
  if (!anode || goal !== "cycling") return undefined;
  const lim = pressureLimit(anode, PROP.operatingPressureMax);
  const op: Operation = { pressure: 0, band: [0, 0], why: "", citations: [...(lim?.citations ?? [])] };
  if (anodeClass === "metal-anode" && lim) {
    op.pressure = lim.value;
    op.band = [lim.value * 0.8, lim.value];
    op.why = `${anode.name} metal creeps through the separator at higher stack pressure: Li|Li6PS5Cl|Li cells shorted at once at 75 MPa and within 48 h at 25 MPa, while 5 MPa ran 1000 h (Doux2020)`;
    op.citations.push("Doux2020");
  } else if (anodeClass === "alloy-anode") {
    op.pressure = Math.min(ALLOY_OPERATING, lim?.value ?? ALLOY_OPERATING);
    op.band = [
      op.pressure - BAND_HALF_WIDTH,
      Math.min(op.pressure + BAND_HALF_WIDTH, lim?.value ?? Infinity),
    ];
    op.why = `Li–In and In anodes do not creep through the separator at the 60–70 MPa used for years of lab practice (Koerver2018); Li-metal would short here`;
    op.citations.push("Koerver2018");
  } else {
    op.pressure = Math.min(COMPOSITE_OPERATING, lim?.value ?? COMPOSITE_OPERATING);
    op.band = [op.pressure - BAND_HALF_WIDTH, op.pressure + BAND_HALF_WIDTH];
    op.why = `assumption: tens of MPa keep contact while the electrodes breathe; no creep limit applies to a non-metal anode`;
  }
  if (choose.operatingPressure !== undefined && op.pressure > 0) {
    // The optimizer's choice gets a ±10 % band, capped at the anode's limit unless it chose above it.
    const limit = lim?.value;
    op.pressure = choose.operatingPressure;
    op.band = [
      op.pressure * 0.9,
      limit !== undefined ? Math.min(op.pressure * 1.1, Math.max(limit, op.pressure)) : op.pressure * 1.1,
    ];
    op.why = `chosen by the optimizer; ${op.why}`;
  }
  return op;
}
