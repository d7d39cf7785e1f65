/**
 * One run's live stream (`GET /api/runs/:id/events`, Server-Sent Events, one event per §6
 * document) turned into what the console shows. Documents arrive at up to 100 per second; they
 * are queued and applied once per animation frame, and only then are the chart and React told —
 * never one redraw per sample. The stream replays from the run's start, so a reload or a
 * reconnection rebuilds the same picture: a `run-start` arriving again resets everything first.
 * The stream is closed after `run-stop` (otherwise EventSource would reconnect and replay).
 */
import {
  readEvent,
  readPrompt,
  readRunStart,
  readSample,
  readStop,
  type Prompt,
  type RunEvent,
  type RunStart,
  type RunStop,
  type Sample,
} from "./documents";
import { TraceBuffer } from "./trace-buffer";

type Connection = "connecting" | "open" | "reconnecting" | "closed" | "failed";

export interface StepProgress {
  step: number;
  text: string;
  /** Test time [s] when the step started (the latest sample's, or 0 before any). */
  startedAt: number;
  ended: boolean;
}

/** An immutable picture of the run, replaced once per frame that brought news. */
export interface RunSnapshot {
  connection: Connection;
  start: RunStart | null;
  steps: StepProgress[];
  currentStep: number | null;
  latest: Sample | null;
  /** Newest first, capped. */
  events: RunEvent[];
  /** True between the run's "paused at step" and "resumed at step" events (timers stop meanwhile). */
  paused: boolean;
  /** The newest interlock, for the alert region. */
  interlock: RunEvent | null;
  /** The question waiting for the operator's answer (expects "confirm" or "reading"). */
  prompt: Prompt | null;
  /** The newest notice of the current step (expects "nothing"), e.g. a hold's count-down. */
  notice: Prompt | null;
  stop: RunStop | null;
  /** Samples received so far. */
  received: number;
}

const TYPES = ["run-start", "step-start", "step-end", "sample", "event", "run-stop"] as const;
const MAX_EVENTS = 300;

type Frame = { samples: number; newest: Sample | null };

export class RunFeed {
  readonly trace = new TraceBuffer();
  private snapshot: RunSnapshot = initial();
  private queue: { type: string; data: Record<string, unknown> }[] = [];
  /** Cancels the scheduled flush; null when none is scheduled. */
  private scheduled: (() => void) | null = null;
  private source: EventSource | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly drawers = new Set<(f: Frame) => void>();
  /** Sees every sample, in order, as it is applied (the hold detection needs each one). */
  observeSample: ((s: Sample) => void) | null = null;

  constructor(readonly runId: string) {}

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = (): RunSnapshot => this.snapshot;

  /** The chart registers here: called in the same frame the samples were applied. */
  onFrame(draw: (f: Frame) => void): () => void {
    this.drawers.add(draw);
    return () => this.drawers.delete(draw);
  }

  open(): void {
    if (this.source) return;
    const es = new EventSource(`/api/runs/${encodeURIComponent(this.runId)}/events`);
    this.source = es;
    for (const type of TYPES)
      es.addEventListener(type, (e) => this.receive(type, (e as MessageEvent<string>).data));
    es.onopen = () => this.set({ connection: "open" });
    es.onerror = () => {
      if (this.snapshot.stop) return;
      // CLOSED: the server refused the stream (unknown run, 4xx) and EventSource gives up.
      this.set({ connection: es.readyState === EventSource.CLOSED ? "failed" : "reconnecting" });
    };
  }

  close(): void {
    this.source?.close();
    this.source = null;
    this.scheduled?.();
    this.scheduled = null;
  }

