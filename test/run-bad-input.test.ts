/**
 * Bad input to `ssbpress run` (issue #7, "Bad input"): each is a clear error with the exit code of
 * CONTRACTS §1, never a stack trace, and nothing reaches the press — the press here is a TCP
 * listener that counts connections and bytes, and must count zero. The record is never damaged.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, STACK_TRACE, ensureBuilt, type CliRun } from "./helpers/cli.js";

const CLASSIC = join(ROOT, "examples", "classic-li-lpscl-nmc811.yaml");
const FAILURE = join(ROOT, "examples", "classic-failure-whole-stack.yaml");
const ANSWERS = join(ROOT, "examples", "manual-press-answers.txt");
const FIXTURES = join(ROOT, "test", "fixtures", "run");

let dir: string;
const children = new Set<number>();
const servers = new Set<Server>();
const sockets = new Set<Socket>();

function cli(argv: string[], timeoutMs = 15_000): Promise<CliRun & { ms: number }> {
  const t0 = Date.now();
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
      reject(new Error(`ssbpress ${argv.join(" ")} hung for ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(pid);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

interface Listener {
  url: string;
  port: number;
  connections: number;
  bytes: number;
  /** Modbus function codes of the complete MBAP frames received. */
  functions: number[];
}

/**
 * A "press" on 127.0.0.1 that records what reaches it. `answer` replies to every chunk received
 * (a press that talks garbage); without it the listener never answers.
 */
async function pressListener(answer?: (chunk: Buffer) => Buffer): Promise<Listener> {
  const l: Listener = { url: "", port: 0, connections: 0, bytes: 0, functions: [] };
  const server = createServer((s) => {
    l.connections += 1;
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
    let pending = Buffer.alloc(0);
    s.on("data", (chunk: Buffer) => {
      l.bytes += chunk.length;
      // MBAP: transaction (2), protocol (2), length (2, counts unit id + PDU), unit id, function code
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 8 && pending.length >= 6 + pending.readUInt16BE(4)) {
        l.functions.push(pending[7]!);
        pending = pending.subarray(6 + pending.readUInt16BE(4));
      }
      if (answer && s.writable) s.write(answer(chunk));
    });
  });
  servers.add(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  l.port = (server.address() as { port: number }).port;
  l.url = `modbus-tcp://127.0.0.1:${l.port}`;
  return l;
}

/** A port where nothing listens: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const db = (name: string) => join(dir, `${name}.sqlite`);

/** Exit code, a message matching `message`, no stack trace, nothing at the press. */
function refused(r: CliRun, code: number, message: RegExp, press?: Listener): void {
  expect(r.stderr + r.stdout).not.toMatch(STACK_TRACE);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(code);
  if (press) {
    expect(press.connections).toBe(0);
    expect(press.bytes).toBe(0);
  }
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "ssbpress-run-bad-"));
  writeFileSync(join(dir, "a-file"), "a regular file, not a folder\n");
  writeFileSync(join(dir, "empty.yaml"), "");
  writeFileSync(join(dir, "binary.yaml"), randomBytes(4096));
}, 180_000);

