/**
 * The simulated press server against Modbus clients that are not ours: Debian's mbpoll and
 * python3-pymodbus (CI installs both; a missing tool fails these tests, it never skips them), plus
 * raw sockets for malformed frames and garbage. The press behind it is the ideal ScriptedPress on
 * the wall clock, so a ramp of 100 kN/s to 20 kN takes 0.2 s of real time.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realScheduler, VirtualScheduler } from "../../core/clock.js";
import { ScriptedPress } from "../fake/scripted-press.js";
import { startPressServer, type PressServer } from "./server.js";

const MBPOLL = "/usr/bin/mbpoll";
const PYTHON = "/usr/bin/python3";

function run(cmd: string, args: string[], input?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { timeout: 8000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve({ code: error ? Number(error.code) : 0, out: `${stdout}${stderr}` });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (wall clock) until `cond` holds: the server looks at its watchdog every few ms. */
async function eventually(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await sleep(5);
  }
}

/** One raw MBAP request; resolves with the reply bytes, or null when none came within `ms`. */
function raw(port: number, bytes: Buffer, ms = 300): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const s: Socket = connect(port, "127.0.0.1");
    let got = Buffer.alloc(0);
    const done = (v: Buffer | null) => {
      clearTimeout(t);
      s.destroy();
      resolve(v);
    };
    const t = setTimeout(() => done(got.length ? got : null), ms);
    s.on("data", (d) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 6 && got.length >= 6 + got.readUInt16BE(4)) done(got);
    });
    s.on("error", () => done(null));
    s.on("connect", () => s.write(bytes));
  });
}

const mbap = (tid: number, pdu: number[], unit = 1) =>
  Buffer.from([tid >> 8, tid & 0xff, 0, 0, 0, pdu.length + 1, unit, ...pdu]);

