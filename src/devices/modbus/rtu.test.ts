/**
 * Interoperability of the Modbus RTU path: our driver (modbus-serial's connectRTUBuffered over
 * serialport) against a Modbus RTU server that is not ours — Debian's python3-pymodbus 3.0.0rc1 —
 * across a pair of pseudo-terminals joined by socat, as an RS-485 adapter would join them.
 *
 * The server holds the default map (ssbpress-press-v1, CONTRACTS §5) in blocks exactly the map's
 * size and answers a "dump" line on its stdin with what it holds, so what our driver wrote is checked
 * by the other side, not read back through our own decoder. socat and pymodbus are required: when
 * either is missing every test fails with what to install (CI counts a skip as a failure anyway).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PressError } from "../press.js";
import { ModbusPress } from "./driver.js";

const SOCAT = "/usr/bin/socat";
// The python3 on PATH may be a pyenv without pymodbus; Debian's package lives under /usr/bin.
const PYTHON = "/usr/bin/python3";
const INSTALL = "apt-get install -y socat python3-pymodbus (as .ci/run does)";

// Input registers hold 12.5 kN, 1.234 mm, 25 °C (float32, high word first) and status 0b101.
const SERVER_PY = `
import asyncio, json, os, struct, sys

try:
    from pymodbus import __version__ as version
    from pymodbus.datastore import (
        ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext)
    from pymodbus.server import StartAsyncSerialServer
    from pymodbus.transaction import ModbusRtuFramer
except ImportError as e:
    print(f"missing {e}", flush=True)
    sys.exit(3)

port = sys.argv[1]

def f32(x):
    return list(struct.unpack(">HH", struct.pack(">f", x)))

# Blocks exactly the size of the map (zero_mode: request address 0 is block index 0), so any address
# outside the map gets exception 02 as a real press would answer.
slave = ModbusSlaveContext(
    hr=ModbusSequentialDataBlock(0, [0] * 6),
    ir=ModbusSequentialDataBlock(0, f32(12.5) + f32(1.234) + f32(25.0) + [0b101]),
    co=ModbusSequentialDataBlock(0, [False] * 3),
    di=ModbusSequentialDataBlock(0, [False]),
    zero_mode=True)
context = ModbusServerContext(slaves=slave, single=True)

def dump():
    state = {"holding": slave.getValues(3, 0, 6), "coils": [bool(b) for b in slave.getValues(1, 0, 3)]}
    print("state " + json.dumps(state), flush=True)

async def main():
    # Even parity as in the URL. A pseudo-terminal carries no parity bit, and this kernel sometimes
    # refuses PARENB on one (termios EINVAL, which pymodbus swallows, leaving no transport): then the
    # port is opened without parity, which changes nothing on a pty.
    for parity in ("E", "N"):
        server = await StartAsyncSerialServer(
            context=context, framer=ModbusRtuFramer, port=port, baudrate=19200, parity=parity,
            bytesize=8, stopbits=1, timeout=0.01, defer_start=True)
        await server.start()
        if server.transport is not None:
            break
    else:
        print(f"cannot open {port}", flush=True)
        sys.exit(4)
    loop = asyncio.get_running_loop()
    def on_stdin():
        line = sys.stdin.readline()
        if line == "":
            os._exit(0)  # the test runner went away: never outlive it
        if line.strip() == "dump":
            dump()
    loop.add_reader(sys.stdin.fileno(), on_stdin)
    print(f"ready pymodbus {version} parity {parity}", flush=True)
    await server.serve_forever()

asyncio.run(main())
`;

interface Rig {
  dir: string;
  socat: ChildProcess | null;
  python: ChildProcess | null;
  /** Lines the Python server printed that nobody has taken yet, and who waits for the next one. */
  lines: string[];
  waiting: ((line: string) => void) | null;
  stderr: string;
}

const rig: Rig = { dir: "", socat: null, python: null, lines: [], waiting: null, stderr: "" };
let setupError: Error | null = null;
let press: ModbusPress | null = null;

/** Setup failures (socat or pymodbus missing) fail every test with the reason, never skip it. */
function ready(): { press: ModbusPress; python: ChildProcess } {
  if (setupError) throw setupError;
  if (!press || !rig.python) throw new Error("the RTU rig did not start (see beforeAll)");
  return { press, python: rig.python };
}

function nextLine(ms: number, what: string): Promise<string> {
  const queued = rig.lines.shift();
  if (queued !== undefined) return Promise.resolve(queued);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      rig.waiting = null;
      reject(new Error(`pymodbus server: no ${what} within ${ms} ms; its stderr: ${rig.stderr.slice(-800)}`));
    }, ms);
    rig.waiting = (line) => {
      clearTimeout(timer);
      rig.waiting = null;
      resolve(line);
    };
  });
}

/** What the pymodbus server holds: holding registers 0–5 and coils 0–2. */
async function serverState(): Promise<{ holding: number[]; coils: boolean[] }> {
  rig.python!.stdin!.write("dump\n");
  for (;;) {
    const line = await nextLine(2000, "state after a dump request");
    if (line.startsWith("state "))
      return JSON.parse(line.slice(6)) as { holding: number[]; coils: boolean[] };
  }
}

