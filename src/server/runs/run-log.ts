/**
 * A live run's documents, in order, shared by every client of its event stream: each client keeps
 * its own cursor into this one log, so a client costs no memory of its own and the engine never waits
 * for one (push is synchronous). The log keeps the most recent `keep` documents; a client that falls
 * further behind than that is told to reconnect (it then replays from the run record).
 */
import type { RunDocument } from "../../engine/documents.js";

/** Documents kept in memory per live run (about 100 minutes of 10 Hz samples, a few tens of MB). */
const KEEP = 60_000;

export class RunLog {
  private docs: RunDocument[] = [];
  /** Global index of docs[0]: documents before it were dropped from memory. */
  private first = 0;
  private finished = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly keep = KEEP) {}

  push(doc: RunDocument): void {
    this.docs.push(doc);
    // drop in chunks so that the array is not shifted on every document
    if (this.docs.length > this.keep + this.keep / 10) {
      const drop = this.docs.length - this.keep;
      this.docs.splice(0, drop);
      this.first += drop;
    }
    this.wake();
  }

  /** No more documents will come (run-stop was pushed, or the run failed to finish). */
  end(): void {
    this.finished = true;
    this.wake();
  }

  get ended(): boolean {
    return this.finished;
  }

  /** Global index of the oldest document still in memory. */
  get start(): number {
    return this.first;
  }

  /** Global index one past the newest document. */
  get head(): number {
    return this.first + this.docs.length;
  }

  /** Documents [from, to) by global index; from must be ≥ start. */
  slice(from: number, to: number): RunDocument[] {
    return this.docs.slice(from - this.first, to - this.first);
  }

  /** Resolves at the next document or at the end. */
  next(): Promise<void> {
    if (this.finished) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
