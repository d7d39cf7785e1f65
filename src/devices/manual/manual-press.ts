/**
 * A manual press: the operator is the actuator. Every setpoint becomes an instruction in the press's
 * own units — tonnes, kN, or the oil gauge in bar/psi for the press's ram — with the pellet pressure
 * beside it, so nobody converts by hand at the press. A typed reading (optional) becomes the measured
 * force; without one the press is taken to be where it was told to be. The press has no sensors of
 * its own: position and temperature are null, and nothing can be released or stopped without the
 * operator, which is why an e-stop here is a message, latched until reset like any other e-stop.
 */
import type { Scheduler } from "../../core/clock.js";
import { forceToGauge, gaugeToForce } from "../../core/conversions.js";
import { SsbError } from "../../core/errors.js";
import { fromUnit, lookupUnit, roundSig, toUnit } from "../../core/units.js";
import type { PressSpec } from "../../protocol/types.js";
import {
  refuseBadSetpoint,
  PressError,
  type Operator,
  type OperatorRequest,
  type Press,
  type PressCapabilities,
  type PressSample,
} from "../press.js";

interface ManualPressOptions {
  operator: Operator;
  scheduler: Scheduler;
  /** Die (pellet) area [m²]. */
  dieArea: number;
  /** The protocol's `press:` (gauge unit, ram diameter, capacity). */
  press?: PressSpec;
}

/**
 * Time an operator takes to open the release valve and let the press come down [s]: the engine's
 * interlock budget for a manual press (it cannot release one itself).
 */
const OPERATOR_RELEASE_TIME = 15;

/** How the operator's gauge reads a force: a force unit (t, kN) or an oil pressure over the ram. */
interface Gauge {
  unit: string;
  /** Force [N] → gauge value in `unit`. */
  show(force: number): number;
  /** Gauge value in `unit` → force [N]. */
  force(value: number): number;
}

function gaugeOf(spec: PressSpec | undefined): Gauge {
  const unit = spec?.gauge ?? "t";
  const def = lookupUnit(unit);
  if (def?.dim === "force") {
    return { unit, show: (f) => toUnit(f, unit, "force"), force: (v) => fromUnit(v, unit, "force") };
  }
  if (def?.dim === "pressure") {
    const ram = spec?.ramDiameter;
    if (ram === undefined) {
      throw new SsbError(
        "usage",
        `the press's gauge reads ${unit} (oil pressure) but the protocol gives no ram diameter`,
        {
          hint: "add the ram (cylinder) diameter under press:, e.g. `ram: 50 mm`, or give the gauge in t or kN",
        },
      );
    }
    return {
      unit,
      show: (f) => toUnit(forceToGauge(f, ram), unit, "pressure"),
      force: (v) => gaugeToForce(fromUnit(v, unit, "pressure"), ram),
    };
  }
  throw new SsbError("usage", `the press's gauge unit "${unit}" is neither a force nor a pressure`, {
    hint: "write the gauge as t, kN, bar or psi under press:",
  });
}

const sig = (x: number, digits = 3): string => String(roundSig(x, digits));

export class ManualPress implements Press {
  readonly description: string;
  readonly capabilities: PressCapabilities;

  private readonly operator: Operator;
  private readonly scheduler: Scheduler;
  private readonly dieArea: number;
  private readonly gauge: Gauge;
  private connected = false;
  private closed = false;
  private estopped = false;
  /** What the operator was last told to set [N]. */
  private target = 0;
  /** The operator's last typed reading, as a force [N]; null when they typed none. */
  private reading: number | null = null;

  constructor(o: ManualPressOptions) {
    if (!(o.dieArea > 0 && Number.isFinite(o.dieArea)))
      throw new RangeError(`dieArea must be > 0 m², got ${o.dieArea}`);
    this.operator = o.operator;
    this.scheduler = o.scheduler;
    this.dieArea = o.dieArea;
    this.gauge = gaugeOf(o.press);
    const capacity = o.press?.capacity ?? null;
    this.description = `manual (gauge in ${this.gauge.unit}${capacity !== null ? `, ${sig(capacity / 9806.65)} t` : ""})`;
    this.capabilities = {
      // The operator pumps at their own pace: the engine says the rate once, it does not stream.
      ramp: true,
      heating: false,
      position: false,
      temperature: false,
      manual: true,
      capacity,
      releaseTime: OPERATOR_RELEASE_TIME,
    };
  }

