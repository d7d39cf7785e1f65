/**
 * The compiled protocol: the one place where a loaded protocol's meaning is worked out. A single
 * pass turns the steps into plain-data segments (place a layer, ramp, hold, release, heat, prompt,
 * wait, operate, eject), each with the stack in the die, the die temperature, the load before and after,
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
import type {
  AddStep,
  EjectStep,
  FixtureSpec,
  HeatStep,
  Layer,
  OperateStep,
  PressSpec,
  PressStep,
  Protocol,
  Step,
  StepKind,
} from "./types.js";

/** Die and platen temperature when nothing heats [K]. */
export const ROOM_TEMPERATURE = 298.15;
/** Ramp rate of a press step that names none [Pa/s]: lab presses load at ~0.1–1 kN/s (1–13 MPa/s on 10 mm). */
export const DEFAULT_RAMP_RATE = 5e6;
/** Release rate of a press or release step that names none [Pa/s], for the same reason. */
export const DEFAULT_RELEASE_RATE = 5e6;
/** Heating or cooling rate of a heat step that names none [K/s] (5 °C/min, a typical platen). */
const DEFAULT_HEATING_RATE = 5 / 60;

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
  /**
   * Order problems found at this step: unknown or duplicate layer, empty die, or a step that needs
   * the die's assembly (add, press, release, operate) after the pellet was ejected.
   */
  orderProblems: ("unknown-layer" | "added-twice" | "empty-die" | "after-eject")[];
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
      reason:
        | "release-step"
        | "step-releases"
        | "before-add"
        | "before-heat"
        | "before-operate"
        | "before-eject"
        | "end";
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
  /** The whole stack pushed out of the die as one body; `layers` (= `stack`) bottom to top. The die is empty after it. */
  | (SegmentBase & { kind: "eject"; layers: string[] })
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

/** Layer lookup tables, built once per layer list (the rules look layers up at every step). */
const INDEX = new WeakMap<Layer[], Map<string, Layer>>();

/** A layer of the compiled protocol by id (layer ids are the user's: never look them up on a plain object). */
export function findLayer(c: Pick<CompiledProtocol, "layers">, id: string): Layer | undefined {
  let index = INDEX.get(c.layers);
  if (!index) INDEX.set(c.layers, (index = new Map(c.layers.map((l) => [l.id, l]))));
  return index.get(id);
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
  if (next.kind === "eject") return "before-eject";
  return undefined;
}

/**
 * Compile a loaded protocol. Never throws: a step that cannot take effect (unknown layer, a layer
 * added twice, an empty die pressed) is recorded in its state's orderProblems, for the checker's
 * step-order rule, and compiling goes on around it.
 */
export function compileProtocol(protocol: Protocol): CompiledProtocol {
  const compiler = new Compiler(protocol);
  protocol.steps.forEach((step, k) => compiler.step(step, protocol.steps[k + 1]));
  const compiled: CompiledProtocol = {
    format: "ssbpress-compiled-1",
    file: protocol.file,
    name: protocol.name,
    die: {
      diameter: protocol.die.diameter,
      area: compiler.area,
      pos: protocol.die.pos,
      ...(protocol.die.rating !== undefined ? { rating: protocol.die.rating } : {}),
      ...(protocol.die.ratingPos ? { ratingPos: protocol.die.ratingPos } : {}),
    },
    layers: [...protocol.layers.values()],
    steps: compiler.states,
    segments: compiler.segments,
    duration: compiler.clock,
  };
  if (protocol.press) compiled.press = protocol.press;
  if (protocol.fixture) compiled.fixture = protocol.fixture;
  return compiled;
}

type ReleaseReason = Extract<Segment, { kind: "release" }>["reason"];

/** The die as the steps go by: what is in it, how hot, how loaded, and what has been pressed how hard. */
class Compiler {
  readonly area: number;
  readonly states: StepState[] = [];
  readonly segments: Segment[] = [];
  clock = 0;
  private readonly stack: string[] = [];
  private readonly seen = new Map<string, number>();
  private readonly limitsOf: Map<string, ReturnType<typeof layerLimits>>;
  private temperature = ROOM_TEMPERATURE;
  private load = 0;
  /** The step that ejected the stack, once one has: the die's assembly is over from then on. */
  private ejectedAt: number | undefined;

  constructor(private readonly protocol: Protocol) {
    this.area = circleArea(protocol.die.diameter);
    this.limitsOf = new Map([...protocol.layers.values()].map((l) => [l.id, layerLimits(l)]));
  }

  /** Assembly limits by stack: most steps leave the stack as it was, and share one object. */
  private readonly assemblyLimits = new Map<string, LimitsInForce>();

  private limits(phase: "assembly" | "operate", operate?: OperateStep): LimitsInForce {
    if (phase === "operate")
      return equipmentAndLayerLimits(this.protocol, this.area, this.stack, this.limitsOf, phase, operate);
    const key = this.stack.join("\u0000");
    let l = this.assemblyLimits.get(key);
    if (!l) {
      l = equipmentAndLayerLimits(this.protocol, this.area, this.stack, this.limitsOf, phase);
      this.assemblyLimits.set(key, l);
    }
    return l;
  }

  private push(seg: Segment): void {
    this.segments.push(seg);
    if ("duration" in seg) this.clock += seg.duration;
  }

  private base(step: Step, limits: LimitsInForce): SegmentBase {
    return { step: step.index, pos: step.pos, stack: [...this.stack], temperature: this.temperature, limits };
  }

  private release(step: Step, rate: number | undefined, reason: ReleaseReason, limits: LimitsInForce): void {
    if (this.load <= 0) return;
    const r = rate ?? DEFAULT_RELEASE_RATE;
    this.push({
      ...this.base(step, limits),
      kind: "release",
      from: this.load,
      rate: r,
      defaultRate: rate === undefined,
      reason,
      duration: this.load / r,
    });
    this.load = 0;
  }

