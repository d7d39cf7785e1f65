/**
 * `ssbpress runs list/show/export/plot` as a user runs them: the built CLI in a child process, against
 * a SQLite run record filled through the store API with synthetic runs (one completed, one whose
 * recording process died, and a third to make an id prefix ambiguous).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticRun } from "../src/report/run-fixture.case.js";
import { openStore } from "../src/store/index.js";
import { ensureBuilt, runChild, runInProcess, STACK_TRACE } from "./helpers/cli.js";

const COMPLETED = "20240101-120000-abcd";
const SIBLING = "20240101-120000-abce";
const DIED = "20240102-090000-0001";

let dir: string;
let db: string;
const completed = syntheticRun({ id: COMPLETED });

/** The built command in a child process, as a user runs it. */
function child(...argv: string[]) {
  const r = runChild([...argv, "--db", db], 30_000);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stdout).not.toMatch(STACK_TRACE);
  return r;
}

/** The same command in this process (the same `main`, on the real disk): for the many error paths, fast. */
async function cli(...argv: string[]) {
  const r = await runInProcess([...argv, "--db", db]);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stdout).not.toMatch(STACK_TRACE);
  return r;
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "ssbpress-runs-cli-"));
  db = join(dir, "runs.sqlite");
  const store = await openStore(db);
  for (const d of [...completed.docs, ...syntheticRun({ id: SIBLING }).docs]) await store.write(d);
  await store.close();
  // a run recorded by a process that died: no step-end, no run-stop
  const dead = await openStore(db, { owner: { pid: 2 ** 30, host: hostname() } });
  for (const d of syntheticRun({ id: DIED, stopped: false }).docs)
    await dead.write({ ...d, time: d.time + 86_400 });
  await dead.flush();
  await dead.abandon();
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("ssbpress runs list", async () => {
  it("lists the runs as JSON with the contract's keys, the dead one interrupted", async () => {
    const r = child("runs", "list", "--json");
    expect(r.code).toBe(0);
    const runs = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(runs.map((x) => x.id).sort()).toEqual([COMPLETED, SIBLING, DIED].sort());
    for (const x of runs)
      expect(Object.keys(x).sort()).toEqual(["id", "name", "press", "started", "status", "steps"]);
    const byId = new Map(runs.map((x) => [x.id, x]));
    expect(byId.get(COMPLETED)).toEqual({
      id: COMPLETED,
      name: 'Classic, "quoted"',
      status: "completed",
      started: "2023-11-14T22:13:20.000Z",
      press: "sim",
      steps: 4,
    });
    expect(byId.get(DIED)!.status).toBe("interrupted");
  });

  it("prints a table for people", async () => {
    const r = await cli("runs", "list");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+STARTED\s+PRESS\s+STEPS\s+NAME$/);
    expect(lines).toHaveLength(4);
    expect(r.stdout).toMatch(new RegExp(`${DIED}\\s+interrupted`));
  });
});

describe("ssbpress runs show", async () => {
  it("gives each step's statistics, the events and the status (a unique id prefix is enough)", async () => {
    const r = await cli("runs", "show", "20240102", "--json");
    expect(r.code).toBe(0);
    const show = JSON.parse(r.stdout) as {
      id: string;
      status: string;
      samples: number;
      steps: Record<string, unknown>[];
      events: { kind: string; message: string }[];
    };
    expect(show.id).toBe(DIED);
    expect(show.status).toBe("interrupted");
    expect(show.samples).toBe(completed.samples.length);
    expect(show.steps.map((s) => s.step)).toEqual([1, 2, 3, 4]);
    expect(show.steps[1]!["Peak pressure [MPa]"]).toBeCloseTo(250.5, 6);
    expect(show.steps[1]!["Hold pressure mean [MPa]"]).toBeCloseTo(250, 1);
    expect(show.steps[3]!.ended).toBeNull();
    expect(show.events.map((e) => e.kind)).toEqual(["note", "band"]);
  });

  it("prints the same for people", async () => {
    const r = child("runs", "show", COMPLETED);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("status    completed (all steps done)");
    expect(r.stdout).toMatch(/^2\s+30 s\s+19\.67\s+250\.5\s+250 ± 0\.501\s+19\.4 s/m);
    expect(r.stdout).toContain("note: ramp done, <hold> & wait");
  });

  it("an unknown id or an ambiguous prefix is a usage error that says what to do", async () => {
    const unknown = await cli("runs", "show", "19990101");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no run "19990101"/);
    expect(unknown.stderr).toMatch(/runs list/);
    const json = await cli("runs", "show", "19990101", "--json");
    expect(json.code).toBe(2);
    const e = JSON.parse(json.stdout) as { error: { code: string; message: string; hint: string } };
    expect(e.error.code).toBe("usage");
    expect(e.error.hint).toMatch(/runs list/);
    const ambiguous = await cli("runs", "show", "20240101-120000-abc");
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/ambiguous/);
  });

  it("a run record that does not exist is an error, and is not created", async () => {
    const missing = join(dir, "nowhere.sqlite");
    const r = runChild(["runs", "list", "--db", missing, "--json"]);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { error: { message: string } }).error.message).toMatch(/no run record/);
    expect(() => statSync(missing)).toThrow();
  });
});

