/**
 * The run engine: executes a compiled protocol's segments on a Press, supervises every reading,
 * and emits the §6 documents. One control loop (one reading per control period), one state machine
 * (state.ts), one place where setpoints are sent (`command`, which refuses anything above the limit
 * in force), and one safe finalize that every path goes through.
 *
 * SAFE STATE, per path (what the press is left in when `runProtocol` returns):
 * - completed, protocol ending in Operate: held at the Operate pressure (the contract keeps the
 *   finished cell under stack pressure; the caller decides when to release it). Otherwise released:
 *   setpoint 0, `release` set, force below the "released" threshold.
 * - aborted, first stop request ("safe", Ctrl-C once): ramped down to 0 at the protocol's release
 *   rate (the next release segment's, or the default), then `release`, force ≈ 0. During Operate
 *   this removes the stack pressure from the cell, and the reason says so.
 * - aborted, second request ("now", Ctrl-C twice), or during the safe ramp-down: `release` at once.
 * - interlock (over-force): `release` at once (within one reading of the confirmation, < 0.25 s);
 *   if the force is still above the threshold 1 s later, `estop`.
 * - interlock (fracture, extrusion, over-temperature, a setpoint above the limit): `release` at
 *   once; an over-temperature also sets the platen back to room temperature.
 * - fault (link lost, garbage, device fault or e-stop bit, a command refused, the recording failed,
 *   a bug): `release` once; if that fails, `estop` once; each attempt recorded.
 * In every case the engine then waits (bounded by the press's release time) for the force to fall
 * below the "released" threshold, e-stops if it does not, and emits exactly one run-stop, last.
 * The engine never closes the press: the caller owns it.
 */
import type { Scheduler } from "../core/clock.js";
import {
  isSpecimenAware,
  PressError,
  type OperatorAnswer,
  type OperatorRequest,
  type Press,
  type PressSample,
} from "../devices/press.js";
import {
  DEFAULT_RAMP_RATE,
  DEFAULT_RELEASE_RATE,
  findLayer,
  ROOM_TEMPERATURE,
  type CompiledProtocol,
  type Segment,
} from "../protocol/compile.js";
import type { EventKind, RunDocument, RunStatus } from "./documents.js";
import { ejectInstruction } from "./commands.js";
import { describeLimit, forceLimit, kN, MPa, type ForceLimit } from "./limit.js";
import { OperateRecorder, sampleDocument, type SampleContext } from "./recorder.js";
import { StateMachine, type EngineState } from "./state.js";
import { Supervisor, type SuperviseContext, type Trip } from "./supervisor.js";
import { THRESHOLDS as T } from "./thresholds.js";
import { runStartDocument, sha256 } from "./start.js";
import type { RunOptions, RunOutcome } from "./types.js";

/** Run a compiled protocol. Never throws: every failure becomes a run-stop and an outcome. */
export async function runProtocol(options: RunOptions): Promise<RunOutcome> {
  return new Runner(options).run();
}

/** Why the run stops, and how urgently the press must be made safe. */
class StopRun extends Error {
  constructor(
    readonly status: Exclude<RunStatus, "completed" | "interrupted">,
    readonly reason: string,
    /** safe: ramp down; now: release at once; overforce: release, e-stop if it does not fall; link: release or e-stop once, blind. */
    readonly how: "safe" | "now" | "overforce" | "link",
    /** Event kind to record the stop under (null: already recorded). */
    readonly kind: EventKind | null,
  ) {
    super(reason);
    this.name = "StopRun";
  }
}

type Mode = "idle" | "ramp" | "hold" | "release" | "wait" | "operate" | "heat";

const EPS = 1e-9;
/** Heating rate for a press step that names a temperature without a Heat step [K/s] (the compiler's default, 5 °C/min). */
const DEFAULT_HEATING_RATE = 5 / 60;

class Runner {
  private readonly o: RunOptions;
  private readonly c: CompiledProtocol;
  private readonly press: Press;
  private readonly sched: Scheduler;
  private readonly period: number;
  private readonly sampleEvery: number;
  private readonly area: number;
  private readonly sm: StateMachine;
  private readonly sup: Supervisor;
  private readonly ctx: SampleContext;

  private step = 0;
  private stepOpen = false;
  /** connect() succeeded: from here on, every stop makes the press safe. */
  private connected = false;
  private segIndex = -1;
  private limit: ForceLimit = { force: Infinity, what: "nothing limits the force" };
  private maxTemperature: number | null = null;
  /** The last force setpoint sent [N]. */
  private commanded = 0;
  /** What the engine is asking for at this moment [N] (follows a ramp the press makes itself), for the record. */
  private nominal: number | null = null;
  private mode: Mode = "idle";
  private steady: SuperviseContext["steady"] = null;
  private rising: SuperviseContext["rising"] = null;
  private activeTime = 0;
  private nextTick = 0;
  private lastSample: PressSample | null = null;
  private readFailingSince: number | null = null;
  private lastIdleSample = -Infinity;
  private operateRec: OperateRecorder | null = null;
  private sinkFailure: unknown = null;
  private sinkFailureActed = false;
  private temperatureCommanded = ROOM_TEMPERATURE;
  private resumeHook: (() => Promise<void>) | null = null;
  /** Release rate for a safe stop [N/s]: the protocol's, from the segment being run on. */
  private stopRate: number;

