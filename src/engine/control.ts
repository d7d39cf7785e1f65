/**
 * How the outside world steers a running protocol: Ctrl-C, the web app's pause/resume/abort. The
 * engine polls this once per control period, so a request takes effect within one period.
 */
export type StopMode = "safe" | "now";

/** What the engine reads. Any object with these members will do (a test's, the server's). */
export interface RunSignal {
  /** null: keep going; "safe": finish safely (ramp down at the release rate); "now": release at once. */
  readonly stopRequested: StopMode | null;
  /** Why the stop was asked for, for the run-stop reason. */
  readonly stopReason: string | null;
  /** True while a pause is requested. */
  readonly pauseRequested: boolean;
}

/** The standard implementation: Ctrl-C handlers and HTTP routes call these. */
export class RunControl implements RunSignal {
  private mode: StopMode | null = null;
  private why: string | null = null;
  private paused = false;

  get stopRequested(): StopMode | null {
    return this.mode;
  }
  get stopReason(): string | null {
    return this.why;
  }
  get pauseRequested(): boolean {
    return this.paused;
  }

  /**
   * Ask the run to stop. Without a mode the request escalates like Ctrl-C: the first is "safe", the
   * second "now". A "now" is never downgraded to "safe".
   */
  requestStop(mode?: StopMode, reason?: string): void {
    const next: StopMode = mode ?? (this.mode === null ? "safe" : "now");
    if (this.mode === "now") return;
    this.mode = next;
    this.why =
      reason ?? (next === "safe" ? "stop requested (finish safely)" : "stop requested (release at once)");
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }
}
