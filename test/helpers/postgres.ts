/**
 * A throwaway PostgreSQL server for tests: `initdb` into a temporary folder, `postgres` on
 * 127.0.0.1 and a free port, its socket in that folder (so parallel test files never share a lock
 * file), stopped by pid and deleted afterwards. initdb and postgres refuse to run as root, so as
 * root they run as the `postgres` user. Missing binaries fail the test with what to install: the
 * PostgreSQL half of the store suite must never be skipped.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const BIN = process.env.SSBPRESS_PG_BIN ?? "/usr/lib/postgresql/15/bin";
const START_TIMEOUT_MS = 20_000;

export interface ThrowawayPostgres {
  /** Superuser URL of the server's `postgres` database. */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /**
   * Creates an empty schema and returns a URL whose connections use it (search_path): a fresh
   * "database" in a millisecond, where CREATE DATABASE takes half a second.
   */
  createSchema(): Promise<string>;
  stop(): Promise<void>;
}

/** Whom to run the server as: ourselves, or the `postgres` user when we are root. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => {
    const r = spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
    if (r.status !== 0) {
      throw new Error(
        "tests run as root and PostgreSQL refuses root, but there is no `postgres` user: install the Debian package postgresql-15 (apt-get install -y postgresql-15), which creates it",
      );
    }
    return Number(r.stdout.trim());
  };
  return { uid: id("-u"), gid: id("-g") };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startPostgres(): Promise<ThrowawayPostgres> {
  for (const tool of ["initdb", "postgres"]) {
    if (!existsSync(join(BIN, tool))) {
      throw new Error(
        `PostgreSQL 15 server binaries are missing (${join(BIN, tool)}): install the Debian package postgresql-15 (apt-get install -y postgresql-15); the store suite needs a real server and never skips`,
      );
    }
  }
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), "ssbpress-pg-"));
  const data = join(dir, "data");
  if (user) chownSync(dir, user.uid, user.gid);
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  const env = { ...process.env, LC_ALL: "C", LANG: "C" };

  const init = spawnSync(
    join(BIN, "initdb"),
    [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-instructions",
    ],
    { ...asUser, env, encoding: "utf8", cwd: dir, timeout: START_TIMEOUT_MS },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `initdb failed (exit ${init.status}): ${init.stderr || init.stdout || init.error?.message}`,
    );
  }

  // A free port can be taken by another test file between our probe and postgres binding it:
  // then postgres exits at once and we try another port.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const log = join(dir, `postgres-${port}.log`);
    const child = spawn(
      "/bin/sh",
      [
        "-c",
        `exec "$0" "$@" >"${log}" 2>&1`,
        join(BIN, "postgres"),
        "-D",
        data,
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        `unix_socket_directories=${dir}`,
        // Speed over durability: a throwaway server. (The crash tests use SQLite with fsync on.)
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "max_connections=40",
      ],
      { ...asUser, env, cwd: dir, stdio: "ignore" },
    );
    // If this test process dies, take the server with it.
    const onExit = (): void => kill(child, "SIGKILL");
    process.once("exit", onExit);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    let up = false;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if (await accepts(url)) {
        up = true;
        break;
      }
      await sleep(100);
    }
    if (!up) {
      kill(child, "SIGKILL");
      process.removeListener("exit", onExit);
      const text = existsSync(log) ? readFileSync(log, "utf8") : "";
      if (/could not bind|address already in use/i.test(text) && attempt < 5) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `the throwaway PostgreSQL did not accept connections on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s: ${text.trim().slice(-2000) || "no log"}`,
      );
    }

    let counter = 0;
    let admin: pg.Client | undefined;
    return {
      url,
      async createDatabase() {
        const name = `t_${process.pid}_${++counter}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        try {
          await admin.query(`create database ${name}`);
        } finally {
          await admin.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      async createSchema() {
        const name = `s_${process.pid}_${++counter}`;
        // One admin connection for all schemas: connecting costs more than creating one.
        if (!admin) {
          admin = new pg.Client({ connectionString: url });
          admin.on("error", () => undefined);
          await admin.connect();
        }
        await admin.query(`create schema ${name}`);
        return `${url}?options=${encodeURIComponent(`-c search_path=${name}`)}`;
      },
      async stop() {
        // SIGINT is PostgreSQL's "fast" shutdown (SIGTERM would wait for clients to leave);
        // SIGKILL if it has not gone within 5 s.
        const gone = new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve();
          else child.once("exit", () => resolve());
        });
        await admin?.end().catch(() => undefined);
        kill(child, "SIGINT");
        const timer = setTimeout(() => kill(child, "SIGKILL"), 5000);
        await gone;
        clearTimeout(timer);
        process.removeListener("exit", onExit);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