  constructor(o: RunOptions) {
    this.o = o;
    this.c = o.compiled;
    this.press = o.press;
    this.sched = o.scheduler;
    this.period = o.controlPeriod ?? 0.1;
    if (!(this.period > 0 && this.period <= 1))
      throw new RangeError(`controlPeriod must be in (0, 1] s, got ${this.period}`);
    this.sampleEvery = Math.max(this.period, o.sampleEvery ?? this.period);
    this.area = this.c.die.area;
    this.stopRate = DEFAULT_RELEASE_RATE * this.area;
    this.sm = new StateMachine(() => this.snapshot());
    const fullScale =
      this.press.capabilities.capacity ??
      o.pressCapacity ??
      this.c.press?.capacity ??
      Math.max(...this.c.segments.map((s) => s.limits.maxForce ?? 0), 10e3);
    this.sup = new Supervisor(fullScale, this.area);
    this.ctx = { run: o.runId, start: this.now(), area: this.area };
  }

  // ───────────────────────── the run ─────────────────────────

  async run(): Promise<RunOutcome> {
    let outcome: RunOutcome = {
      status: "fault",
      reason: "internal error: the run did not finish",
      exitCode: 3,
    };
    try {
      this.emit(runStartDocument(this.o, this.now()));
      if (this.o.sha256 !== undefined && this.o.sha256 !== sha256(this.o.protocolText))
        throw new StopRun(
          "fault",
          "the protocol text does not match the SHA-256 given with it: nothing was sent",
          "now",
          "note",
        );
      this.preflight();
      this.sm.to("connecting");
      if (this.o.connect !== false) await this.pressCall("connect", () => this.press.connect());
      this.connected = true;
      this.sm.to("running");
      this.nextTick = this.sched.now();
      await this.tick();
      await this.runSegments();
      this.sm.to("finishing");
      outcome = await this.finishCompleted();
    } catch (e) {
      outcome = await this.finalizeSafely(this.asStop(e));
    } finally {
      this.closeStep();
      this.emit({
        type: "run-stop",
        run: this.o.runId,
        time: this.now(),
        status: outcome.status,
        reason: outcome.reason,
      });
      if (this.sm.can("stopped")) this.sm.to("stopped");
    }
    return outcome;
  }

  /** Refuse, before anything is sent, what cannot be run safely on this press. */
  private preflight(): void {
    const caps = this.press.capabilities;
    for (const seg of this.c.segments) {
      const heats =
        (seg.kind === "heat" && Math.abs(seg.to - ROOM_TEMPERATURE) > T.temperatureTolerance) ||
        ((seg.kind === "ramp" || seg.kind === "hold") &&
          Math.abs(seg.temperature - ROOM_TEMPERATURE) > T.temperatureTolerance);
      if (heats && !caps.heating)
        throw new StopRun(
          "fault",
          `step ${seg.step} needs a heated press (${(seg.kind === "heat" ? seg.to : seg.temperature) - 273.15} °C) but ${this.press.description} has no heating: nothing was loaded`,
          "now",
          "interlock",
        );
      const target = this.targetOf(seg);
      const limit = this.limitOf(seg);
      if (target !== null && target > limit.force * (1 + EPS))
        throw new StopRun(
          "interlock",
          `step ${seg.step} asks for ${kN(target)} kN (${MPa(target / this.area)} MPa), above the limit in force ${describeLimit(limit, this.area)}: the protocol is unsafe, nothing was loaded`,
          "now",
          "interlock",
        );
      const hot = seg.kind === "heat" ? seg.to : seg.temperature;
      if (seg.limits.maxTemperature !== null && hot > seg.limits.maxTemperature + EPS)
        throw new StopRun(
          "interlock",
          `step ${seg.step} asks for ${(hot - 273.15).toFixed(1)} °C, above the limit in force ${(seg.limits.maxTemperature - 273.15).toFixed(1)} °C: nothing was loaded`,
          "now",
          "interlock",
        );
    }
  }

  private async runSegments(): Promise<void> {
    const startAt = Math.max(1, Math.floor(this.o.startAt ?? 1));
    if (startAt > 1) {
      // replay the die's contents, ejections included: a pellet pushed out before the resume point
      // must not be in the twin's die after it
      for (const seg of this.c.segments)
        if (seg.step < startAt && (seg.kind === "place" || seg.kind === "eject")) this.tellTwin(seg);
      this.event(
        "note",
        `steps 1–${startAt - 1} not executed (start at step ${startAt}): the die is assumed to hold their layers, unloaded`,
      );
    }
    for (const state of this.c.steps) {
      if (state.step < startAt) continue;
      this.openStep(state.step, state.text);
      this.c.segments.forEach((seg, i) => {
        if (seg.step === state.step) this.pending.push(i);
      });
      while (this.pending.length > 0) {
        const i = this.pending.shift() as number;
        await this.segment(i);
      }
      this.closeStep();
    }
  }
  private readonly pending: number[] = [];

  private async segment(index: number): Promise<void> {
    const seg = this.c.segments[index];
    if (!seg) return;
    this.segIndex = index;
    const limit = this.limitOf(seg);
    if (limit.force !== this.limit.force)
      this.event("note", `limit in force from step ${seg.step}: ${describeLimit(limit, this.area)}`);
    this.limit = limit;
    this.maxTemperature = seg.limits.maxTemperature;
    this.snapshot();
    const target = this.targetOf(seg);
    // (1) a segment whose target is above its limit never starts (preflight refuses it too)
    if (target !== null && target > limit.force * (1 + EPS))
      throw new StopRun(
        "interlock",
        `step ${seg.step} asks for ${kN(target)} kN, above the limit in force ${describeLimit(limit, this.area)}`,
        "now",
        "interlock",
      );
    this.updateStopRate(index);
    switch (seg.kind) {
      case "place":
        return this.place(seg);
      case "prompt":
        return this.confirm({ kind: "confirm", text: seg.text });
      case "ramp":
        await this.ensureTemperature(seg.temperature);
        return this.rampTo(seg.toForce, seg.forceRate, seg.duration);
      case "hold":
        return this.hold(seg);
      case "release":
        return this.releaseSegment(seg.rate * this.area, seg.duration);
      case "heat":
        return this.heat(seg);
      case "wait":
        return this.wait(seg.duration);
      case "operate":
        return this.operate(seg);
      case "eject":
        return this.eject(seg);
    }
  }

