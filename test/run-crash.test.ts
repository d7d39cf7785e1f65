/**
 * Crash safety (issue #7, CONTRACTS §7): `kill -9` a running `ssbpress run --press sim --speed 1`
 * while it is pressing, then show that the run is listed `interrupted`, that every sample it printed
 * up to 1 s before the kill is in the record with the same content, and that the database passes
 * its integrity check — on SQLite and on a real (throwaway) PostgreSQL server.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SampleDocument } from "../src/engine/documents.js";
import { openStore } from "../src/store/open.js";
import { BIN, ROOT, STACK_TRACE, ensureBuilt, runChild } from "./helpers/cli.js";
import { startPostgres, type ThrowawayPostgres } from "./helpers/postgres.js";

const PROTOCOL = join(ROOT, "test", "fixtures", "run", "long-hold.yaml");
/** How long the run presses before it is killed [s of test time]. */
const KILL_AFTER = 3;
const SAMPLE_KEYS = [
  "step",
  "Test time [s]",
  "Force setpoint [kN]",
  "Force [kN]",
  "Pressure [MPa]",
  "Position [mm]",
  "Temperature [degC]",
] as const;

let dir: string;
let pg: ThrowawayPostgres | undefined;
const children = new Set<number>();

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "ssbpress-run-crash-"));
}, 180_000);

afterAll(async () => {
  for (const pid of children) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Killed {
  id: string;
  /** Every sample the run printed before it died, in order. */
  seen: SampleDocument[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Starts the run, reads its JSON lines as they come, and SIGKILLs it once it has pressed for
 * KILL_AFTER s; resolves when the process is gone (with whatever it printed before dying).
 */
function runAndKill(db: string): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, "run", PROTOCOL, "--press", "sim", "--speed", "1", "--yes", "--json", "--db", db],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    const pid = child.pid!;
    children.add(pid);
    const seen: SampleDocument[] = [];
    let id = "";
    let partial = "";
    let stderr = "";
    let killed = false;
    const guard = setTimeout(() => {
      process.kill(pid, "SIGKILL");
      reject(new Error(`the run never pressed for ${KILL_AFTER} s:\n${stderr}`));
    }, 15_000);
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.stdout.on("data", (d: Buffer) => {
      const lines = (partial + d.toString("utf8")).split("\n");
      partial = lines.pop()!;
      for (const line of lines) {
        const doc = JSON.parse(line) as { type: string; run: string };
        id ||= doc.run;
        if (doc.type !== "sample") continue;
        const s = doc as SampleDocument;
        seen.push(s);
        if (!killed && s.step === 2 && s["Force [kN]"]! > 1 && s["Test time [s]"] >= KILL_AFTER) {
          killed = true;
          process.kill(pid, "SIGKILL");
        }
      }
    });
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      clearTimeout(guard);
      children.delete(pid);
      resolve({ id, seen, signal, stderr });
    });
  });
}

/** What a kill -9 must leave in the record at `db`. */
async function checkRecord(db: string, k: Killed): Promise<void> {
  expect(k.signal).toBe("SIGKILL");
  expect(k.id).not.toBe("");
  const last = k.seen.at(-1)!["Test time [s]"];
  expect(last).toBeGreaterThanOrEqual(KILL_AFTER);

  const store = await openStore(db);
  try {
    const list = await store.list();
    expect(list.map((r) => [r.id, r.status])).toEqual([[k.id, "interrupted"]]);
    const stored = new Map<number, SampleDocument>();
    for await (const s of store.samples(k.id)) stored.set(Math.round(s["Test time [s]"] * 1000), s);
    const due = k.seen.filter((s) => s["Test time [s]"] <= last - 1);
    expect(due.length).toBeGreaterThanOrEqual(10 * (last - 1) - 1);
    const missing = due.filter((s) => !stored.has(Math.round(s["Test time [s]"] * 1000)));
    expect(missing.map((s) => s["Test time [s]"])).toEqual([]);
    for (const s of due) {
      const got = stored.get(Math.round(s["Test time [s]"] * 1000))!;
      for (const key of SAMPLE_KEYS) expect([key, got[key]]).toEqual([key, s[key]]);
      expect(got.time).toBeCloseTo(s.time, 3);
      expect(got.run).toBe(k.id);
    }
    // nothing the run never printed: the record holds no sample beyond what was on its way out
    expect(stored.size).toBeLessThanOrEqual(k.seen.length + 20);
    expect(await store.checkIntegrity()).toEqual([]);
    const record = await store.get(k.id);
    // the store closes the record itself, saying what happened
    expect(record?.stop).toMatchObject({ type: "run-stop", status: "interrupted" });
    expect(record?.stop?.reason).toMatch(/stopped without finishing/);
  } finally {
    await store.close();
  }
}

describe.concurrent("kill -9 in the middle of a run", () => {
  it("SQLite: listed interrupted, every sample up to 1 s before the kill kept as printed, integrity ok", async () => {
    const db = join(dir, "crash.sqlite");
    const killed = await runAndKill(db);
    expect(killed.stderr).not.toMatch(STACK_TRACE);
    await checkRecord(db, killed);
    // and another process (the CLI) sees the same
    const list = runChild(["runs", "list", "--json", "--db", db]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: killed.id, status: "interrupted" }]);
    const show = runChild(["runs", "show", killed.id, "--db", db]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("interrupted");
  }, 20_000);

  it("PostgreSQL: the same", async () => {
    pg = await startPostgres();
    const db = await pg.createDatabase();
    const killed = await runAndKill(db);
    expect(killed.stderr).not.toMatch(STACK_TRACE);
    await checkRecord(db, killed);
  }, 30_000);
});
