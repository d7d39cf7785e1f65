/**
 * What differs between SQLite and PostgreSQL: opening, the write lock for migrations, the sample
 * ingest hot path, the integrity check and closing. Everything else is the kysely code in
 * `sql-store.ts`, shared by both.
 */
import type { Kysely } from "kysely";
import type { SampleRow } from "./codec.js";
import type { Flavour, Schema } from "./schema.js";

export interface Backend {
  readonly flavour: Flavour;
  readonly db: Kysely<Schema>;
  /** The location for messages (a path, or a URL without its password). */
  readonly where: string;
  /** Runs `fn` in a transaction that holds the database's write lock. */
  exclusive<T>(fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T>;
  /** Commits sample rows and the heartbeat of the given runs in one transaction. */
  ingest(rows: SampleRow[], heartbeat: { runKeys: number[]; ms: number }): Promise<void>;
  /**
   * Optional fast path of one envelope bucket: the aggregate of the samples with lo < id <= hi as
   * [count, min t_ms, min force (or its summary min), max force (or summary max), min and max of
   * setpoint, pressure, position, temperature] in stored units. SQLite runs it as a prepared
   * statement (no query building: half the time of the kysely path on a 1,000,000-sample run).
   */
  rangeAggregate?(lo: number, hi: number): unknown[];
  /** Problems found; empty when the database is sound. */
  integrity(): Promise<string[]>;
  close(): Promise<void>;
  /** Drops the connection without committing anything more, as a killed process would. */
  abandon(): Promise<void>;
}
