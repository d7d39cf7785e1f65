/**
 * An ideal press for tests of the engine: force follows the setpoint at exactly the commanded rate,
 * release vents at a fixed rate, e-stop drops the force at once and latches until `reset()`. No lag,
 * no noise, no physics: what a test sees is what it scripted. Every command is logged with its time
 * so that a test can assert what the engine asked for, and hooks inject the failures an engine must
 * survive (reads that fail after n, a forced measured force, overridden samples, failing commands).
 */
import type { Scheduler } from "../../core/clock.js";
import {
  refuseBadSetpoint,
  PressError,
  type Press,
  type PressCapabilities,
  type PressErrorCode,
  type PressSample,
  type PressStatus,
} from "../press.js";

export type PressVerb =
  "connect" | "read" | "setForce" | "setTemperature" | "release" | "estop" | "reset" | "close";

/** One call the press received, in order. */
export interface CommandRecord {
  /** Unix time [s] on the press's scheduler when the call arrived. */
  time: number;
  verb: PressVerb;
  args: number[];
  /** "ok": carried out; "refused": rejected with PressError("refused"); "error": a scripted failure. */
  outcome: "ok" | "refused" | "error";
}

/** A sample override: any field of the sample, the status merged bit by bit. */
export type SampleOverride = Partial<Omit<PressSample, "status" | "time">> & {
  status?: Partial<PressStatus>;
};

export interface ScriptedPressOptions {
  scheduler: Scheduler;
  /** Largest force [N]; null = unknown to the driver (then nothing is refused for size). Default 100 kN. */
  capacity?: number | null;
  /** Venting rate after `release` [N/s]. Default 20 kN/s. */
  releaseRate?: number;
  /** Heated platen: the temperature jumps to its setpoint (ideal). Default false. */
  heated?: boolean;
  /** Latency of every call [ms] on the scheduler (0 = answer at once). */
  latency?: number;
  /** `connect()` fails with PressError("unreachable"). */
  unreachable?: boolean;
  description?: string;
}

/** Gap of the empty die [m] and frame stiffness [N/m]: the ideal ram position is gap − F/k. */
const IDLE_GAP = 1e-3;
const STIFFNESS = 1e9;
const ROOM = 298.15;

type Mode = "idle" | "follow" | "release";

export class ScriptedPress implements Press {
  readonly description: string;
  readonly capabilities: PressCapabilities;
  /** Every call received, accepted or not. */
  readonly commands: CommandRecord[] = [];
  /** Hooks for tests: failures to inject. */
  readonly script: PressScript;

  private readonly scheduler: Scheduler;
  private readonly releaseRate: number;
  private readonly heated: boolean;
  private readonly latency: number;
  private readonly unreachable: boolean;

  private connected = false;
  private closed = false;
  private mode: Mode = "idle";
  private force = 0;
  private setpoint = 0;
  private rate = 0;
  private temperature = ROOM;
  private estopped = false;
  private lastUpdate: number;
  private forceFn: ((time: number, force: number) => number) | null = null;
  private sampleOverride: SampleOverride | null = null;

  constructor(o: ScriptedPressOptions) {
    this.scheduler = o.scheduler;
    const capacity = o.capacity === undefined ? 100e3 : o.capacity;
    this.releaseRate = o.releaseRate ?? 20e3;
    if (!(this.releaseRate > 0)) throw new RangeError(`releaseRate must be > 0 N/s, got ${this.releaseRate}`);
    this.heated = o.heated ?? false;
    this.latency = o.latency ?? 0;
    this.unreachable = o.unreachable ?? false;
    this.description = o.description ?? "scripted (ideal press)";
    this.capabilities = {
      ramp: true,
      heating: this.heated,
      position: true,
      temperature: true,
      manual: false,
      capacity,
      // Venting from full load (or 100 kN when the capacity is unknown) at the release rate.
      releaseTime: (capacity ?? 100e3) / this.releaseRate,
    };
    this.lastUpdate = this.scheduler.now() / 1000;
    this.script = new PressScript();
  }

  /** Measured force = fn(Unix time [s], ideal force [N]) until `injectForce(null)`. */
  injectForce(fn: ((time: number, force: number) => number) | null): void {
    this.forceFn = fn;
  }

  /** Fields to force into every sample until `override(null)` (e.g. `{ status: { fault: true } }`). */
  override(partial: SampleOverride | null): void {
    this.sampleOverride = partial;
  }

  /** The ideal state now, without the injected force or overrides. */
  state(): { force: number; setpoint: number; estop: boolean; mode: Mode; temperature: number } {
    this.advance();
    return {
      force: this.force,
      setpoint: this.setpoint,
      estop: this.estopped,
      mode: this.mode,
      temperature: this.temperature,
    };
  }

  async connect(): Promise<void> {
    await this.call("connect", [], () => {
      if (this.unreachable)
        throw new PressError("unreachable", `${this.description}: unreachable (scripted)`);
      this.connected = true;
      this.lastUpdate = this.now();
    });
  }

  async read(): Promise<PressSample> {
    return this.call("read", [], () => {
      this.script.consumeRead();
      return this.sample();
    });
  }

  async setForce(force: number, rate: number): Promise<void> {
    await this.call("setForce", [force, rate], () => {
      refuseBadSetpoint(force, rate, this.capabilities.capacity);
      if (this.estopped) throw new PressError("refused", "e-stop is latched: reset() before loading again");
      this.advance();
      this.setpoint = force;
      this.rate = rate;
      this.mode = "follow";
    });
  }