  private receive(type: string, data: string): void {
    let doc: unknown;
    try {
      doc = JSON.parse(data);
    } catch {
      return; // a torn or foreign message is skipped; the next document carries on
    }
    if (typeof doc !== "object" || doc === null) return;
    this.queue.push({ type, data: doc as Record<string, unknown> });
    if (type === "run-stop") {
      // The run is over: stop EventSource from reconnecting (and replaying) once the server ends.
      this.source?.close();
      this.source = null;
    }
    if (!this.scheduled) this.schedule();
  }

  /**
   * Once per animation frame; in a hidden tab (no frames) four times a second instead, so the
   * queue stays short and an interlock still reaches the alert region.
   */
  private schedule(): void {
    if (document.hidden) {
      const t = window.setTimeout(this.flush, 250);
      this.scheduled = () => window.clearTimeout(t);
    } else {
      const f = requestAnimationFrame(this.flush);
      this.scheduled = () => cancelAnimationFrame(f);
    }
  }

  private flush = (): void => {
    this.scheduled = null;
    const docs = this.queue;
    this.queue = [];
    const s: RunSnapshot = { ...this.snapshot };
    const samples: Sample[] = [];
    let changed = false;
    for (const { type, data } of docs) {
      changed = true;
      switch (type) {
        case "run-start":
          if (s.start) {
            // A replay after a reconnection: rebuild from scratch.
            this.trace.clear();
            samples.length = 0;
            Object.assign(s, initial(), { connection: "open" });
          }
          s.start = readRunStart(data);
          break;
        case "step-start": {
          const step = typeof data.step === "number" ? data.step : 0;
          const startedAt = samples.at(-1)?.["Test time [s]"] ?? s.latest?.["Test time [s]"] ?? 0;
          s.steps = s.steps
            .filter((x) => x.step !== step)
            .concat({ step, text: String(data.text ?? ""), startedAt, ended: false });
          s.currentStep = step;
          break;
        }
        case "step-end": {
          const step = typeof data.step === "number" ? data.step : 0;
          s.steps = s.steps.map((x) => (x.step === step ? { ...x, ended: true } : x));
          if (s.prompt && (s.prompt.step === null || s.prompt.step === step)) s.prompt = null;
          s.notice = null;
          break;
        }
        case "sample": {
          const sample = readSample(data);
          if (sample) {
            samples.push(sample);
            this.observeSample?.(sample);
          }
          break;
        }
        case "event": {
          const ev = readEvent(data);
          if (ev.kind === "prompt") {
            const p = readPrompt(data);
            if (p.expects === "nothing") s.notice = p;
            else s.prompt = p;
          } else {
            // An operator event records the answer to the open prompt.
            if (ev.kind === "operator") {
              s.prompt = null;
              // The engine's own words for a pause and a resume (runner.ts), whoever asked for them.
              if (/^paused at step\b/.test(ev.message)) s.paused = true;
              if (/^resumed at step\b/.test(ev.message)) s.paused = false;
            }
            if (ev.kind === "interlock") s.interlock = ev;
          }
          s.events = [ev, ...s.events].slice(0, MAX_EVENTS);
          break;
        }
        case "run-stop":
          s.stop = readStop(data);
          s.prompt = null;
          s.notice = null;
          s.connection = "closed";
          break;
      }
    }
    if (samples.length) {
      this.trace.add(samples);
      s.latest = samples.at(-1) ?? s.latest;
      s.received = this.trace.received;
    }
    for (const draw of this.drawers) draw({ samples: samples.length, newest: samples.at(-1) ?? null });
    if (changed) this.publish(s);
  };

  private set(patch: Partial<RunSnapshot>): void {
    this.publish({ ...this.snapshot, ...patch });
  }

  private publish(s: RunSnapshot): void {
    this.snapshot = s;
    for (const l of this.listeners) l();
  }
}

function initial(): RunSnapshot {
  return {
    connection: "connecting",
    start: null,
    steps: [],
    currentStep: null,
    latest: null,
    events: [],
    paused: false,
    interlock: null,
    prompt: null,
    notice: null,
    stop: null,
    received: 0,
  };
}