describe("sim-press server: clients that are not ours", () => {
  let server: PressServer;
  let press: ScriptedPress;

  beforeAll(async () => {
    // The tools are part of the test environment (.ci/run installs them): fail loudly without them.
    expect(existsSync(MBPOLL), `${MBPOLL} is missing: apt-get install -y mbpoll`).toBe(true);
    expect(existsSync(PYTHON)).toBe(true);
    press = new ScriptedPress({ scheduler: realScheduler, capacity: 100e3, releaseRate: 100e3 });
    server = await startPressServer({ port: 0, press, scheduler: realScheduler });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("pymodbus drives the press through the register map and gets exception replies", async () => {
    const script = `
import json, struct, sys, time
from pymodbus.client import ModbusTcpClient
def regs(x): return list(struct.unpack(">HH", struct.pack(">f", x)))
def flt(r, i): return struct.unpack(">f", struct.pack(">HH", r[i], r[i + 1]))[0]
c = ModbusTcpClient("127.0.0.1", port=int(sys.argv[1]), timeout=2)
assert c.connect()
out = {}
assert not c.write_registers(2, regs(100.0), slave=1).isError()   # ramp 100 kN/s
assert not c.write_registers(0, regs(20.0), slave=1).isError()    # setpoint 20 kN
assert not c.write_coil(0, True, slave=7).isError()               # run (any unit id)
time.sleep(0.6)
r = c.read_input_registers(0, 7, slave=1)
out["force"] = flt(r.registers, 0)
out["status"] = r.registers[6]
h = c.read_holding_registers(0, 2, slave=1)
out["setpoint"] = flt(h.registers, 0)
out["coils"] = c.read_coils(0, 3, slave=1).bits[:3]
e = c.read_input_registers(100, 2, slave=1)
out["outside"] = e.exception_code if e.isError() else None
e = c.read_input_registers(6, 2, slave=1)
out["straddle"] = e.exception_code if e.isError() else None
e = c.write_register(0, 1, slave=1)
out["half_float"] = e.exception_code if e.isError() else None
e = c.write_registers(0, regs(-5.0), slave=1)
out["negative"] = e.exception_code if e.isError() else None
assert not c.write_coil(1, True, slave=1).isError()               # release
time.sleep(0.5)
r = c.read_input_registers(0, 2, slave=1)
out["released"] = flt(r.registers, 0)
print(json.dumps(out))
c.close()
`;
    const { code, out } = await run(PYTHON, ["-c", script, String(server.port)]);
    expect(code, out).toBe(0);
    const r = JSON.parse(out.trim().split("\n").pop()!) as Record<string, unknown>;
    expect(r.force).toBeCloseTo(20, 3);
    expect(r.status).toBe(0b101); // ready + at setpoint
    expect(r.setpoint).toBe(20);
    expect(r.coils).toEqual([true, false, false]);
    expect(r.outside).toBe(2);
    expect(r.straddle).toBe(2);
    expect(r.half_float).toBe(2);
    expect(r.negative).toBe(3);
    expect(r.released).toBe(0);
    expect(press.state().force).toBe(0);
  });

  it("mbpoll writes, reads and reports an exception for an address outside the map", async () => {
    const args = (...a: string[]) => [
      "-m",
      "tcp",
      "-p",
      String(server.port),
      "-0",
      "-1",
      "-o",
      "2",
      ...a,
      "127.0.0.1",
    ];
    expect((await run(MBPOLL, [...args("-t", "0", "-r", "1"), "0"])).code).toBe(0); // release off
    const w = await run(MBPOLL, [...args("-t", "4:float", "-B", "-r", "0"), "30"]);
    expect(w.code, w.out).toBe(0);
    expect((await run(MBPOLL, [...args("-t", "0", "-r", "0"), "1"])).code).toBe(0); // run
    await sleep(500);
    const r = await run(MBPOLL, args("-t", "3:float", "-B", "-r", "0", "-c", "1"));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/\[0\]:\s+30(\.0+)?\b/);
    const bad = await run(MBPOLL, args("-t", "3", "-r", "300", "-c", "1"));
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/illegal data address/i);
    const again = await run(MBPOLL, args("-t", "3", "-r", "6", "-c", "1"));
    expect(again.code, again.out).toBe(0);
  });

  it("drops malformed frames and garbage, answers unknown functions with 01, and stays up", async () => {
    // Unknown function code 0x2b (43) and 0x41: exception 01.
    const unknown = await raw(server.port, mbap(9, [0x41, 0, 0]));
    expect([...unknown!]).toEqual([0, 9, 0, 0, 0, 3, 1, 0xc1, 1]);
    // A read with a truncated body: dropped, no reply; the next request on a new connection is answered.
    expect(await raw(server.port, mbap(10, [0x04, 0, 0]))).toBeNull();
    // Protocol id not 0, and HTTP text: not Modbus, the connection is closed.
    expect(await raw(server.port, Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))).toBeNull();
    // A quantity of 0 registers is an illegal value (03).
    const zero = await raw(server.port, mbap(11, [0x03, 0, 0, 0, 0]));
    expect([...zero!.subarray(7)]).toEqual([0x83, 3]);
    // Random garbage, 256 kB of it, over several connections at once.
    const junk = Buffer.alloc(256 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) >>> 24;
    await Promise.all([raw(server.port, junk), raw(server.port, junk), raw(server.port, junk.subarray(3))]);
    // A frame that claims 0 bytes of PDU, and a 260-byte length: closed, nothing else happens.
    expect(await raw(server.port, Buffer.from([0, 1, 0, 0, 0, 0]))).toBeNull();
    const ok = await raw(server.port, mbap(12, [0x04, 0, 6, 0, 1]), 2000);
    expect(ok).not.toBeNull();
    expect([...ok!.subarray(0, 9)]).toEqual([0, 12, 0, 0, 0, 5, 1, 4, 2]);
  });
});

describe("sim-press server: connection limit", () => {
  it("refuses connections beyond maxConnections and serves again when one closes", async () => {
    const press = new ScriptedPress({ scheduler: realScheduler });
    const server = await startPressServer({ port: 0, press, scheduler: realScheduler, maxConnections: 3 });
    const open: Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const s = connect(server.port, "127.0.0.1");
        s.on("error", () => undefined);
        await new Promise((r) => s.once("connect", r));
        open.push(s);
      }
      await sleep(50);
      expect(await raw(server.port, mbap(20, [0x04, 0, 6, 0, 1]))).toBeNull();
      open.pop()!.destroy();
      await sleep(50);
      expect(await raw(server.port, mbap(21, [0x04, 0, 6, 0, 1]), 2000)).not.toBeNull();
    } finally {
      for (const s of open) s.destroy();
      await server.close();
    }
  });
});