  // ───────────────────────── segments ─────────────────────────

  private async place(seg: Extract<Segment, { kind: "place" }>): Promise<void> {
    this.setMode("idle");
    const s = this.lastSample;
    // hands go into the die: it must be unloaded (the compiled protocol releases before every Add)
    if (s && s.force > this.sup.zeroForce)
      throw new StopRun(
        "fault",
        `the die is still loaded (${kN(s.force)} kN) when step ${seg.step} asks to add a layer`,
        "now",
        "interlock",
      );
    const where = seg.stack.length > 1 ? ` (on ${seg.position})` : "";
    await this.confirm({ kind: "confirm", text: `Put the ${seg.layer} in the die${where} and confirm` });
    this.tellTwin(seg);
  }

  /** The whole stack leaves the die; as with Add, only by hand and only from an unloaded die. */
  private async eject(seg: Extract<Segment, { kind: "eject" }>): Promise<void> {
    this.setMode("idle");
    // a reading taken now, not the last one of the release: the die is about to be taken out
    const s = await this.tick();
    if (s.force > this.sup.zeroForce)
      throw new StopRun(
        "fault",
        `the die is still loaded (${kN(s.force)} kN) when step ${seg.step} asks to eject the pellet`,
        "now",
        "interlock",
      );
    await this.confirm({ kind: "confirm", text: ejectInstruction(seg.layers) });
    this.tellTwin(seg);
  }

  private tellTwin(seg: Extract<Segment, { kind: "place" | "eject" }>): void {
    if (!isSpecimenAware(this.press)) return;
    if (seg.kind === "eject") return this.press.ejectAll();
    const layer = findLayer(this.c, seg.layer);
    if (layer) this.press.placeLayer(layer, seg.position);
  }

  /** Ask the operator (or answer for them with --yes), supervising the press while they think. */
  private async confirm(request: OperatorRequest): Promise<void> {
    this.setMode(this.commanded > 0 ? "wait" : "idle");
    if (this.o.yes && !this.press.capabilities.manual) {
      this.event("operator", `--yes answered: ${request.text}`);
      return;
    }
    let answer: OperatorAnswer | null = null;
    let failure: unknown = null;
    let settled = false;
    void this.o.operator.ask(request).then(
      (a) => ((answer = a), (settled = true)),
      (e: unknown) => ((failure = e), (settled = true)),
    );
    // let an answer that is already there arrive before the first reading
    await Promise.resolve();
    while (!settled) await this.tick();
    if (failure !== null) throw this.asStop(failure);
    const a = answer as OperatorAnswer | null;
    if (!a || !a.confirmed)
      throw new StopRun(
        "aborted",
        `the operator did not confirm "${request.text}"${a ? ` (${a.by})` : ""}`,
        "safe",
        "operator",
      );
    const reading =
      a.reading !== undefined ? `, reading ${a.reading}${request.unit ? ` ${request.unit}` : ""}` : "";
    this.event("operator", `${a.by} confirmed: ${request.text}${reading}`);
  }

  /** Ramp to `target` [N] at `rate` [N/s]: the press's own ramp, or setpoints streamed every period. */
  private async rampTo(target: number, rate: number, nominal: number): Promise<void> {
    this.setMode("ramp");
    const from = this.commanded;
    const dir = Math.sign(target - from);
    const start = this.activeTime;
    const timeout = nominal * T.reachTimeoutFactor + T.reachTimeoutExtra;
    const stream = !this.press.capabilities.ramp && !this.press.capabilities.manual;
    let sp = from;
    // loading up on an automatic press: the force should only rise (a manual press's readings are typed in)
    this.rising = dir > 0 && !this.press.capabilities.manual ? { since: this.now() } : null;
    if (!stream) {
      await this.command(target, rate);
      this.resumeHook = () => this.command(target, rate);
    } else this.resumeHook = null;
    for (;;) {
      const s = await this.tick();
      const elapsed = this.activeTime - start;
      if (stream) {
        if (sp !== target) {
          sp =
            dir > 0 ? Math.min(target, sp + rate * this.period) : Math.max(target, sp - rate * this.period);
          await this.command(sp, rate);
        }
        this.nominal = sp;
      } else {
        const along = from + dir * rate * elapsed;
        this.nominal = dir > 0 ? Math.min(target, along) : Math.max(target, along);
      }
      const arrived = sp === target || !stream;
      if (arrived && this.within(s.force, target) && this.nominal === target) break;
      if (elapsed > timeout)
        throw new StopRun(
          "fault",
          `the press did not reach ${kN(target)} kN within ${timeout.toFixed(0)} s (measured ${kN(s.force)} kN): leak, empty die or stuck valve?`,
          "now",
          "interlock",
        );
    }
    this.resumeHook = null;
    this.rising = null;
    this.nominal = target;
  }

