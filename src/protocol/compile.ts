/**
 * The compiled protocol: the one place where a loaded protocol's meaning is worked out. A single
 * pass turns the steps into plain-data segments (place a layer, ramp, hold, release, heat, prompt,
 * wait, operate), each with the stack in the die, the die temperature, the load before and after,
 * targets and rates with the defaults applied, and the limits in force with where each came from.
 * The checker's rules, the simulator, the press settings, the methods text and the run engine all
 * read this and nothing else, so they cannot disagree about what a protocol does.
 *
 * Plain data only (arrays and objects, no Maps, no functions, no shared identities): it survives
 * JSON and structuredClone, crosses worker threads and goes into a run record as it is.
 */
import { circleArea } from "../core/conversions.js";
import type { SourcePos } from "./diagnostics.js";
import { layerLimits, type LimitSource } from "./limits.js";
import type { FixtureSpec, Layer, OperateStep, PressSpec, Protocol, Step, StepKind } from "./types.js";

/** Die and platen temperature when nothing heats [K]. */
export const ROOM_TEMPERATURE = 298.15;
/** Ramp rate of a press step that names none [Pa/s]: lab presses load at ~0.1–1 kN/s (1–13 MPa/s on 10 mm). */
export const DEFAULT_RAMP_RATE = 5e6;
/** Release rate of a press or release step that names none [Pa/s], for the same reason. */
export const DEFAULT_RELEASE_RATE = 5e6;
/** Heating or cooling rate of a heat step that names none [K/s] (5 °C/min, a typical platen). */
export const DEFAULT_HEATING_RATE = 5 / 60;

export type { LimitSource } from "./limits.js";

/** What may be applied at a moment of the protocol, and why. */
export interface LimitsInForce {
  /** Highest pressure on the pellet that may be commanded [Pa]; null when nothing limits it. */
  maxPressure: number | null;
  /** The same as a force on this die [N]. */
  maxForce: number | null;
  /** Highest die or platen temperature [K]; null when nothing limits it. */
  maxTemperature: number | null;
  /**
   * Every limit that applies, lowest first per quantity. Limits with basis "assumption" are listed
   * (the checker warns about them) but do not set maxPressure or maxTemperature.
   */
  sources: LimitSource[];
}

/** One step's effect on the die: the stack and temperature around it and the limits during it. */
export interface StepState {
  /** 1-based step number. */
  step: number;
  kind: StepKind;
  text: string;
  pos: SourcePos;
  /** The step as loaded (plain data: SI values and source positions). */
  source: Step;
  /** Layer ids in the die before and after the step, bottom to top. */
  before: string[];
  after: string[];
  /** Temperature in effect during the step [K] (die or platen; the cell's while operating). */
  temperature: number;
  /** Die temperature before the step [K]. */
  dieTemperatureBefore: number;
  /** Pressure on the stack before and after the step [Pa] (0 when released). */
  loadBefore: number;
  loadAfter: number;
  /** Pressure the step applies [Pa] (press: its target; operate: its band maximum). */
  pressure?: number;
  /** Highest pressure each layer in the die had seen before the step [Pa] (layers in `before`, same order). */
  seenBefore: { layer: string; pressure: number }[];
  limits: LimitsInForce;
  /** Order problems found at this step: unknown or duplicate layer, empty die. */
  orderProblems: ("unknown-layer" | "added-twice" | "empty-die")[];
}

interface SegmentBase {
  /** The step the segment belongs to (1-based). */
  step: number;
  pos: SourcePos;
  /** Layer ids in the die, bottom to top. */
  stack: string[];
  /** Die or platen temperature [K]. */
  temperature: number;
  limits: LimitsInForce;
}