describe("sim-press server: watchdog and e-stop (virtual time)", () => {
  async function setup(watchdog: number) {
    const scheduler = new VirtualScheduler(1_700_000_000_000);
    const press = new ScriptedPress({ scheduler, capacity: 100e3, releaseRate: 50e3 });
    const server = await startPressServer({ port: 0, press, scheduler, watchdog, tick: 5 });
    return { scheduler, press, server };
  }
  const f32 = (x: number) => {
    const b = Buffer.alloc(4);
    b.writeFloatBE(x);
    return [b[0]!, b[1]!, b[2]!, b[3]!];
  };
  const write = (port: number, addr: number, x: number) =>
    raw(port, mbap(1, [16, 0, addr, 0, 2, 4, ...f32(x)]), 1000);
  const coil = (port: number, addr: number, on: boolean) =>
    raw(port, mbap(2, [5, 0, addr, on ? 0xff : 0, 0]), 1000);
  const status = async (port: number) => (await raw(port, mbap(3, [4, 0, 6, 0, 1]), 1000))!.readUInt16BE(9);

  it("trips on silence while run is set, holds, then releases at 1 kN/s; run false acknowledges", async () => {
    const { scheduler, press, server } = await setup(2);
    try {
      await write(server.port, 2, 10); // 10 kN/s
      await write(server.port, 0, 50);
      await coil(server.port, 0, true);
      scheduler.advance(1500); // 15 kN, rising
      expect(await status(server.port)).toBe(0b011); // ready, moving
      scheduler.advance(1900); // silence: 1.9 s < 2 s, still fine
      await sleep(30);
      expect(server.state().watchdogFault).toBe(false);
      scheduler.advance(200); // 2.1 s of silence: trip
      await eventually(() => server.state().watchdogFault);
      const held = press.state().force;
      expect(held).toBeGreaterThan(30e3);
      scheduler.advance(1000);
      await sleep(30);
      expect(press.state().force).toBeLessThanOrEqual(held); // never rises again
      expect(server.state().mode).toBe("hold");
      scheduler.advance(1000); // second period over: release at 1 kN/s
      await eventually(() => server.state().mode === "release");
      const f0 = press.state().force;
      scheduler.advance(2000);
      expect(press.state().force).toBeCloseTo(f0 - 2000, 0);
      expect((await status(server.port)) & 0b1000).toBe(0b1000); // fault bit
      await coil(server.port, 0, false); // acknowledge
      expect(server.state().watchdogFault).toBe(false);
      expect((await status(server.port)) & 0b1000).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("e-stop drops the force and latches until e-stop false and run false→true", async () => {
    const { scheduler, press, server } = await setup(0);
    try {
      await write(server.port, 2, 100);
      await write(server.port, 0, 20);
      await coil(server.port, 0, true);
      scheduler.advance(1000);
      expect(press.state().force).toBe(20e3);
      await coil(server.port, 2, true);
      expect(press.state().force).toBe(0);
      expect(await status(server.port)).toBe(0b10000);
      await coil(server.port, 2, false);
      await coil(server.port, 0, true); // run was never written false: no loading
      scheduler.advance(1000);
      expect(press.state().force).toBe(0);
      await coil(server.port, 0, false);
      await coil(server.port, 0, true);
      scheduler.advance(1000);
      expect(press.state().force).toBe(20e3);
      // Not heated: the temperature setpoint is accepted and ignored, the platen reads 25 °C.
      expect(await write(server.port, 4, 120)).not.toBeNull();
      const t = (await raw(server.port, mbap(4, [4, 0, 4, 0, 2]), 1000))!;
      expect(t.readFloatBE(9)).toBe(25);
    } finally {
      await server.close();
    }
  });
});
