/**
 * `ssbpress run` end to end, as a new user meets it (CONTRACTS §6, §7): the one-command run on the
 * digital twin, its progress and its --json documents, the record it leaves (`runs list/show/export/
 * plot`), --dry-run, a manual press scripted by --answers, and the faults that end a run (exit 3).
 * Everything runs the built CLI in child processes, several at once.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, STACK_TRACE, ensureBuilt, type CliRun } from "./helpers/cli.js";

const CLASSIC = join(ROOT, "examples", "classic-li-lpscl-nmc811.yaml");
const MANUAL = join(ROOT, "examples", "manual-press-13mm-tonnes.yaml");
const ANSWERS = join(ROOT, "examples", "manual-press-answers.txt");
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
/** The sample keys of CONTRACTS §6 (with the keys every document has). */
const SAMPLE_KEYS = [
  "type",
  "run",
  "time",
  "step",
  "Test time [s]",
  "Force setpoint [kN]",
  "Force [kN]",
  "Pressure [MPa]",
  "Position [mm]",
  "Temperature [degC]",
].sort();
/** What an Operate step's once-a-second summaries add (the "per-second min/mean/max"). */
const SUMMARY_KEYS = ["Force min [kN]", "Force max [kN]"];

let dir: string;
const children = new Set<number>();

