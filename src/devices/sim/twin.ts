/**
 * The digital twin of a laboratory press (MODELS.md item 7): hydraulic force through the press's own
 * controller (rate limit, first-order lag), frame compliance, load-cell noise and drift, a heated
 * platen with its own lag, and a ram position that follows the pellet's thickness as the physics
 * models predict it. Dynamics are integrated lazily from the last update to `scheduler.now()` in
 * closed-form pieces, so virtual time is cheap and reads at any rate agree. Faults (`--fault`) fire
 * at their moments inside that integration, not at the next read.
 */
import type { Scheduler } from "../../core/clock.js";
import { circleArea } from "../../core/conversions.js";
import { createRng, type Rng } from "../../numerics/index.js";
import type { Layer } from "../../protocol/types.js";
import {
  refuseBadSetpoint,
  PressError,
  type Press,
  type PressCapabilities,
  type PressSample,
  type SpecimenAware,
} from "../press.js";
import type { Fault } from "./faults.js";
import { Hydraulics, type Phase } from "./hydraulics.js";
import { Specimen, type LayerReport } from "./specimen.js";

export interface TwinOptions {
  scheduler: Scheduler;
  /** [m] */
  dieDiameter: number;
  /** [N] */
  capacity: number;
  heated?: boolean;
  faults?: Fault[];
  seed?: number;
  /** Layers in the die at start. */
  layers?: { layer: Layer; position: "top" | "bottom" }[];
  /**
   * The press's own watchdog [s] (default 2; 0 disables it): when no call reaches the press for this
   * long while it is loading, it stops loading and reports a fault; after a second period it releases
   * at 1 kN/s (CONTRACTS §5). So a press whose link is lost ends released. A server that runs its
   * own watchdog on its requests (sim-press) disables this one.
   */
  watchdog?: number;
}

/** Room temperature, and the unheated platen's [K]. */
const ROOM = 298.15;
/** Force follows the controller's reference with this time constant [s]. */
const LAG = 0.3;
/** The pump loads the full capacity in this time at most [s]. */
const PUMP_TIME = 4;
/** Venting takes this long from full capacity [s]: the declared releaseTime. */
const RELEASE_TIME = 5;
/** Frame stiffness [N/m]: ~0.2 mm deflection at 10 t, a typical 4-column lab press. */
const STIFFNESS = 5e8;
/** Load-cell noise, standard deviation as a fraction of full scale (a good strain-gauge cell). */
const NOISE = 2e-4;
/**
 * Load-cell zero drift, standard deviation of its initial rate as a fraction of full scale per hour.
 * The drift levels off with DRIFT_SETTLE (a warming amplifier and bridge settle; a strain-gauge cell
 * does not wander by percents over the weeks an Operate step lasts), so it stays within ~DRIFT.
 */
const DRIFT = 1e-4;
/** Time constant of the drift's levelling off [s]. */
const DRIFT_SETTLE = 3600;
/** Platen thermal time constant [s]. */
const THERMAL_LAG = 180;
/** A fracture lowers the ram by this share of the stack (at least 20 µm). */
const FRACTURE_COLLAPSE = 0.05;
/** The watchdog's period when not told [s] (CONTRACTS §5's default). */
const WATCHDOG = 2;
/** The watchdog's controlled release [N/s] (CONTRACTS §5: 1 kN/s). */
const WATCHDOG_RELEASE_RATE = 1000;

interface Pending {
  fault: Fault;
  /** Absolute time [s] it fires, once its anchor (connect or step start) is known. */
  time: number | null;
  fired: boolean;
}

export interface TwinState {
  /** True force [N]. */
  force: number;
  setpoint: number;
  phase: Phase;
  /** Ram position [m]: stack + frame deflection + fault jumps. */
  position: number;
  stackThickness: number;
  frameDeflection: number;
  /** Platen temperature and its setpoint [K]. */
  temperature: number;
  temperatureSetpoint: number;
  estop: boolean;
  /** The watchdog: "ok", "tripped" (loading stopped, fault reported) or "releasing" (at 1 kN/s). */
  watchdog: "ok" | "tripped" | "releasing";
  /** Specs of the faults that have fired (or act from the start). */
  activeFaults: string[];
  layers: LayerReport[];
}