describe("ssbpress runs export", async () => {
  it("streams CSV to stdout with the §6 keys plus Unix time and Step", async () => {
    const r = await cli("runs", "export", COMPLETED, "--format", "csv");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Test time [s],Unix time [s],Step,Force setpoint [kN],Force [kN],Pressure [MPa],Position [mm],Temperature [degC],Force min [kN],Force max [kN]",
    );
    expect(lines).toHaveLength(completed.samples.length + 1);
  });

  it("writes BDF with exactly the contract's columns and its sidecar, and never overwrites without --force", async () => {
    const out = join(dir, "run.csv");
    const r = child("runs", "export", COMPLETED, "--format", "bdf", "-o", out);
    expect(r.code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text.split("\n")[0]).toBe(
      "Test Time / s,Unix Time / s,Step Count / 1,Applied Pressure / Pa,Surface Pressure / Pa,Force / N,Ram Position / m,Platen Temperature / degC",
    );
    expect(text.trimEnd().split("\n")).toHaveLength(completed.samples.length + 1);
    const meta = JSON.parse(readFileSync(join(dir, "run.metadata.json"), "utf8")) as Record<string, unknown>;
    expect(meta.run).toBe(COMPLETED);
    expect(meta.protocol).toEqual({ sha256: "ab".repeat(32), text: completed.record.start.protocol });
    expect((meta.die as Record<string, number>)["Area [m2]"]).toBeCloseTo(78.54e-6, 9);
    expect(meta.software).toEqual({ name: "ssbpress", version: "0.1.0" });
    expect(meta.samples).toBe(completed.samples.length);

    // again: refused, both files untouched
    writeFileSync(join(dir, "run.metadata.json"), "keep me");
    const again = await cli("runs", "export", COMPLETED, "--format", "bdf", "-o", out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/refusing to overwrite .*--force/);
    expect(readFileSync(join(dir, "run.metadata.json"), "utf8")).toBe("keep me");
    // only the sidecar exists: still refused before anything is written
    const other = join(dir, "other.csv");
    writeFileSync(join(dir, "other.metadata.json"), "mine");
    const sidecarOnly = await cli("runs", "export", COMPLETED, "--format", "bdf", "-o", other);
    expect(sidecarOnly.code).toBe(2);
    expect(() => statSync(other)).toThrow();
    // with --force both are replaced
    const forced = await cli("runs", "export", COMPLETED, "--format", "bdf", "-o", out, "--force");
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "run.metadata.json"), "utf8"))).toHaveProperty("run", COMPLETED);
  });

  it("writes the whole record as one JSON document", async () => {
    const out = join(dir, "run.json");
    const r = await cli("runs", "export", DIED, "--format", "json", "-o", out, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      id: DIED,
      format: "json",
      samples: completed.samples.length,
    });
    const doc = JSON.parse(readFileSync(out, "utf8")) as { run: { run: string }; samples: unknown[] };
    expect(doc.run.run).toBe(DIED);
    expect(doc.samples).toHaveLength(completed.samples.length);
  });

  it("refuses an unknown format, and an output onto the run record itself even with --force", async () => {
    const bad = await cli("runs", "export", COMPLETED, "--format", "xlsx");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown export format "xlsx": use csv, json or bdf/);
    const none = await cli("runs", "export", COMPLETED);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--format/);
    const onto = await cli("runs", "export", COMPLETED, "--format", "csv", "-o", db, "--force");
    expect(onto.code).toBe(2);
    expect(onto.stderr).toMatch(/input of this command/);
    expect((await cli("runs", "list")).code).toBe(0);
  });
});

describe("ssbpress runs plot", async () => {
  it("writes an SVG, needs -o, and never overwrites without --force", async () => {
    const missing = await cli("runs", "plot", COMPLETED);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/give -o FILE\.svg/);
    const out = join(dir, "run.svg");
    const r = child("runs", "plot", COMPLETED, "-o", out);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("Step 2: Press to 250 MPa");
    const again = await cli("runs", "plot", COMPLETED, "-o", out, "--y", "force");
    expect(again.code).toBe(2);
    expect(readFileSync(out, "utf8")).toBe(svg);
    const forced = await cli("runs", "plot", COMPLETED, "-o", out, "--y", "force", "--force");
    expect(forced.code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("Force [kN]");
    const badY = await cli("runs", "plot", COMPLETED, "-o", join(dir, "y.svg"), "--y", "torque");
    expect(badY.code).toBe(2);
    expect(badY.stderr).toMatch(/--y must be pressure or force/);
  });
});
