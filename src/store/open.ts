/**
 * Opening the run record: a file path (SQLite), a postgres:// URL (PostgreSQL), or nothing (the
 * SSBPRESS_DB variable, else `ssbpress-runs.sqlite` in the user's data folder). On open the schema
 * is migrated and runs whose recording process died are marked interrupted.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { type Clock, systemClock } from "../core/clock.js";
import { SsbError } from "../core/errors.js";
import type { Backend } from "./backend.js";
import { type Owner, thisProcess } from "./owner.js";
import { openPostgresBackend, redactUrl } from "./postgres.js";
import { migrate } from "./schema.js";
import { openSqliteBackend } from "./sqlite.js";
import { SqlRunStore } from "./sql-store.js";

export interface OpenStoreOptions {
  /** Who records (default: this process on this host). Tests pretend to be another process. */
  owner?: Owner;
  /** Heartbeat and interruption time (default: the system clock). */
  clock?: Clock;
  /** A run's recorder silent for this long is taken as dead [ms] (default 10 s). */
  staleAfterMs?: number;
  /** Samples are committed at least this often [ms] (default 500, so they are on disk within 1 s). */
  flushIntervalMs?: number;
  /** …and as soon as this many are buffered (default 50,000: few fsyncs in a burst, a few MB of memory). */
  flushRows?: number;
  /** Samples per query when streaming (default 5,000). */
  pageRows?: number;
  /** Environment for SSBPRESS_DB and the data folder (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A RunStore with what only the program and the tests need beyond the interface. */
export type OpenedStore = SqlRunStore;

const isPostgres = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/** The user's data folder for ssbpress: $XDG_DATA_HOME/ssbpress or ~/.local/share/ssbpress. */
export function dataFolder(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && xdg.startsWith("/") ? xdg : join(env.HOME || homedir(), ".local", "share"), "ssbpress");
}

/** The location that `openStore(location)` would use, before redaction. */
function resolveLocation(
  location: string | undefined,
  env: NodeJS.ProcessEnv,
): { where: string; fallback: boolean } {
  const given = location ?? (env.SSBPRESS_DB ? env.SSBPRESS_DB : undefined);
  if (given === undefined) return { where: join(dataFolder(env), "ssbpress-runs.sqlite"), fallback: true };
  return { where: isPostgres(given) ? given : resolve(given), fallback: false };
}

/** Where the run record is, for messages: an absolute path, or the URL without its password. */
export function describeStoreLocation(
  location: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const { where } = resolveLocation(location, env);
  return isPostgres(where) ? redactUrl(where) : where;
}

export async function openStore(
  location: string | undefined,
  options: OpenStoreOptions = {},
): Promise<OpenedStore> {
  const env = options.env ?? process.env;
  const { where, fallback } = resolveLocation(location, env);
  if (where.trim() === "")
    throw new SsbError("io", "the run record location is empty", {
      hint: "give --db a file path or a postgres:// URL",
    });
  const backend: Backend = isPostgres(where)
    ? await openPostgresBackend(where)
    : openSqliteBackend(where, { createFolder: fallback });
  try {
    await migrate((fn) => backend.exclusive(fn), backend.flavour, backend.where);
    const store = new SqlRunStore(backend, {
      owner: options.owner ?? thisProcess(),
      clock: options.clock ?? systemClock,
      staleAfterMs: options.staleAfterMs ?? 10_000,
      flushIntervalMs: options.flushIntervalMs ?? 500,
      flushRows: options.flushRows ?? 50_000,
      pageRows: options.pageRows ?? 5_000,
    });
    await store.markInterrupted();
    return store;
  } catch (e) {
    await backend.close().catch(() => undefined);
    if (e instanceof SsbError) throw e;
    throw new SsbError("io", `cannot prepare the run record ${backend.where}: ${(e as Error).message}`, {
      hint: "check that the database is writable, or give another one with --db",
      cause: e,
    });
  }
}
