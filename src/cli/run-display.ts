/**
 * What the person at the press sees while a run goes on, built from the run's documents: on a
 * terminal, one live status block redrawn in place (log-update); in a pipe or a log file, plain
 * lines at step boundaries and events only, so logs stay readable.
 */
import { createLogUpdate } from "log-update";
import { roundSig } from "../core/units.js";
import type { RunDocument, SampleDocument } from "../engine/documents.js";
import type { EngineSnapshot } from "../engine/index.js";
import type { Segment } from "../protocol/compile.js";
import { oneLine } from "./safe.js";

export interface RunDisplayOptions {
  /** Total planned duration [s] (for the time left). */
  duration: number;
  /** Number of protocol steps. */
  steps: number;
  write: (text: string) => void;
  /** A terminal stream for the live block (null: plain lines). */
  terminal: NodeJS.WriteStream | null;
  /** The compiled segments, to count holds down. */
  segments: readonly Segment[];
  /** Operate steps shortened to this [s] (`--operate-for`). */
  operateFor?: number;
}

/** A hold being counted down: it starts, like the engine's timer, once the force is on target. */
interface Countdown {
  kind: "hold" | "operate";
  /** [s] */ duration: number;
  /** [kN] */ target: number;
  /** Test time the count-down started [s]; null until the force is on target. */
  start: number | null;
  /** Test time of the last plain-line report [s]. */
  told: number;
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(ss)}` : `${m}:${two(ss)}`;
}

const fmt = (v: number | null | undefined, unit: string) =>
  v === null || v === undefined ? "—" : `${roundSig(v, 4)} ${unit}`;

export class RunDisplay {
  private step = 0;
  private stepText = "";
  private last: SampleDocument | undefined;
  private readonly live: ReturnType<typeof createLogUpdate> | undefined;
  private lastDraw = 0;
  private segment = -1;
  private countdown: Countdown | undefined;

  constructor(private readonly o: RunDisplayOptions) {
    this.live = o.terminal ? createLogUpdate(o.terminal) : undefined;
  }

  /** Prints a line above the live block (or plainly). */
  private line(text: string): void {
    if (this.live) {
      this.live.clear();
      this.o.write(oneLine(text));
      this.draw(true);
    } else this.o.write(oneLine(text));
  }

  private draw(force = false): void {
    if (!this.live) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const s = this.last;
    const elapsed = s ? s["Test time [s]"] : 0;
    this.live(
      [
        `step ${this.step}/${this.o.steps}  ${oneLine(this.stepText)}`,
        `  target ${fmt(s?.["Force setpoint [kN]"], "kN")}   measured ${fmt(s?.["Force [kN]"], "kN")} (${fmt(s?.["Pressure [MPa]"], "MPa")})` +
          `   position ${fmt(s?.["Position [mm]"], "mm")}` +
          (s?.["Temperature [degC]"] !== null && s?.["Temperature [degC]"] !== undefined
            ? `   ${fmt(s["Temperature [degC]"], "°C")}`
            : ""),
        `  run time ${clock(elapsed)}   time left ≈ ${clock(this.o.duration - elapsed)}` +
          (this.countdownText(elapsed) ? `   ${this.countdownText(elapsed)}` : ""),
      ].join("\n"),
    );
  }

  private countdownText(now: number): string {
    const c = this.countdown;
    if (!c) return "";
    if (c.start === null) return `${c.kind}: reaching ${roundSig(c.target, 4)} kN`;
    return `${c.kind} ${clock(c.duration - (now - c.start))} left`;
  }

  /** The engine's state subscriber: notices when a hold or Operate segment begins. */
  readonly onState = (snapshot: EngineSnapshot): void => {
    if (snapshot.segment === this.segment) return;
    this.segment = snapshot.segment;
    const seg = this.o.segments[snapshot.segment];
    if (seg?.kind === "hold" || seg?.kind === "operate") {
      const duration =
        seg.kind === "operate" ? Math.min(seg.duration, this.o.operateFor ?? Infinity) : seg.duration;
      this.countdown = { kind: seg.kind, duration, target: seg.force / 1000, start: null, told: -Infinity };
    } else this.countdown = undefined;
  };

  /** Counts a hold down: in place on a terminal, otherwise a line a minute and at 10 s left. */
  private tick(s: SampleDocument): void {
    const c = this.countdown;
    const f = s["Force [kN]"];
    const now = s["Test time [s]"];
    if (!c) return;
    if (c.start === null) {
      if (f === null || Math.abs(f - c.target) > 0.01 * c.target + 0.05) return;
      c.start = now;
    }
    if (this.live) return;
    const left = c.duration - (now - c.start);
    const due = now - c.told >= 60 || (left <= 10 && c.told < c.start + c.duration - 10);
    if (due && left > 0.5 && c.kind === "hold") {
      c.told = now;
      this.o.write(`  hold: ${clock(left)} left`);
    }
  }

  /** The document subscriber. Never throws. */
  readonly onDocument = (doc: RunDocument): void => {
    switch (doc.type) {
      case "run-start":
        this.line(`run ${doc.run} started on ${doc.press}: ${doc.name}`);
        break;
      case "step-start":
        this.step = doc.step;
        this.stepText = doc.text;
        this.line(`step ${doc.step}/${this.o.steps}: ${doc.text}`);
        break;
      case "step-end":
        this.line(
          `step ${doc.step} done` +
            (this.last
              ? ` (${fmt(this.last["Force [kN]"], "kN")}, ${fmt(this.last["Pressure [MPa]"], "MPa")})`
              : ""),
        );
        break;
      case "sample":
        this.last = doc;
        this.tick(doc);
        this.draw();
        break;
      case "event":
        this.line(`${doc.kind === "interlock" ? "INTERLOCK" : doc.kind}: ${doc.message}`);
        break;
      case "run-stop":
        this.live?.clear();
        this.live?.done();
        this.o.write(oneLine(`run ${doc.run} ${doc.status}${doc.reason ? `: ${doc.reason}` : ""}`));
        break;
    }
  };
}
