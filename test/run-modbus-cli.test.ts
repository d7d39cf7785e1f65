/**
 * `ssbpress run` over a real Modbus TCP socket against `ssbpress sim-press`, both as child processes
 * (CONTRACTS §5, §6): the built-in map and a PLC-style int32 map served and driven from the same
 * file, in real time, end to end; a press whose answers turn to garbage mid-run ends it as a fault;
 * sim-press stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, STACK_TRACE, ensureBuilt, type CliRun } from "./helpers/cli.js";

const SHORT = join(ROOT, "test", "fixtures", "run", "short-modbus.yaml");
const PLC_MAP = join(ROOT, "examples", "maps/plc-int32.yaml");

let dir: string;
const children = new Map<number, ChildProcessWithoutNullStreams>();
const servers = new Set<Server>();
const sockets = new Set<Socket>();

function start(argv: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [BIN, ...argv], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  children.set(child.pid!, child);
  child.on("close", () => children.delete(child.pid!));
  return child;
}

/** Runs the CLI to the end; `onLine` sees each stdout line as it comes. */
function cli(argv: string[], onLine?: (line: string) => void, timeoutMs = 25_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = start(argv);
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      const lines = (partial + d.toString("utf8")).split("\n");
      partial = lines.pop()!;
      for (const l of lines) onLine?.(l);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer = setTimeout(() => {
      process.kill(child.pid!, "SIGKILL");
      reject(new Error(`ssbpress ${argv.join(" ")} still running after ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

interface SimPress {
  child: ChildProcessWithoutNullStreams;
  port: number;
  facts: Record<string, unknown>;
  stderr: () => string;
}

/** `ssbpress sim-press --modbus 127.0.0.1:0 --json …`: waits for the line that says where it listens. */
function simPress(...extra: string[]): Promise<SimPress> {
  const child = start(["sim-press", "--modbus", "127.0.0.1:0", "--json", ...extra]);
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`sim-press did not say where it listens:\n${stderr}`)),
      10_000,
    );
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("utf8");
      const line = out.split("\n").find((l) => l.trim().startsWith("{"));
      if (!line || !out.includes("\n")) return;
      clearTimeout(timer);
      const facts = JSON.parse(line) as { listening: string };
      const port = Number(/:(\d+)$/.exec(facts.listening)?.[1]);
      resolve({ child, port, facts, stderr: () => stderr });
    });
    child.on("close", (code) => reject(new Error(`sim-press exited with ${code}:\n${stderr}`)));
  });
}

/** SIGTERM by pid; resolves with the exit code. */
function stop(p: SimPress): Promise<number | null> {
  return new Promise((resolve) => {
    p.child.on("close", (code) => resolve(code));
    process.kill(p.child.pid!, "SIGTERM");
  });
}

type Doc = Record<string, unknown> & { type: string; run: string };
const docsOf = (text: string): Doc[] =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Doc);

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "ssbpress-run-modbus-"));
}, 180_000);

afterAll(async () => {
  for (const pid of children.keys()) {
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

describe.concurrent("ssbpress run over Modbus TCP against ssbpress sim-press (real time)", () => {
  it.each([
    ["the built-in map ssbpress-press-v1", undefined, "ssbpress-press-v1"],
    ["a PLC's int32 map (low word first)", PLC_MAP, "plc-int32-example"],
  ])("%s: the run completes and is recorded; sim-press stops with exit 0", async (_what, map, mapName) => {
    const maps = map ? ["--map", map] : [];
    const press = await simPress(...maps);
    expect(press.facts).toMatchObject({ map: mapName, "Die diameter [mm]": 10, heated: false });
    const db = join(dir, `${mapName}.sqlite`);
    const r = await cli([
      "run",
      SHORT,
      "--press",
      `modbus-tcp://127.0.0.1:${press.port}`,
      ...maps,
      "--yes",
      "--operate-for",
      "3 s",
      "--json",
      "--db",
      db,
    ]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    const docs = docsOf(r.stdout);
    expect(docs[0]).toMatchObject({ type: "run-start", map: mapName });
    expect(String(docs[0]!.press)).toContain(`127.0.0.1:${press.port}`);
    expect(docs.at(-1)).toMatchObject({ type: "run-stop", status: "completed" });
    const samples = docs.filter((d) => d.type === "sample" && d.step === 2);
    // 100 MPa reached through the press's own controller and read back through the map
    const peak = Math.max(...samples.map((s) => s["Pressure [MPa]"] as number));
    expect(peak).toBeGreaterThan(98);
    expect(peak).toBeLessThan(103);
    // position came through the map too (mm), the separator's thickness under load
    const mm = samples.at(-1)!["Position [mm]"] as number;
    expect(mm).toBeGreaterThan(0.3);
    expect(mm).toBeLessThan(2);
    // the real clock: the hold took its 3 s
    const holdTimes = samples
      .filter((s) => (s["Pressure [MPa]"] as number) > 98)
      .map((s) => s["Test time [s]"] as number);
    expect(holdTimes.at(-1)! - holdTimes[0]!).toBeGreaterThanOrEqual(2.9);

    const [list, show] = await Promise.all([
      cli(["runs", "list", "--json", "--db", db]),
      cli(["runs", "show", docs[0]!.run, "--json", "--db", db]),
    ]);
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: docs[0]!.run, status: "completed", steps: 3 }]);
    expect(JSON.parse(show.stdout)).toMatchObject({
      map: mapName,
      samples: docs.filter((d) => d.type === "sample").length,
    });

    expect(await stop(press)).toBe(0);
    expect(press.stderr()).toContain("simulated press stopped");
  });

  it("a press whose answers turn to garbage mid-run: exit 3, the record says fault", async () => {
    const press = await simPress();
    // a proxy in front of sim-press that starts answering random bytes when told to
    let garbage = false;
    const proxy = createServer((client) => {
      sockets.add(client);
      const upstream = connect(press.port, "127.0.0.1");
      sockets.add(upstream);
      client.on("error", () => undefined);
      upstream.on("error", () => undefined);
      client.on("data", (d: Buffer) => (garbage ? client.write(randomBytes(9)) : upstream.write(d)));
      upstream.on("data", (d: Buffer) => {
        if (!garbage) client.write(d);
      });
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    servers.add(proxy);
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const port = (proxy.address() as { port: number }).port;
    const db = join(dir, "garbage.sqlite");
    const r = await cli(
      ["run", SHORT, "--press", `modbus-tcp://127.0.0.1:${port}`, "--yes", "--json", "--db", db],
      (line) => {
        // pressing: from now on the press talks nonsense
        const d = JSON.parse(line) as Doc;
        if (d.type === "sample" && (d["Force [kN]"] as number) > 1) garbage = true;
      },
    );
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(3);
    const docs = docsOf(r.stdout);
    const stop_ = docs.at(-1)!;
    expect(stop_).toMatchObject({ type: "run-stop", status: "fault" });
    expect(String(stop_.reason)).toMatch(/garbage|nonsense|communication|link|answer/i);
    expect(docs.some((d) => d.type === "event" && d.kind === "interlock")).toBe(true);
    const list = await cli(["runs", "list", "--json", "--db", db]);
    expect(JSON.parse(list.stdout)).toMatchObject([{ status: "fault" }]);
    expect(await stop(press)).toBe(0);
  });
});