  private async hold(seg: Extract<Segment, { kind: "hold" }>): Promise<void> {
    const target = seg.force;
    const rate = this.lastRate();
    if (Math.abs(this.commanded - target) > EPS) await this.rampTo(target, rate, 0);
    this.setMode("hold");
    this.nominal = target;
    const positionMode = seg.mode === "position" && this.press.capabilities.position;
    if (seg.mode === "position" && !positionMode)
      this.event(
        "note",
        `step ${seg.step} holds at position, but the press measures no ram position: holding the force instead`,
      );
    this.o.operator.tell(`Holding ${MPa(seg.pressure)} MPa (${kN(target)} kN) for ${seg.duration} s`, {
      force: target,
      pressure: seg.pressure,
      hold: seg.duration,
    });
    this.resumeHook = () => this.command(this.commanded, rate);
    let start: number | null = null;
    let pos0: number | null = null;
    let sp = target;
    let lastCommand = this.activeTime;
    let lowSince: number | null = null;
    let lowNoted = false;
    const reachBy = this.activeTime + T.reachTimeoutExtra;
    for (;;) {
      const s = await this.tick();
      if (start === null) {
        if (this.within(s.force, target)) {
          start = this.activeTime;
          pos0 = s.position;
          this.steady = { target, since: s.time };
        } else if (this.activeTime > reachBy)
          throw new StopRun(
            "fault",
            `the press did not settle at ${kN(target)} kN within ${T.reachTimeoutExtra} s (measured ${kN(s.force)} kN)`,
            "now",
            "interlock",
          );
        continue;
      }
      if (this.activeTime - start >= seg.duration - EPS) break;
      if (positionMode && pos0 !== null && s.position !== null) {
        // ram lower than at the start (creep) → less force: a proportional trim, bounded in rate, by the target and by the limit
        const maxStep = T.positionTrimRate * target * this.period;
        const trim = Math.max(
          -maxStep,
          Math.min(maxStep, T.positionTrimGain * (s.position - pos0) * target * this.period),
        );
        const bounded = Math.max(0, Math.min(target, this.limit.force, sp + trim));
        if (Math.abs(bounded - sp) > EPS) {
          sp = bounded;
          await this.command(sp, rate);
          this.nominal = sp;
          lastCommand = this.activeTime;
        }
      } else if (
        // a manual press's setpoint is an instruction to a person: said once, never repeated
        !this.press.capabilities.manual &&
        (this.activeTime - lastCommand >= T.recommandEvery - EPS || this.pressDrifted(s))
      ) {
        await this.command(sp, rate);
        lastCommand = this.activeTime;
      }
      if (!positionMode) {
        if (s.force < target * (1 - T.lowForceFraction)) lowSince ??= this.activeTime;
        else lowSince = null;
        if (!lowNoted && lowSince !== null && this.activeTime - lowSince >= T.lowForceNoteAfter) {
          lowNoted = true;
          this.event(
            "note",
            `force ${kN(s.force)} kN has been more than ${T.lowForceFraction * 100} % below the target ${kN(target)} kN for ${T.lowForceNoteAfter} s: leak?`,
          );
        }
      }
    }
    this.steady = null;
    this.resumeHook = null;
  }

  private async releaseSegment(rate: number, nominal: number): Promise<void> {
    this.setMode("release");
    this.steady = null;
    // a manual press is released by its operator opening the valve: one instruction, not a ramp to 0
    if (this.commanded > 0 && !this.press.capabilities.manual) await this.rampTo(0, rate, nominal);
    this.setMode("release");
    await this.pressCall("release", () => this.press.release());
    this.commanded = 0;
    this.nominal = 0;
    await this.waitReleased();
  }

  private heat(seg: Extract<Segment, { kind: "heat" }>): Promise<void> {
    return this.heatTo(seg.from, seg.to, seg.rate, seg.duration);
  }

  /**
   * Move the platen from `from` to `to` [K] at `rate` [K/s] (setpoint streamed once a second), then
   * wait until the measured temperature is within tolerance; bounded by the nominal time × a factor.
   */
  private async heatTo(from: number, to: number, rate: number, nominal: number): Promise<void> {
    const mode = this.mode;
    this.setMode(this.commanded > 0 ? "wait" : "heat");
    const dir = Math.sign(to - from);
    const start = this.activeTime;
    let lastSent = -Infinity;
    let sp = from;
    const timeout = nominal * T.heatTimeoutFactor + T.heatTimeoutExtra;
    for (;;) {
      const s = await this.tick();
      const elapsed = this.activeTime - start;
      const along = from + dir * rate * elapsed;
      const next = dir > 0 ? Math.min(to, along) : Math.max(to, along);
      // a platen needs no 10 Hz setpoints: one per second, and the final one at once
      if (next !== sp && (next === to || elapsed - lastSent >= 1)) {
        sp = next;
        lastSent = elapsed;
        await this.setTemperature(sp);
      } else if (sp === to && this.temperatureCommanded !== to) await this.setTemperature(to);
      if (sp === to) {
        if (!this.press.capabilities.temperature || s.temperature === null) {
          if (elapsed >= nominal - EPS) break;
        } else if (Math.abs(s.temperature - to) <= T.temperatureTolerance) break;
      }
      if (elapsed > timeout)
        throw new StopRun(
          "fault",
          `the platen did not reach ${(to - 273.15).toFixed(1)} °C within ${timeout.toFixed(0)} s`,
          "now",
          "interlock",
        );
    }
    this.setMode(mode);
  }