function float32Words(x: number): number[] {
  const b = Buffer.alloc(4);
  b.writeFloatBE(x);
  return [b.readUInt16BE(0), b.readUInt16BE(2)];
}

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 1000);
  await exited;
  clearTimeout(timer);
}

async function startRig(): Promise<void> {
  if (!existsSync(SOCAT)) throw new Error(`${SOCAT} not found: this test needs socat; ${INSTALL}`);
  const probe = spawnSync(PYTHON, ["-c", "import pymodbus.server, serial_asyncio"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0)
    throw new Error(
      `${PYTHON} cannot import pymodbus.server (${probe.error?.message ?? probe.stderr.trim().split("\n").at(-1)}); ${INSTALL}`,
    );

  rig.dir = mkdtempSync(join(tmpdir(), "ssbpress-rtu-"));
  const ttyA = join(rig.dir, "ttyA");
  const ttyB = join(rig.dir, "ttyB");
  let socatLog = "";
  rig.socat = spawn(SOCAT, ["-d", "-d", `pty,raw,echo=0,link=${ttyA}`, `pty,raw,echo=0,link=${ttyB}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  rig.socat.stderr!.on("data", (d: Buffer) => (socatLog += d.toString()));
  if (!(await until(() => (existsSync(ttyA) && existsSync(ttyB)) || rig.socat!.exitCode !== null, 3000)))
    throw new Error(`socat did not create ${ttyA} and ${ttyB} within 3 s; its log: ${socatLog}`);
  if (rig.socat.exitCode !== null)
    throw new Error(`socat exited with ${rig.socat.exitCode} before linking the ptys: ${socatLog}`);

  const script = join(rig.dir, "server.py");
  writeFileSync(script, SERVER_PY);
  const python = spawn(PYTHON, [script, ttyB], { stdio: ["pipe", "pipe", "pipe"] });
  rig.python = python;
  python.stderr.on("data", (d: Buffer) => (rig.stderr += d.toString()));
  python.stdin.on("error", () => undefined); // writing to a server the last test killed
  createInterface({ input: python.stdout }).on("line", (line) => {
    if (rig.waiting) rig.waiting(line);
    else rig.lines.push(line);
  });
  const first = await nextLine(5000, '"ready"');
  if (first.startsWith("missing")) throw new Error(`pymodbus is incomplete (${first}); ${INSTALL}`);
  if (!first.startsWith("ready"))
    throw new Error(`pymodbus server did not start: ${first}; stderr: ${rig.stderr}`);

  press = new ModbusPress(`modbus-rtu:${ttyA}?baud=19200&parity=even`, {
    timeout: 1000,
    retries: 1,
    reconnects: 1,
    connectTimeout: 2000,
  });
}

beforeAll(async () => {
  try {
    await startRig();
  } catch (e) {
    setupError = e as Error;
  }
}, 12_000);

afterAll(async () => {
  await press?.close();
  await stop(rig.python);
  await stop(rig.socat);
  if (rig.dir) rmSync(rig.dir, { recursive: true, force: true });
});

describe("Modbus RTU: our driver against pymodbus's serial server over a socat pty pair", () => {
  it("connects (one reading proves a Modbus press answers on the line)", async () => {
    await ready().press.connect();
  });

  it("reads force, position, temperature and status in SI from float32 high-word-first registers", async () => {
    const s = await ready().press.read();
    expect(s.force).toBeCloseTo(12_500, 1);
    expect(s.position).not.toBeNull();
    expect(s.position!).toBeCloseTo(1.234e-3, 9);
    expect(s.temperature).not.toBeNull();
    expect(s.temperature!).toBeCloseTo(298.15, 4);
    expect(s.setpoint).toBe(0);
    expect(s.status).toEqual({ ready: true, moving: false, atSetpoint: true, fault: false, estop: false });
  });

  it("setForce(20 kN, 0.5 kN/s) writes float32 setpoint and ramp and sets run, as pymodbus sees it", async () => {
    const { press } = ready();
    await press.setForce(20_000, 500);
    const state = await serverState();
    expect(state.holding).toEqual([...float32Words(20), ...float32Words(0.5), 0, 0]);
    expect(state.coils).toEqual([true, false, false]);
    expect((await press.read()).setpoint).toBeCloseTo(20_000, 6);
  });

  it("release() sets the setpoint to 0 and the release coil", async () => {
    await ready().press.release();
    const state = await serverState();
    expect(state.holding.slice(0, 2)).toEqual([0, 0]);
    expect(state.coils[1]).toBe(true);
  });

  it("a server that dies mid-run makes read() reject with link-lost in bounded time, never hang", async () => {
    const { press, python } = ready();
    await press.read(); // the link is good just before
    const exited = new Promise<void>((r) => python.once("exit", () => r()));
    python.kill("SIGKILL");
    await exited;
    const started = Date.now();
    const error = await press.read().then(
      () => null,
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    expect(error).toBeInstanceOf(PressError);
    expect((error as PressError).code).toBe("link-lost");
    expect((error as PressError).message).toMatch(/ttyA/);
    expect(took).toBeLessThan(10_000);
  }, 15_000);
});
