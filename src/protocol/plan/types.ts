/** What the planner is asked for and what it returns. */

export type PlanGoal = "densify" | "integrate-anode" | "cycling";

export interface PlanRequest {
  separator: string;
  cathode?: string;
  anode?: string;
  /** [m] */
  dieDiameter: number;
  /** [Pa] */
  dieRating?: number;
  /** [N] */
  pressCapacity?: number;
  pressType?: "manual" | "automatic" | "heated";
  /**
   * Warm-press the hard layers at this platen temperature [K] (heated presses); the die is cooled to
   * room temperature before a soft metal anode goes in.
   */
  temperature?: number;
  goal: PlanGoal;
  /** [kg] */
  separatorMass?: number;
  /** [kg] */
  cathodeMass?: number;
  /** [m] */
  anodeThickness?: number;
  /**
   * Explicit choices that replace the planner's defaults (used by `plan --optimize`); each is still
   * bounded by the die, the press and the materials.
   */
  choose?: PlanChoices;
}

export interface PlanChoices {
  /** [Pa] */
  separatorPressure?: number;
  /** [Pa] */
  coPressPressure?: number;
  /** [Pa] */
  anodePressure?: number;
  /** [Pa] */
  operatingPressure?: number;
  /** [s] */
  separatorHold?: number;
  /** [s] */
  coPressHold?: number;
  /** [s] */
  anodeHold?: number;
  /** Why these values, written as a comment into the protocol. */
  reason?: string;
}

export interface Plan {
  yaml: string;
  /** Key decisions with reasons, for --json and for the methods text. */
  decisions: Record<string, number | string>;
  citations: string[];
}

/** A pressure the planner chose [Pa], with the reason written next to it in the protocol. */
export interface ReasonedPressure {
  pressure: number;
  why: string;
}

/** The die as the planner uses it: its face area and its diameter as written in the protocol. */
export interface DieFace {
  /** [m2] */
  area: number;
  /** Diameter in mm, rounded for the text. */
  mm: number;
}
