/**
 * The simulated press served over Modbus TCP (`ssbpress sim-press`, CONTRACTS §5): a press (the
 * digital twin, or any Press) behind the registers of a press map, with the coil semantics, status
 * bits, exception replies and watchdog the Modbus driver may rely on. Time is the scheduler's (the
 * twin's clock); the socket is real.
 *
 * The server owns the press's link: it calls `connect()` when it starts and `close()` when it stops.
 */
import type { Scheduler } from "../../core/clock.js";
import { PressError, type Press, type PressSample } from "../press.js";
import {
  DEFAULT_PRESS_MAP,
  decodeValue,
  encodeValue,
  mappedValues,
  type MappedValue,
  type PressMap,
} from "./map.js";
import {
  ModbusException,
  startMbapServer,
  type ModbusAnswer,
  type ModbusDevice,
  type ModbusRequest,
} from "./mbap.js";

/** What the server needs of the press it serves. */
export type ServedPress = Pick<
  Press,
  | "capabilities"
  | "connect"
  | "read"
  | "setForce"
  | "setTemperature"
  | "release"
  | "estop"
  | "reset"
  | "close"
>;

export interface PressServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 5020; 0 picks a free port. */
  port?: number;
  /** Default `ssbpress-press-v1`. */
  map?: PressMap;
  press: ServedPress;
  /** The press's clock: the watchdog counts on it. */
  scheduler: Scheduler;
  /** Watchdog period [s]; 0 disables it (default 0). */
  watchdog?: number;
  maxConnections?: number;
  /** How often the watchdog is looked at [ms, wall clock] (default 20). */
  tick?: number;
  /** Called with every well-formed request and the answer it got (logging, tests counting writes). */
  onRequest?: (request: ModbusRequest, answer: ModbusAnswer) => void;
}

export interface PressServer {
  readonly host: string;
  readonly port: number;
  /** The server's view, for tests and the sim-press display. */
  state(): PressServerState;
  /** Stops listening, drops every connection and closes the press. Never throws. */
  close(): Promise<void>;
}

export interface PressServerState {
  coils: { run: boolean; release: boolean; estop: boolean };
  mode: Mode;
  /** Force setpoint [N] and ramp rate [N/s] as last written. */
  setpoint: number;
  rate: number;
  watchdogFault: boolean;
  estopLatched: boolean;
}

type Mode = "idle" | "follow" | "hold" | "release";

/** Ramp rate used when the map has no ramp_rate register: the pump's own speed [N/s]. */
const PUMP_RATE = 10e3;
/** The watchdog's release rate [N/s] (CONTRACTS §5: 1 kN/s). */
const WATCHDOG_RELEASE_RATE = 1e3;
/** An unheated platen reads room temperature [K] (25 °C). */
const ROOM = 298.15;

export async function startPressServer(o: PressServerOptions): Promise<PressServer> {
  const device = new PressDevice(o);
  await o.press.connect();
  let mbap;
  try {
    mbap = await startMbapServer({
      host: o.host ?? "127.0.0.1",
      port: o.port ?? 5020,
      device,
      ...(o.maxConnections === undefined ? {} : { maxConnections: o.maxConnections }),
    });
  } catch (e) {
    await o.press.close().catch(() => undefined);
    throw e;
  }
  const timer = setInterval(() => void device.tick(), o.tick ?? 20);
  timer.unref();
  const server = mbap;
  let closed = false;
  return {
    host: server.host,
    port: server.port,
    state: () => device.state(),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await server.close().catch(() => undefined);
      await device.idle();
      await o.press.close().catch(() => undefined);
    },
  };
}

/** A request the server refuses with an exception reply. */
class Refusal extends Error {
  constructor(readonly code: ModbusException) {
    super(`modbus exception ${code}`);
  }
}

type CoilName = "run" | "release" | "estop";

