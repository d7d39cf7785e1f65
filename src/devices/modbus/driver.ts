/**
 * A press on Modbus TCP or RTU (RS-485), read and written through a press map (CONTRACTS §5), on the
 * modbus-serial client. Every request has a deadline, timeouts are retried a few times, a lost link
 * is re-opened a few times, and after that the engine gets PressError("link-lost"): a call never
 * hangs. Answers that make no sense (exception replies for mapped addresses, wrong lengths, NaN,
 * absurd readings) are PressError("garbage"); a press reporting its own failure (exception 04) is
 * "device-fault".
 *
 * The engine polls `read()` continuously (at least every control period); a press with a watchdog
 * (sim-press --watchdog) is kept fed by those reads, and stops loading by itself when they stop.
 *
 * TCP uses our own socket handed to modbus-serial (`linkTCP`): connectTCP has no connect deadline
 * (an unroutable address would wait for the OS, minutes), and owning the socket lets the driver see
 * the link close at once and tell "bytes arrived but none made a reply" (garbage) from silence.
 */
import { Socket } from "node:net";
import modbusSerial from "modbus-serial";
import { systemClock, type Clock } from "../../core/clock.js";
import {
  PressError,
  refuseBadSetpoint,
  type Press,
  type PressCapabilities,
  type PressSample,
} from "../press.js";
import { EncodeRangeError } from "./codec.js";
import {
  DEFAULT_PRESS_MAP,
  decodeValue,
  encodeValue,
  type MappedValue,
  type PressMap,
  type StatusBitName,
  type Table,
} from "./map.js";
import { parsePressUrl, type PressUrl } from "./url.js";

// modbus-serial is CommonJS: module.exports is the client class and module.exports.default points
// back at it, so `.default` is the class under Node's ESM loader, esbuild and TypeScript alike.
const ModbusRTU = modbusSerial.default;
type ModbusRTU = InstanceType<typeof ModbusRTU>;

export interface ModbusPressOptions {
  map?: PressMap;
  /** Deadline of one request [ms] (default 500). */
  timeout?: number;
  /** Extra attempts after a timed-out request, on the same link (default 1). */
  retries?: number;
  /** Times a lost link is re-opened before giving up (default 2). */
  reconnects?: number;
  /** Deadline of opening the link [ms] (default 2000). */
  connectTimeout?: number;
  /** Largest force of the press [N] when known (setpoints above it are refused). */
  capacity?: number | null;
  /** Venting time from full load [s] (default 5; see PressCapabilities.releaseTime). */
  releaseTime?: number;
  /** Timestamps of samples (default: the system clock). */
  clock?: Clock;
}

/** Most registers one read request may ask for (Modbus limit: 125). */
const MAX_READ = 125;
/** Readings beyond these are not a press talking sense: a 10,000 t force, a 10 m ram, 2000 K. */
const SANE = { force: 1e8, position: 10, temperatureMin: 0, temperatureMax: 2000 };

type Failure = "timeout" | "closed" | "garbage" | "exception";

class LinkFailure extends Error {
  constructor(
    readonly kind: Failure,
    message: string,
    readonly modbusCode?: number,
  ) {
    super(message);
  }
}

interface ReadGroup {
  table: Table;
  address: number;
  count: number;
  values: MappedValue[];
}

/** Adjacent values of the same table read in one request (gaps are never read: they may be unmapped). */
export function readGroups(values: readonly MappedValue[]): ReadGroup[] {
  const groups: ReadGroup[] = [];
  const sorted = [...values].sort((a, b) =>
    a.table === b.table ? a.address - b.address : a.table < b.table ? -1 : 1,
  );
  for (const v of sorted) {
    const last = groups.at(-1);
    if (
      last &&
      last.table === v.table &&
      last.address + last.count === v.address &&
      last.count + v.words <= MAX_READ
    ) {
      last.count += v.words;
      last.values.push(v);
    } else groups.push({ table: v.table, address: v.address, count: v.words, values: [v] });
  }
  return groups;
}

export class ModbusPress implements Press {
  readonly description: string;
  readonly capabilities: PressCapabilities;
  readonly map: PressMap;
  private readonly url: PressUrl;
  private readonly timeout: number;
  private readonly retries: number;
  private readonly reconnects: number;
  private readonly connectTimeout: number;
  private readonly clock: Clock;
  private readonly groups: ReadGroup[];

