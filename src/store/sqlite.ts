/**
 * The SQLite backend (better-sqlite3): WAL journal, so readers (`runs list`, the web app) never
 * block the recording process and the recorder never blocks them.
 *
 * `synchronous = FULL`: every commit is fsync'ed to the WAL. With NORMAL, a commit survives the
 * process being killed (the WAL is in the OS's page cache) but not a power cut, and CONTRACTS §7
 * promises both. The cost is one fsync per commit; samples are committed in batches at most a few
 * times per second, so it is invisible in the ingest rate (bench/store.bench.js).
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { SsbError } from "../core/errors.js";
import type { Backend } from "./backend.js";
import { SAMPLE_COLUMNS, type SampleRow } from "./codec.js";
import type { Schema } from "./schema.js";

/** Applies the pragmas every connection uses (also used by the benchmark's raw baseline). */
export function configureSqlite(raw: Database.Database): void {
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = FULL");
  raw.pragma("foreign_keys = ON");
  // Wait for another process's commit instead of failing at once with SQLITE_BUSY.
  raw.pragma("busy_timeout = 5000");
}

/** Serialises this process's exclusive sections (see SqliteBackend.exclusive). */
let inProcessLock: Promise<void> = Promise.resolve();

export const SAMPLE_INSERT_SQL = `insert into samples (${SAMPLE_COLUMNS.join(", ")}) values (${SAMPLE_COLUMNS.map(() => "?").join(", ")})`;

export function openSqliteBackend(path: string, opts: { createFolder: boolean }): Backend {
  const fix = "give --db a writable file path (or set SSBPRESS_DB)";
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new SsbError("io", `the run record ${path} is a folder, not a database file`, {
      hint: `give a file path such as ${path.replace(/\/$/, "")}/ssbpress-runs.sqlite`,
    });
  }
  const folder = dirname(path);
  if (!existsSync(folder)) {
    if (!opts.createFolder) {
      throw new SsbError("io", `cannot create the run record ${path}: the folder ${folder} does not exist`, {
        hint: `create it (mkdir -p ${folder}) or ${fix}`,
      });
    }
    try {
      mkdirSync(folder, { recursive: true });
    } catch (e) {
      throw new SsbError(
        "io",
        `cannot create the folder ${folder} for the run record: ${(e as Error).message}`,
        {
          hint: fix,
        },
      );
    }
  } else if (!statSync(folder).isDirectory()) {
    throw new SsbError("io", `cannot create the run record ${path}: ${folder} is a file, not a folder`, {
      hint: fix,
    });
  }

  let raw: Database.Database | undefined;
  try {
    raw = new Database(path);
    configureSqlite(raw);
    // Reading the schema proves the file is an SQLite database before anything is written to it.
    raw.prepare("select count(*) from sqlite_master").get();
  } catch (e) {
    raw?.close();
    throw new SsbError("io", `cannot open the run record ${path}: ${explain(e)}`, { hint: fix, cause: e });
  }
  return new SqliteBackend(raw, path);
}

function explain(e: unknown): string {
  const code = (e as { code?: string }).code ?? "";
  const message = e instanceof Error ? e.message : String(e);
  if (code === "SQLITE_NOTADB")
    return "the file exists but is not an SQLite database (it was left untouched)";
  if (code === "SQLITE_READONLY" || code === "SQLITE_CANTOPEN" || code === "SQLITE_PERM") {
    return `it cannot be opened for writing (${message}); check the permissions of the file and its folder`;
  }
  if (code === "SQLITE_CORRUPT") return "the database file is damaged (it was left untouched)";
  return message;
}

class SqliteBackend implements Backend {
  readonly flavour = "sqlite" as const;
  readonly db: Kysely<Schema>;
  /** Prepared on first use: the tables exist only once the migrations have run. */
  private ingestTx: ((rows: SampleRow[], keys: number[], ms: number) => void) | undefined;
  private open = true;

  constructor(
    private readonly raw: Database.Database,
    readonly where: string,
  ) {
    this.db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  }

  private aggregate: Database.Statement | undefined;

  rangeAggregate(lo: number, hi: number): unknown[] {
    this.aggregate ??= this.raw
      .prepare(
        "select count(*), min(t_ms), min(coalesce(force_min_mn, force_mn)), max(coalesce(force_max_mn, force_mn))," +
          " min(setpoint_mn), max(setpoint_mn), min(pressure_pa), max(pressure_pa), min(position_nm), max(position_nm)," +
          " min(temperature_mc), max(temperature_mc) from samples where id > ? and id <= ?",
      )
      .raw(true);
    return this.aggregate.get(lo, hi) as unknown[];
  }

  /** The hot path: one prepared statement run per row inside one transaction, no query building. */
  private prepareIngest(): (rows: SampleRow[], keys: number[], ms: number) => void {
    const insert = this.raw.prepare(SAMPLE_INSERT_SQL);
    const heartbeat = this.raw.prepare("update runs set heartbeat_ms = ? where key = ?");
    return this.raw.transaction((rows: SampleRow[], keys: number[], ms: number) => {
      for (const row of rows) insert.run(row);
      for (const key of keys) heartbeat.run(ms, key);
    });
  }

  exclusive<T>(fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T> {
    // IMMEDIATE takes the write lock at once, so two processes migrating serialise instead of
    // both reading "version 0" and then colliding. Within one process the connections also queue
    // on a promise: better-sqlite3 waits for a lock synchronously, which would block the event
    // loop that the holder of the lock needs to finish.
    const run = inProcessLock.then(() => this.lockedTransaction(fn));
    inProcessLock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private lockedTransaction<T>(fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (e) {
        await sql`rollback`.execute(conn);
        throw e;
      }
    });
  }

  ingest(rows: SampleRow[], heartbeat: { runKeys: number[]; ms: number }): Promise<void> {
    if (rows.length === 0 && heartbeat.runKeys.length === 0) return Promise.resolve();
    this.ingestTx ??= this.prepareIngest();
    this.ingestTx(rows, heartbeat.runKeys, heartbeat.ms);
    return Promise.resolve();
  }

  integrity(): Promise<string[]> {
    const rows = this.raw.pragma("integrity_check") as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((m) => m !== "ok");
    const fk = this.raw.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
    for (const f of fk) problems.push(`${f.table} row ${f.rowid} refers to a missing ${f.parent} row`);
    return Promise.resolve(problems);
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    // Fold the WAL back into the database so the file is complete on its own when copied.
    try {
      this.raw.pragma("wal_checkpoint(TRUNCATE)");
    } catch {
      // Another process is reading: its last reader will checkpoint. Nothing is lost either way.
    }
    await this.db.destroy();
  }

  abandon(): Promise<void> {
    if (this.open) {
      this.open = false;
      this.raw.close();
    }
    return Promise.resolve();
  }
}