class PressDevice implements ModbusDevice {
  private readonly map: PressMap;
  private readonly press: ServedPress;
  private readonly scheduler: Scheduler;
  private readonly watchdogMs: number;
  private readonly heated: boolean;
  private readonly onRequest: PressServerOptions["onRequest"];
  /** Register → (value, word index), per table. */
  private readonly index = {
    holding: new Map<number, { value: MappedValue; word: number }>(),
    input: new Map<number, { value: MappedValue; word: number }>(),
  };
  private readonly coilAt = new Map<number, CoilName>();
  /** The words last written to each writable value. */
  private readonly written = new Map<MappedValue, number[]>();
  private readonly coils = { run: false, release: false, estop: false };
  private mode: Mode = "idle";
  private estopLatched = false;
  /** After an e-stop, `run` must be written false before true loads again. */
  private runArmed = true;
  private wdFault = false;
  private wdTrip = 0;
  private wdReleased = false;
  private lastValid: number;
  /** Every press call and state change runs in this order, one at a time. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(o: PressServerOptions) {
    this.map = o.map ?? DEFAULT_PRESS_MAP;
    this.press = o.press;
    this.scheduler = o.scheduler;
    const wd = o.watchdog ?? 0;
    if (!(wd >= 0) || !Number.isFinite(wd)) throw new RangeError(`watchdog must be ≥ 0 s, got ${wd}`);
    this.watchdogMs = wd * 1000;
    this.heated = o.press.capabilities.heating;
    this.onRequest = o.onRequest;
    this.lastValid = this.scheduler.now();
    for (const v of mappedValues(this.map)) {
      for (let w = 0; w < v.words; w++) this.index[v.table].set(v.address + w, { value: v, word: w });
    }
    for (const name of ["run", "release", "estop"] as const) this.coilAt.set(this.map.coils[name], name);
    const { forceSetpoint, rampRate, temperatureSetpoint } = this.map.values;
    this.written.set(forceSetpoint, encodeValue(forceSetpoint, 0, { saturate: true }));
    if (rampRate) this.written.set(rampRate, encodeValue(rampRate, 1e3, { saturate: true }));
    if (temperatureSetpoint)
      this.written.set(temperatureSetpoint, encodeValue(temperatureSetpoint, ROOM, { saturate: true }));
  }

  state(): PressServerState {
    return {
      coils: { ...this.coils },
      mode: this.mode,
      setpoint: this.setpoint(),
      rate: this.rate(),
      watchdogFault: this.wdFault,
      estopLatched: this.estopLatched,
    };
  }

  /** Resolves when every queued press call has run. */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  tick(): Promise<void> {
    return this.serial(() => this.watchdog()).catch(() => undefined);
  }

  handle(_unit: number, request: ModbusRequest): Promise<ModbusAnswer> {
    return this.serial(async () => {
      const answer = await this.answer(request);
      this.onRequest?.(request, answer);
      return answer;
    });
  }

