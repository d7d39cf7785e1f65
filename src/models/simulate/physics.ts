/**
 * What the simulator asks of the physics: one interface over models 1–6, so the walk through a
 * protocol (simulate.ts) does not depend on how each model is written. `createPhysics(values)` binds
 * the models to one parameter draw (nominal or sampled).
 */
import type { Layer } from "../../protocol/types.js";

export type InterfaceKind = "metal|electrolyte" | "cathode|separator" | "powder|powder";

export interface OperationInput {
  fixture:
    | { type: "rigid"; stiffness?: number }
    | { type: "spring"; rate?: number; preload?: number }
    | { type: "servo" };
  /** [m2] */
  area: number;
  /** [Pa] */
  basePressure: number;
  band?: { min: number; max: number };
  /** [s] */
  duration: number;
  cycling: { capacity: number; current: number };
  cathode?: { active: string; activeVolumeFraction: number; thickness: number; capacity: number };
  anode: { kind: "Li" | "LiIn" | "In" | "graphite" | "Si" | "other"; thickness: number };
  /** The stack's layers for its elastic compliance (dense modulus [Pa], thickness [m]). */
  layers?: { thickness: number; denseModulus: number; form: "pellet" | "foil"; name?: string }[];
  /** Coarse output for Monte Carlo (fewer points per cycle). */
  coarse?: boolean;
}

interface OperationResult {
  time: ArrayLike<number>;
  pressure: ArrayLike<number>;
  min: number;
  max: number;
  swingPerCycle: number;
  /** Signed pressure change over one charge [Pa]: + when the stack swells on charge. */
  changePerCharge: number;
  cycles: number;
  contactLoss: { time: number } | null;
  overBand: { time: number } | null;
}

interface ShortInput {
  /** [Pa] */
  stackPressure: number;
  separatorPorosity: number;
  /** [m] */
  separatorThickness: number;
  /** [A/m2] */
  currentDensity: number;
  anode: "Li" | "alloy" | "other";
}

export interface Physics {
  /**
   * Relative density [-] of a layer after it has seen `maxPressure` [Pa] at `temperature` [K]: once
   * released, or under a current `pressure` ≤ maxPressure (default: at maxPressure).
   */
  relativeDensity(
    layer: Layer,
    maxPressure: number,
    temperature: number,
    released: boolean,
    pressure?: number,
  ): number;
  /** Ionic conductivity [S/m] at a relative density under a stack pressure [Pa]; undefined when unknown. */
  conductivity(layer: Layer, relativeDensity: number, stackPressure: number): number | undefined;
  /**
   * Contact fraction and area-specific resistance [Ω m2] of the interface between two layers (a below
   * b), given its history: highest and current pressure [Pa], time under pressure [s].
   */
  interface(
    kind: InterfaceKind,
    history: { maxPressure: number; pressure: number; timeUnderPressure: number },
    a: { layer: Layer; relativeDensity: number },
    b: { layer: Layer; relativeDensity: number },
  ): { contactFraction: number; asr: number };
  /** Li in the die during a press step: probability of an intrusion short, and how much Li was extruded. */
  assemblyIntrusion(input: {
    pressure: number;
    hold: number;
    separatorPorosity: number;
    separatorThickness: number;
    liThickness: number;
  }): { shortProbability: number; extrudedFraction: number; thicknessAfter: number };
  /** Probability that a press step fractures a layer. */
  fractureProbability(
    layer: Layer,
    input: {
      pressure: number;
      softLayerInStack: boolean;
      softLayerLimit?: number;
      releaseRate?: number;
      relativeDensity: number;
    },
  ): number;
  /** Time to short [s] at a constant stack pressure (Infinity when none). */
  timeToShort(input: ShortInput): number;
  /** Probability of a short within a duration [s] at a constant stack pressure. */
  shortProbability(input: ShortInput & { duration: number }): number;
  /** Stack pressure during cycling. */
  operation(input: OperationInput): OperationResult;
  /** Citation keys of everything used. */
  citations(): string[];
}