/** `node bin/ssbpress.js ARGV` without blocking this process (so in-process servers keep answering). */
function cli(argv: string[], timeoutMs = 15_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const pid = child.pid!;
    children.add(pid);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer = setTimeout(() => {
      process.kill(pid, "SIGKILL");
      reject(new Error(`ssbpress ${argv.join(" ")} still running after ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(pid);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

type Doc = Record<string, unknown> & { type: string; run: string; time: number };
const jsonLines = (text: string): Doc[] =>
  text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Doc);
const ofType = (docs: Doc[], type: string) => docs.filter((d) => d.type === type);

const db = (name: string) => join(dir, `${name}.sqlite`);
const twinRun = (name: string, ...extra: string[]) =>
  cli([
    "run",
    CLASSIC,
    "--press",
    "sim",
    "--speed",
    "1000",
    "--yes",
    "--operate-for",
    "10 s",
    "--db",
    db(name),
    ...extra,
  ]);

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "ssbpress-run-cli-"));
}, 180_000);

afterAll(() => {
  for (const pid of children) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("the one-command run on the digital twin", () => {
  // Started once, shared by the tests below: the plain run a newcomer types, and the same with --json.
  let plain: Promise<CliRun>;
  let json: Promise<CliRun>;
  beforeAll(() => {
    plain = twinRun("plain");
    json = twinRun("json", "--json", "--operator", "A. Newcomer");
  });

  it("exits 0, shows its progress step by step and says where the run was recorded", async () => {
    const r = await plain;
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    // the preflight's table of settings, then one progress line per step
    expect(r.stderr).toMatch(/250 MPa\s*=\s*19\.63 kN/);
    for (let n = 1; n <= 7; n++) expect(r.stderr).toContain(`step ${n}/7:`);
    const id = /recorded as run (\S+):/.exec(r.stderr)?.[1];
    expect(id).toBeDefined();
    expect(r.stderr.trimEnd().split("\n").at(-1)).toMatch(/^recorded as run \S+: ssbpress runs show /);
    expect(r.stdout).toBe(""); // progress is stderr; stdout stays for --json
  });

  it("--json prints the documents of §6: run-start, every step, samples at ≥ 10 Hz, run-stop", async () => {
    const r = await json;
    expect(r.code).toBe(0);
    const docs = jsonLines(r.stdout);
    const id = docs[0]!.run;
    expect(id).toMatch(/\S/);
    for (const d of docs) {
      expect(d.run).toBe(id);
      expect(typeof d.time).toBe("number");
      expect(Math.abs(d.time - Date.now() / 1000)).toBeLessThan(3600); // Unix time [s], not ms
    }

    const start = docs[0]!;
    const text = readFileSync(CLASSIC, "utf8");
    expect(start).toMatchObject({
      type: "run-start",
      protocol: text,
      sha256: createHash("sha256").update(readFileSync(CLASSIC)).digest("hex"),
      die: { "Diameter [mm]": 10, "Rating [MPa]": 740 },
      map: null,
      operator: "A. Newcomer",
      version: VERSION,
    });
    expect(start.press).toMatch(/^sim/);
    expect((start.die as Record<string, number>)["Area [mm2]"]).toBeCloseTo(78.54, 2);
    const stop = docs.at(-1)!;
    expect(stop).toMatchObject({ type: "run-stop", status: "completed" });
    expect(ofType(docs, "run-start")).toHaveLength(1);
    expect(ofType(docs, "run-stop")).toHaveLength(1);

    // every step starts and ends, in order, with the protocol's own text
    const steps = ["Add separator", "Press to 250 MPa at 5 MPa/s, hold 2 min", "Add cathode on top"];
    const starts = ofType(docs, "step-start");
    const ends = ofType(docs, "step-end");
    expect(starts.map((d) => d.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ends.map((d) => d.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(starts.slice(0, 3).map((d) => d.text)).toEqual(steps);

    // samples: the §6 keys and nothing else (an Operate step's summaries add their min and max)
    let open: number | null = null;
    const byStep = new Map<number, Doc[]>();
    let lastTime = -Infinity;
    for (const d of docs) {
      if (d.type === "step-start") open = d.step as number;
      if (d.type === "step-end") open = null;
      if (d.type !== "sample") continue;
      const keys = Object.keys(d).sort();
      const extra = keys.filter((k) => !SAMPLE_KEYS.includes(k));
      expect(keys.filter((k) => SAMPLE_KEYS.includes(k))).toEqual(SAMPLE_KEYS);
      if (d.step === 7) expect(extra.every((k) => SUMMARY_KEYS.includes(k))).toBe(true);
      else expect(extra).toEqual([]);
      if (open !== null) expect(d.step).toBe(open);
      const t = d["Test time [s]"] as number;
      expect(t).toBeGreaterThanOrEqual(lastTime);
      lastTime = t;
      // units: kN and MPa agree on the 78.54 mm² die; mm for the ram; °C for the platen
      const kN = d["Force [kN]"] as number;
      expect(d["Pressure [MPa]"] as number).toBeCloseTo((kN * 1000) / 78.5398, 1);
      expect(d["Temperature [degC]"] as number).toBeCloseTo(25, 0);
      const mm = d["Position [mm]"] as number;
      expect(mm).toBeGreaterThanOrEqual(0);
      expect(mm).toBeLessThan(5);
      const list = byStep.get(d.step as number) ?? [];
      list.push(d);
      byStep.set(d.step as number, list);
    }
    // while pressing (steps 2, 4, 6): one sample at least every 0.1 s of test time, for the whole step
    for (const [step, nominal] of [
      [2, 50 + 120],
      [4, 100 + 300],
      [6, 60],
    ] as const) {
      const xs = byStep.get(step)!;
      const times = xs.map((x) => x["Test time [s]"] as number);
      const span = times.at(-1)! - times[0]!;
      expect(span).toBeGreaterThanOrEqual(nominal);
      expect(xs.length).toBeGreaterThanOrEqual(Math.floor(10 * span));
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(0.1 + 1e-6);
      const peak = Math.max(...xs.map((x) => x["Pressure [MPa]"] as number));
      expect(peak).toBeGreaterThan([250, 500, 50][(step - 2) / 2]! * 0.98);
    }
    // the Operate step was shortened to 10 s by --operate-for
    const operate = byStep.get(7)!.map((x) => x["Test time [s]"] as number);
    expect(operate.at(-1)! - operate[0]!).toBeLessThan(40);
  });

  it("leaves a complete record: runs list, show, export (bdf with its sidecar, csv) and plot work on it", async () => {
    const r = await json;
    expect(r.code).toBe(0);
    const docs = jsonLines(r.stdout);
    const id = docs[0]!.run;
    const samples = ofType(docs, "sample");
    const D = db("json");

    const list = await cli(["runs", "list", "--json", "--db", D]);
    expect(list.code).toBe(0);
    const runs = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id,
      status: "completed",
      steps: 7,
      name: "Li | Li6PS5Cl | NMC811, 10 mm die",
    });
    expect(new Date(runs[0]!.started as string).toISOString()).toBe(runs[0]!.started);

    const [show, showJson, bdf, csv, plot] = await Promise.all([
      cli(["runs", "show", id, "--db", D]),
      cli(["runs", "show", id, "--json", "--db", D]),
      cli(["runs", "export", id, "--format", "bdf", "-o", join(dir, "F.csv"), "--db", D]),
      cli(["runs", "export", id, "--format", "csv", "--db", D]),
      cli(["runs", "plot", id, "-o", join(dir, "F.svg"), "--db", D]),
    ]);
    for (const x of [show, showJson, bdf, csv, plot]) {
      expect(x.stderr).not.toMatch(STACK_TRACE);
      expect(x.code).toBe(0);
    }
    expect(show.stdout).toContain("completed");
    expect(show.stdout).toMatch(/Press to 500 MPa at 5 MPa\/s, hold 5 min/);
    const s = JSON.parse(showJson.stdout) as { samples: number; steps: Record<string, number | null>[] };
    expect(s.samples).toBe(samples.length);
    expect(s.steps[3]!["Peak pressure [MPa]"]).toBeGreaterThan(490);
    expect(s.steps[3]!["Hold pressure mean [MPa]"]).toBeCloseTo(500, -1);

    // Battery Data Format: its columns, one row per sample, and the sidecar
    const rows = readFileSync(join(dir, "F.csv"), "utf8").trimEnd().split("\n");
    const header = rows[0]!.split(",");
    for (const col of [
      "Test Time / s",
      "Unix Time / s",
      "Step Count / 1",
      "Applied Pressure / Pa",
      "Surface Pressure / Pa",
      "Force / N",
      "Ram Position / m",
      "Platen Temperature / degC",
    ])
      expect(header).toContain(col);
    expect(rows.length - 1).toBe(samples.length);
    const meta = JSON.parse(readFileSync(join(dir, "F.metadata.json"), "utf8")) as Record<string, unknown>;
    expect(JSON.stringify(meta)).toContain(readFileSync(CLASSIC, "utf8").slice(0, 60).replace(/\n/g, "\\n"));
    expect((meta.die as Record<string, number>)["Area [m2]"]).toBeCloseTo(7.854e-5, 8);
    expect(JSON.stringify(meta)).toContain(VERSION);

    // CSV on stdout: the sample keys of §6 plus Unix time and Step, and the same numbers as the stream
    const lines = csv.stdout.trimEnd().split("\n");
    const cols = lines[0]!.split(",");
    for (const k of [
      "Test time [s]",
      "Unix time [s]",
      "Step",
      "Force setpoint [kN]",
      "Force [kN]",
      "Pressure [MPa]",
      "Position [mm]",
      "Temperature [degC]",
    ])
      expect(cols).toContain(k);
    expect(lines.length - 1).toBe(samples.length);
    const iForce = cols.indexOf("Force [kN]");
    const iTime = cols.indexOf("Test time [s]");
    for (let i = 0; i < samples.length; i += 97) {
      const row = lines[i + 1]!.split(",");
      expect(Number(row[iTime])).toBeCloseTo(samples[i]!["Test time [s]"] as number, 6);
      expect(Number(row[iForce])).toBeCloseTo(samples[i]!["Force [kN]"] as number, 5);
    }

    const svg = readFileSync(join(dir, "F.svg"), "utf8");
    expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain(id);
  });
});

describe("--dry-run", () => {
  let server: Server;
  let connections = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer((s) => {
      connections += 1;
      sockets.push(s);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it("prints the commands that would be sent, never opens the record, never connects", async () => {
    const port = (server.address() as { port: number }).port;
    const [modbus, sim] = await Promise.all([
      cli([
        "run",
        CLASSIC,
        "--press",
        `modbus-tcp://127.0.0.1:${port}`,
        "--dry-run",
        "--db",
        db("dry-modbus"),
      ]),
      cli(["run", CLASSIC, "--press", "sim", "--dry-run", "--json", "--db", db("dry-sim")]),
    ]);
    expect(modbus.code).toBe(0);
    expect(modbus.stdout).toMatch(/step 2\s+setForce 19\.635 kN/);
    expect(modbus.stdout).toMatch(/release/);
    expect(modbus.stderr).toContain("dry run: nothing was sent to the press");
    expect(sim.code).toBe(0);
    const commands = (JSON.parse(sim.stdout) as { commands: { verb: string; step: number }[] }).commands;
    expect(commands.filter((c) => c.verb === "setForce").map((c) => c.step)).toContain(4);
    expect(connections).toBe(0);
    expect(existsSync(db("dry-modbus"))).toBe(false);
    expect(existsSync(db("dry-sim"))).toBe(false);
  });
});

