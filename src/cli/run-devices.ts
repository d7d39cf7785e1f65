/**
 * The CLI is the one place that knows every driver: it turns `--press`, `--map`, `--fault` and
 * `--answers` into a Press and an Operator for the engine (which only knows the interface).
 */
import type { Clock, Scheduler } from "../core/clock.js";
import { SsbError } from "../core/errors.js";
import { parseQuantity, type Dimension } from "../core/units.js";
import { oneLine } from "./safe.js";
import type { CompiledProtocol } from "../protocol/compile.js";
import { PressError, type Operator, type Press, type PressCapabilities } from "../devices/press.js";
import { createTwin, parseFault, type Fault, type TwinPress } from "../devices/sim/index.js";
import { AnswersOperator, ManualPress, parseAnswers } from "../devices/manual/index.js";
import { DEFAULT_PRESS_MAP, loadPressMap, type PressMap } from "../devices/modbus/map.js";
import { ModbusPress } from "../devices/modbus/driver.js";
import { parsePressUrl } from "../devices/modbus/url.js";
import { RunControl } from "../engine/index.js";
import { describeFsError, rethrowUnlessFsError, type Io } from "./io.js";

/**
 * A quantity given on the command line (`--operate-for "2 min"`, `--die 10mm`) in SI, with the option
 * named in the message; more than zero (or zero, when `allowZero`).
 */
export function quantityOption(
  text: string,
  dim: Dimension,
  option: string,
  example: string,
  allowZero = false,
): number {
  const q = parseQuantity(text, { dims: [dim], role: option });
  const hint = `e.g. ${option} ${example}`;
  if (!q.ok) throw new SsbError("usage", `${option}: ${q.error.message}`, { hint });
  const v = q.value.value;
  if (!(v > 0 || (allowZero && v === 0)))
    throw new SsbError("usage", `${option} must be more than zero, got "${oneLine(text).slice(0, 40)}"`, {
      hint,
    });
  return v;
}

/** Which press, parsed from --press. */
export type PressChoice = { kind: "sim" } | { kind: "manual" } | { kind: "modbus"; url: string };

/** The twin's press when the protocol names none: a common 10 t lab press [N]. */
const DEFAULT_SIM_CAPACITY = 10 * 9806.65;

async function readText(file: string, what: string, kind: string, io: Io): Promise<string> {
  try {
    return new TextDecoder("utf-8", { fatal: false }).decode(await io.readFile(file));
  } catch (e) {
    rethrowUnlessFsError(e);
    throw new SsbError("io", `${what}: ${describeFsError(file, e, kind)}`);
  }
}

export function parseFaults(specs: string[]): Fault[] {
  return specs.map((s) => parseFault(s));
}

export async function loadMap(file: string | undefined, io: Io): Promise<PressMap> {
  if (file === undefined) return DEFAULT_PRESS_MAP;
  return loadPressMap(file, await readText(file, "--map", "a press map", io));
}

/** The scripted operator of `--answers FILE`, checked now; bound to the run's clock later. */
export async function loadAnswers(file: string, io: Io): Promise<(clock: Clock) => Operator> {
  const answers = parseAnswers(file, await readText(file, "--answers", "an answers file", io));
  return (clock) => new AnswersOperator(answers, clock);
}

const heatedProtocol = (c: CompiledProtocol) =>
  c.press?.kind === "heated" ||
  c.press?.maxTemperature !== undefined ||
  c.segments.some((s) => s.kind === "heat");

/** What the chosen press can do, for `--dry-run` (which never connects). */
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
    tell: (text) => inner.tell(text),
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

export function stopSignal(): RunControl {
  return new RunControl();
}

/** Ctrl-C once: finish safely; twice: release at once. */
export function onInterrupt(signal: RunControl, say: (t: string) => void): { dispose(): void } {
  let count = 0;
  const handler = () => {
    count += 1;
    if (count === 1) {
      say(
        "Ctrl-C: finishing safely (ramping down at the release rate); press Ctrl-C again to release at once",
      );
      signal.requestStop("safe", "stopped by the operator (Ctrl-C): finished safely");
    } else {
      say("Ctrl-C again: releasing at once");
      signal.requestStop("now", "stopped by the operator (Ctrl-C twice): released at once");
    }
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