  private client: ModbusRTU | null = null;
  private socket: Socket | null = null;
  private bytesIn = 0;
  /** Rejects the request in flight when the link closes under it. */
  private onClose: ((e: LinkFailure) => void) | null = null;
  private closed = false;
  private chain: Promise<unknown> = Promise.resolve();
  /** What the press was last told, to skip repeating it while the engine streams setpoints. */
  private sent: { run?: boolean; release?: boolean; ramp?: string } = {};

  constructor(url: string | PressUrl, o: ModbusPressOptions = {}) {
    this.url = typeof url === "string" ? parsePressUrl(url) : url;
    this.map = o.map ?? DEFAULT_PRESS_MAP;
    this.timeout = o.timeout ?? 500;
    this.retries = o.retries ?? 1;
    this.reconnects = o.reconnects ?? 2;
    this.connectTimeout = o.connectTimeout ?? 2000;
    this.clock = o.clock ?? systemClock;
    const v = this.map.values;
    this.description = `${this.url.text} (map ${this.map.name})`;
    this.capabilities = {
      ramp: v.rampRate !== null,
      heating: v.temperatureSetpoint !== null,
      position: v.position !== null,
      temperature: v.temperature !== null,
      manual: false,
      capacity: o.capacity ?? null,
      releaseTime: o.releaseTime ?? 5,
    };
    const wanted = [v.forceSetpoint, v.force, v.position, v.temperature, v.status];
    this.groups = readGroups(wanted.filter((x): x is MappedValue => x !== null));
  }

