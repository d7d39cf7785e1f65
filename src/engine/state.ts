/**
 * The engine's state machine, explicit so that every path is known and a bug that tries an
 * impossible transition is caught (it becomes a fault, and the run is still finalized safely).
 *
 *   idle ──▶ connecting ──▶ running ⇄ pausing ──▶ paused ──▶ running
 *              │               │         │           │
 *              └───────────────┴─────────┴───────────┴──▶ stopping ──▶ stopped
 *                                                              (safe finalize)
 *   running ──▶ finishing (the protocol's last segment done) ──▶ stopped
 *
 * - idle: nothing sent to the press.
 * - connecting: `connect()` in progress.
 * - running: a segment executes (the step and segment are in the snapshot).
 * - pausing: a pause was requested; the engine holds the load it has (stops a ramp where it is).
 * - paused: load held, timers frozen, interlocks still live.
 * - stopping: an abort, interlock or fault: the safe finalize runs (see runner.ts).
 * - finishing: the protocol completed; the end state is checked (released, or held for Operate).
 * - stopped: run-stop emitted. Terminal.
 */
export type EngineState =
  "idle" | "connecting" | "running" | "pausing" | "paused" | "stopping" | "finishing" | "stopped";

const ALLOWED: Record<EngineState, readonly EngineState[]> = {
  idle: ["connecting", "stopping"],
  connecting: ["running", "stopping"],
  running: ["running", "pausing", "stopping", "finishing"],
  pausing: ["paused", "stopping"],
  paused: ["running", "stopping"],
  stopping: ["stopped"],
  finishing: ["stopped", "stopping"],
  stopped: [],
};

/** A view of the run for progress displays. */
export interface EngineSnapshot {
  state: EngineState;
  /** 1-based step (0 before the first). */
  step: number;
  /** Index of the segment in `compiled.segments` (-1 before the first). */
  segment: number;
}

export class StateMachine {
  private current: EngineState = "idle";
  constructor(private readonly onChange?: (from: EngineState, to: EngineState) => void) {}

  get state(): EngineState {
    return this.current;
  }

  /** Moves to `to`; throws on a transition the diagram above does not have (a bug). */
  to(to: EngineState): void {
    if (!ALLOWED[this.current].includes(to)) {
      throw new Error(`engine state machine: no transition from ${this.current} to ${to}`);
    }
    const from = this.current;
    this.current = to;
    if (from !== to) this.onChange?.(from, to);
  }

  /** Whether `to` is allowed from here (the finalize uses it to enter "stopping" from anywhere but "stopped"). */
  can(to: EngineState): boolean {
    return ALLOWED[this.current].includes(to);
  }
}