  /** A press step at a temperature: bring the platen there first (it has no heat segment of its own). */
  private async ensureTemperature(temperature: number): Promise<void> {
    if (Math.abs(temperature - this.temperatureCommanded) <= T.temperatureTolerance) return;
    if (!this.press.capabilities.heating) return;
    const from = this.lastSample?.temperature ?? this.temperatureCommanded;
    await this.heatTo(
      from,
      temperature,
      DEFAULT_HEATING_RATE,
      Math.abs(temperature - from) / DEFAULT_HEATING_RATE,
    );
  }

  private async setTemperature(t: number): Promise<void> {
    if (this.maxTemperature !== null && t > this.maxTemperature + EPS)
      throw new StopRun(
        "interlock",
        `refused to set the platen to ${(t - 273.15).toFixed(1)} °C, above the limit in force`,
        "now",
        "interlock",
      );
    await this.pressCall("setTemperature", () => this.press.setTemperature(t));
    this.temperatureCommanded = t;
  }

  private async wait(duration: number): Promise<void> {
    const loaded = this.commanded > 0;
    this.setMode(loaded ? "wait" : "idle");
    const start = this.activeTime;
    let lastCommand = start;
    if (loaded) {
      this.steady = { target: this.commanded, since: this.now() };
      this.resumeHook = () => this.command(this.commanded, this.lastRate());
    }
    while (this.activeTime - start < duration - EPS) {
      const s = await this.tick();
      if (
        loaded &&
        !this.press.capabilities.manual &&
        (this.activeTime - lastCommand >= T.recommandEvery - EPS || this.pressDrifted(s))
      ) {
        await this.command(this.commanded, this.lastRate());
        lastCommand = this.activeTime;
      }
    }
    this.steady = null;
    this.resumeHook = null;
  }

  private async operate(seg: Extract<Segment, { kind: "operate" }>): Promise<void> {
    const target = seg.force;
    const duration = this.o.operateFor ?? seg.duration;
    const rate = DEFAULT_RAMP_RATE * this.area;
    await this.rampTo(target, rate, Math.abs(target - this.commanded) / rate);
    this.setMode("operate");
    this.nominal = target;
    const rec = new OperateRecorder((d) => this.emit(d), this.area);
    this.operateRec = rec;
    this.steady = { target, since: this.now() };
    this.resumeHook = () => this.command(target, rate);
    const lo = seg.min * this.area;
    const hi = seg.max * this.area;
    const n = Math.max(1, Math.round(T.bandWindow / this.period));
    const margin = (T.bandNoiseSigmas * this.sup.sigma) / Math.sqrt(n);
    const recent: number[] = [];
    let out = false;
    let outSince = 0;
    let extreme = 0;
    const start = this.activeTime;
    let lastCommand = start;
    while (this.activeTime - start < duration - EPS) {
      const s = await this.tick();
      recent.push(s.force);
      if (recent.length > n) recent.shift();
      const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
      if (!out && recent.length === n && (mean < lo - margin || mean > hi + margin)) {
        out = true;
        outSince = this.activeTime;
        extreme = mean;
        rec.leave();
        this.event(
          "band",
          `stack pressure ${MPa(mean / this.area)} MPa left the band ${MPa(seg.min)}..${MPa(seg.max)} MPa`,
        );
      } else if (out) {
        extreme = mean < lo ? Math.min(extreme, mean) : Math.max(extreme, mean);
        if (mean >= lo - margin / 2 && mean <= hi + margin / 2) {
          out = false;
          rec.back(s.time - this.ctx.start);
          this.event(
            "band",
            `stack pressure back in the band ${MPa(seg.min)}..${MPa(seg.max)} MPa after ${(this.activeTime - outSince).toFixed(1)} s (furthest ${MPa(extreme / this.area)} MPa)`,
          );
        }
      }
      if (
        !this.press.capabilities.manual &&
        (this.activeTime - lastCommand >= T.recommandEvery - EPS || this.pressDrifted(s))
      ) {
        await this.command(target, rate);
        lastCommand = this.activeTime;
      }
    }
    rec.flush();
    this.operateRec = null;
    this.resumeHook = null;
  }

  /** The end of a completed protocol: released, or held under the Operate pressure. */
  private async finishCompleted(): Promise<RunOutcome> {
    const last = this.c.segments[this.c.segments.length - 1];
    if (last?.kind === "operate" && this.commanded > 0) {
      this.event(
        "note",
        `the cell stays under ${MPa(this.commanded / this.area)} MPa stack pressure (${kN(this.commanded)} kN), as the Operate step asks; the press is not released`,
      );
      return {
        status: "completed",
        reason: "completed; the cell is held at the Operate pressure",
        exitCode: 0,
      };
    }
    this.steady = null;
    // After an Eject the die is out of the press, which was found unloaded before it (eject()
    // refuses otherwise) and has not been loaded since: asking an operator to open the valve once
    // more would only be noise. An automatic press still gets its release below: it costs nothing.
    if (last?.kind === "eject" && this.press.capabilities.manual && this.commanded === 0) {
      this.event("note", `the die was taken out of the press at step ${last.step}: nothing left to release`);
      return { status: "completed", reason: "completed; the pellet is out of the die", exitCode: 0 };
    }
    if (this.commanded > 0 && !this.press.capabilities.manual)
      await this.rampTo(0, this.stopRate, this.commanded / this.stopRate);
    await this.pressCall("release", () => this.press.release());
    this.commanded = 0;
    this.nominal = 0;
    await this.waitReleased();
    return { status: "completed", reason: "completed; the press is released", exitCode: 0 };
  }

  // ───────────────────────── the control loop ─────────────────────────

