/**
 * From a press name ("sim", "manual", "modbus-tcp://…") to a Press: the one factory that both
 * `ssbpress run` and the web server's run manager use, so the two never drift apart. It knows every
 * driver; the engine only knows the Press interface. No I/O here (maps and answers files are read by
 * the caller).
 */
import { SsbError } from "../core/errors.js";
import type { Scheduler } from "../core/clock.js";
import type { CompiledProtocol } from "../protocol/compile.js";
import { PressError, type Operator, type Press, type PressCapabilities } from "./press.js";
import { createTwin, parseFault, type Fault, type TwinPress } from "./sim/index.js";
import { ManualPress } from "./manual/index.js";
import { DEFAULT_PRESS_MAP, type PressMap } from "./modbus/map.js";
import { ModbusPress } from "./modbus/driver.js";
import { parsePressUrl } from "./modbus/url.js";

/** Which press: the digital twin, an operator at a manual press, or a Modbus press at a URL. */
export type PressChoice = { kind: "sim" } | { kind: "manual" } | { kind: "modbus"; url: string };

/** "sim", "manual", "modbus-tcp://…", "modbus-rtu:…" → the choice; undefined for anything else. */
export function pressChoiceOf(text: string): PressChoice | undefined {
  if (text === "sim") return { kind: "sim" };
  if (text === "manual") return { kind: "manual" };
  if (/^modbus-(tcp|rtu):/.test(text)) return { kind: "modbus", url: text };
  return undefined;
}

/** The twin's press when the protocol names none: a common 10 t lab press [N]. */
const DEFAULT_SIM_CAPACITY = 10 * 9806.65;

export function parseFaults(specs: string[]): Fault[] {
  return specs.map((s) => parseFault(s));
}

const heatedProtocol = (c: CompiledProtocol) =>
  c.press?.kind === "heated" ||
  c.press?.maxTemperature !== undefined ||
  c.segments.some((s) => s.kind === "heat");

/** What the chosen press can do, for a dry run (which never connects). */
export function capabilitiesFor(
  choice: PressChoice,
  c: CompiledProtocol,
  map: PressMap | undefined,
): PressCapabilities {
  const capacity = c.press?.capacity ?? (choice.kind === "sim" ? DEFAULT_SIM_CAPACITY : null);
  switch (choice.kind) {
    case "sim":
      return {
        ramp: true,
        heating: heatedProtocol(c),
        position: true,
        temperature: true,
        manual: false,
        capacity,
        releaseTime: 5,
      };
    case "manual":
      return {
        ramp: true,
        heating: false,
        position: false,
        temperature: false,
        manual: true,
        capacity,
        releaseTime: 15,
      };
    case "modbus": {
      const v = (map ?? DEFAULT_PRESS_MAP).values;
      return {
        ramp: v.rampRate !== null,
        heating: v.temperatureSetpoint !== null,
        position: v.position !== null,
        temperature: v.temperature !== null,
        manual: false,
        capacity,
        releaseTime: 5,
      };
    }
  }
}

export interface PressContext {
  compiled: CompiledProtocol;
  scheduler: Scheduler;
  faults: Fault[];
  map: PressMap | undefined;
  operator: Operator;
}

export function makePress(choice: PressChoice, x: PressContext): Press {
  const c = x.compiled;
  switch (choice.kind) {
    case "sim":
      return createTwin({
        scheduler: x.scheduler,
        dieDiameter: c.die.diameter,
        capacity: c.press?.capacity ?? DEFAULT_SIM_CAPACITY,
        heated: heatedProtocol(c),
        faults: x.faults,
      });
    case "manual":
      return new ManualPress({
        operator: x.operator,
        scheduler: x.scheduler,
        dieArea: c.die.area,
        ...(c.press ? { press: c.press } : {}),
      });
    case "modbus":
      return new ModbusPress(parsePressUrl(choice.url), {
        ...(x.map ? { map: x.map } : {}),
        capacity: c.press?.capacity ?? null,
        clock: x.scheduler,
      });
  }
}

/** A press that could not be reached: a device problem (exit 3), nothing was sent. */
export function connectError(press: string, e: unknown): SsbError {
  if (e instanceof SsbError) return e;
  const message = e instanceof PressError ? e.message : String((e as Error)?.message ?? e);
  return new SsbError(
    "device",
    `cannot connect to the press ${press}: ${message}; no command was sent to it (it was only read from, if at all)`,
    {
      hint: "check the address, the cable and that the press (or ssbpress sim-press) is running; try --press sim first",
    },
  );
}

/** An operator whose every answer is also reported (for the run record), e.g. a manual press's. */
export function recordingOperator(
  inner: Operator,
  record: (message: string, time: number) => void,
): Operator {
  return {
    async ask(request) {
      const a = await inner.ask(request);
      const reading =
        a.reading !== undefined ? `, reading ${a.reading}${request.unit ? ` ${request.unit}` : ""}` : "";
      record(`${a.by} ${a.confirmed ? "confirmed" : "did not confirm"}: ${request.text}${reading}`, a.time);
      return a;
    },
    tell: (text, detail) => inner.tell(text, detail),
  };
}

/** The twin's step marker (step-relative faults), when the press is the twin. */
export function stepMarker(press: Press): ((step: number) => void) | undefined {
  const twin = press as Partial<TwinPress>;
  return typeof twin.markStep === "function" ? (n) => twin.markStep!(n) : undefined;
}

/** The protocol's duration with every Operate step shortened to `operateFor` [s]. */
export function shortenedDuration(c: CompiledProtocol, operateFor: number): number {
  let d = 0;
  for (const s of c.segments) {
    if (s.kind === "operate") d += Math.min(s.duration, operateFor);
    else if ("duration" in s) d += s.duration;
  }
  return d;
}