export type Segment =
  | (SegmentBase & { kind: "place"; layer: string; position: "top" | "bottom" })
  | (SegmentBase & {
      kind: "ramp";
      /** [Pa] */ from: number;
      /** [Pa] */ to: number;
      /** [Pa/s] */ rate: number;
      /** [N] */ toForce: number;
      /** [N/s] */ forceRate: number;
      /** True when the rate is the default, not written in the protocol. */
      defaultRate: boolean;
      /** [s] */ duration: number;
    })
  | (SegmentBase & {
      kind: "hold";
      /** [Pa] */ pressure: number;
      /** [N] */ force: number;
      /** [s] */ duration: number;
      mode: "pressure" | "position";
    })
  | (SegmentBase & {
      kind: "release";
      /** [Pa] */ from: number;
      /** [Pa/s] */ rate: number;
      defaultRate: boolean;
      /** Why the press releases: the step says so, or the next step needs an unloaded die. */
      reason: "release-step" | "step-releases" | "before-add" | "before-heat" | "before-operate" | "end";
      /** [s] */ duration: number;
    })
  | (SegmentBase & {
      kind: "heat";
      /** [K] */ from: number;
      /** [K] */ to: number;
      /** [K/s] */ rate: number;
      defaultRate: boolean;
      /** [s] */ duration: number;
    })
  | (SegmentBase & { kind: "prompt"; text: string })
  | (SegmentBase & { kind: "wait"; /** [s] */ duration: number; /** [Pa] */ load: number })
  | (SegmentBase & {
      kind: "operate";
      /** [Pa] */ pressure: number;
      /** [N] */ force: number;
      /** Allowed band [Pa]. */
      min: number;
      max: number;
      /** [s] */ duration: number;
      /** Cell temperature [K]. */
      cellTemperature: number;
      cycling?: { capacity?: number; current?: number };
    });

export type SegmentKind = Segment["kind"];

export interface CompiledProtocol {
  /** Format marker, so a stored compiled protocol says what it is. */
  format: "ssbpress-compiled-1";
  file: string;
  name: string;
  die: { diameter: number; area: number; rating?: number; pos: SourcePos; ratingPos?: SourcePos };
  press?: PressSpec;
  fixture?: FixtureSpec;
  /** The protocol's layers, in the order they are defined. */
  layers: Layer[];
  steps: StepState[];
  segments: Segment[];
  /** Total duration of the assembly and operation [s], at the rates in force. */
  duration: number;
}

/** A layer of the compiled protocol by id (layer ids are the user's: never look them up on a plain object). */
export function findLayer(c: Pick<CompiledProtocol, "layers">, id: string): Layer | undefined {
  return c.layers.find((l) => l.id === id);
}

/** Highest pressure a layer had seen before a step [Pa] (0 when new or not in the die). */
export function seenBefore(state: Pick<StepState, "seenBefore">, id: string): number {
  return state.seenBefore.find((x) => x.layer === id)?.pressure ?? 0;
}

/** The layers with these ids, in the order given. */
export function layersIn(c: Pick<CompiledProtocol, "layers">, ids: readonly string[]): Layer[] {
  const out: Layer[] = [];
  for (const id of ids) {
    const l = findLayer(c, id);
    if (l) out.push(l);
  }
  return out;
}

/** Does the press release at the end of this press step? Yes when asked, or when the next step needs it. */
function pressEndRelease(
  step: Step & { kind: "press" },
  next: Step | undefined,
): Extract<Segment, { kind: "release" }>["reason"] | undefined {
  if (step.release) return "step-releases";
  if (!next) return "end";
  if (next.kind === "add") return "before-add";
  if (next.kind === "heat") return "before-heat";
  if (next.kind === "operate") return "before-operate";
  return undefined;
}

/**
 * Compile a loaded protocol. Never throws: a step that cannot take effect (unknown layer, a layer
 * added twice, an empty die pressed) is recorded in its state's orderProblems, for the checker's
 * step-order rule, and compiling goes on around it.
 */