  async setTemperature(temperature: number): Promise<void> {
    await this.call("setTemperature", [temperature], () => {
      if (!Number.isFinite(temperature) || temperature <= 0) {
        throw new PressError(
          "refused",
          `temperature setpoint ${temperature} K is not a finite temperature > 0 K`,
        );
      }
      if (this.heated) this.temperature = temperature;
    });
  }

  async release(): Promise<void> {
    await this.call("release", [], () => {
      this.advance();
      this.setpoint = 0;
      this.mode = "release";
    });
  }

  async estop(): Promise<void> {
    await this.call("estop", [], () => {
      this.advance();
      this.estopped = true;
      this.force = 0;
      this.setpoint = 0;
      this.mode = "idle";
    });
  }

  async reset(): Promise<void> {
    await this.call("reset", [], () => {
      this.advance();
      this.estopped = false;
      this.mode = this.force > 0 ? "release" : "idle";
      this.setpoint = 0;
    });
  }

  async close(): Promise<void> {
    this.log("close", [], "ok");
    this.closed = true;
    this.connected = false;
  }

  private now(): number {
    return this.scheduler.now() / 1000;
  }

  /** Integrates the ideal dynamics from the last update to now (exact: piecewise linear). */
  private advance(): void {
    const t = this.now();
    const dt = Math.max(0, t - this.lastUpdate);
    this.lastUpdate = t;
    if (this.estopped) {
      this.force = 0;
      return;
    }
    if (this.mode === "follow") {
      const step = this.rate * dt;
      const gap = this.setpoint - this.force;
      this.force = Math.abs(gap) <= step ? this.setpoint : this.force + Math.sign(gap) * step;
    } else if (this.mode === "release") {
      this.force = Math.max(0, this.force - this.releaseRate * dt);
      if (this.force === 0) this.mode = "idle";
    }
  }

  private sample(): PressSample {
    this.advance();
    const time = this.now();
    const force = this.forceFn ? this.forceFn(time, this.force) : this.force;
    const tolerance = 0.01 * this.setpoint + 50;
    const near = Math.abs(force - this.setpoint) <= tolerance;
    const status: PressStatus = {
      ready: !this.estopped,
      moving: (this.mode === "follow" && !near) || (this.mode === "release" && this.force > 0),
      atSetpoint: this.mode === "follow" && near,
      fault: false,
      estop: this.estopped,
    };
    const o = this.sampleOverride;
    return {
      time,
      force: o?.force ?? force,
      setpoint: o?.setpoint !== undefined ? o.setpoint : this.setpoint,
      position: o?.position !== undefined ? o.position : IDLE_GAP - this.force / STIFFNESS,
      temperature: o?.temperature !== undefined ? o.temperature : this.temperature,
      status: { ...status, ...o?.status },
    };
  }

  private log(verb: PressVerb, args: number[], outcome: CommandRecord["outcome"]): void {
    this.commands.push({ time: this.now(), verb, args, outcome });
  }

  private async call<T>(verb: PressVerb, args: number[], body: () => T): Promise<T> {
    if (this.latency > 0) await this.scheduler.sleep(this.latency);
    if (this.closed) {
      this.log(verb, args, "error");
      throw new PressError("link-lost", `${this.description}: ${verb} after close()`);
    }
    if (!this.connected && verb !== "connect") {
      this.log(verb, args, "error");
      throw new PressError("link-lost", `${this.description}: ${verb} before connect()`);
    }
    const failure = this.script.failureFor(verb);
    if (failure) {
      this.log(verb, args, "error");
      throw failure;
    }
    try {
      const result = body();
      this.log(verb, args, "ok");
      return result;
    } catch (e) {
      this.log(verb, args, e instanceof PressError && e.code === "refused" ? "refused" : "error");
      throw e;
    }
  }
}

/** Failures a test can script on a ScriptedPress. */
export class PressScript {
  private readsLeft: number | null = null;
  private readFailure: PressErrorCode = "link-lost";
  private readsFailing = false;
  private readonly once = new Map<PressVerb, PressErrorCode>();
  private always: PressErrorCode | null = null;

  /** The next `n` reads succeed, every read after them throws PressError(code). */
  failReadsAfter(n: number, code: PressErrorCode = "link-lost"): void {
    this.readsLeft = Math.max(0, Math.floor(n));
    this.readFailure = code;
    this.readsFailing = false;
  }

  /** The next call of `verb` throws PressError(code), once. */
  failNext(verb: PressVerb, code: PressErrorCode = "link-lost"): void {
    this.once.set(verb, code);
  }

  /** Every call except `close` throws PressError(code) until `failAll(null)` (a dead link). */
  failAll(code: PressErrorCode | null): void {
    this.always = code;
  }

  /** Heals every scripted failure. */
  heal(): void {
    this.readsLeft = null;
    this.readsFailing = false;
    this.once.clear();
    this.always = null;
  }

  /** @internal counts a read about to be answered. */
  consumeRead(): void {
    if (this.readsLeft === null) return;
    if (this.readsLeft === 0) {
      this.readsFailing = true;
      throw new PressError(this.readFailure, `read failed (scripted: ${this.readFailure})`);
    }
    this.readsLeft -= 1;
  }

  /** @internal the scripted failure for this call, if any. */
  failureFor(verb: PressVerb): PressError | null {
    if (this.always !== null && verb !== "close") {
      return new PressError(this.always, `${verb} failed (scripted: ${this.always})`);
    }
    const code = this.once.get(verb);
    if (code !== undefined) {
      this.once.delete(verb);
      return new PressError(code, `${verb} failed (scripted once: ${code})`);
    }
    if (verb === "read" && this.readsFailing) {
      return new PressError(this.readFailure, `read failed (scripted: ${this.readFailure})`);
    }
    return null;
  }
}