describe("a manual press scripted by --answers", () => {
  it("completes, and the record keeps every operator confirmation and reading with its time", async () => {
    const r = await cli([
      "run",
      MANUAL,
      "--press",
      "manual",
      "--answers",
      ANSWERS,
      "--speed",
      "1000",
      "--operate-for",
      "5 s",
      "--json",
      "--db",
      db("manual"),
    ]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const docs = jsonLines(r.stdout);
    expect(docs.at(-1)).toMatchObject({ type: "run-stop", status: "completed" });
    expect(r.code).toBe(0);
    const operator = ofType(docs, "event").filter((e) => e.kind === "operator");
    // every question was answered from the file, in its order, and recorded with the typed readings
    const answerLines = readFileSync(ANSWERS, "utf8")
      .split("\n")
      .map((l, i) => [i + 1, l.replace(/#.*/, "").trim()] as const)
      .filter(([, l]) => l !== "")
      .map(([n]) => n);
    const used = operator.map((e) => Number(/answers file line (\d+)/.exec(String(e.message))?.[1]));
    expect(used).toEqual(answerLines.slice(0, used.length));
    // every answer is used: the Operate step keeps the cell under pressure, so no release is asked at the end
    expect(used.length).toBe(answerLines.length);
    const said = operator.map((e) => e.message).join("\n");
    for (const reading of ["3.4 t", "6.8 t", "0.6 t"]) expect(said).toContain(`reading ${reading}`);
    expect(said).toMatch(/Set the press to 3\.4 t \(33\.3 kN, 251 MPa on the pellet\)/);
    const times = operator.map((e) => e.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(8 * 60); // the holds (2 + 5 + 1 min) were counted down

    const show = await cli(["runs", "show", docs[0]!.run, "--json", "--db", db("manual")]);
    const record = JSON.parse(show.stdout) as {
      status: string;
      events: { kind: string; message: string; time: string }[];
    };
    expect(record.status).toBe("completed");
    const stored = record.events.filter((e) => e.kind === "operator");
    expect(stored.map((e) => e.message)).toEqual(operator.map((e) => e.message));
    for (const [i, e] of stored.entries())
      expect(Date.parse(e.time) / 1000).toBeCloseTo(operator[i]!.time, 1);
  });

  it("stops safely with exit 3 when the answers run out", async () => {
    const short = join(dir, "short-answers.txt");
    writeFileSync(short, "ok      # the separator is in\nok 3.4  # set to 3.4 t\n");
    const r = await cli([
      "run",
      MANUAL,
      "--press",
      "manual",
      "--answers",
      short,
      "--speed",
      "1000",
      "--json",
      "--db",
      db("manual-short"),
    ]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(3);
    const docs = jsonLines(r.stdout);
    const stop = docs.at(-1)!;
    expect(stop.type).toBe("run-stop");
    expect(["aborted", "interlock", "fault"]).toContain(stop.status);
    expect(String(stop.reason)).toMatch(/no answers left/);
    // it never went past step 3: the cathode was never asked for
    expect(Math.max(...ofType(docs, "step-start").map((d) => d.step as number))).toBeLessThanOrEqual(3);
    const list = JSON.parse((await cli(["runs", "list", "--json", "--db", db("manual-short")])).stdout) as {
      status: string;
    }[];
    expect(list[0]!.status).toBe(stop.status);
  });
});

describe("faults injected into the twin end the run with exit 3 and say why", () => {
  it.each([
    ["overshoot:60%", "interlock", /above the limit in force/],
    ["fracture@step4+10s", "interlock", /fracture/],
    ["link-loss@200s", "fault", /lost communication|link/],
  ])("--fault %s → run-stop %s", async (fault, status, reason) => {
    const name = `fault-${fault.replace(/[^a-z0-9]/gi, "_")}`;
    const r = await twinRun(name, "--json", "--fault", fault);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(3);
    const docs = jsonLines(r.stdout);
    const events = ofType(docs, "event").filter((e) => e.kind === "interlock");
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(String(events[0]!.message)).toMatch(reason);
    const stop = docs.at(-1)!;
    expect(stop).toMatchObject({ type: "run-stop", status });
    expect(String(stop.reason)).toMatch(reason);
    expect(r.stderr).toMatch(new RegExp(`run \\S+ ${status}:`));
    // the record says the same
    const list = JSON.parse((await cli(["runs", "list", "--json", "--db", db(name)])).stdout) as {
      status: string;
    }[];
    expect(list[0]!.status).toBe(status);
  });
});