export function compileProtocol(protocol: Protocol): CompiledProtocol {
  const area = circleArea(protocol.die.diameter);
  const layers = [...protocol.layers.values()];
  const byId = new Map(layers.map((l) => [l.id, l]));
  const limitsOf = new Map(layers.map((l) => [l.id, layerLimits(l)]));

  const stack: string[] = [];
  const seen = new Map<string, number>();
  let temperature = ROOM_TEMPERATURE;
  let load = 0;
  let clock = 0;
  const steps: StepState[] = [];
  const segments: Segment[] = [];

  const limitsFor = (
    ids: readonly string[],
    phase: "assembly" | "operate",
    operate?: OperateStep,
  ): LimitsInForce => equipmentAndLayerLimits(protocol, area, ids, limitsOf, phase, operate);

  const push = (seg: Segment) => {
    segments.push(seg);
    if ("duration" in seg) clock += seg.duration;
  };
  const base = (step: Step, limits: LimitsInForce): SegmentBase => ({
    step: step.index,
    pos: step.pos,
    stack: [...stack],
    temperature,
    limits,
  });
  const release = (
    step: Step,
    rate: number | undefined,
    reason: Extract<Segment, { kind: "release" }>["reason"],
    limits: LimitsInForce,
  ) => {
    if (load <= 0) return;
    const r = rate ?? DEFAULT_RELEASE_RATE;
    push({
      ...base(step, limits),
      kind: "release",
      from: load,
      rate: r,
      defaultRate: rate === undefined,
      reason,
      duration: load / r,
    });
    load = 0;
  };

  protocol.steps.forEach((step, k) => {
    const before = [...stack];
    const seenBefore = before.map((id) => ({ layer: id, pressure: seen.get(id) ?? 0 }));
    const dieTemperatureBefore = temperature;
    const loadBefore = load;
    const orderProblems: StepState["orderProblems"] = [];
    let stepTemperature = temperature;
    let pressure: number | undefined;
    let limits = limitsFor(stack, "assembly");

    switch (step.kind) {
      case "add": {
        release(step, undefined, "before-add", limits);
        if (!byId.has(step.layer)) orderProblems.push("unknown-layer");
        else if (stack.includes(step.layer)) orderProblems.push("added-twice");
        else if (step.position === "top") stack.push(step.layer);
        else stack.unshift(step.layer);
        limits = limitsFor(stack, "assembly");
        push({ ...base(step, limits), kind: "place", layer: step.layer, position: step.position });
        break;
      }
      case "press": {
        if (step.temperature !== undefined) temperature = step.temperature;
        stepTemperature = temperature;
        pressure = step.pressure;
        if (stack.length === 0) orderProblems.push("empty-die");
        const rate = step.rampRate ?? DEFAULT_RAMP_RATE;
        push({
          ...base(step, limits),
          kind: "ramp",
          from: load,
          to: step.pressure,
          rate,
          toForce: step.pressure * area,
          forceRate: rate * area,
          defaultRate: step.rampRate === undefined,
          duration: Math.abs(step.pressure - load) / rate,
        });
        load = step.pressure;
        if (step.hold !== undefined && step.hold > 0)
          push({
            ...base(step, limits),
            kind: "hold",
            pressure: step.pressure,
            force: step.pressure * area,
            duration: step.hold,
            mode: step.holdMode,
          });
        for (const id of stack) seen.set(id, Math.max(seen.get(id) ?? 0, step.pressure));
        const why = pressEndRelease(step, protocol.steps[k + 1]);
        if (why) release(step, step.releaseRate, why, limits);
        break;
      }
      case "release":
        release(step, step.rate, "release-step", limits);
        break;
      case "heat": {
        release(step, undefined, "before-heat", limits);
        const rate = step.rate ?? DEFAULT_HEATING_RATE;
        push({
          ...base(step, limits),
          kind: "heat",
          from: temperature,
          to: step.temperature,
          rate,
          defaultRate: step.rate === undefined,
          duration: Math.abs(step.temperature - temperature) / rate,
        });
        temperature = step.temperature;
        stepTemperature = temperature;
        break;
      }
      case "ask":
        push({ ...base(step, limits), kind: "prompt", text: step.prompt });
        break;
      case "wait":
        push({ ...base(step, limits), kind: "wait", duration: step.duration, load });
        break;
      case "operate": {
        pressure = step.max ?? step.pressure;
        if (step.temperature !== undefined) stepTemperature = step.temperature;
        if (stack.length === 0) orderProblems.push("empty-die");
        limits = limitsFor(stack, "operate", step);
        push({
          ...base(step, limits),
          kind: "operate",
          pressure: step.pressure,
          force: step.pressure * area,
          min: step.min ?? step.pressure,
          max: step.max ?? step.pressure,
          duration: step.duration,
          cellTemperature: stepTemperature,
          ...(step.cycling
            ? {
                cycling: {
                  ...(step.cycling.capacity !== undefined ? { capacity: step.cycling.capacity } : {}),
                  ...(step.cycling.current !== undefined ? { current: step.cycling.current } : {}),
                },
              }
            : {}),
        });
        load = step.pressure;
        break;
      }
    }
    steps.push({
      step: step.index,
      kind: step.kind,
      text: step.text,
      pos: step.pos,
      source: step,
      before,
      after: [...stack],
      temperature: stepTemperature,
      dieTemperatureBefore,
      loadBefore,
      loadAfter: load,
      ...(pressure !== undefined ? { pressure } : {}),
      seenBefore,
      limits,
      orderProblems,
    });
  });

  const compiled: CompiledProtocol = {
    format: "ssbpress-compiled-1",
    file: protocol.file,
    name: protocol.name,
    die: {
      diameter: protocol.die.diameter,
      area,
      pos: protocol.die.pos,
      ...(protocol.die.rating !== undefined ? { rating: protocol.die.rating } : {}),
      ...(protocol.die.ratingPos ? { ratingPos: protocol.die.ratingPos } : {}),
    },
    layers,
    steps,
    segments,
    duration: clock,
  };
  if (protocol.press) compiled.press = protocol.press;
  if (protocol.fixture) compiled.fixture = protocol.fixture;
  return compiled;
}

