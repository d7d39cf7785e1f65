/**
 * The store conformance suite on a real PostgreSQL server, started here and thrown away after.
 * Missing server binaries fail this file with what to install; it never skips.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type ThrowawayPostgres } from "./helpers/postgres.js";
import { SsbError } from "../src/core/errors.js";
import { openStore, type OpenedStore } from "../src/store/open.js";
import { storeConformance } from "../src/store/store.case.js";

let server: ThrowawayPostgres | undefined;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
}, 20_000);

const running = (): ThrowawayPostgres => {
  if (!server) throw new Error("the throwaway PostgreSQL server did not start (see the first error)");
  return server;
};

storeConformance("PostgreSQL", async () => {
  const url = await running().createSchema();
  const opened: OpenedStore[] = [];
  return {
    async open(options) {
      const s = await openStore(url, options);
      opened.push(s);
      return s;
    },
    async exec(sql) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    async cleanup() {
      for (const s of opened) await s.close().catch(() => undefined);
    },
  };
});

async function openError(location: string): Promise<SsbError> {
  try {
    const s = await openStore(location);
    await s.close();
  } catch (e) {
    expect(e).toBeInstanceOf(SsbError);
    return e as SsbError;
  }
  throw new Error(`opening ${location} should have failed`);
}

describe("PostgreSQL run record: bad --db", () => {
  it("refuses a malformed URL, an unreachable server and a missing database, without the password", async () => {
    let e = await openError("postgres://");
    expect(e.code).toBe("io");
    expect(e.hint).toMatch(/postgres:\/\/USER/);

    const port = new URL(running().url).port;
    e = await openError("postgres://me:hunter2@127.0.0.1:1/runs");
    expect(e.code).toBe("io");
    expect(e.message).toContain("postgres://me:***@127.0.0.1:1/runs");
    expect(e.message).not.toContain("hunter2");
    expect(e.message).toMatch(/ECONNREFUSED|connect/);

    e = await openError(`postgresql://postgres@127.0.0.1:${port}/no_such_database`);
    expect(e.message).toContain("no_such_database");
  });

  it("survives the server dropping its connections: the next commit reconnects", async () => {
    const url = await running().createDatabase();
    const s = await openStore(url);
    const run = "20251130-221530-0300";
    await s.write({
      type: "run-start",
      run,
      time: 1.7e9,
      protocol: "p",
      sha256: "0".repeat(64),
      name: "n",
      die: { "Diameter [mm]": 10, "Area [mm2]": 78.5, "Rating [MPa]": null },
      press: "sim",
      map: null,
      operator: null,
      version: "0",
      steps: 1,
    });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    await admin.end();
    // The first attempt may fail (reported), the retry must succeed with nothing lost.
    await s.flush().catch((err: unknown) => expect(err).toBeInstanceOf(SsbError));
    await s.flush();
    expect((await s.list()).map((r) => r.id)).toEqual([run]);
    await s.close();
  });
});
