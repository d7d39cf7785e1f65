/** The store conformance suite on SQLite, plus what only a file-backed database can get wrong. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SsbError } from "../core/errors.js";
import { dataFolder, describeStoreLocation, openStore, type OpenedStore } from "./open.js";
import { runStart, sample, storeConformance } from "./store.case.js";

const root = mkdtempSync(join(tmpdir(), "ssbpress-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

storeConformance("SQLite", async () => {
  const file = join(root, `conformance-${++n}.sqlite`);
  const opened: OpenedStore[] = [];
  return {
    async open(options) {
      const s = await openStore(file, options);
      opened.push(s);
      return s;
    },
    exec(sql) {
      const db = new Database(file);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
    async cleanup() {
      for (const s of opened) await s.close().catch(() => undefined);
    },
  };
});

async function openError(location: string | undefined, env?: NodeJS.ProcessEnv): Promise<SsbError> {
  try {
    const s = await openStore(location, env ? { env } : {});
    await s.close();
  } catch (e) {
    expect(e).toBeInstanceOf(SsbError);
    return e as SsbError;
  }
  throw new Error(`opening ${location} should have failed`);
}

describe("SQLite run record: locations and bad --db", () => {
  it("uses SSBPRESS_DB, else the data folder, creating it", async () => {
    const home = join(root, "home");
    const env = { HOME: home };
    expect(dataFolder(env)).toBe(join(home, ".local", "share", "ssbpress"));
    expect(dataFolder({ HOME: home, XDG_DATA_HOME: "/xdg" })).toBe("/xdg/ssbpress");
    expect(describeStoreLocation(undefined, env)).toBe(
      join(home, ".local/share/ssbpress/ssbpress-runs.sqlite"),
    );
    const s = await openStore(undefined, { env });
    expect(s.location).toBe(join(home, ".local/share/ssbpress/ssbpress-runs.sqlite"));
    await s.close();
    const chosen = join(root, "chosen.sqlite");
    expect(describeStoreLocation(undefined, { ...env, SSBPRESS_DB: chosen })).toBe(chosen);
    expect(describeStoreLocation("relative.sqlite", env)).toBe(join(process.cwd(), "relative.sqlite"));
    expect(describeStoreLocation("postgres://me:secret@db.lab:5432/runs")).toBe(
      "postgres://me:***@db.lab:5432/runs",
    );
  });

  it("refuses a folder, a missing folder, a file as folder and a non-SQLite file, untouched", async () => {
    const folder = join(root, "a-folder");
    mkdirSync(folder);
    let e = await openError(folder);
    expect(e.code).toBe("io");
    expect(e.message).toContain(folder);
    expect(e.message).toContain("is a folder");
    expect(e.hint).toContain("ssbpress-runs.sqlite");

    e = await openError(join(root, "no", "such", "runs.sqlite"));
    expect(e.message).toContain("does not exist");
    expect(e.hint).toContain("mkdir -p");

    const notes = join(root, "notes.txt");
    const text = "lab notes, not a database\n".repeat(200);
    writeFileSync(notes, text);
    e = await openError(notes);
    expect(e.code).toBe("io");
    expect(e.message).toContain("not an SQLite database");
    expect(readFileSync(notes, "utf8")).toBe(text);

    e = await openError(join(notes, "runs.sqlite"));
    expect(e.message).toContain("is a file, not a folder");
  });

  it("refuses a database it cannot write, naming it", async () => {
    // Root ignores file permissions, so a read-only file system stands in for a read-only folder.
    const where = process.getuid?.() === 0 ? "/proc/ssbpress-runs.sqlite" : join(root, "ro", "runs.sqlite");
    if (process.getuid?.() !== 0) {
      mkdirSync(join(root, "ro"));
      chmodSync(join(root, "ro"), 0o500);
    }
    const e = await openError(where);
    expect(e.code).toBe("io");
    expect(e.message).toContain(where);
    expect(e.hint).toMatch(/--db/);
  });

  it("refuses a database written by a newer ssbpress", async () => {
    const file = join(root, "future.sqlite");
    (await openStore(file)).close();
    const db = new Database(file);
    db.prepare("insert into schema_migrations (version, name, applied_at) values (99, 'future', 'x')").run();
    db.close();
    const e = await openError(file);
    expect(e.message).toMatch(/schema version 99, newer than this ssbpress knows/);
    expect(e.hint).toMatch(/upgrade ssbpress/);
  });
});

describe("SQLite run record: crash safety", () => {
  it("is WAL with synchronous FULL, and a killed writer's commits are all there", async () => {
    const file = join(root, "wal.sqlite");
    const s = await openStore(file);
    const run = "20251130-221530-0200";
    await s.write(runStart(run));
    for (let i = 0; i < 100; i++) await s.write(sample(run, i));
    await s.flush();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
    await s.abandon();
    const again = await openStore(file);
    expect(await again.sampleCount(run)).toBe(100);
    expect(await again.checkIntegrity()).toEqual([]);
    await again.close();
  });

  it("reports a damaged database in its integrity check", async () => {
    const file = join(root, "damaged.sqlite");
    const s = await openStore(file);
    await s.write(runStart("20251130-221530-0210"));
    await s.close();
    const raw = new Database(file);
    raw.pragma("foreign_keys = OFF");
    raw
      .prepare("insert into events (run_key, time, step, kind, message) values (999, 0, 0, 'note', 'orphan')")
      .run();
    raw.close();
    const again = await openStore(file);
    expect(await again.checkIntegrity()).toEqual([expect.stringContaining("events row")]);
    await again.close();
  });
});