/**
 * The limits at a moment: the press's force and the die's rating always; the assembly pressure,
 * temperature and hot-die limits of every layer in the die while assembling; while operating, the
 * step's band maximum instead of the assembly limits (CONTRACTS §6).
 */
function equipmentAndLayerLimits(
  protocol: Protocol,
  area: number,
  ids: readonly string[],
  limitsOf: Map<string, ReturnType<typeof layerLimits>>,
  phase: "assembly" | "operate",
  operate?: OperateStep,
): LimitsInForce {
  const sources: LimitSource[] = [];
  const cap = protocol.press?.capacity;
  if (cap !== undefined && area > 0)
    sources.push({
      quantity: "pressure",
      value: cap / area,
      what: "press capacity",
      basis: "equipment",
      citations: [],
      ...(protocol.press?.capacityPos ? { pos: protocol.press.capacityPos } : {}),
    });
  if (protocol.die.rating !== undefined)
    sources.push({
      quantity: "pressure",
      value: protocol.die.rating,
      what: "die rating",
      basis: "equipment",
      citations: [],
      ...(protocol.die.ratingPos ? { pos: protocol.die.ratingPos } : {}),
    });
  if (protocol.press?.maxTemperature !== undefined)
    sources.push({
      quantity: "temperature",
      value: protocol.press.maxTemperature,
      what: "press maximum platen temperature",
      basis: "equipment",
      citations: [],
      pos: protocol.press.pos,
    });
  if (phase === "operate" && operate) {
    sources.push({
      quantity: "pressure",
      value: operate.max ?? operate.pressure,
      what: `operating band maximum of step ${operate.index}`,
      basis: "protocol",
      citations: [],
      pos: operate.bandPos ?? operate.pressurePos,
    });
  }
  for (const id of ids) {
    const l = limitsOf.get(id);
    if (!l) continue;
    if (phase === "assembly" && l.assemblyPressureMax) sources.push(l.assemblyPressureMax);
    if (l.temperatureMax) sources.push(l.temperatureMax);
    if (phase === "assembly" && l.assemblyTemperatureMax) sources.push(l.assemblyTemperatureMax);
  }
  sources.sort((a, b) => a.quantity.localeCompare(b.quantity) || a.value - b.value);
  const lowest = (q: LimitSource["quantity"]) => {
    const v = sources.filter((s) => s.quantity === q && s.basis !== "assumption").map((s) => s.value);
    return v.length ? Math.min(...v) : null;
  };
  const maxPressure = lowest("pressure");
  return {
    maxPressure,
    maxForce: maxPressure === null || !(area > 0) ? null : maxPressure * area,
    maxTemperature: lowest("temperature"),
    sources,
  };
}