afterAll(async () => {
  for (const pid of children) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (const s of sockets) s.destroy();
  await Promise.all([...servers].map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

describe.concurrent("refused before anything reaches the press", () => {
  it("a protocol with error diagnostics: exit 1", async () => {
    const press = await pressListener();
    const r = await cli(["run", FAILURE, "--press", press.url, "--yes", "--db", db("errors")]);
    refused(r, 1, /error anode-overpressure[\s\S]*refused before anything connects to the press/, press);
  });

  it.each([
    ["map-missing-force.yaml", /map-missing-force\.yaml:\d+:\d+: .*missing force/],
    ["map-wrong-unit.yaml", /map-wrong-unit\.yaml:5:\d+: .*"MPa" is a pressure unit/],
    ["map-overlap.yaml", /map-overlap\.yaml:5:\d+: .*ramp_rate .* overlaps force_setpoint/],
    ["map-unknown-key.yaml", /map-unknown-key\.yaml:6:3: unknown key "forse"/],
  ])("a press map that is not valid (%s): exit 2 with the map's file:line:col", async (map, message) => {
    const press = await pressListener();
    const r = await cli([
      "run",
      CLASSIC,
      "--press",
      press.url,
      "--map",
      join(FIXTURES, map),
      "--yes",
      "--db",
      db(map),
    ]);
    refused(r, 2, message, press);
    expect(r.stderr).toMatch(/nothing was sent to the press/);
  });

  it("a press map saved as Latin-1: exit 2 at the byte that is not UTF-8, nothing sent", async () => {
    const map = join(dir, "latin1-map.yaml");
    const good = readFileSync(join(ROOT, "examples", "maps", "plc-int32.yaml"), "utf8");
    writeFileSync(map, Buffer.from(good.replace("tenths of a degree", "tenths of a \u00b0C"), "latin1"));
    const press = await pressListener();
    const r = await cli(["run", CLASSIC, "--press", press.url, "--map", map, "--yes", "--db", db("latin1")]);
    refused(
      r,
      2,
      /latin1-map\.yaml:2:\d+: the file is not UTF-8 text: byte 0xB0 \(in Windows-1252 it would be "°"\) is not UTF-8; save a press map as UTF-8/,
      press,
    );
  });

  it("no --press: exit 2, saying which presses there are", async () => {
    const r = await cli(["run", CLASSIC, "--yes", "--db", db("no-press")]);
    refused(r, 2, /--press is required[\s\S]*--press sim/);
  });

  it("an unknown --press: exit 2", async () => {
    const press = await pressListener();
    const r = await cli(["run", CLASSIC, "--press", `tcp://127.0.0.1:${press.port}`, "--yes"]);
    refused(r, 2, /is not a press ssbpress knows[\s\S]*modbus-tcp:\/\/HOST:PORT/, press);
  });

  it("--speed with a Modbus press (a real press runs in real time): exit 2", async () => {
    const press = await pressListener();
    const r = await cli(["run", CLASSIC, "--press", press.url, "--speed", "60", "--yes"]);
    refused(r, 2, /--speed .*real time/, press);
  });

  it("--answers without --press manual: exit 2", async () => {
    const press = await pressListener();
    const r = await cli(["run", CLASSIC, "--press", press.url, "--answers", ANSWERS, "--yes"]);
    refused(r, 2, /--answers scripts the operator of a manual press/, press);
  });

  it("--fault with a Modbus press: exit 2", async () => {
    const press = await pressListener();
    const r = await cli(["run", CLASSIC, "--press", press.url, "--fault", "overshoot:15%", "--yes"]);
    refused(r, 2, /--fault injects faults into the digital twin only/, press);
  });

  it.each(["bogus", "overshoot:abc", "link-loss@", "fracture@step0"])(
    "a bad --fault spec (%s): exit 2 with the valid forms",
    async (spec) => {
      const r = await cli([
        "run",
        CLASSIC,
        "--press",
        "sim",
        "--fault",
        spec,
        "--yes",
        "--db",
        db(`fault-${spec}`),
      ]);
      refused(r, 2, /--fault "[^"]*": [\s\S]*valid forms: link-loss@30s/);
      expect(r.stderr).not.toMatch(/step 1\/7/); // never started
    },
  );

  it.each(["ten minutes", "5 kg", "-3 s", "0 s"])("a bad --operate-for (%s): exit 2", async (value) => {
    const press = await pressListener();
    const r = await cli(["run", CLASSIC, "--press", press.url, "--operate-for", value, "--yes"]);
    refused(r, 2, /--operate-for/, press);
  });

  it.each([
    ["a path under a regular file", () => join(dir, "a-file", "runs.sqlite"), /is a file, not a folder/],
    ["a folder", () => dir, /is a folder, not a database file/],
    ["a path in /proc", () => "/proc/ssbpress-runs.sqlite", /cannot open the run record/],
  ])("a --db that is not writable (%s): exit 2 before connecting", async (_what, where, message) => {
    const press = await pressListener();
    const r = await cli(["run", CLASSIC, "--press", press.url, "--yes", "--db", where()]);
    refused(r, 2, message, press);
    expect(r.stderr).toContain(where());
  });

  it("a --db that is some other file: refused, and its bytes are left exactly as they were", async () => {
    const press = await pressListener();
    const file = join(dir, "not-a-database.sqlite");
    const bytes = randomBytes(8192);
    writeFileSync(file, bytes);
    const r = await cli(["run", CLASSIC, "--press", press.url, "--yes", "--db", file]);
    refused(r, 2, /not an SQLite database/, press);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it.each([
    ["empty.yaml", /the file is empty/],
    ["binary.yaml", /binary|not a YAML|cannot be read|unreadable/],
  ])("a protocol that is %s: exit 2", async (name, message) => {
    const r = await cli(["run", join(dir, name), "--press", "sim", "--yes", "--db", db(name)]);
    refused(r, 2, message);
  });
});

describe.concurrent("presses that cannot be run", () => {
  it("an unreachable host: exit 3, 'cannot connect', at once, and no run in the record", async () => {
    const port = await closedPort();
    const r = await cli([
      "run",
      CLASSIC,
      "--press",
      `modbus-tcp://127.0.0.1:${port}`,
      "--yes",
      "--db",
      db("unreachable"),
    ]);
    refused(r, 3, /cannot connect to the press modbus-tcp:\/\/127\.0\.0\.1:\d+: .*connection refused/);
    expect(r.ms).toBeLessThan(8000);
    const list = await cli(["runs", "list", "--json", "--db", db("unreachable")]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it("a press that answers garbage: exit 3 with a clear message, never a hang", async () => {
    const press = await pressListener(() => randomBytes(13));
    const r = await cli(["run", CLASSIC, "--press", press.url, "--yes", "--db", db("garbage")]);
    refused(r, 3, /cannot connect to the press .*(nonsense|garbage|not Modbus)/);
    expect(press.connections).toBeGreaterThanOrEqual(1);
    expect(r.ms).toBeLessThan(12_000);
    // the connection check only reads (functions 1–4): the press was never told to load
    expect(press.functions.length).toBeGreaterThanOrEqual(1);
    expect(press.functions.filter((f) => f < 1 || f > 4)).toEqual([]);
    const list = await cli(["runs", "list", "--json", "--db", db("garbage")]);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