  /**
   * One control period: wait, read, record, supervise, obey stop and pause requests. Returns only
   * with a good reading; while paused it keeps reading, recording and supervising, and returns
   * after the resume. Throws StopRun on a trip or a stop request.
   */
  private async tick(): Promise<PressSample> {
    for (;;) {
      await this.waitPeriod();
      const s = await this.readSupervised();
      if (s) {
        this.lastSample = s;
        this.record(s);
        const trip = this.sup.check(s, {
          limit: this.limit,
          maxTemperature: this.maxTemperature,
          steady: this.steady,
          rising: this.mode === "ramp" ? this.rising : null,
        });
        if (trip) throw this.tripToStop(trip);
      }
      if (this.sinkFailure !== null && !this.sinkFailureActed) {
        this.sinkFailureActed = true;
        throw new StopRun("fault", `recording the run failed: ${message(this.sinkFailure)}`, "now", null);
      }
      const sig = this.o.signal;
      if (sig?.stopRequested)
        throw new StopRun(
          "aborted",
          sig.stopReason ?? "stop requested",
          sig.stopRequested === "now" ? "now" : "safe",
          "operator",
        );
      const wasPaused = this.sm.state === "paused";
      if (sig?.pauseRequested && this.sm.state === "running") await this.enterPause(s);
      else if (!sig?.pauseRequested && wasPaused) await this.leavePause();
      if (this.sm.state === "paused") continue;
      this.activeTime += this.period;
      if (s) return s;
    }
  }

  private async enterPause(s: PressSample | null): Promise<void> {
    this.sm.to("pausing");
    this.event("operator", `paused at step ${this.step}: the load in force is held, timers stop`);
    // a ramp the press makes itself is stopped where the force is now (never above what was asked)
    if (this.mode === "ramp" && this.press.capabilities.ramp && s) {
      const here = Math.max(0, Math.min(s.force, this.commanded));
      await this.command(here, this.stopRate);
      this.nominal = here;
    }
    this.sm.to("paused");
  }

  private async leavePause(): Promise<void> {
    this.sm.to("running");
    this.event("operator", `resumed at step ${this.step}`);
    this.sup.resetHistory();
    if (this.steady) this.steady = { ...this.steady, since: this.now() };
    if (this.rising) this.rising = { since: this.now() };
    if (this.resumeHook) await this.resumeHook();
  }

  private async waitPeriod(): Promise<void> {
    const now = this.sched.now();
    this.nextTick += this.period * 1000;
    // late by more than a period (a slow press answer): do not burst to catch up
    if (this.nextTick < now) this.nextTick = now;
    await this.sched.sleep(this.nextTick - now);
  }

  /** A reading, or null while garbage is within its grace; throws StopRun when the link is gone. */
  private async readSupervised(): Promise<PressSample | null> {
    let s: PressSample;
    try {
      s = await this.press.read();
      if (![s.force, s.time].every(Number.isFinite) || !s.status)
        throw new PressError(
          "garbage",
          `the press answered a reading that makes no sense (force ${s.force} N)`,
        );
    } catch (e) {
      if (e instanceof StopRun) throw e;
      if (e instanceof PressError && e.code !== "garbage") throw this.pressStop(e, "read");
      const now = this.now();
      this.readFailingSince ??= now;
      if (now - this.readFailingSince > T.readFailureGrace)
        throw new StopRun(
          "fault",
          `lost communication: no valid reading for ${T.readFailureGrace} s (${message(e)})`,
          "link",
          "interlock",
        );
      return null;
    }
    this.readFailingSince = null;
    return s;
  }

  /** The only place a force setpoint is sent: nothing above the limit in force, ever. */
  private async command(force: number, rate: number): Promise<void> {
    if (!(force <= this.limit.force * (1 + EPS)))
      throw new StopRun(
        "interlock",
        `refused to command ${kN(force)} kN, above the limit in force ${describeLimit(this.limit, this.area)}`,
        "now",
        "interlock",
      );
    const f = Math.max(0, force);
    const r = rate > 0 && Number.isFinite(rate) ? rate : DEFAULT_RAMP_RATE * this.area;
    await this.pressCall("setForce", () => this.press.setForce(f, r));
    if (this.steady && Math.abs(f - this.commanded) > T.setpointStepFraction * this.steady.target)
      this.steady = { ...this.steady, since: this.now() };
    this.commanded = f;
  }

