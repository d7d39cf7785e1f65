/**
 * The run engine's options and outcome (the API the CLI and the server call).
 */
import type { Scheduler } from "../core/clock.js";
import type { Operator, Press } from "../devices/press.js";
import type { CompiledProtocol } from "../protocol/compile.js";
import type { RunSignal } from "./control.js";
import type { DocumentSink, RunStatus } from "./documents.js";
import type { EngineSnapshot } from "./state.js";

export interface RunOptions {
  compiled: CompiledProtocol;
  /** The protocol file's text, as read (recorded with its SHA-256). */
  protocolText: string;
  press: Press;
  operator: Operator;
  scheduler: Scheduler;
  sink: DocumentSink;
  runId: string;
  /** ssbpress version, for the record. */
  version: string;
  operatorName?: string | null;
  /** The Modbus map's name, for the record (null for presses without one). */
  map?: string | null;
  /** Press capacity known to the caller (e.g. `--capacity`) [N]; lowers the limit in force if lower. */
  pressCapacity?: number;
  /** Control period [s]: one reading (and at most one setpoint) per period. Default 0.1 (10 Hz). */
  controlPeriod?: number;
  /** Sampling period [s] while nothing is pressed (prompts, heating an empty die). Default: the control period. */
  sampleEvery?: number;
  /** Answer the Add/Ask confirmations of an automatic press (`--yes`); recorded as such. */
  yes?: boolean;
  /** Shortens every Operate step to this [s] (`--operate-for`); recorded in the options. */
  operateFor?: number;
  signal?: RunSignal;
  /**
   * First step to execute (1-based, default 1). Earlier steps are not executed: the die is assumed
   * to hold their layers, unloaded (a twin is told about them). Recorded in the options.
   */
  startAt?: number;
  /** Call `press.connect()` (default true); false when the caller has connected already. */
  connect?: boolean;
  /** SHA-256 of protocolText when the caller computed it; the engine computes its own and refuses a mismatch. */
  sha256?: string;
  /** More options to record in run-start (speed, faults injected, …). */
  options?: Record<string, string | number | boolean | null>;
  /** Called on every state change and step change (progress displays). Must not throw. */
  onState?: (snapshot: EngineSnapshot) => void;
}

export interface RunOutcome {
  status: RunStatus;
  reason: string;
  /** CONTRACTS §1: 0 success, 3 a run ended by an interlock, a device fault or an abort. */
  exitCode: 0 | 3;
}
