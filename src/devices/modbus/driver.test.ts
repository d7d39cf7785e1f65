/**
 * Our Modbus driver against our server (the twin behind Modbus TCP, the press conformance suite),
 * against a PLC-style map, and against links and presses that fail: a server that goes away, one
 * that stops answering, closed ports, unroutable hosts, and answers that are garbage.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { realScheduler, VirtualScheduler } from "../../core/clock.js";
import { SsbError } from "../../core/errors.js";
import { ScriptedPress } from "../fake/scripted-press.js";
import { pressConformance } from "../press.case.js";
import { PressError } from "../press.js";
import { createTwin } from "../sim/index.js";
import { ModbusPress, readGroups } from "./driver.js";
import { DEFAULT_PRESS_MAP, loadPressMap, mappedValues } from "./map.js";
import { startMbapServer, type MbapServer, type ModbusDevice } from "./mbap.js";
import { startPressServer } from "./server.js";
import { parsePressUrl } from "./url.js";

const PLC_MAP = loadPressMap(
  "examples/maps/plc-int32.yaml",
  readFileSync(new URL("../../../examples/maps/plc-int32.yaml", import.meta.url), "utf8"),
);

pressConformance("Modbus TCP: our driver against sim-press serving the heated twin", async () => {
  const scheduler = new VirtualScheduler(1_700_000_000_000);
  // Seed 7 as in press.test.ts: the suite's "still holding" check samples the measured (noisy) force
  // right at the edge of the at-setpoint band while the twin settles, so some noise draws fail it
  // in-process as well as over Modbus (reported to the suite's owner).
  const twin = createTwin({ scheduler, dieDiameter: 13e-3, capacity: 15 * 9806.65, heated: true, seed: 7 });
  let writes = 0;
  const server = await startPressServer({
    port: 0,
    press: twin,
    scheduler,
    onRequest: (r) => {
      if (r.fc === 5 || r.fc === 6 || r.fc === 15 || r.fc === 16) writes++;
    },
  });
  const press = new ModbusPress(`modbus-tcp://127.0.0.1:${server.port}`, {
    capacity: twin.capabilities.capacity,
    releaseTime: twin.capabilities.releaseTime,
    clock: scheduler,
  });
  return {
    press,
    scheduler,
    sent: () => writes,
    cleanup: async () => {
      await press.close();
      await server.close();
    },
  };
});

pressConformance(
  "Modbus TCP: PLC map (int32 N, low word first, holding 100+) over a scripted press",
  async () => {
    const scheduler = new VirtualScheduler(1_700_000_000_000);
    const scripted = new ScriptedPress({ scheduler, capacity: 100e3, heated: true });
    const server = await startPressServer({ port: 0, press: scripted, scheduler, map: PLC_MAP });
    const press = new ModbusPress(`modbus-tcp://127.0.0.1:${server.port}`, {
      map: PLC_MAP,
      capacity: 100e3,
      releaseTime: scripted.capabilities.releaseTime,
      clock: scheduler,
    });
    return {
      press,
      scheduler,
      sent: () => scripted.commands.filter((c) => c.verb !== "read").length,
      cleanup: async () => {
        await press.close();
        await server.close();
      },
    };
  },
);

describe("Modbus driver", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function serve(press: ScriptedPress, scheduler = realScheduler, map = DEFAULT_PRESS_MAP) {
    const server = await startPressServer({ port: 0, press, scheduler, map });
    cleanups.push(() => server.close());
    return server;
  }
  function driver(server: { port: number }, o: ConstructorParameters<typeof ModbusPress>[1] = {}) {
    const press = new ModbusPress(`modbus-tcp://127.0.0.1:${server.port}`, { timeout: 150, ...o });
    cleanups.push(() => press.close());
    return press;
  }
  /**
   * What "never a hang" means on the wall clock: far above the driver's timeouts (0.1–2 s), far below
   * the operating system's (minutes) and under the test's own timeout. Timers on a loaded CI machine
   * fire late, so a tighter figure measures the machine, not the driver.
   */
  const HANG = 10_000;

  async function elapsed<T>(p: Promise<T>): Promise<{ error: unknown; ms: number }> {
    const t0 = Date.now();
    try {
      await p;
      return { error: null, ms: Date.now() - t0 };
    } catch (error) {
      return { error, ms: Date.now() - t0 };
    }
  }

  it("merges adjacent registers of one table into one read, never across a gap", () => {
    const v = DEFAULT_PRESS_MAP.values;
    const groups = readGroups([v.forceSetpoint, v.force, v.position!, v.temperature!, v.status]);
    expect(groups.map((g) => [g.table, g.address, g.count])).toEqual([
      ["holding", 0, 2],
      ["input", 0, 7],
    ]);
    const plc = readGroups(mappedValues(PLC_MAP).filter((x) => x.readOnly || x.name === "force_setpoint"));
    expect(plc.map((g) => [g.table, g.address, g.count])).toEqual([
      ["holding", 100, 2],
      ["holding", 110, 6],
    ]);
  });

  it("runs setForce/read/release through the PLC map: int32 newtons, low word first", async () => {
    const scheduler = new VirtualScheduler(1_700_000_000_000);
    const scripted = new ScriptedPress({ scheduler, capacity: 100e3, releaseRate: 10e3 });
    const server = await serve(scripted, scheduler, PLC_MAP);
    const press = driver(server, { map: PLC_MAP, clock: scheduler });
    await press.connect();
    expect(press.capabilities).toMatchObject({
      ramp: true,
      heating: true,
      position: true,
      temperature: true,
    });
    await press.setForce(12_345, 2_000);
    expect(scripted.state().setpoint).toBe(12_345);
    scheduler.advance(3000);
    let s = await press.read();
    expect(s.force).toBe(6000);
    expect(s.setpoint).toBe(12_345);
    expect(s.status).toMatchObject({ ready: true, moving: true, atSetpoint: false });
    expect(s.time).toBe(1_700_000_003);
    scheduler.advance(5000);
    s = await press.read();
    expect(s.force).toBe(12_345);
    expect(s.status).toMatchObject({ moving: false, atSetpoint: true });
    expect(s.temperature).toBeCloseTo(298.15, 6);
    // The ram position comes back in µm as an int32: the ideal press's 1 mm − F/k, to the micrometre.
    expect(s.position).toBeCloseTo(1e-3 - 12_345 / 1e9, 6);
    await press.release();
    scheduler.advance(2000);
    s = await press.read();
    expect(s.force).toBe(0);
    expect(server.state().coils).toEqual({ run: true, release: true, estop: false });
    // A setpoint the int32 register cannot carry is refused before anything is sent.
    const wide = new ModbusPress("modbus-tcp://127.0.0.1:1", { map: PLC_MAP });
    await expect(wide.setForce(3e9, 1000)).rejects.toMatchObject({ code: "refused" });
  });

  it("without ramp_rate or temperature_setpoint in the map: no ramp, no heating, and nothing extra is written", async () => {
    const map = loadPressMap(
      "bare.yaml",
      `values:
  force_setpoint: { table: holding, address: 0, type: uint16, unit: N, scale: 10 }
  force: { table: input, address: 0, type: int16, unit: N, scale: 10 }
  status: { table: input, address: 1, type: uint16 }
coils: { run: 0, release: 1, estop: 2 }
`,
    );
    const scheduler = new VirtualScheduler(1_700_000_000_000);
    const scripted = new ScriptedPress({ scheduler, capacity: 100e3 });
    const writes: number[] = [];
    const server = await startPressServer({
      port: 0,
      press: scripted,
      scheduler,
      map,
      onRequest: (r) => {
        if (r.fc === 6 || r.fc === 16) writes.push(r.address);
      },
    });
    cleanups.push(() => server.close());
    const press = driver(server, { map, clock: scheduler });
    await press.connect();
    expect(press.capabilities).toMatchObject({
      ramp: false,
      heating: false,
      position: false,
      temperature: false,
    });
    await press.setTemperature(400);
    await press.setForce(5000, 1000);
    await press.setForce(6000, 1000);
    expect(writes).toEqual([0, 0]);
    scheduler.advance(1000); // the press steps at its pump's own speed; the engine streams ramps
    const s = await press.read();
    expect(s).toMatchObject({ force: 6000, setpoint: 6000, position: null, temperature: null });
  });

  it("estop and reset: the latch clears only after reset and a new setForce", async () => {
    const scheduler = new VirtualScheduler(1_700_000_000_000);
    const scripted = new ScriptedPress({ scheduler, capacity: 100e3 });
    const server = await serve(scripted, scheduler);
    const press = driver(server, { clock: scheduler });
    await press.connect();
    await press.setForce(10e3, 10e3);
    scheduler.advance(2000);
    expect((await press.read()).force).toBeCloseTo(10e3, 0);
    await press.estop();
    const s = await press.read();
    expect(s.force).toBe(0);
    expect(s.status.estop).toBe(true);
    await press.reset();
    expect((await press.read()).status.estop).toBe(false);
    await press.setForce(5e3, 10e3);
    scheduler.advance(1000);
    expect((await press.read()).force).toBeCloseTo(5e3, 0);
  });

  it("a server closed mid-run is PressError('link-lost') within a bounded time", async () => {
    const scripted = new ScriptedPress({ scheduler: realScheduler });
    const server = await startPressServer({ port: 0, press: scripted, scheduler: realScheduler });
    const press = driver(server, { timeout: 150, retries: 1, reconnects: 1, connectTimeout: 300 });
    await press.connect();
    await press.setForce(1000, 1000);
    await server.close();
    const { error, ms } = await elapsed(press.read());
    expect(error).toBeInstanceOf(PressError);
    expect((error as PressError).code).toBe("link-lost");
    // Bounded by the driver's own timeouts, not by the operating system's (minutes); the margin is
    // for a loaded 2-core CI machine, where a 300 ms deadline has been seen to take 1.4 s.
    expect(ms).toBeLessThan(HANG);
  });

  it("a press that stops answering (link loss behind the server) is 'link-lost' after timeouts and retries", async () => {
    const scripted = new ScriptedPress({ scheduler: realScheduler });
    const server = await serve(scripted);
    const press = driver(server, { timeout: 100, retries: 1, reconnects: 1 });
    await press.connect();
    scripted.script.failAll("link-lost");
    const { error, ms } = await elapsed(press.read());
    expect((error as PressError).code).toBe("link-lost");
    expect((error as PressError).message).toMatch(/no reply|timed out/i);
    // 2 links × 2 attempts × 100 ms, plus a reconnect: not instant (the retries were waited for),
    // and bounded by those timeouts rather than hanging.
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(ms).toBeLessThan(HANG);
    // The link heals: the driver reconnects by itself.
    scripted.script.heal();
    expect((await press.read()).force).toBe(0);
  });

  it("a closed port and an unroutable address are PressError('unreachable'), quickly", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const closed = await elapsed(driver({ port }).connect());
    expect((closed.error as PressError).code).toBe("unreachable");
    expect((closed.error as PressError).message).toMatch(/refused/);
    const unroutable = new ModbusPress("modbus-tcp://10.255.255.1:502", {
      connectTimeout: 300,
      timeout: 300,
    });
    cleanups.push(() => unroutable.close());
    const far = await elapsed(unroutable.connect());
    expect((far.error as PressError).code).toBe("unreachable");
    // The driver's 300 ms deadline gave up, not the kernel's SYN retries (about 2 minutes on Linux).
    // A network that rejects the address at once is as good; and a sandbox whose network accepts
    // every outgoing connection opens the link, so there the Modbus probe's own timeout ends it.
    expect((far.error as PressError).message).toMatch(
      /within 300 ms|unreachable|nothing answers Modbus requests/i,
    );
    expect(far.ms).toBeLessThan(HANG);
    const serial = new ModbusPress("modbus-rtu:/dev/ssbpress-no-such-tty?baud=9600&parity=none", {
      connectTimeout: 500,
    });
    cleanups.push(() => serial.close());
    await expect(serial.connect()).rejects.toMatchObject({ code: "unreachable" });
  });

  async function fakeDevice(device: ModbusDevice): Promise<MbapServer> {
    const server = await startMbapServer({ host: "127.0.0.1", port: 0, device });
    cleanups.push(() => server.close());
    return server;
  }

  it("NaN and absurd readings, exception replies and wrong lengths are PressError('garbage')", async () => {
    const nan = await fakeDevice({
      handle: async (_u, r) => ({ registers: new Array("quantity" in r ? r.quantity : 0).fill(0x7fc0) }),
    });
    await expect(driver(nan).connect()).rejects.toMatchObject({ code: "garbage", message: /NaN/ });
    const huge = await fakeDevice({
      handle: async (_u, r) => ({ registers: new Array("quantity" in r ? r.quantity : 0).fill(0x7f00) }),
    });
    await expect(driver(huge).connect()).rejects.toMatchObject({ code: "garbage", message: /not a reading/ });
    const short = await fakeDevice({ handle: async () => ({ registers: [1] }) });
    await expect(driver(short).connect()).rejects.toMatchObject({ code: "garbage" });
    // The default map against a PLC-mapped server: exception 02 for every address the map names.
    const plc = await serve(new ScriptedPress({ scheduler: realScheduler }), realScheduler, PLC_MAP);
    await expect(driver(plc).connect()).rejects.toMatchObject({ code: "garbage", message: /exception 2/ });
    const failing = await fakeDevice({ handle: async () => ({ exception: 4 }) });
    await expect(driver(failing).connect()).rejects.toMatchObject({ code: "device-fault" });
  });

  it("a server that answers bytes that are not Modbus is PressError('garbage'), not a hang", async () => {
    const sockets = new Set<import("node:net").Socket>();
    const http: Server = createServer((s) => {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("data", () => s.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          http.close(() => r());
        }),
    );
    const port = (http.address() as { port: number }).port;
    const { error, ms } = await elapsed(driver({ port }, { timeout: 100, reconnects: 1 }).connect());
    expect((error as PressError).code).toBe("garbage");
    expect(ms).toBeLessThan(HANG);
  });

  it("parses press addresses and explains bad ones", () => {
    expect(parsePressUrl("modbus-tcp://10.0.0.5:5020")).toMatchObject({
      kind: "tcp",
      host: "10.0.0.5",
      port: 5020,
    });
    expect(parsePressUrl("modbus-tcp://press.lab")).toMatchObject({ host: "press.lab", port: 502 });
    expect(parsePressUrl("modbus-tcp://[::1]:502")).toMatchObject({ host: "::1" });
    expect(parsePressUrl("modbus-rtu:/dev/ttyUSB0?baud=19200&parity=even")).toMatchObject({
      kind: "rtu",
      path: "/dev/ttyUSB0",
      baudRate: 19200,
      parity: "even",
      dataBits: 8,
      stopBits: 1,
    });
    const bad: [string, RegExp][] = [
      ["modbus-tcp://host:99999", /port 99999/],
      ["modbus-tcp://", /not a Modbus TCP address/],
      ["modbus-tcp://host:502/extra", /not a Modbus TCP address/],
      ["modbus-rtu:/dev/ttyUSB0?baud=12345", /baud=12345/],
      ["modbus-rtu:/dev/ttyUSB0?parity=mark", /parity=mark/],
      ["modbus-rtu:/dev/ttyUSB0?speed=9600", /unknown setting "speed"/],
      ["modbus-rtu:ttyUSB0", /serial device's path/],
      ["tcp://10.0.0.5", /starts with modbus-tcp/],
    ];
    for (const [url, message] of bad) {
      let caught: unknown;
      try {
        parsePressUrl(url);
      } catch (e) {
        caught = e;
      }
      expect(caught, url).toBeInstanceOf(SsbError);
      expect((caught as SsbError).code).toBe("usage");
      expect((caught as SsbError).message).toMatch(message);
    }
  });
});