  private async pressCall(verb: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      throw this.pressStop(e, verb);
    }
  }

  private pressStop(e: unknown, verb: string): StopRun {
    if (e instanceof StopRun) return e;
    if (e instanceof PressError) {
      switch (e.code) {
        case "operator-abort":
          return new StopRun("aborted", `the operator stopped: ${e.message}`, "safe", "operator");
        case "link-lost":
        case "garbage":
        case "unreachable":
          return new StopRun("fault", `lost communication (${verb}): ${e.message}`, "link", "interlock");
        case "device-fault":
          return new StopRun(
            "fault",
            `the press reports a fault (${verb}): ${e.message}`,
            "now",
            "interlock",
          );
        case "refused":
          return new StopRun("fault", `the press refused ${verb}: ${e.message}`, "now", "interlock");
      }
    }
    return new StopRun("fault", `internal error during ${verb}: ${message(e)}`, "now", "note");
  }

  private tripToStop(trip: Trip): StopRun {
    return new StopRun(
      trip.status,
      trip.reason,
      trip.action === "overforce" ? "overforce" : "now",
      "interlock",
    );
  }

  private asStop(e: unknown): StopRun {
    if (e instanceof StopRun) return e;
    if (e instanceof PressError) return this.pressStop(e, "a press call");
    return new StopRun("fault", `internal error: ${message(e)}`, "now", "note");
  }

  // ───────────────────────── finalize ─────────────────────────

  /** Make the press safe after a stop; never throws. */
  private async finalizeSafely(stop: StopRun): Promise<RunOutcome> {
    let reason = stop.reason;
    try {
      if (this.sm.can("stopping")) this.sm.to("stopping");
      if (stop.kind) this.event(stop.kind, stop.reason);
      this.operateRec?.flush();
      this.operateRec = null;
      this.steady = null;
      this.resumeHook = null;
      const wasOperating = this.mode === "operate";
      if (this.connected) {
        if (stop.how === "safe") await this.finalRampDown();
        else if (stop.how === "link") await this.blindRelease();
        else await this.finalRelease(stop.how === "overforce");
        if (this.temperatureCommanded !== ROOM_TEMPERATURE && this.press.capabilities.heating) {
          await this.quiet("setTemperature", () => this.press.setTemperature(ROOM_TEMPERATURE));
        }
      }
      if (wasOperating) reason += "; the cell was released (stack pressure removed)";
    } catch (e) {
      // a bug in the finalize itself: last resort, straight to the press
      reason += `; the safe finalize failed (${message(e)})`;
      await this.quiet("release", () => this.press.release());
    }
    return { status: stop.status, reason, exitCode: 3 };
  }

  /** Ctrl-C once: ramp down at the protocol's release rate; a second request releases at once. */
  private async finalRampDown(): Promise<void> {
    const rate = this.stopRate;
    this.mode = "release";
    const loaded = this.commanded > 0 || (this.lastSample?.force ?? 0) > this.sup.zeroForce;
    if (!loaded) return this.finalRelease(false);
    const stream = !this.press.capabilities.ramp && !this.press.capabilities.manual;
    // from the lower of what was asked and what is there: a ramp down never steps up
    let sp = Math.max(0, Math.min(this.commanded, this.lastSample?.force ?? this.commanded));
    if (this.press.capabilities.manual) return this.finalRelease(false);
    if (!stream) {
      if (!(await this.quiet("setForce", () => this.press.setForce(0, rate))))
        return this.finalRelease(false);
      this.commanded = 0;
    }
    let nominal = sp;
    const bound = sp / rate + this.press.capabilities.releaseTime * T.releaseWaitFactor + T.releaseWaitExtra;
    const threshold = this.sup.overForceThreshold(this.limit);
    const start = this.now();
    for (;;) {
      if (this.o.signal?.stopRequested === "now") {
        this.event("operator", "second stop request: releasing at once");
        break;
      }
      const s = await this.finalTick();
      if (s && (s.force > threshold || s.status.estop || s.status.fault)) {
        this.event(
          "interlock",
          `during the safe stop: ${s.force > threshold ? `force ${kN(s.force)} kN above the limit in force` : "the press reports a fault or e-stop"}; releasing at once`,
        );
        return this.finalRelease(s.force > threshold);
      }
      nominal = Math.max(0, nominal - rate * this.period);
      this.nominal = nominal;
      if (stream && sp > 0) {
        sp = nominal;
        if (!(await this.quiet("setForce", () => this.press.setForce(sp, rate)))) break;
        this.commanded = sp;
      }
      if (s && s.force <= this.sup.zeroForce && (!stream || sp === 0)) break;
      if (this.now() - start > bound) break;
    }
    await this.finalRelease(false);
  }

  /** Vent at once; when the press refuses even that, e-stop. True when the release was accepted. */
  private async releaseOrEstop(): Promise<boolean> {
    this.mode = "release";
    this.nominal = 0;
    const released = await this.quiet("release", () => this.press.release());
    this.commanded = 0;
    if (!released) await this.quiet("estop", () => this.press.estop(), true);
    return released;
  }

  /** Release at once and wait (bounded) for zero; after an over-force, e-stop if it does not fall within 1 s. */
  private async finalRelease(overforce: boolean): Promise<void> {
    if (!(await this.releaseOrEstop())) return;
    const threshold = this.sup.overForceThreshold(this.limit);
    const start = this.now();
    const bound = this.press.capabilities.releaseTime * T.releaseWaitFactor + T.releaseWaitExtra;
    let fails = 0;
    for (;;) {
      const s = await this.finalTick();
      if (!s) fails += 1;
      else if (s.force <= this.sup.zeroForce) return;
      const t = this.now() - start;
      if (overforce && s && t >= T.overForceEstopAfter - EPS && s.force > threshold) {
        this.event("interlock", `force still ${kN(s.force)} kN ${t.toFixed(2)} s after the release: e-stop`);
        await this.quiet("estop", () => this.press.estop(), true);
        return;
      }
      if (t > bound || fails * this.period > T.readFailureGrace) {
        this.event(
          "interlock",
          `the press did not release within ${bound.toFixed(1)} s (${s ? `${kN(s.force)} kN` : "no reading"}): e-stop`,
        );
        await this.quiet("estop", () => this.press.estop(), true);
        return;
      }
    }
  }

  /** The link is gone: one release, one e-stop if that fails, recorded; then a bounded look. */
  private async blindRelease(): Promise<void> {
    if (!(await this.releaseOrEstop())) return;
    this.event("note", "release sent after the communication failure");
    const bound = this.press.capabilities.releaseTime * T.releaseWaitFactor + T.releaseWaitExtra;
    const start = this.now();
    while (this.now() - start <= bound) {
      const s = await this.finalTick();
      if (s && s.force <= this.sup.zeroForce) return;
    }
    this.event(
      "note",
      "the release could not be confirmed by a reading: check the press before opening the die",
    );
  }

  /** A press call in the finalize: failures are recorded, never thrown. Returns whether it succeeded. */
  private async quiet(verb: string, fn: () => Promise<void>, last = false): Promise<boolean> {
    try {
      await fn();
      if (verb === "estop") this.event("interlock", "e-stop sent");
      return true;
    } catch (e) {
      this.event(
        "note",
        `${verb} failed during the safe stop: ${message(e)}${last ? " — the press may still be loaded: use the press's own e-stop" : ""}`,
      );
      return false;
    }
  }

  /** A reading in the finalize: recorded, never thrown, null on failure. */
  private async finalTick(): Promise<PressSample | null> {
    await this.waitPeriod();
    try {
      const s = await this.press.read();
      if (!Number.isFinite(s.force)) return null;
      this.lastSample = s;
      this.record(s);
      return s;
    } catch {
      return null;
    }
  }

  private async waitReleased(): Promise<void> {
    const bound = this.press.capabilities.releaseTime * T.releaseWaitFactor + T.releaseWaitExtra;
    const start = this.activeTime;
    for (;;) {
      const s = await this.tick();
      if (s.force <= this.sup.zeroForce) return;
      if (this.activeTime - start > bound)
        throw new StopRun(
          "fault",
          `the press did not release within ${bound.toFixed(1)} s (measured ${kN(s.force)} kN)`,
          "now",
          "interlock",
        );
    }
  }

  // ───────────────────────── helpers ─────────────────────────

  private limitOf(seg: Segment): ForceLimit {
    return forceLimit(seg.limits, [
      { force: this.press.capabilities.capacity, what: `press capacity (${this.press.description})` },
      { force: this.o.pressCapacity, what: "press capacity (given to the run)" },
    ]);
  }

  /** The force a segment will command at its most [N] (null: none). */
  private targetOf(seg: Segment): number | null {
    switch (seg.kind) {
      case "ramp":
        return seg.toForce;
      case "hold":
      case "operate":
        return seg.force;
      case "wait":
        return seg.load * this.area;
      default:
        return null;
    }
  }

  /** The ramp rate a hold re-commands with: its own step's ramp [N/s]. */
  private lastRate(): number {
    for (let i = this.segIndex; i >= 0; i--) {
      const s = this.c.segments[i];
      if (s?.kind === "ramp") return s.forceRate;
    }
    return DEFAULT_RAMP_RATE * this.area;
  }

  /** A safe stop ramps down at the rate of the next release the protocol would have made. */
  private updateStopRate(index: number): void {
    for (let i = index; i < this.c.segments.length; i++) {
      const s = this.c.segments[i];
      if (s?.kind === "release") {
        this.stopRate = s.rate * this.area;
        return;
      }
    }
    this.stopRate = DEFAULT_RELEASE_RATE * this.area;
  }

  private within(force: number, target: number): boolean {
    // at zero, "there" is "released": a vented press may rest a little above a load cell's zero
    if (target === 0) return force <= this.sup.zeroForce;
    return Math.abs(force - target) <= T.holdToleranceFraction * target + T.holdToleranceForce;
  }

  /** The press says it follows another setpoint than ours (it restarted, or someone touched it). */
  private pressDrifted(s: PressSample): boolean {
    return s.setpoint !== null && Math.abs(s.setpoint - this.commanded) > 0.005 * this.commanded + 1;
  }

  private setMode(mode: Mode): void {
    this.mode = mode;
    if (mode !== "hold" && mode !== "wait" && mode !== "operate") this.steady = null;
  }

  private record(s: PressSample): void {
    const doc = sampleDocument(this.ctx, s, this.step, this.nominal);
    if (this.operateRec) return this.operateRec.add(doc);
    const pressing = this.mode !== "idle" && this.mode !== "heat";
    const loaded = s.force > this.sup.zeroForce || this.commanded > 0;
    if (pressing || loaded || s.time - this.lastIdleSample >= this.sampleEvery - EPS) {
      if (!pressing && !loaded) this.lastIdleSample = s.time;
      this.emit(doc);
    }
  }

  private openStep(step: number, text: string): void {
    this.step = step;
    this.stepOpen = true;
    this.emit({ type: "step-start", run: this.o.runId, time: this.now(), step, text });
    this.snapshot();
  }

  private closeStep(): void {
    if (!this.stepOpen) return;
    this.stepOpen = false;
    const text = this.c.steps.find((s) => s.step === this.step)?.text ?? "";
    this.emit({ type: "step-end", run: this.o.runId, time: this.now(), step: this.step, text });
  }

  private event(kind: EventKind, text: string): void {
    this.emit({ type: "event", run: this.o.runId, time: this.now(), kind, message: text, step: this.step });
  }

  /** Hands a document to the sink; a sink that throws is noted (and stops the run safely) but never breaks the loop. */
  private emit(doc: RunDocument): void {
    try {
      this.o.sink(doc);
    } catch (e) {
      this.sinkFailure ??= e;
    }
  }

  private snapshot(): void {
    try {
      this.o.onState?.({
        state: this.sm?.state ?? ("idle" as EngineState),
        step: this.step,
        segment: this.segIndex,
      });
    } catch {
      // a display must never stop a press
    }
  }

  /** Unix time [s] on the run's scheduler. */
  private now(): number {
    return this.sched.now() / 1000;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
