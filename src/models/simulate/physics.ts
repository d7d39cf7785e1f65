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
  anode: {
    kind: "Li" | "LiIn" | "In" | "graphite" | "Si" | "other";
    thickness: number;
    /** Graphite: areal charge from x = 0 to 1 in LixC6 [C/m2], when its mass is known. */
    capacity?: number;
    /** Active volume fraction of a composite anode [-]. */
    activeVolumeFraction?: number;
  };
  /** The stack's layers for its elastic compliance (dense modulus [Pa], thickness [m]). */
  layers?: { thickness: number; denseModulus: number; form: "pellet" | "foil"; name?: string }[];
  /** Cell temperature [K] (Li creep under the stack pressure); default 25 °C. */
  temperature?: number;
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
  /** Cell temperature [K] (Li creep is thermally activated); default 298.15 K. */
  temperature?: number;
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
  /**
   * Ionic conductivity [S/m] at a relative density under a stack pressure [Pa] at a temperature [K]
   * (default 25 °C); undefined for a layer that is not an ion conductor or whose conductivity is
   * unknown (then `notes()` says so).
   */
  conductivity(
    layer: Layer,
    relativeDensity: number,
    stackPressure: number,
    temperature?: number,
  ): number | undefined;
  /**
   * Contact fraction and area-specific resistance [Ω m2] of the interface between two layers (a below
   * b), given its history: highest and current pressure [Pa], time under pressure [s], at a
   * temperature [K] (default 25 °C): the constriction into a separator's contacts scales with the
   * separator's conductivity, charge transfer between powders is thermally activated.
   */
  interface(
    kind: InterfaceKind,
    history: { maxPressure: number; pressure: number; timeUnderPressure: number },
    a: { layer: Layer; relativeDensity: number },
    b: { layer: Layer; relativeDensity: number },
    temperature?: number,
  ): { contactFraction: number; asr: number };
  /**
   * Charge-transfer resistance [Ω m² of cell] between a composite cathode's active particles and the
   * electrolyte around them, for a formed cathode (contact model, cathode.ts), at a temperature [K]
   * (default 25 °C; thermally activated); undefined when the layer has no electrolyte or no
   * cathode-active component.
   */
  cathodeChargeTransfer(
    layer: Layer,
    input: {
      relativeDensity: number;
      /** [m] */
      thickness: number;
      /** Active volume share of the solids [-]. */
      activeShare: number;
      history: { maxPressure: number; pressure: number; timeUnderPressure: number };
      /** [K]; default 298.15 K. */
      temperature?: number;
    },
  ): { asr: number; contactFraction: number } | undefined;
  /** Li in the die during a press step: probability of an intrusion short, and how much Li was extruded. */
  assemblyIntrusion(input: {
    pressure: number;
    hold: number;
    separatorPorosity: number;
    separatorThickness: number;
    liThickness: number;
    /** Die temperature [K]; default 298.15 K. */
    temperature?: number;
  }): { shortProbability: number; extrudedFraction: number; thicknessAfter: number };
  /** Probability that a press step fractures a layer through, given the presses it survived before. */
  fractureProbability(
    layer: Layer,
    input: {
      pressure: number;
      softLayerInStack: boolean;
      softLayerLimit?: number;
      relativeDensity: number;
      history?: readonly { pressure: number; softLayerInStack: boolean; softLayerLimit?: number }[];
    },
  ): number;
  /**
   * Probability that the co-pressed interface between two layers delaminates on this release, given the
   * releases it held before (0 unless both are cold-pressed compacts).
   */
  laminationProbability(
    a: Layer,
    b: Layer,
    input: {
      formationPressure: number;
      releases: readonly { pressure: number; releaseRate?: number }[];
    },
  ): number;
  /**
   * Probability that the body pushed out of the die caps or delaminates (fracture model's ejection
   * term): its layers with the highest pressure each saw [Pa], its co-pressed interfaces with their
   * formation and highest pressure [Pa]. Only compact layers and compact|compact interfaces count.
   */
  ejectionProbability(body: {
    layers: readonly { layer: Layer; maxPressure: number }[];
    interfaces: readonly { a: Layer; b: Layer; formationPressure: number; maxPressure: number }[];
  }): number;
  /**
   * How much faster Li creeps at `temperature` [K] than at 25 °C (the creep model's Arrhenius factor;
   * 1 at 25 °C): a metal's contact, which grows by creep, gains this many 25 °C-seconds per second.
   */
  creepTimeFactor(temperature: number): number;
  /** Time to short [s] at a constant stack pressure (Infinity when none). */
  timeToShort(input: ShortInput): number;
  /**
   * Probability of a short within a duration [s] at a constant stack pressure, or, when `damage` is
   * given, for a varying pressure whose creep-through damage over the duration is `damage` (the Miner
   * sum ∫dt/t_short; the immediate mechanical short is then judged at `stackPressure`, its highest).
   */
  shortProbability(input: ShortInput & { duration: number; damage?: number }): number;
  /** Stack pressure during cycling. */
  operation(input: OperationInput): OperationResult;
  /** Citation keys of everything used. */
  citations(): string[];
  /**
   * What the outputs rest on besides each material's own data: properties reported unknown, class
   * defaults and labelled factors (issue #8: never silently another material's). In order of first use.
   */
  notes(): string[];
}
