/**
 * The typed protocol: what a protocol file means once loaded. All quantities are SI numbers
 * (Pa, N, m, kg, s, K); positions point back into the YAML file for diagnostics.
 */
import type { LayerMaterial } from "../materials/types.js";
import type { SourcePos } from "./diagnostics.js";

export type PressKind = "manual" | "automatic" | "heated";

export interface DieSpec {
  /** Diameter [m]. */
  diameter: number;
  /** Maximum pressure the die is rated for [Pa]. */
  rating?: number;
  pos: SourcePos;
  ratingPos?: SourcePos;
}

export interface PressSpec {
  kind?: PressKind;
  /** Maximum force [N]. */
  capacity?: number;
  /** Maximum platen temperature [K] (heated presses). */
  maxTemperature?: number;
  /** Ram (cylinder) diameter of a manual press [m]: turns gauge oil pressure into force. */
  ramDiameter?: number;
  /** Unit the press's gauge reads in (e.g. "t", "kN", "bar", "psi"). */
  gauge?: string;
  pos: SourcePos;
  capacityPos?: SourcePos;
}

export type FixtureSpec =
  | { type: "rigid"; stiffness?: number; pos: SourcePos }
  | { type: "spring"; rate?: number; preload?: number; pos: SourcePos }
  | { type: "servo"; pos: SourcePos };

export type LayerRole = "separator" | "cathode" | "anode" | "other";

/** Per-layer overrides of the material limits, written explicitly in the protocol. */
export interface LayerLimits {
  /** [Pa] */
  assemblyPressureMax?: number;
  /** [Pa] */
  densificationPressure?: number;
  /** [Pa] */
  operatingPressureMax?: number;
  /** [K] */
  temperatureMax?: number;
}

export interface Layer {
  id: string;
  material: LayerMaterial;
  role: LayerRole;
  /**
   * How the layer goes into the die: a powder to be pressed (default), a ready pellet (e.g. a sintered
   * oxide, not densified further), or a foil.
   */
  form: "powder" | "pellet" | "foil";
  /**
   * Measured relative density of a ready pellet (0..1), e.g. a sintered garnet's from Archimedes or
   * mass and size; only for a ready oxide pellet, whose density pressing does not change.
   */
  relativeDensity?: number;
  relativeDensityPos?: SourcePos;
  /** [kg] */
  mass?: number;
  /** [m] */
  thickness?: number;
  limits: LayerLimits;
  pos: SourcePos;
  materialPos: SourcePos;
  /** Where each override was written, for diagnostics. */
  limitPos: Partial<Record<keyof LayerLimits, SourcePos>>;
}

interface StepBase {
  /** 1-based step number. */
  index: number;
  /** The step as written (strings) or a compact text rendering (objects). */
  text: string;
  pos: SourcePos;
}

export interface AddStep extends StepBase {
  kind: "add";
  layer: string;
  position: "top" | "bottom";
  layerPos: SourcePos;
}

export interface PressStep extends StepBase {
  kind: "press";
  /** Target pressure on the pellet [Pa], converted from force with the die when given as force. */
  pressure: number;
  /** Target force [N]. */
  force: number;
  /** What the user wrote the target as. */
  targetKind: "pressure" | "force";
  targetText: string;
  targetPos: SourcePos;
  /** Ramp rate as pressure rate [Pa/s] (converted from force rates with the die). */
  rampRate?: number;
  rampPos?: SourcePos;
  /** Hold time at target [s]. */
  hold?: number;
  holdPos?: SourcePos;
  /** Hold at constant pressure (load control) or at constant ram position. */
  holdMode: "pressure" | "position";
  /** Release rate [Pa/s]; when absent the pressure stays on until the next step. */
  releaseRate?: number;
  releasePos?: SourcePos;
  /** True when the step releases the load at its end. */
  release: boolean;
  /** Platen temperature during the step [K]. */
  temperature?: number;
  temperaturePos?: SourcePos;
}

export interface ReleaseStep extends StepBase {
  kind: "release";
  /** [Pa/s] */
  rate?: number;
  ratePos?: SourcePos;
}

export interface HeatStep extends StepBase {
  kind: "heat";
  /** [K] */
  temperature: number;
  temperaturePos: SourcePos;
  /** [K/s] */
  rate?: number;
}

export interface AskStep extends StepBase {
  kind: "ask";
  prompt: string;
}

export interface WaitStep extends StepBase {
  kind: "wait";
  /** [s] */
  duration: number;
}

/** Push the whole stack out of the die as one body; ends the assembly in this die. */
export interface EjectStep extends StepBase {
  kind: "eject";
}

export interface CyclingSpec {
  /** Areal capacity per half cycle [C/m2]. */
  capacity?: number;
  /** Current density [A/m2]. */
  current?: number;
  pos: SourcePos;
}

export interface OperateStep extends StepBase {
  kind: "operate";
  /** Nominal stack pressure [Pa]. */
  pressure: number;
  pressurePos: SourcePos;
  /** Allowed band [Pa]. */
  min?: number;
  max?: number;
  bandPos?: SourcePos;
  /** [s] */
  duration: number;
  durationPos: SourcePos;
  /** Cell temperature [K]. */
  temperature?: number;
  cycling?: CyclingSpec;
}

export type Step =
  AddStep | PressStep | ReleaseStep | HeatStep | AskStep | WaitStep | OperateStep | EjectStep;
export type StepKind = Step["kind"];

export interface Protocol {
  file: string;
  name: string;
  die: DieSpec;
  press?: PressSpec;
  fixture?: FixtureSpec;
  layers: Map<string, Layer>;
  steps: Step[];
  /**
   * Step numbers of Add steps left out because their layer's definition was reported wrong, so the
   * order rule does not report the die they leave empty a second time.
   */
  skippedAdds?: number[];
  /** Citation keys a protocol author attached (optional `references:`). */
  notes?: string;
}