export class TwinPress implements Press, SpecimenAware {
  readonly description: string;
  readonly capabilities: PressCapabilities;

  private readonly scheduler: Scheduler;
  private readonly area: number;
  private readonly capacity: number;
  private readonly heated: boolean;
  private readonly hydraulics: Hydraulics;
  private readonly specimen: Specimen;
  private readonly rng: Rng;
  private readonly driftRate: number;
  private readonly pending: Pending[];

  private last: number;
  private readonly born: number;
  private connected = false;
  private closed = false;
  private estopped = false;
  private temperature = ROOM;
  private temperatureSetpoint = ROOM;
  private jumps = 0;
  private overshoot = 0;
  private linkLost = false;
  private garbage = false;
  private stuckForce: number | null = null;
  private readonly watchdog: number;
  /** When the last call reached the press [s]: the watchdog counts from it. */
  private lastCall: number;
  private wd: TwinState["watchdog"] = "ok";
  /** When the watchdog tripped [s]. */
  private wdTrip = 0;

  constructor(o: TwinOptions) {
    if (!(o.dieDiameter > 0 && o.dieDiameter < 1))
      throw new RangeError(`dieDiameter must be in metres (0–1), got ${o.dieDiameter}`);
    if (!(o.capacity > 0 && Number.isFinite(o.capacity)))
      throw new RangeError(`capacity must be a force > 0 N, got ${o.capacity}`);
    this.scheduler = o.scheduler;
    this.area = circleArea(o.dieDiameter);
    this.capacity = o.capacity;
    this.heated = o.heated ?? false;
    this.hydraulics = new Hydraulics({
      lag: LAG,
      maxRate: o.capacity / PUMP_TIME,
      ventRate: o.capacity / RELEASE_TIME,
      capacity: o.capacity,
    });
    this.specimen = new Specimen(this.area);
    for (const l of o.layers ?? []) this.specimen.place(l.layer, l.position, ROOM);
    this.rng = createRng(o.seed ?? 1);
    this.driftRate = (this.rng.normal(0, DRIFT) * o.capacity) / 3600;
    this.pending = (o.faults ?? []).map((fault) => ({ fault, time: null, fired: false }));
    this.last = this.now();
    this.born = this.last;
    this.lastCall = this.last;
    this.watchdog = o.watchdog ?? WATCHDOG;
    if (!(this.watchdog >= 0 && Number.isFinite(this.watchdog)))
      throw new RangeError(`watchdog must be a duration ≥ 0 s (0: off), got ${o.watchdog}`);
    this.description = `sim (${round(o.dieDiameter * 1000)} mm die, ${round(o.capacity / 9806.65)} t${this.heated ? ", heated" : ""})`;
    this.capabilities = {
      ramp: true,
      heating: this.heated,
      position: true,
      temperature: true,
      manual: false,
      capacity: o.capacity,
      releaseTime: RELEASE_TIME,
    };
    this.anchor(undefined, this.last);
  }

  // --- SpecimenAware and test hooks -------------------------------------------------------------

  placeLayer(layer: Layer, position: "top" | "bottom"): void {
    this.advance();
    this.specimen.place(layer, position, this.temperature);
  }

  ejectAll(): void {
    this.advance();
    this.specimen.clear();
  }

  /** The run reached step `step`: faults written as `@stepN+…` start counting. */
  /** Load-cell zero drift at `time` [s]: starts at `driftRate` and levels off after DRIFT_SETTLE [N]. */
  private drift(time: number): number {
    return this.driftRate * DRIFT_SETTLE * (1 - Math.exp(-(time - this.born) / DRIFT_SETTLE));
  }

  markStep(step: number): void {
    this.advance();
    this.anchor(step, this.now());
  }

