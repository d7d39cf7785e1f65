/**
 * The press, as the engine sees it: a handful of verbs and a sample. Drivers (the digital twin,
 * Modbus TCP/RTU, an operator at a manual press, a scripted fake) implement this and nothing about
 * protocols; the engine turns a compiled protocol into these calls. Everything is SI: N, N/s, m, K, s.
 */
import type { Layer } from "../protocol/types.js";

/** What the press reports about itself. */
export interface PressStatus {
  /** Powered and able to load. */
  ready: boolean;
  /** Force is moving towards the setpoint. */
  moving: boolean;
  /** Force is within the press's tolerance of the setpoint. */
  atSetpoint: boolean;
  /** The press reports a fault of its own (including a watchdog trip). */
  fault: boolean;
  /** E-stop is latched. */
  estop: boolean;
}

/** One reading of the press. Absent quantities are null. */
export interface PressSample {
  /** When the reading was taken: Unix time [s], on the scheduler the press runs on. */
  time: number;
  /** Measured force on the pellet [N]. */
  force: number;
  /** The force setpoint the press is following [N] (null when the press cannot say). */
  setpoint: number | null;
  /** Ram position [m] (null when the press has no position sensor). */
  position: number | null;
  /** Platen temperature [K] (null when not measured). */
  temperature: number | null;
  status: PressStatus;
}

/** What a driver can do; the engine adapts to it (e.g. it streams setpoints when the press cannot ramp). */
export interface PressCapabilities {
  /** The press ramps to a setpoint at a commanded rate by itself. */
  ramp: boolean;
  /** A heated platen with a temperature setpoint. */
  heating: boolean;
  /** Ram position is measured. */
  position: boolean;
  /** Temperature is measured. */
  temperature: boolean;
  /** An operator is the actuator (manual press): setpoints are instructions, readings are typed in. */
  manual: boolean;
  /** Largest force the press can apply [N], when the driver knows it. */
  capacity: number | null;
  /**
   * How long the press takes to vent from full load to zero after `release` [s]: the engine's
   * interlock budget adds this to one control period.
   */
  releaseTime: number;
}

export interface Press {
  /** A short description for the run record, e.g. "sim (10 mm die, 10 t)" or "modbus-tcp://10.0.0.5:502". */
  readonly description: string;
  readonly capabilities: PressCapabilities;
  /** Opens the link. Throws PressError("unreachable") when the press cannot be reached. */
  connect(): Promise<void>;
  /** One reading. Throws PressError when the link is lost or the answer is garbage. */
  read(): Promise<PressSample>;
  /**
   * Load towards `force` [N] at `rate` [N/s] (the press's own ramp when it has one; otherwise the
   * setpoint is applied as a step and the engine streams the ramp). Sets `run`.
   */
  setForce(force: number, rate: number): Promise<void>;
  /** Platen temperature setpoint [K]; ignored by presses without heating. */
  setTemperature(temperature: number): Promise<void>;
  /** Vent to zero force (setpoint 0 and `release`). */
  release(): Promise<void>;
  /** Latching emergency stop: force drops at once. */
  estop(): Promise<void>;
  /** Clears a latched e-stop or fault so that loading can resume (run false, e-stop false). */
  reset(): Promise<void>;
  /** Closes the link; never throws. */
  close(): Promise<void>;
}

export type PressErrorCode =
  /** The press could not be reached at connect. */
  | "unreachable"
  /** The link was lost (timeouts after the retries, socket closed). */
  | "link-lost"
  /** The press answered something that makes no sense (bad frame, NaN, wrong length, exception reply). */
  | "garbage"
  /** The press reports a fault of its own. */
  | "device-fault"
  /** The operator of a manual press stopped (end of input, "abort"). */
  | "operator-abort"
  /** A command the press cannot carry out (e.g. a setpoint above its capacity). */
  | "refused";

/** A failure talking to a press. The engine turns every one into a safe stop. */
export class PressError extends Error {
  readonly code: PressErrorCode;
  constructor(code: PressErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PressError";
    this.code = code;
  }
}

/** Something the run asks a person: "put the cathode in the die", or "type the gauge reading". */
export interface OperatorRequest {
  /** "confirm": go on when done. "reading": a number may be typed (empty = none). */
  kind: "confirm" | "reading";
  /** What to do, in the lab's words and the press's own units. */
  text: string;
  /** For "reading": the unit the reading is typed in (e.g. "t", "bar", "kN"). */
  unit?: string;
  /** The numbers behind `text`, for a screen that shows them big (the web console). */
  detail?: OperatorDetail;
}

/**
 * The numbers behind an instruction, SI except where a unit is named. A terminal shows only the
 * text; the web console shows these as big figures and counts a hold down.
 */
export interface OperatorDetail {
  /** What to set on the press, in the press's own unit (t, kN, or the gauge's bar/psi). */
  set?: { value: number; unit: string };
  /** The force the instruction stands for [N]. */
  force?: number;
  /** The pressure on the pellet [Pa]. */
  pressure?: number;
  /** The loading pace, in the set unit per second. */
  rate?: number;
  /** A hold to count down [s]. */
  hold?: number;
}

export interface OperatorAnswer {
  /** False when the operator aborts. */
  confirmed: boolean;
  /** A typed reading, in the request's unit (not converted). */
  reading?: number;
  /** Who or what answered: "terminal", "--yes", "answers file line 7". */
  by: string;
  /** Unix time [s] of the answer. */
  time: number;
}

/** A person at the press (or a script standing in for one). */
export interface Operator {
  ask(request: OperatorRequest): Promise<OperatorAnswer>;
  /** Shows a message that needs no answer (a hold count-down). */
  tell(text: string, detail?: OperatorDetail): void;
}

/**
 * The twin's window into the die: a driver that models the pellet (the digital twin) is told when a
 * layer goes in, so its ram position can follow the stack's thickness, and when the pellet is pushed
 * out, so the die is empty again. Real presses do not have it.
 */
export interface SpecimenAware {
  placeLayer(layer: Layer, position: "top" | "bottom"): void;
  /** The whole stack left the die (an Eject step). */
  ejectAll(): void;
}

export function isSpecimenAware(press: Press): press is Press & SpecimenAware {
  return typeof (press as Partial<SpecimenAware>).placeLayer === "function";
}

/**
 * The checks every driver makes before a setpoint leaves it: a finite force ≥ 0 within the press's
 * capacity (when known), a finite rate > 0. Throws PressError("refused"); nothing is sent.
 */
export function refuseBadSetpoint(force: number, rate: number, capacity: number | null): void {
  if (!Number.isFinite(force) || force < 0)
    throw new PressError("refused", `force setpoint ${force} N is not a finite force ≥ 0`);
  if (capacity !== null && force > capacity)
    throw new PressError("refused", `force setpoint ${force} N is above the press capacity ${capacity} N`);
  if (!Number.isFinite(rate) || rate <= 0)
    throw new PressError("refused", `ramp rate ${rate} N/s is not a finite rate > 0`);
}
