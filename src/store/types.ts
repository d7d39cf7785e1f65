/**
 * The run record's interface: what every backend (SQLite, PostgreSQL) does, checked by the one
 * conformance suite `store.case.ts`.
 */
import type {
  EventDocument,
  RunDocument,
  RunStartDocument,
  RunStatus,
  RunStopDocument,
  SampleDocument,
  StepEndDocument,
  StepStartDocument,
} from "../engine/documents.js";

/** A line of `runs list` (CONTRACTS §7). */
export interface RunSummary {
  id: string;
  name: string;
  /** "running" while a live process owns it. */
  status: RunStatus | "running";
  /** ISO 8601. */
  started: string;
  press: string;
  steps: number;
}

export interface RunRecord {
  summary: RunSummary;
  start: RunStartDocument;
  stop: RunStopDocument | null;
  steps: { start: StepStartDocument; end: StepEndDocument | null }[];
  events: EventDocument[];
}

export interface RunStore {
  /**
   * Takes one document. Run-start, step, event and run-stop documents are committed before this
   * returns (they are rare and matter); samples are buffered and committed at least every second.
   */
  write(doc: RunDocument): Promise<void>;
  /** Commits buffered samples now. */
  flush(): Promise<void>;
  list(): Promise<RunSummary[]>;
  /** A run by id (or by a unique id prefix); undefined when there is none. */
  get(id: string): Promise<RunRecord | undefined>;
  /** The run's samples in order, streamed in batches so a 500 h run does not fill memory. */
  samples(id: string): AsyncIterable<SampleDocument>;
  /** Number of samples stored for a run. */
  sampleCount(id: string): Promise<number>;
  /**
   * The run's samples cut into at most `buckets` runs of consecutive samples of equal count, each
   * with its first test time and the lowest and highest value of every quantity: what a chart of a
   * 1,000,000-sample run needs, computed by the database (one indexed range per bucket), so the
   * samples never cross into JavaScript one by one.
   */
  envelope(id: string, buckets: number): Promise<SampleEnvelope>;
  /** Flushes and closes; safe to call twice. */
  close(): Promise<void>;
}

/** The quantities of a sample an envelope reports, in this order. */
export const ENVELOPE_KEYS = [
  "Force [kN]",
  "Force setpoint [kN]",
  "Pressure [MPa]",
  "Position [mm]",
  "Temperature [degC]",
] as const;
export type EnvelopeKey = (typeof ENVELOPE_KEYS)[number];

export interface SampleEnvelope {
  /** Samples in the run. */
  count: number;
  /** Test time of each bucket's first sample [s]. */
  time: number[];
  /**
   * Per quantity, each bucket's lowest and highest value (null in a bucket without one). A per-second
   * summary's `Force min/max [kN]` enter the force's range.
   */
  min: Record<EnvelopeKey, (number | null)[]>;
  max: Record<EnvelopeKey, (number | null)[]>;
}