  state(): TwinState {
    this.advance();
    const f = this.hydraulics.force;
    const p = f / this.area;
    const stack = this.specimen.thickness(p);
    return {
      force: f,
      setpoint: this.hydraulics.setpoint,
      phase: this.hydraulics.phase,
      position: this.position(),
      stackThickness: stack,
      frameDeflection: f / STIFFNESS,
      temperature: this.temperature,
      temperatureSetpoint: this.temperatureSetpoint,
      estop: this.estopped,
      watchdog: this.wd,
      activeFaults: this.pending.filter((x) => x.fired).map((x) => x.fault.spec),
      layers: this.specimen.layers(p),
    };
  }

  /** The true force on the pellet now [N], without building the whole state (tests that watch every call). */
  trueForce(): number {
    this.advance();
    return this.hydraulics.force;
  }

  /**
   * A reading as the press's electronics would send it, faults included, without raising them as
   * errors: garbage reads NaN. For a server that must put the twin's nonsense on the wire.
   */
  readRaw(): PressSample {
    this.advance();
    const f = this.hydraulics.force;
    const time = this.now();
    const measured = this.garbage
      ? Number.NaN
      : (this.stuckForce ?? f + this.rng.normal(0, NOISE * this.capacity) + this.drift(time));
    const sp = this.hydraulics.setpoint;
    const near = Math.abs(f - sp) <= 0.01 * sp + 50;
    const phase = this.hydraulics.phase;
    const loading = phase === "ramp" || phase === "settle" || phase === "hold";
    return {
      time,
      force: measured,
      setpoint: sp,
      position: this.garbage ? Number.NaN : this.position(),
      temperature: this.temperature,
      status: {
        ready: !this.estopped,
        moving: (loading && !near) || (phase === "vent" && f > 0),
        atSetpoint: loading && near,
        fault: this.wd !== "ok",
        estop: this.estopped,
      },
    };
  }

  // --- Press ---------------------------------------------------------------------------------------

  async connect(): Promise<void> {
    if (this.closed) throw new PressError("unreachable", `${this.description}: closed; make a new twin`);
    this.advance();
    this.connected = true;
  }

  async read(): Promise<PressSample> {
    this.gate("read");
    const s = this.readRaw();
    if (this.garbage || !Number.isFinite(s.force) || (s.position !== null && !Number.isFinite(s.position))) {
      throw new PressError("garbage", `${this.description}: the press answered a force of ${s.force} N`);
    }
    return s;
  }

  async setForce(force: number, rate: number): Promise<void> {
    this.gate("setForce");
    refuseBadSetpoint(force, rate, this.capacity);
    if (this.estopped) throw new PressError("refused", "e-stop is latched: reset() before loading again");
    if (this.wd !== "ok")
      throw new PressError(
        "device-fault",
        `the press's watchdog tripped (no call for ${this.watchdog} s while loaded): reset() before loading again`,
      );
    this.hydraulics.command(force, rate, this.overshoot);
  }

  async setTemperature(temperature: number): Promise<void> {
    this.gate("setTemperature");
    if (!Number.isFinite(temperature) || temperature <= 0) {
      throw new PressError("refused", `temperature setpoint ${temperature} K is not a temperature > 0 K`);
    }
    // Not heated: accepted and ignored (CONTRACTS §5).
    if (this.heated) this.temperatureSetpoint = temperature;
  }

  async release(): Promise<void> {
    this.gate("release");
    this.hydraulics.vent();
  }

  async estop(): Promise<void> {
    this.gate("estop");
    this.trip();
  }

  async reset(): Promise<void> {
    this.gate("reset");
    this.estopped = false;
    // acknowledges a watchdog fault; a release in progress goes on to zero
    this.wd = "ok";
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
  }

  // --- internals -----------------------------------------------------------------------------------

  private now(): number {
    return this.scheduler.now() / 1000;
  }

