/**
 * The run record's schema and its versioned migrations, one definition for SQLite and PostgreSQL.
 *
 * Why kysely: the schema, the migrations and every query are written once with kysely's builder and
 * run on both databases (SqliteDialect over better-sqlite3, PostgresDialect over pg), so the two
 * backends cannot drift apart. The only per-database code is (a) the auto-numbered key column type
 * (SQLite's rowid alias must be spelled exactly `integer primary key`; PostgreSQL uses an identity
 * column) and (b) the sample ingest hot path (`sqlite.ts`, `postgres.ts`), which takes each driver's
 * fastest route and is checked against the same conformance suite as everything else.
 *
 * Migrations are applied on open inside one transaction that first takes the database's write lock
 * (SQLite `BEGIN IMMEDIATE`, PostgreSQL an advisory transaction lock), so two processes opening the
 * same database at once apply them exactly once. Append new migrations; never edit an applied one.
 */
import type { ColumnType, Generated, Kysely } from "kysely";
import { SsbError } from "../core/errors.js";

export type Flavour = "sqlite" | "postgres";

export interface RunsTable {
  /** Numeric key: samples, steps and events refer to it (short, so sample rows stay small). */
  key: Generated<number>;
  /** The run id of the documents ("20261130-221530-7f3a"). */
  id: string;
  name: string;
  protocol: string;
  sha256: string;
  die_diameter_mm: number;
  die_area_mm2: number;
  die_rating_mpa: number | null;
  press: string;
  map: string | null;
  operator: string | null;
  version: string;
  steps: number;
  /** run-start `options` as JSON text; null when the document had none. */
  options: string | null;
  /** run-start `time`, Unix [s]. */
  start_time: number;
  owner_pid: number;
  owner_host: string;
  /** Last sign of life of the recording process, Unix [ms]. */
  heartbeat_ms: number;
  stop_time: number | null;
  status: string | null;
  reason: string | null;
}

interface StepsTable {
  key: Generated<number>;
  run_key: number;
  step: number;
  start_time: number;
  start_text: string;
  end_time: number | null;
  end_text: string | null;
}

interface EventsTable {
  key: Generated<number>;
  run_key: number;
  time: number;
  step: number;
  kind: string;
  message: string;
}

/** See `codec.ts` for the fixed-point units and why they are what they are. */
export interface SamplesTable {
  /** run key × 2³² + sequence number within the run (1, 2, …). */
  id: number;
  t_ms: number;
  dt_ms: number;
  step: number;
  setpoint_mn: number | null;
  force_mn: number | null;
  pressure_pa: number | null;
  position_nm: number | null;
  temperature_mc: number | null;
  force_min_mn: number | null;
  force_max_mn: number | null;
}

interface MigrationsTable {
  version: number;
  name: string;
  applied_at: ColumnType<string, string, never>;
}

export interface Schema {
  runs: RunsTable;
  steps: StepsTable;
  events: EventsTable;
  samples: SamplesTable;
  schema_migrations: MigrationsTable;
}

/** Sample ids are `run key × SAMPLE_ID_SPAN + sequence`: up to 2²¹ runs of up to 2³² samples stay exact in a double. */
export const SAMPLE_ID_SPAN = 2 ** 32;

interface Migration {
  version: number;
  name: string;
  up(db: Kysely<Schema>, flavour: Flavour): Promise<void>;
}

