/**
 * The built command is one entry file plus chunks loaded on demand (scripts/bundle-cli.mjs): every
 * command that loads a chunk, or a file beside the bundle (the Monte Carlo worker, native add-ons),
 * must work from it, not only in-process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, runChild, STACK_TRACE } from "./helpers/cli.js";

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "ssbpress-bundle-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the bundled command", () => {
  it("simulate --samples starts its worker threads from the bundle", () => {
    const r = runChild(["simulate", "examples/li-in-cell.yaml", "--samples", "64", "--json"]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTypeOf("object");
  });

  it("run and runs load SQLite (a native add-on) from the bundle", () => {
    const db = join(dir, "runs.sqlite");
    const run = runChild([
      "run",
      "examples/li-in-cell.yaml",
      "--press",
      "sim",
      "--speed",
      "100000",
      "--yes",
      "--operate-for",
      "2 s",
      "--db",
      db,
    ]);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.code).toBe(0);
    const list = runChild(["runs", "list", "--json", "--db", db]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ status: "completed", steps: 7 }]);
  });
});
