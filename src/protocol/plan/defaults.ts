import { circleArea } from "../../core/conversions.js";

/** Defaults the planner uses; each is a lab convention or an assumption, stated in the output. */
export const PLAN_DEFAULTS = {
  /** Co-pressing target for cathode + separator (the common 500 MPa, seed recipe). */
  coPressTarget: 500e6,
  /** Fraction of a reported fracture/cracking pressure the plan stays under. */
  fractureMargin: 0.8,
  /** Fraction of a soft layer's assembly limit the plan uses (room for force overshoot). */
  softMargin: 0.9,
  separatorThickness: 600e-6,
  separatorRelativeDensity: 0.85,
  /** Composite cathode loading when no specific capacity is known [kg/m2] (15 mg on a 10 mm die). */
  cathodeLoading: 15e-6 / circleArea(0.01),
  /** Target areal capacity [C/m2] (2 mAh/cm2). */
  arealCapacity: (2 * 3.6) / 1e-4,
  liThickness: 50e-6,
  alloyThickness: 100e-6,
  anodeCompositeLoading: 10e-6 / circleArea(0.01),
  rampRate: 5e6,
  releaseRate: 5e6,
  holdSeparator: 120,
  holdCoPress: 300,
  holdAnode: 60,
  operationHours: 500,
  /** C-rate used to suggest the cycling current (C/10). */
  cRate: 0.1,
  /**
   * Share of the theoretical capacity a cathode delivers in practice (assumption: NMC811 gives about
   * 200 of its 275 mAh/g); loadings and cycling capacities are planned on the practical value.
   */
  practicalCapacityFraction: 0.7,
  /** Share of the press's rated force the plan uses: a press is not run at its limit. */
  pressMargin: 0.95,
};

/** Densification pressure assumed for a layer whose material reports none [Pa]. */
export const FALLBACK_DENSIFICATION_PRESSURE = 250e6;