  private async answer(request: ModbusRequest): Promise<ModbusAnswer> {
    await this.watchdog().catch(() => undefined);
    try {
      const answer = await this.dispatch(request);
      this.lastValid = this.scheduler.now();
      return answer;
    } catch (e) {
      if (e instanceof Refusal) return { exception: e.code };
      // The twin's injected link loss: the request goes unanswered, as on a dead line.
      if (e instanceof PressError && e.code === "link-lost") return { drop: true };
      if (e instanceof PressError && e.code === "refused") return { exception: ModbusException.IllegalValue };
      return { exception: ModbusException.DeviceFailure };
    }
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private setpoint(): number {
    const v = this.map.values.forceSetpoint;
    return decodeValue(v, this.written.get(v)!);
  }

  private rate(): number {
    const v = this.map.values.rampRate;
    return v ? decodeValue(v, this.written.get(v)!) : PUMP_RATE;
  }

  private canFollow(): boolean {
    return this.coils.run && this.runArmed && !this.estopLatched && !this.coils.release && !this.wdFault;
  }

  private async follow(): Promise<void> {
    await this.press.setForce(this.setpoint(), this.rate());
    this.mode = "follow";
  }

  /** Watchdog (CONTRACTS §5): silence while `run` is set stops loading, then releases at 1 kN/s. */
  private async watchdog(): Promise<void> {
    if (this.watchdogMs <= 0) return;
    const now = this.scheduler.now();
    if (this.coils.run && !this.wdFault && !this.estopLatched && now - this.lastValid >= this.watchdogMs) {
      this.wdFault = true;
      this.wdReleased = false;
      this.wdTrip = this.lastValid + this.watchdogMs;
      if (this.mode === "follow") {
        this.mode = "hold";
        const s = await this.press.read();
        await this.press.setForce(Math.max(0, Math.min(s.force, this.setpoint())), this.rate());
      }
    }
    if (this.wdFault && !this.wdReleased && now >= this.wdTrip + this.watchdogMs) {
      this.wdReleased = true;
      if (this.mode !== "release" && this.mode !== "idle") {
        this.mode = "release";
        await this.press.setForce(0, WATCHDOG_RELEASE_RATE);
      }
    }
  }

  private async dispatch(r: ModbusRequest): Promise<ModbusAnswer> {
    switch (r.fc) {
      case 1:
        return { bits: this.coilNames(r.address, r.quantity).map((n) => this.coils[n]) };
      case 2:
        // The press maps no discrete inputs.
        throw new Refusal(ModbusException.IllegalAddress);
      case 3:
      case 4:
        return {
          registers: await this.readRegisters(r.fc === 3 ? "holding" : "input", r.address, r.quantity),
        };
      case 5:
        await this.writeCoil(this.coilNames(r.address, 1)[0]!, r.value);
        return { ok: true };
      case 15: {
        const names = this.coilNames(r.address, r.values.length);
        for (let i = 0; i < names.length; i++) await this.writeCoil(names[i]!, r.values[i]!);
        return { ok: true };
      }
      case 6:
        await this.writeRegisters(r.address, [r.value]);
        return { ok: true };
      case 16:
        await this.writeRegisters(r.address, r.values);
        return { ok: true };
    }
  }

  private coilNames(address: number, quantity: number): CoilName[] {
    const out: CoilName[] = [];
    for (let a = address; a < address + quantity; a++) {
      const name = this.coilAt.get(a);
      if (!name) throw new Refusal(ModbusException.IllegalAddress);
      out.push(name);
    }
    return out;
  }

  private async readRegisters(
    table: "holding" | "input",
    address: number,
    quantity: number,
  ): Promise<number[]> {
    const cells: { value: MappedValue; word: number }[] = [];
    for (let a = address; a < address + quantity; a++) {
      const cell = this.index[table].get(a);
      if (!cell) throw new Refusal(ModbusException.IllegalAddress);
      cells.push(cell);
    }
    let sample: PressSample | undefined;
    if (cells.some((c) => c.value.readOnly)) sample = await this.press.read();
    const cache = new Map<MappedValue, number[]>();
    return cells.map(({ value, word }) => {
      let words = cache.get(value);
      if (!words) {
        words = this.written.get(value) ?? this.measured(value, sample!);
        cache.set(value, words);
      }
      return words[word]!;
    });
  }

  /** A measured value's registers: saturated at the type's limits, as a PLC's reading would be. */
  private measured(v: MappedValue, s: PressSample): number[] {
    let si: number | null;
    switch (v.name) {
      case "force":
        si = s.force;
        break;
      case "position":
        si = s.position;
        break;
      case "temperature":
        si = this.heated ? s.temperature : ROOM;
        break;
      default:
        return [this.statusWord(s)];
    }
    if (si === null || !Number.isFinite(si))
      return v.type === "float32"
        ? encodeValue(v, NaN, { saturate: true })
        : encodeValue(v, v.offset, { saturate: true });
    return encodeValue(v, si, { saturate: true });
  }

  private statusWord(s: PressSample): number {
    // Moving / at setpoint (CONTRACTS §5: |force − setpoint| > 1 % of the setpoint + 0.05 kN) is the
    // press controller's judgement on its own force signal, which the served press applies with the
    // same band (the twin on its true force, not on the noisy load-cell reading it reports: a noisy
    // reading would flicker the bit at the edge of the band). The server only masks what its mode
    // makes meaningless: "at setpoint" while holding after a watchdog trip or releasing.
    const flags = {
      ready: s.status.ready && !this.estopLatched && !this.wdFault,
      moving: s.status.moving,
      atSetpoint: this.mode === "follow" && s.status.atSetpoint,
      fault: this.wdFault || s.status.fault,
      estop: this.estopLatched || s.status.estop,
    };
    let word = 0;
    for (const [name, bit] of Object.entries(this.map.statusBits)) {
      if (bit !== null && flags[name as keyof typeof flags]) word |= 1 << bit;
    }
    return word;
  }

  private async writeCoil(name: CoilName, on: boolean): Promise<void> {
    if (name === "estop") {
      this.coils.estop = on;
      if (on) {
        this.estopLatched = true;
        this.runArmed = false;
        this.mode = "idle";
        await this.press.estop();
      } else if (this.estopLatched) {
        this.estopLatched = false;
        await this.press.reset();
      }
      return;
    }
    if (name === "release") {
      this.coils.release = on;
      if (on) {
        this.mode = "release";
        await this.press.release();
      } else if (this.canFollow()) await this.follow();
      return;
    }
    // run
    if (!on) {
      this.coils.run = false;
      this.runArmed = !this.estopLatched;
      // Writing run false acknowledges a watchdog fault; a release in progress goes on to zero.
      this.wdFault = false;
      if (this.mode === "follow") {
        this.mode = "hold";
        const s = await this.press.read();
        await this.press.setForce(Math.max(0, Math.min(s.force, this.setpoint())), this.rate());
      }
      return;
    }
    this.coils.run = true;
    if (!this.canFollow()) return;
    try {
      await this.follow();
    } catch (e) {
      this.coils.run = false;
      throw e;
    }
  }

  private async writeRegisters(address: number, words: number[]): Promise<void> {
    // Every register must belong to a writable value, and a 32-bit value must be written whole:
    // half a float would be a different, possibly much larger, setpoint for a moment.
    const touched = new Map<MappedValue, number[]>();
    for (let i = 0; i < words.length; i++) {
      const cell = this.index.holding.get(address + i);
      if (!cell || cell.value.readOnly) throw new Refusal(ModbusException.IllegalAddress);
      const current = touched.get(cell.value) ?? [...this.written.get(cell.value)!];
      current[cell.word] = words[i]!;
      touched.set(cell.value, current);
    }
    for (const v of touched.keys()) {
      if (v.address < address || v.address + v.words > address + words.length)
        throw new Refusal(ModbusException.IllegalAddress);
    }
    const capacity = this.press.capabilities.capacity;
    for (const [v, w] of touched) {
      const si = decodeValue(v, w);
      const bad =
        !Number.isFinite(si) ||
        (v.name === "force_setpoint" && (si < 0 || (capacity !== null && si > capacity))) ||
        (v.name === "ramp_rate" && si <= 0) ||
        (v.name === "temperature_setpoint" && si <= 0);
      if (bad) throw new Refusal(ModbusException.IllegalValue);
    }
    const before = new Map([...touched.keys()].map((v) => [v, this.written.get(v)!]));
    for (const [v, w] of touched) this.written.set(v, w);
    try {
      const { forceSetpoint, rampRate, temperatureSetpoint } = this.map.values;
      if ((touched.has(forceSetpoint) || (rampRate && touched.has(rampRate))) && this.canFollow())
        await this.follow();
      if (temperatureSetpoint && touched.has(temperatureSetpoint) && this.heated)
        await this.press.setTemperature(
          decodeValue(temperatureSetpoint, this.written.get(temperatureSetpoint)!),
        );
    } catch (e) {
      for (const [v, w] of before) this.written.set(v, w);
      throw e;
    }
  }
}
