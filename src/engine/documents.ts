/**
 * The documents a run emits (CONTRACTS §6, Bluesky style). The engine emits them; the CLI, the
 * store and the web app subscribe. Keys carry units exactly as the contract spells them.
 */

interface DocumentBase {
  /** The run id. */
  run: string;
  /** Unix time [s]. */
  time: number;
}

export interface RunStartDocument extends DocumentBase {
  type: "run-start";
  /** The protocol file's text, as read. */
  protocol: string;
  /** SHA-256 of the protocol text (hex). */
  sha256: string;
  /** Protocol name. */
  name: string;
  /** The die: diameter [mm], area [mm²] and rating [MPa] when given. */
  die: { "Diameter [mm]": number; "Area [mm2]": number; "Rating [MPa]": number | null };
  /** The press as the driver describes it (e.g. "sim", "modbus-tcp://127.0.0.1:5020", "manual"). */
  press: string;
  /** The Modbus map's name (null for presses without one). */
  map: string | null;
  operator: string | null;
  /** ssbpress version. */
  version: string;
  /** Number of steps in the protocol. */
  steps: number;
  /** Anything else worth reproducing the run (speed, faults injected, --yes). */
  options?: Record<string, string | number | boolean | null>;
}

export interface StepStartDocument extends DocumentBase {
  type: "step-start";
  step: number;
  text: string;
}

export interface StepEndDocument extends DocumentBase {
  type: "step-end";
  step: number;
  text: string;
}

export interface SampleDocument extends DocumentBase {
  type: "sample";
  /** The step being executed (0 before the first). */
  step: number;
  "Test time [s]": number;
  "Force setpoint [kN]": number | null;
  "Force [kN]": number | null;
  "Pressure [MPa]": number | null;
  "Position [mm]": number | null;
  "Temperature [degC]": number | null;
  /**
   * Present only on the per-second summaries of a long Operate step (the sample's force is then the
   * mean over the second): the lowest and highest force measured in that second.
   */
  "Force min [kN]"?: number;
  "Force max [kN]"?: number;
}

/**
 * `prompt`: something the operator is asked or shown through the web console (CONTRACTS §8); the
 * server emits it, with the numbers to show, and records the answer as an `operator` event.
 */
export type EventKind = "interlock" | "operator" | "band" | "note" | "prompt";

export interface EventDocument extends DocumentBase {
  type: "event";
  kind: EventKind;
  message: string;
  /** The step during which it happened (0 before the first). */
  step: number;
}

export type RunStatus = "completed" | "aborted" | "interlock" | "fault" | "interrupted";

export interface RunStopDocument extends DocumentBase {
  type: "run-stop";
  status: RunStatus;
  reason: string;
}

export type RunDocument =
  RunStartDocument | StepStartDocument | StepEndDocument | SampleDocument | EventDocument | RunStopDocument;

/** Whoever wants the documents: the store, the terminal, the web page. Must not throw. */
export type DocumentSink = (doc: RunDocument) => void;