// `Kysely<any>` in migrations: they describe tables that the Schema type describes only once built.
/* eslint-disable @typescript-eslint/no-explicit-any */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "runs, steps, events and samples",
    async up(db: Kysely<any>, flavour) {
      // An auto-numbered key: SQLite's rowid alias (no extra storage), PostgreSQL's identity.
      const autoKey =
        flavour === "sqlite"
          ? (t: any) => t.addColumn("key", "integer", (c: any) => c.primaryKey())
          : (t: any) =>
              t.addColumn("key", "bigint", (c: any) => c.primaryKey().generatedByDefaultAsIdentity());
      await autoKey(db.schema.createTable("runs"))
        .addColumn("id", "text", (c: any) => c.notNull().unique())
        .addColumn("name", "text", (c: any) => c.notNull())
        .addColumn("protocol", "text", (c: any) => c.notNull())
        .addColumn("sha256", "text", (c: any) => c.notNull())
        .addColumn("die_diameter_mm", "double precision", (c: any) => c.notNull())
        .addColumn("die_area_mm2", "double precision", (c: any) => c.notNull())
        .addColumn("die_rating_mpa", "double precision")
        .addColumn("press", "text", (c: any) => c.notNull())
        .addColumn("map", "text")
        .addColumn("operator", "text")
        .addColumn("version", "text", (c: any) => c.notNull())
        .addColumn("steps", "integer", (c: any) => c.notNull())
        .addColumn("options", "text")
        .addColumn("start_time", "double precision", (c: any) => c.notNull())
        .addColumn("owner_pid", "integer", (c: any) => c.notNull())
        .addColumn("owner_host", "text", (c: any) => c.notNull())
        .addColumn("heartbeat_ms", "bigint", (c: any) => c.notNull())
        .addColumn("stop_time", "double precision")
        .addColumn("status", "text")
        .addColumn("reason", "text")
        .execute();
      await db.schema.createIndex("runs_start_time").on("runs").column("start_time").execute();
      await autoKey(db.schema.createTable("steps"))
        .addColumn("run_key", "bigint", (c: any) => c.notNull().references("runs.key"))
        .addColumn("step", "integer", (c: any) => c.notNull())
        .addColumn("start_time", "double precision", (c: any) => c.notNull())
        .addColumn("start_text", "text", (c: any) => c.notNull())
        .addColumn("end_time", "double precision")
        .addColumn("end_text", "text")
        .execute();
      await db.schema.createIndex("steps_run").on("steps").columns(["run_key", "step"]).execute();
      await autoKey(db.schema.createTable("events"))
        .addColumn("run_key", "bigint", (c: any) => c.notNull().references("runs.key"))
        .addColumn("time", "double precision", (c: any) => c.notNull())
        .addColumn("step", "integer", (c: any) => c.notNull())
        .addColumn("kind", "text", (c: any) => c.notNull())
        .addColumn("message", "text", (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex("events_run").on("events").column("run_key").execute();
      // Samples carry no foreign-key column: the run is encoded in the id (see SAMPLE_ID_SPAN), so
      // the biggest table needs no second index and its rows stay a few dozen bytes (codec.ts).
      await db.schema
        .createTable("samples")
        .addColumn("id", flavour === "sqlite" ? "integer" : "bigint", (c: any) => c.primaryKey())
        .addColumn("t_ms", "bigint", (c: any) => c.notNull())
        .addColumn("dt_ms", "bigint", (c: any) => c.notNull())
        .addColumn("step", "integer", (c: any) => c.notNull())
        .addColumn("setpoint_mn", "bigint")
        .addColumn("force_mn", "bigint")
        .addColumn("pressure_pa", "bigint")
        .addColumn("position_nm", "bigint")
        .addColumn("temperature_mc", "bigint")
        .addColumn("force_min_mn", "bigint")
        .addColumn("force_max_mn", "bigint")
        .execute();
    },
  },
];
/* eslint-enable @typescript-eslint/no-explicit-any */

const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * Brings the schema up to date inside `exclusive` (a transaction holding the database's write
 * lock). Refuses a database written by a newer ssbpress rather than guessing at its schema.
 */
export async function migrate(
  exclusive: <T>(fn: (trx: Kysely<Schema>) => Promise<T>) => Promise<T>,
  flavour: Flavour,
  where: string,
): Promise<number> {
  return exclusive(async (trx) => {
    await trx.schema
      .createTable("schema_migrations")
      .ifNotExists()
      .addColumn("version", "integer", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "text", (c) => c.notNull())
      .execute();
    const rows = await trx.selectFrom("schema_migrations").select("version").execute();
    const applied = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    if (newest > SCHEMA_VERSION) {
      throw new SsbError(
        "io",
        `the run record ${where} has schema version ${newest}, newer than this ssbpress knows (${SCHEMA_VERSION})`,
        { hint: "upgrade ssbpress, or give another database with --db" },
      );
    }
    let count = 0;
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await m.up(trx, flavour);
      await trx
        .insertInto("schema_migrations")
        .values({ version: m.version, name: m.name, applied_at: new Date().toISOString() })
        .execute();
      count++;
    }
    return count;
  });
}