  async connect(): Promise<void> {
    if (this.closed) throw new PressError("unreachable", "manual press: this session is closed");
    this.connected = true;
  }

  async read(): Promise<PressSample> {
    this.gate("read");
    const force = this.estopped ? 0 : (this.reading ?? this.target);
    const near = Math.abs(force - this.target) <= 0.01 * this.target + 50;
    return {
      time: this.scheduler.now() / 1000,
      force,
      setpoint: this.target,
      position: null,
      temperature: null,
      status: {
        ready: !this.estopped,
        moving: false,
        atSetpoint: !this.estopped && near,
        fault: false,
        estop: this.estopped,
      },
    };
  }

  async setForce(force: number, rate: number): Promise<void> {
    this.gate("setForce");
    refuseBadSetpoint(force, rate, this.capabilities.capacity);
    if (this.estopped) throw new PressError("refused", "e-stop is latched: reset() before loading again");
    const g = this.gauge;
    const shown = `${sig(g.show(force))} ${g.unit}`;
    const also = [
      g.unit === "kN" ? "" : `${sig(force / 1000)} kN`,
      `${sig(force / this.dieArea / 1e6)} MPa on the pellet`,
    ]
      .filter(Boolean)
      .join(", ");
    const pace = `${sig(g.show(rate) * 60, 2)} ${g.unit}/min`;
    const request: OperatorRequest = {
      kind: "reading",
      text: `Set the press to ${shown} (${also}), loading at about ${pace}, and confirm; type the gauge reading if you like`,
      unit: g.unit,
      detail: {
        set: { value: roundSig(g.show(force), 3), unit: g.unit },
        force,
        pressure: force / this.dieArea,
        rate: g.show(rate),
      },
    };
    const answer = await this.ask(request);
    this.target = force;
    this.reading = null;
    if (answer.reading !== undefined) {
      if (!Number.isFinite(answer.reading) || answer.reading < 0) {
        throw new PressError(
          "garbage",
          `the typed reading ${answer.reading} ${g.unit} is not a gauge reading ≥ 0`,
        );
      }
      this.reading = g.force(answer.reading);
    }
  }

  async setTemperature(temperature: number): Promise<void> {
    this.gate("setTemperature");
    // No heated platen: accepted and ignored, as for any unheated press.
    void temperature;
  }

  async release(): Promise<void> {
    this.gate("release");
    await this.ask({
      kind: "confirm",
      text: "Release the press (open the valve) and confirm",
      detail: { set: { value: 0, unit: this.gauge.unit }, force: 0, pressure: 0 },
    });
    this.target = 0;
    this.reading = null;
  }

  async estop(): Promise<void> {
    this.gate("estop");
    this.estopped = true;
    this.target = 0;
    this.reading = null;
    this.operator.tell("EMERGENCY STOP: open the release valve now and keep your hands away from the die");
  }

  async reset(): Promise<void> {
    this.gate("reset");
    if (this.estopped) this.operator.tell("E-stop cleared: the run may load the press again");
    this.estopped = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
  }

  private gate(verb: string): void {
    if (this.closed) throw new PressError("link-lost", `manual press: ${verb} after the session was closed`);
    if (!this.connected) throw new PressError("link-lost", `manual press: ${verb} before connect()`);
  }

  private async ask(request: OperatorRequest): Promise<{ reading?: number }> {
    const answer = await this.operator.ask(request);
    if (!answer.confirmed) {
      throw new PressError("operator-abort", `the operator did not confirm "${request.text}" (${answer.by})`);
    }
    return answer.reading === undefined ? {} : { reading: answer.reading };
  }
}