  async connect(): Promise<void> {
    if (this.closed) throw new PressError("unreachable", `${this.url.text}: connect() after close()`);
    try {
      await this.open();
    } catch (e) {
      this.drop();
      throw new PressError("unreachable", `${this.url.text}: ${(e as Error).message}`, { cause: e });
    }
    // One reading proves that a Modbus press with this map answers (not just an open port).
    try {
      await this.read();
    } catch (e) {
      if (e instanceof PressError && e.code === "link-lost") {
        this.drop();
        throw new PressError(
          "unreachable",
          `${this.url.text}: the link opens but nothing answers Modbus requests (unit id ${this.map.unitId}); check the address, the port and the unit id`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  async read(): Promise<PressSample> {
    const got = new Map<MappedValue, number>();
    for (const g of this.groups) {
      const words: { data: number[] } = await this.transact(
        `read ${g.table} ${g.address}–${g.address + g.count - 1}`,
        (c) =>
          g.table === "holding"
            ? c.readHoldingRegisters(g.address, g.count)
            : c.readInputRegisters(g.address, g.count),
      );
      if (!Array.isArray(words.data) || words.data.length !== g.count)
        throw this.garbage(
          `asked for ${g.count} registers at ${g.table} ${g.address}, got ${words.data?.length}`,
        );
      let at = 0;
      for (const v of g.values) {
        const x = decodeValue(v, words.data.slice(at, at + v.words));
        at += v.words;
        if (!Number.isFinite(x)) throw this.garbage(`${v.name} at ${v.table} ${v.address} is ${x}`);
        got.set(v, x);
      }
    }
    const v = this.map.values;
    const force = got.get(v.force)!;
    const position = v.position ? got.get(v.position)! : null;
    const temperature = v.temperature ? got.get(v.temperature)! : null;
    if (Math.abs(force) > SANE.force) throw this.garbage(`force ${force} N is not a reading`);
    if (position !== null && Math.abs(position) > SANE.position)
      throw this.garbage(`position ${position} m is not a reading`);
    if (temperature !== null && !(temperature > SANE.temperatureMin && temperature < SANE.temperatureMax))
      throw this.garbage(`temperature ${temperature} K is not a reading`);
    const word = got.get(v.status)!;
    const bit = (name: StatusBitName, absent: boolean) => {
      const b = this.map.statusBits[name];
      return b === null ? absent : ((word >> b) & 1) === 1;
    };
    return {
      time: this.clock.now() / 1000,
      force,
      setpoint: got.get(v.forceSetpoint)!,
      position,
      temperature,
      status: {
        ready: bit("ready", true),
        moving: bit("moving", false),
        atSetpoint: bit("atSetpoint", false),
        fault: bit("fault", false),
        estop: bit("estop", false),
      },
    };
  }

  async setForce(force: number, rate: number): Promise<void> {
    refuseBadSetpoint(force, rate, this.capabilities.capacity);
    const v = this.map.values;
    const setpointWords = this.encode(v.forceSetpoint, force);
    const rampWords = v.rampRate ? this.encode(v.rampRate, rate) : null;
    try {
      if (v.rampRate && rampWords && this.sent.ramp !== rampWords.join(",")) {
        await this.writeValue(v.rampRate, rampWords);
        this.sent.ramp = rampWords.join(",");
      }
      await this.writeValue(v.forceSetpoint, setpointWords);
      if (this.sent.release !== false) {
        await this.writeCoil(this.map.coils.release, false);
        this.sent.release = false;
      }
      if (this.sent.run !== true) {
        await this.writeCoil(this.map.coils.run, true);
        this.sent.run = true;
      }
    } catch (e) {
      this.sent = {};
      throw e;
    }
  }

  async setTemperature(temperature: number): Promise<void> {
    const v = this.map.values.temperatureSetpoint;
    if (!v) return;
    if (!Number.isFinite(temperature) || temperature <= 0)
      throw new PressError(
        "refused",
        `temperature setpoint ${temperature} K is not a finite temperature > 0 K`,
      );
    await this.writeValue(v, this.encode(v, temperature));
  }

  async release(): Promise<void> {
    this.sent = {};
    await this.writeValue(this.map.values.forceSetpoint, this.encode(this.map.values.forceSetpoint, 0));
    await this.writeCoil(this.map.coils.release, true);
    this.sent.release = true;
  }

  async estop(): Promise<void> {
    this.sent = {};
    await this.writeCoil(this.map.coils.estop, true);
  }

  async reset(): Promise<void> {
    this.sent = {};
    await this.writeCoil(this.map.coils.estop, false);
    await this.writeCoil(this.map.coils.run, false);
    this.sent.run = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.drop();
  }

  private encode(v: MappedValue, si: number): number[] {
    try {
      return encodeValue(v, si);
    } catch (e) {
      if (e instanceof EncodeRangeError)
        throw new PressError(
          "refused",
          `${v.name} ${si} (SI) cannot be sent: ${e.message} (map ${this.map.name}: ${v.type}, scale ${v.scale}, ${v.unit ?? "no unit"})`,
        );
      throw e;
    }
  }

  private async writeValue(v: MappedValue, words: number[]): Promise<void> {
    await this.transact<unknown>(`write ${v.name} at holding ${v.address}`, (c) =>
      words.length === 1 ? c.writeRegister(v.address, words[0]!) : c.writeRegisters(v.address, words),
    );
  }

  private async writeCoil(address: number, on: boolean): Promise<void> {
    await this.transact(`write coil ${address} ${on ? "on" : "off"}`, (c) => c.writeCoil(address, on));
  }

  private garbage(what: string): PressError {
    return new PressError("garbage", `${this.url.text}: the press answered nonsense: ${what}`);
  }

  /** One request: retried on timeouts, the link re-opened when lost, then a PressError. */
  private transact<T>(what: string, op: (c: ModbusRTU) => Promise<T>): Promise<T> {
    const work = async (): Promise<T> => {
      if (this.closed) throw new PressError("link-lost", `${this.url.text}: ${what} after close()`);
      let last: LinkFailure | null = null;
      let sawGarbage = false;
      for (let link = 0; link <= this.reconnects; link++) {
        if (!this.client) {
          if (link > 0) await delay(100 * link);
          if (this.closed)
            throw new PressError("link-lost", `${this.url.text}: ${what}: the driver was closed`);
          try {
            await this.open();
          } catch (e) {
            last = new LinkFailure("closed", (e as Error).message);
            this.drop();
            continue;
          }
        }
        for (let attempt = 0; attempt <= this.retries && this.client; attempt++) {
          const before = this.bytesIn;
          try {
            return await this.attempt(this.client, op);
          } catch (e) {
            const f = e instanceof LinkFailure ? e : new LinkFailure("closed", String(e));
            last = f;
            if (f.kind === "exception") throw this.exception(what, f.modbusCode ?? 0);
            if (f.kind === "garbage" || (f.kind === "timeout" && this.bytesIn !== before)) {
              sawGarbage = true;
              break; // the stream may be out of step: re-open the link
            }
            if (f.kind === "closed") break;
          }
        }
        this.drop();
      }
      if (sawGarbage) throw this.garbage(`${what}: ${last?.message ?? "no valid reply"}`);
      throw new PressError(
        "link-lost",
        `${this.url.text}: ${what} failed after ${this.retries + 1} attempt(s) on each of ${this.reconnects + 1} link(s): ${last?.message ?? "no reply"}`,
      );
    };
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private exception(what: string, code: number): PressError {
    const names: Record<number, string> = {
      1: "illegal function",
      2: "illegal data address",
      3: "illegal data value",
      4: "server device failure",
      6: "server busy",
    };
    const name = names[code] ?? "unknown exception";
    if (code === 4 || code === 6)
      return new PressError(
        "device-fault",
        `${this.url.text}: ${what}: the press reports ${name} (exception ${code})`,
      );
    return new PressError(
      "garbage",
      `${this.url.text}: ${what}: the press refused it with exception ${code} (${name}); the map (${this.map.name}) does not match this press`,
    );
  }

  /** One request with its own deadline, failing at once when the link closes. */
  private attempt<T>(client: ModbusRTU, op: (c: ModbusRTU) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new LinkFailure("timeout", `no reply within ${this.timeout} ms`)),
        this.timeout + 50,
      );
      const finish = (e: LinkFailure | null, v?: T) => {
        clearTimeout(timer);
        this.onClose = null;
        if (e) reject(e);
        else resolve(v as T);
      };
      this.onClose = (e) => finish(e);
      op(client).then(
        (v) => finish(null, v),
        (e: unknown) => finish(classify(e)),
      );
    });
  }

  private async open(): Promise<void> {
    this.drop();
    const client = new ModbusRTU();
    const u = this.url;
    if (u.kind === "tcp") {
      const socket = new Socket();
      this.socket = socket;
      await withDeadline(
        new Promise<void>((resolve, reject) => {
          socket.once("connect", () => resolve());
          socket.once("error", (e) => reject(e));
          socket.connect({ host: u.host, port: u.port });
        }),
        this.connectTimeout,
        `no connection to ${u.host}:${u.port} within ${this.connectTimeout} ms (host down, unroutable or filtered)`,
      ).catch((e: unknown) => {
        socket.destroy();
        throw describeConnectError(e, u);
      });
      socket.on("error", () => undefined);
      socket.on("data", (d: Buffer) => (this.bytesIn += d.length));
      socket.on("close", () => {
        if (this.socket === socket) this.lost();
      });
      await withDeadline(
        client.linkTCP(socket, { port: u.port }),
        this.connectTimeout,
        "the Modbus link did not open",
      );
    } else {
      await withDeadline(
        client.connectRTUBuffered(u.path, {
          baudRate: u.baudRate,
          parity: u.parity,
          dataBits: u.dataBits,
          stopBits: u.stopBits,
        }),
        this.connectTimeout,
        `${u.path} did not open within ${this.connectTimeout} ms`,
      ).catch((e: unknown) => {
        client.close(() => undefined);
        throw new Error(`cannot open ${u.path}: ${(e as Error).message}`);
      });
      client.on("close", () => {
        if (this.client === client) this.lost();
      });
    }
    client.on("error", () => undefined);
    client.setID(this.map.unitId);
    client.setTimeout(this.timeout);
    this.client = client;
    this.sent = {};
  }

  private lost(): void {
    const pending = this.onClose;
    this.drop();
    pending?.(new LinkFailure("closed", "the press closed the connection"));
  }

  private drop(): void {
    const client = this.client;
    const socket = this.socket;
    this.client = null;
    this.socket = null;
    this.sent = {};
    if (socket) socket.destroy();
    if (client) {
      try {
        if (this.url.kind === "rtu") client.close(() => undefined);
      } catch {
        // closing a port that is already gone: nothing left to release
      }
    }
  }
}

function classify(e: unknown): LinkFailure {
  const err = e as { message?: string; modbusCode?: number; errno?: string };
  const message = err?.message ?? String(e);
  if (typeof err?.modbusCode === "number") return new LinkFailure("exception", message, err.modbusCode);
  if (err?.errno === "ETIMEDOUT" || /timed out/i.test(message)) return new LinkFailure("timeout", message);
  if (/data length|crc|unexpected data|length error/i.test(message))
    return new LinkFailure("garbage", message);
  return new LinkFailure("closed", message);
}

function describeConnectError(e: unknown, u: { host: string; port: number }): Error {
  const code = (e as { code?: string }).code;
  const where = `${u.host}:${u.port}`;
  switch (code) {
    case "ECONNREFUSED":
      return new Error(
        `connection refused by ${where}: nothing listens on that port (is the press or sim-press running?)`,
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new Error(`host ${u.host} not found; check the name or use the IP address`);
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new Error(`${where} is unreachable from this computer (network or cable)`);
    default:
      return e instanceof Error ? e : new Error(String(e));
  }
}

function withDeadline<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
