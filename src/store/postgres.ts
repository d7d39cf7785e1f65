/**
 * The PostgreSQL backend (pg). Same schema and queries as SQLite (schema.ts); samples go in as
 * multi-row INSERTs inside one transaction per commit (a round trip per 1,000 rows, not per row).
 */
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { SsbError } from "../core/errors.js";
import type { Backend } from "./backend.js";
import { SAMPLE_COLUMNS, type SampleRow } from "./codec.js";
import type { Schema } from "./schema.js";

/** PostgreSQL's bind-parameter limit is 65,535; 1,000 rows × 11 columns stays well inside it. */
const ROWS_PER_INSERT = 1000;
/** Serialises migrations of concurrent openers (any constant shared by all ssbpress processes). */
const MIGRATION_LOCK = 7_301_977;

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
  }
}

// bigint (int8) and count(*) come back as JS numbers: every value we store is below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openPostgresBackend(url: string): Promise<Backend> {
  const where = redactUrl(url);
  const fix =
    "check --db (postgres://USER:PASSWORD@HOST:PORT/DATABASE) or SSBPRESS_DB, and that the server is running";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SsbError("io", `the run record ${where} is not a valid PostgreSQL URL`, { hint: fix });
  }
  if (!parsed.hostname || parsed.pathname.length <= 1) {
    throw new SsbError("io", `the run record ${where} needs a host and a database name`, {
      hint: "write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE",
    });
  }
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000, types });
  const backend = new PostgresBackend(pool, where);
  try {
    await pool.query("select 1");
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new SsbError(
      "io",
      `cannot connect to the run record ${where}: ${(e as Error).message || String(e)}`,
      {
        hint: fix,
        cause: e,
      },
    );
  }
  return backend;
}

class PostgresBackend implements Backend {
  readonly flavour = "postgres" as const;
  readonly db: Kysely<Schema>;
  /** A connection lost while idle: reported by the next ingest instead of crashing the process. */
  private lost: Error | undefined;
  private ended = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly where: string,
  ) {
    pool.on("error", (e) => {
      this.lost = e;
    });
    this.db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  }

  exclusive<T>(fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      return fn(trx);
    });
  }

  async ingest(rows: SampleRow[], heartbeat: { runKeys: number[]; ms: number }): Promise<void> {
    if (rows.length === 0 && heartbeat.runKeys.length === 0) return;
    if (this.lost) {
      const e = this.lost;
      this.lost = undefined;
      throw e;
    }
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        const chunk = rows.slice(i, i + ROWS_PER_INSERT);
        await trx
          .insertInto("samples")
          .values(
            chunk.map((r) => {
              const o: Record<string, number | null> = {};
              for (let c = 0; c < SAMPLE_COLUMNS.length; c++) o[SAMPLE_COLUMNS[c] as string] = r[c] ?? null;
              return o as unknown as Schema["samples"];
            }),
          )
          .execute();
      }
      if (heartbeat.runKeys.length > 0) {
        await trx
          .updateTable("runs")
          .set({ heartbeat_ms: heartbeat.ms })
          .where("key", "in", heartbeat.runKeys)
          .execute();
      }
    });
  }

  async integrity(): Promise<string[]> {
    const problems: string[] = [];
    const db = this.db;
    const orphanSteps = await sql<{ n: number }>`
      select count(*) as n from steps s where not exists (select 1 from runs r where r.key = s.run_key)`.execute(
      db,
    );
    const orphanEvents = await sql<{ n: number }>`
      select count(*) as n from events e where not exists (select 1 from runs r where r.key = e.run_key)`.execute(
      db,
    );
    const orphanSamples = await sql<{ n: number }>`
      select count(*) as n from samples s
      where not exists (select 1 from runs r where r.key = floor(s.id / 4294967296))`.execute(db);
    const halfStopped = await sql<{ n: number }>`
      select count(*) as n from runs where (status is null) <> (stop_time is null)`.execute(db);
    const count = (r: { rows: { n: number }[] }): number => Number(r.rows[0]?.n ?? 0);
    if (count(orphanSteps) > 0) problems.push(`${count(orphanSteps)} step(s) belong to no run`);
    if (count(orphanEvents) > 0) problems.push(`${count(orphanEvents)} event(s) belong to no run`);
    if (count(orphanSamples) > 0) problems.push(`${count(orphanSamples)} sample(s) belong to no run`);
    if (count(halfStopped) > 0)
      problems.push(`${count(halfStopped)} run(s) have a stop time without a status or back`);
    return problems;
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.db.destroy();
  }

  async abandon(): Promise<void> {
    await this.close();
  }
}