  /** Every call: brings the model up to now, then refuses when the link is not there. */
  private gate(verb: string): void {
    this.advance();
    if (this.closed) throw new PressError("link-lost", `${this.description}: ${verb} after close()`);
    if (!this.connected) throw new PressError("link-lost", `${this.description}: ${verb} before connect()`);
    if (this.linkLost) throw new PressError("link-lost", `${this.description}: no answer (link lost)`);
    // the call reached the press: the watchdog is fed
    this.lastCall = this.last;
  }

  private trip(): void {
    this.estopped = true;
    this.hydraulics.dump();
  }

  private position(): number {
    const f = this.hydraulics.force;
    return Math.max(0, this.specimen.thickness(f / this.area) + f / STIFFNESS + this.jumps);
  }

  /** Faults anchored at creation (step undefined: times since the twin started) or at a step's start. */
  private anchor(step: number | undefined, time: number): void {
    for (const p of this.pending) {
      if (p.fired || p.time !== null) continue;
      const at = p.fault.at;
      if (at === undefined) {
        if (step === undefined) p.time = time;
      } else if (at.step === step) {
        p.time = time + at.after;
      }
    }
    // Faults acting from the start take effect now, before anything is integrated.
    this.fire(time);
  }

  private fire(time: number): void {
    for (const p of this.pending) {
      if (p.fired || p.time === null || p.time > time) continue;
      p.fired = true;
      this.apply(p.fault);
    }
  }

  private apply(f: Fault): void {
    const h = this.hydraulics;
    switch (f.kind) {
      case "link-loss":
        this.linkLost = true;
        break;
      case "garbage":
        this.garbage = true;
        break;
      case "estop":
        this.trip();
        break;
      case "stuck-sensor":
        this.stuckForce = h.force;
        break;
      case "leak":
        h.leak = f.value;
        break;
      case "overshoot":
        this.overshoot = f.value;
        break;
      case "fracture": {
        const stack = this.specimen.thickness(h.force / this.area);
        this.jumps -= Math.max(20e-6, FRACTURE_COLLAPSE * stack);
        h.drop(f.value);
        break;
      }
      case "extrusion":
        this.jumps -= f.value;
        break;
    }
  }

  /** Integrates from the last update to now, stopping at every fault's and the watchdog's moment on the way. */
  private advance(): void {
    const to = this.now();
    for (;;) {
      let next = to;
      for (const p of this.pending)
        if (!p.fired && p.time !== null && p.time > this.last && p.time < next) next = p.time;
      const wd = this.watchdogDue();
      if (wd < next) next = Math.max(this.last, wd);
      this.integrate(next - this.last);
      this.last = next;
      this.fire(next);
      this.watchdogAt(next);
      if (next >= to) return;
    }
  }

  /** When the watchdog acts next [s] (Infinity: not armed). */
  private watchdogDue(): number {
    if (this.watchdog <= 0 || !this.connected) return Infinity;
    if (this.wd === "ok") return this.hydraulics.loading ? this.lastCall + this.watchdog : Infinity;
    if (this.wd === "tripped") return this.wdTrip + this.watchdog;
    return Infinity;
  }

  private watchdogAt(time: number): void {
    const due = this.watchdogDue();
    if (due > time) return;
    if (this.wd === "ok") {
      this.wd = "tripped";
      this.wdTrip = due;
      this.hydraulics.freeze();
    } else if (this.wd === "tripped") {
      this.wd = "releasing";
      this.hydraulics.vent(WATCHDOG_RELEASE_RATE);
    }
  }

  private integrate(dt: number): void {
    if (dt <= 0) return;
    const { peak, held } = this.hydraulics.advance(dt);
    if (!this.specimen.empty) {
      this.specimen.press(peak / this.area, held, this.hydraulics.force / this.area, this.temperature);
    }
    if (this.heated) {
      this.temperature =
        this.temperatureSetpoint +
        (this.temperature - this.temperatureSetpoint) * Math.exp(-dt / THERMAL_LAG);
    }
  }
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The digital twin of a press, on the given scheduler. */
export function createTwin(o: TwinOptions): TwinPress {
  return new TwinPress(o);
}