  /** Compile one step into its segments and record the state around it. */
  step(step: Step, next: Step | undefined): void {
    const state: StepState = {
      step: step.index,
      kind: step.kind,
      text: step.text,
      pos: step.pos,
      source: step,
      before: [...this.stack],
      after: [],
      temperature: this.temperature,
      dieTemperatureBefore: this.temperature,
      loadBefore: this.load,
      loadAfter: 0,
      seenBefore: this.stack.map((id) => ({ layer: id, pressure: this.seen.get(id) ?? 0 })),
      limits: this.limits("assembly"),
      orderProblems: [],
    };
    // Steps that build, load or run the cell make no sense once it has left the die. They still
    // compile as written, so that the rules see one problem (this one) rather than a cascade.
    if (
      this.ejectedAt !== undefined &&
      (step.kind === "add" || step.kind === "press" || step.kind === "release" || step.kind === "operate")
    )
      state.orderProblems.push("after-eject");
    switch (step.kind) {
      case "add":
        this.add(step, state);
        break;
      case "press":
        this.press(step, next, state);
        break;
      case "release":
        this.release(step, step.rate, "release-step", state.limits);
        break;
      case "heat":
        this.heat(step, state);
        break;
      case "ask":
        this.push({ ...this.base(step, state.limits), kind: "prompt", text: step.prompt });
        break;
      case "wait":
        this.push({
          ...this.base(step, state.limits),
          kind: "wait",
          duration: step.duration,
          load: this.load,
        });
        break;
      case "operate":
        this.operate(step, state);
        break;
      case "eject":
        this.eject(step, state);
        break;
    }
    state.after = [...this.stack];
    state.loadAfter = this.load;
    this.states.push(state);
  }

  private add(step: AddStep, state: StepState): void {
    this.release(step, undefined, "before-add", state.limits);
    if (!this.protocol.layers.has(step.layer)) state.orderProblems.push("unknown-layer");
    else if (this.stack.includes(step.layer)) state.orderProblems.push("added-twice");
    else if (step.position === "top") this.stack.push(step.layer);
    else this.stack.unshift(step.layer);
    state.limits = this.limits("assembly");
    this.push({
      ...this.base(step, state.limits),
      kind: "place",
      layer: step.layer,
      position: step.position,
    });
  }

  private press(step: PressStep, next: Step | undefined, state: StepState): void {
    // a press step that names a temperature heats the die, which stays at it until a step changes it
    if (step.temperature !== undefined) this.temperature = step.temperature;
    state.temperature = this.temperature;
    state.pressure = step.pressure;
    if (this.stack.length === 0) state.orderProblems.push("empty-die");
    const rate = step.rampRate ?? DEFAULT_RAMP_RATE;
    this.push({
      ...this.base(step, state.limits),
      kind: "ramp",
      from: this.load,
      to: step.pressure,
      rate,
      toForce: step.pressure * this.area,
      forceRate: rate * this.area,
      defaultRate: step.rampRate === undefined,
      duration: Math.abs(step.pressure - this.load) / rate,
    });
    this.load = step.pressure;
    if (step.hold !== undefined && step.hold > 0)
      this.push({
        ...this.base(step, state.limits),
        kind: "hold",
        pressure: step.pressure,
        force: step.pressure * this.area,
        duration: step.hold,
        mode: step.holdMode,
      });
    for (const id of this.stack) this.seen.set(id, Math.max(this.seen.get(id) ?? 0, step.pressure));
    const why = pressEndRelease(step, next);
    if (why) this.release(step, step.releaseRate, why, state.limits);
  }

  private heat(step: HeatStep, state: StepState): void {
    this.release(step, undefined, "before-heat", state.limits);
    const rate = step.rate ?? DEFAULT_HEATING_RATE;
    this.push({
      ...this.base(step, state.limits),
      kind: "heat",
      from: this.temperature,
      to: step.temperature,
      rate,
      defaultRate: step.rate === undefined,
      duration: Math.abs(step.temperature - this.temperature) / rate,
    });
    this.temperature = step.temperature;
    state.temperature = this.temperature;
  }

  /** The die must be unloaded before the stack can be pushed out; afterwards it is empty. */
  private eject(step: EjectStep, state: StepState): void {
    this.release(step, undefined, "before-eject", state.limits);
    if (this.stack.length === 0) state.orderProblems.push("empty-die");
    this.push({ ...this.base(step, state.limits), kind: "eject", layers: [...this.stack] });
    if (this.stack.length > 0) this.ejectedAt = step.index;
    this.stack.length = 0;
  }

  private operate(step: OperateStep, state: StepState): void {
    state.pressure = step.max ?? step.pressure;
    // the cell's temperature while it runs; the die's own temperature is not changed by it
    if (step.temperature !== undefined) state.temperature = step.temperature;
    if (this.stack.length === 0) state.orderProblems.push("empty-die");
    state.limits = this.limits("operate", step);
    const cycling = step.cycling
      ? {
          ...(step.cycling.capacity !== undefined ? { capacity: step.cycling.capacity } : {}),
          ...(step.cycling.current !== undefined ? { current: step.cycling.current } : {}),
        }
      : undefined;
    this.push({
      ...this.base(step, state.limits),
      kind: "operate",
      pressure: step.pressure,
      force: step.pressure * this.area,
      min: step.min ?? step.pressure,
      max: step.max ?? step.pressure,
      duration: step.duration,
      cellTemperature: state.temperature,
      ...(cycling ? { cycling } : {}),
    });
    this.load = step.pressure;
  }
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
