/**
 * The current step's time left, from the preflight row (its target and hold) and the samples'
 * test time — the run's own clock, which on the twin at speed is virtual, so the countdown runs
 * at the run's pace, not the wall clock's. A press step ramps, then holds: while the setpoint is
 * still climbing, the time left is the rest of the ramp (at the rate the step names) plus the
 * hold; once the setpoint has reached the target, the hold counts down from that moment.
 */
import type { PreflightRow, Sample } from "./documents";
import type { StepProgress } from "./run-feed";

export interface TimeLeft {
  /** Seconds left (≥ 0), or null when unknown. */
  seconds: number | null;
  /** "ramping", "holding", "operating" or "" (a step with no duration). */
  phase: string;
}

/** Tracks when each step's hold began (the first sample with the setpoint at the target). */
export class HoldTracker {
  private holdStart = new Map<number, number>();

  clear(): void {
    this.holdStart.clear();
  }

  update(row: PreflightRow | undefined, sample: Sample | null): void {
    if (!row || !sample || sample.step !== row.step || this.holdStart.has(row.step)) return;
    const target = row["Force [kN]"];
    const sp = sample["Force setpoint [kN]"];
    if (target !== null && sp !== null && target > 0 && Math.abs(sp - target) <= 0.005 * target)
      this.holdStart.set(row.step, sample["Test time [s]"]);
  }

  timeLeft(
    row: PreflightRow | undefined,
    progress: StepProgress | undefined,
    sample: Sample | null,
    /** The run's "operate for" [s], which shortens an Operate step; null when not given. */
    operateFor: number | null = null,
  ): TimeLeft {
    if (!row || !progress || progress.ended) return { seconds: null, phase: "" };
    const now = sample?.["Test time [s]"] ?? progress.startedAt;
    const hold = row["Hold [s]"];
    const lasts = row["Duration [s]"];
    if (lasts !== null) {
      // Wait and Operate steps last a fixed time from their start.
      const operate = row.kind === "operate";
      const total = operate && operateFor !== null ? Math.min(lasts, operateFor) : lasts;
      return {
        seconds: Math.max(0, total - (now - progress.startedAt)),
        phase: operate ? "operating" : "waiting",
      };
    }
    const holdStart = this.holdStart.get(row.step);
    if (holdStart !== undefined) {
      return { seconds: hold === null ? null : Math.max(0, hold - (now - holdStart)), phase: "holding" };
    }
    if (row["Force [kN]"] === null) return { seconds: null, phase: "" };
    const ramp = rampLeft(row, sample);
    return { seconds: ramp === null ? null : ramp + (hold ?? 0), phase: "ramping" };
  }
}

/** The rest of the ramp [s], from the step's "at 5 MPa/s" and the setpoint so far; null if unknown. */
function rampLeft(row: PreflightRow, sample: Sample | null): number | null {
  const m = /\bat\s+([\d.]+)\s*MPa\s*\/\s*(s|min)\b/i.exec(row.text);
  const targetKn = row["Force [kN]"];
  const targetMpa = row["Pressure [MPa]"];
  if (!m || targetKn === null || targetMpa === null || targetKn <= 0) return null;
  const rate = Number(m[1]) / (m[2] === "min" ? 60 : 1); // MPa/s
  if (!(rate > 0)) return null;
  const setpointMpa = ((sample?.["Force setpoint [kN]"] ?? 0) * targetMpa) / targetKn;
  return Math.max(0, (targetMpa - setpointMpa) / rate);
}

/** 125 → "2:05", 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
