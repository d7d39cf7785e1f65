/**
 * The simulator: walks a protocol step by step and asks the physics what each step does to each
 * layer and interface, and what can go wrong. One call = one parameter draw; Monte Carlo
 * (montecarlo.ts) repeats it over sampled parameters.
 */
import {
  isComposite,
  layerClass,
  layerDensity,
  PROP,
  type LayerMaterial,
  type Material,
} from "../../materials/index.js";
import {
  DEFAULT_RAMP_RATE,
  findLayer,
  ROOM_TEMPERATURE,
  type CompiledProtocol,
  type Segment,
  type StepState,
} from "../../protocol/compile.js";
import { limitOf } from "../../protocol/limits.js";
import { isReadyPellet } from "../densification/index.js";
import type { Layer, StepKind } from "../../protocol/types.js";
import type { InterfaceKind, OperationInput, Physics } from "./physics.js";
import {
  cutAtShort,
  predictedShort,
  TimelineRecorder,
  type AssemblyTimeline,
  type PredictedShort,
} from "./timeline.js";

/** Operator time to put a layer into the die [s] (the rates a step names none of come from the compiled protocol). */
const ADD_TIME = 60;
/** Share of the theoretical capacity a cathode delivers in practice (as the planner assumes). */
const PRACTICAL_CAPACITY_FRACTION = 0.7;

interface LayerResult {
  /** Relative density once unloaded [-] (1 for metal foils). */
  relativeDensity: number;
  /** Relative density at the step's pressure [-]. */
  relativeDensityUnderLoad: number;
  /** [m], when the mass or thickness is known. */
  thickness?: number;
  /** [S/m], for ion-conducting layers with a known conductivity. */
  conductivity?: number;
  /** Highest pressure seen so far [Pa]. */
  maxPressure: number;
}

interface InterfaceResult {
  kind: InterfaceKind;
  contactFraction: number;
  /** [Ω m2] */
  asr: number;
}

export interface StepResult {
  step: number;
  text: string;
  kind: StepKind;
  /** [Pa] */
  maxPressure?: number;
  /** [N] */
  maxForce?: number;
  /** Start and end on the assembly timeline [s]. */
  start: number;
  end: number;
  /** Layers in the die at the end of the step, bottom to top. */
  stack: string[];
  /** Die or platen temperature during the step [K] (the cell's while operating). */
  temperature: number;
  /** Highest pressure the protocol's limits allow during the step [Pa], or null when none. */
  pressureLimit: number | null;
  layers: Record<string, LayerResult>;
  interfaces: Record<string, InterfaceResult>;
  /**
   * Estimated resistance of the stack in the die [Ω m2]: layers, interfaces and the composite
   * cathode's charge transfer (for a formed cathode, see `cathodeChargeTransfer`).
   */
  cellResistance?: number;
  /** Charge transfer between the cathode's active particles and its electrolyte [Ω m2 of cell], part of cellResistance. */
  cathodeChargeTransfer?: number;
  /** Probability that the cell is shorted / fractured after this step (cumulative). */
  shortProbability: number;
  fractureProbability: number;
  /** Probability that a co-pressed interface has delaminated on a release (cumulative). */
  laminationProbability: number;
  /** Probabilities added by this step alone. */
  stepShortProbability: number;
  stepFractureProbability: number;
  stepLaminationProbability: number;
  /** Share of a Li foil's volume extruded during this step. */
  extrudedLi?: number;
}

interface OperationSummary {
  step: number;
  min: number;
  max: number;
  swingPerCycle: number;
  /** Signed stack pressure change over one charge [Pa] (+ the stack swells on charge). */
  changePerCharge: number;
  cycles: number;
  /** Median time to short [s]; Infinity when none is predicted. */
  timeToShort: number;
  shortProbability: number;
  contactLoss: number | null;
  /** First time the pressure rises above the band's max [s], or null. */
  overBand: number | null;
  cycling: { capacity: number; current: number; derived: boolean };
  fixture: string;
  series: { time: ArrayLike<number>; pressure: ArrayLike<number> };
  /** Length of the operate step [s] (the series ends earlier when the cell shorts). */
  duration?: number;
}

export interface Simulation {
  steps: StepResult[];
  operation?: OperationSummary;
  /** Pressure programme of the assembly: time [s] and pressure [Pa] at each breakpoint. */
  programme: { time: number[]; pressure: number[] };
  /** Pressure and layer states through every ramp, hold and release (when asked for; see timeline.ts). */
  timeline?: AssemblyTimeline;
  /** The short the nominal prediction makes, if any; the operation trace ends there. */
  short?: PredictedShort;
  citations: string[];
  /** Unknown properties, class defaults and labelled factors the outputs rest on (physics.notes()). */
  notes: string[];
  /**
   * What the inputs do not fix and what was assumed in its place, with the outputs it affects (e.g.
   * a layer thickness that neither its mass nor the protocol gives). Empty when nothing was assumed.
   */
  unknowns: string[];
}

export interface SimulateOptions {
  /** Record the assembly timeline (the shown simulation; Monte Carlo samples leave it out). */
  timeline?: boolean;
  /**
   * Coarse operation trace (2 points per half cycle): Monte Carlo samples, which keep only the trace's
   * summary numbers (min, max, swing, time to short), not its shape.
   */
  coarse?: boolean;
}

interface LayerState {
  layer: Layer;
  maxPressure: number;
  /** Temperature at which the highest pressure was applied [K]. */
  pressTemperature: number;
  /** Li foil thickness after extrusion [m]. */
  foilThickness?: number;
}

interface InterfaceState {
  kind: InterfaceKind;
  maxPressure: number;
  /**
   * Time under pressure [s]. For a metal|electrolyte interface it is the equivalent time at 25 °C:
   * the metal's contact grows by creep, so each second at temperature T counts θ(T) seconds (the
   * creep model's Arrhenius factor).
   */
  timeUnderPressure: number;
}

const softMetal = (l: Layer) => {
  const c = layerClass(l.material);
  return c === "metal-anode" || c === "alloy-anode";
};
const electrolyte = (l: Layer) => layerClass(l.material).endsWith("electrolyte");

function interfaceKind(a: Layer, b: Layer): InterfaceKind {
  if ((softMetal(a) && !softMetal(b)) || (softMetal(b) && !softMetal(a))) return "metal|electrolyte";
  if ((a.role === "cathode" && electrolyte(b)) || (b.role === "cathode" && electrolyte(a)))
    return "cathode|separator";
  return "powder|powder";
}

/** Theoretical density [kg/m3] of a layer, or undefined. */
function theoretical(l: Layer): number | undefined {
  const g = layerDensity(l.material);
  return g === undefined ? undefined : g * 1000;
}

/** Name of the main active component of an electrode. */
function mainMaterial(m: LayerMaterial, cls?: string): Material {
  if (!isComposite(m)) return m;
  const pick = cls ? m.components.find((c) => c.material.class === cls) : undefined;
  return (pick ?? [...m.components].sort((x, y) => y.fraction - x.fraction)[0]!).material;
}

function anodeKind(l: Layer | undefined): OperationInput["anode"]["kind"] {
  if (!l) return "other";
  const n = mainMaterial(l.material).name;
  if (n === "Li") return "Li";
  if (n === "LiIn") return "LiIn";
  if (n === "In") return "In";
  if (/graphite/i.test(n)) return "graphite";
  if (n === "Si") return "Si";
  return "other";
}

/** Per-step segments of a compiled protocol, in order. */
function segmentsByStep(c: CompiledProtocol): Segment[][] {
  const out: Segment[][] = c.steps.map(() => []);
  const index = new Map(c.steps.map((s, i) => [s.step, i]));
  for (const seg of c.segments) out[index.get(seg.step) ?? -1]?.push(seg);
  return out;
}

/**
 * Simulate a compiled protocol with one parameter draw. The stack, temperatures, loads and rates
 * all come from the compiled segments; this file only asks the physics what they do.
 */
export function simulateProtocol(
  protocol: CompiledProtocol,
  physics: Physics,
  options: SimulateOptions = {},
): Simulation {
  const run = new AssemblyRun(protocol, physics, options.timeline === true, options.coarse === true);
  const bySteps = segmentsByStep(protocol);
  protocol.steps.forEach((state, k) => run.step(state, bySteps[k] ?? []));
  return run.result();
}

interface StepRisk {
  short: number;
  fracture: number;
  lamination?: number;
  extruded?: number;
}

/** A press a layer survived, as the fracture model needs it. */
interface SurvivedPress {
  pressure: number;
  softLayerInStack: boolean;
  softLayerLimit?: number;
}

/** A co-pressed interface: the pressure the older layer had seen when they met, and its releases. */
interface InterfaceReleases {
  formationPressure: number;
  releases: { pressure: number; releaseRate?: number }[];
}

/** The state of the die while the simulator walks the segments. */
class AssemblyRun {
  private readonly area: number;
  private readonly stack: string[] = [];
  private readonly layers = new Map<string, LayerState>();
  private readonly interfaces = new Map<string, InterfaceState>();
  private readonly steps: StepResult[] = [];
  private readonly programme = { time: [0], pressure: [0] };
  private t = 0;
  private pressure = 0;
  private temperature = ROOM_TEMPERATURE;
  private shortP = 0;
  private fractureP = 0;
  private laminationP = 0;
  /** Presses each hard layer survived (fracture load history), by layer id. */
  private readonly survivedPresses = new Map<string, SurvivedPress[]>();
  /** Releases of each pair of co-pressed neighbours (lamination history), by "a|b". */
  private readonly interfaceReleases = new Map<string, InterfaceReleases>();
  private operation: OperationSummary | undefined;
  private readonly timeline: TimelineRecorder | undefined;
  /** See Simulation.unknowns (a set: each is reported once). */
  private readonly unknowns = new Set<string>();
  readonly note = (s: string): void => {
    this.unknowns.add(s);
  };

  constructor(
    private readonly protocol: CompiledProtocol,
    private readonly physics: Physics,
    timeline = false,
    private readonly coarse = false,
  ) {
    this.area = protocol.die.area;
    if (timeline) this.timeline = new TimelineRecorder(physics, softMetal, this.thickness);
  }

  result(): Simulation {
    const sim: Simulation = {
      steps: this.steps,
      programme: this.programme,
      citations: this.physics.citations(),
      notes: this.physics.notes(),
      unknowns: [...this.unknowns],
    };
    if (this.operation) sim.operation = this.operation;
    if (this.timeline) sim.timeline = this.timeline.result();
    this.markShort(sim);
    return sim;
  }

  /** The nominal short, and the operation trace ended there (a shorted cell does not cycle). */
  private markShort(sim: Simulation): void {
    const o = sim.operation;
    const seg = o && this.protocol.segments.find((x) => x.step === o.step && x.kind === "operate");
    const duration = seg?.kind === "operate" ? seg.duration : undefined;
    if (o && duration !== undefined) o.duration = duration;
    const short = predictedShort(sim.steps, o, duration);
    if (!short) return;
    sim.short = short;
    if (o) o.series = cutAtShort(o.series, short.phase === "operation" ? short.time : 0);
  }

  private moveTo(target: number, rate: number): void {
    if (target === this.pressure) return;
    this.t += Math.abs(target - this.pressure) / rate;
    this.pressure = target;
    this.programme.time.push(this.t);
    this.programme.pressure.push(this.pressure);
  }

  private dwell(seconds: number): void {
    if (seconds <= 0) return;
    this.t += seconds;
    this.programme.time.push(this.t);
    this.programme.pressure.push(this.pressure);
  }

  /** Density once released, or under a current pressure (default: under the highest pressure). */
  readonly density = (s: LayerState, released: boolean, at?: number): number =>
    // a foil is dense; a soft-metal powder (e.g. Li-In pressed onto the pellet) densifies like a powder
    softMetal(s.layer) && s.layer.form !== "powder"
      ? 1
      : s.maxPressure <= 0
        ? this.physics.relativeDensity(s.layer, 0, s.pressTemperature, true)
        : this.physics.relativeDensity(s.layer, s.maxPressure, s.pressTemperature, released, at);

  readonly thickness = (s: LayerState, rel: number): number | undefined => {
    if (softMetal(s.layer)) {
      const own = s.foilThickness ?? s.layer.thickness;
      if (own !== undefined || s.layer.mass === undefined) return own;
      // a foil or pressed powder given by mass: h = m/(ρ·D·A), ρ the theoretical density (LiIn from
      // its crystal structure), D = 1 for a foil, the densification model's for a powder
      const rho = theoretical(s.layer);
      return rho === undefined ? undefined : s.layer.mass / (rho * rel * this.area);
    }
    // a ready pellet's measured thickness is its own (pressing does not change it)
    if (isReadyPellet(s.layer) && s.layer.thickness !== undefined) return s.layer.thickness;
    if (s.layer.mass !== undefined) {
      const rho = theoretical(s.layer);
      return rho === undefined ? s.layer.thickness : s.layer.mass / (rho * rel * this.area);
    }
    return s.layer.thickness;
  };

  /**
   * A layer's thickness; when neither its mass (with a known density) nor the protocol gives it, an
   * assumed value that is reported in Simulation.unknowns with the outputs it affects.
   */
  readonly knownThickness = (s: LayerState, rel: number, assumed: number, affects: string): number => {
    const th = this.thickness(s, rel);
    if (th !== undefined) return th;
    this.note(
      `thickness of layer "${s.layer.id}" (${s.layer.material.name}) is unknown (no thickness, or a mass without a known density): assumed ${assumed * 1e6} um; affects ${affects}`,
    );
    return assumed;
  };

  private inDie(): LayerState[] {
    return this.stack.map((id) => this.layers.get(id)!);
  }

  /** Interfaces whose two layers are both in the die. */
  /** Adds time under pressure to an interface, creep-equivalent for a metal (see InterfaceState). */
  private underPressure(st: InterfaceState, seconds: number, temperature = this.temperature): void {
    st.timeUnderPressure +=
      st.kind === "metal|electrolyte" ? seconds * this.physics.creepTimeFactor(temperature) : seconds;
  }

  private activeInterfaces(): InterfaceState[] {
    const out: InterfaceState[] = [];
    for (const [key, st] of this.interfaces) {
      const [a, b] = key.split("|");
      if (this.stack.includes(a!) && this.stack.includes(b!)) out.push(st);
    }
    return out;
  }

  /** One step: apply its segments, then record the state at its end. */
  step(state: StepState, segments: Segment[]): void {
    const start = this.t;
    let risk: StepRisk = { short: 0, fracture: 0 };
    let pressed = false;
    let lamination = 0;
    for (const seg of segments) {
      // A press step's physics acts at its load, before the press releases.
      if (state.kind === "press" && !pressed && seg.kind === "release") {
        risk = this.pressEffects(state);
        pressed = true;
      }
      if (seg.kind === "release" && this.pressure > 0)
        lamination = 1 - (1 - lamination) * (1 - this.lamination(this.pressure, seg.rate));
      // pushed out of the die: the locked-in die-wall stress is set free (capping, lamination)
      if (seg.kind === "eject") lamination = 1 - (1 - lamination) * (1 - this.ejection());
      this.apply(seg);
    }
    if (state.kind === "press" && !pressed) risk = this.pressEffects(state);
    let maxPressure: number | undefined = state.kind === "press" ? state.pressure : undefined;
    const op = segments.find((x) => x.kind === "operate");
    if (op?.kind === "operate") {
      const summary = this.operate(state, op);
      this.operation = summary;
      maxPressure = summary.max;
      risk = { short: summary.shortProbability, fracture: 0 };
    }
    risk.lamination = lamination;
    this.shortP = 1 - (1 - this.shortP) * (1 - risk.short);
    this.fractureP = 1 - (1 - this.fractureP) * (1 - risk.fracture);
    this.laminationP = 1 - (1 - this.laminationP) * (1 - (risk.lamination ?? 0));
    const operating = op !== undefined;
    const released = !operating && state.loadAfter === 0;
    const stackPressure = operating ? op.pressure : state.loadAfter;
    const interfacePressure = state.kind === "press" ? (state.pressure ?? 0) : stackPressure;
    const result: StepResult = {
      ...this.snapshot(state, start, stackPressure, released, interfacePressure),
      shortProbability: this.shortP,
      fractureProbability: this.fractureP,
      laminationProbability: this.laminationP,
      stepShortProbability: risk.short,
      stepFractureProbability: risk.fracture,
      stepLaminationProbability: risk.lamination ?? 0,
    };
    if (maxPressure !== undefined) {
      result.maxPressure = maxPressure;
      result.maxForce = maxPressure * this.area;
    }
    if (risk.extruded !== undefined) result.extrudedLi = risk.extruded;
    this.steps.push(result);
  }

  private apply(seg: Segment): void {
    const t0 = this.t;
    const p0 = this.pressure;
    this.applySegment(seg);
    this.timeline?.record(seg, t0, p0, this.t, this.pressure, this.inDie());
  }

  private applySegment(seg: Segment): void {
    switch (seg.kind) {
      case "place":
        this.place(seg.layer, seg.stack);
        this.dwell(ADD_TIME);
        break;
      case "ramp":
        this.temperature = seg.temperature;
        this.moveTo(seg.to, seg.rate);
        break;
      case "hold":
        this.dwell(seg.duration);
        break;
      case "release":
        this.moveTo(0, seg.rate);
        break;
      case "heat":
        this.dwell(seg.duration);
        this.temperature = seg.to;
        break;
      case "wait":
        this.dwell(seg.duration);
        if (this.pressure > 0) for (const st of this.activeInterfaces()) this.underPressure(st, seg.duration);
        break;
      case "operate":
        // the operating pressure acts on every interface for the whole operation
        for (const st of this.activeInterfaces()) {
          st.maxPressure = Math.max(st.maxPressure, seg.pressure);
          this.underPressure(st, seg.duration, seg.cellTemperature);
        }
        break;
      case "prompt":
        break;
      case "eject":
        // the body leaves the die whole; the compiled protocol ends the assembly here
        this.stack.splice(0);
        break;
    }
  }

  /** A layer goes into the die, where the compiled stack puts it. */
  private place(id: string, stackAfter: readonly string[]): void {
    const layer = findLayer(this.protocol, id);
    if (!layer || this.layers.has(id)) return;
    const st: LayerState = { layer, maxPressure: 0, pressTemperature: this.temperature };
    if (softMetal(layer) && layer.thickness !== undefined) st.foilThickness = layer.thickness;
    this.layers.set(id, st);
    this.stack.splice(0, this.stack.length, ...stackAfter.filter((x) => this.layers.has(x)));
    for (let i = 0; i + 1 < this.stack.length; i++) {
      const a = this.layers.get(this.stack[i]!)!.layer;
      const b = this.layers.get(this.stack[i + 1]!)!.layer;
      const key = `${a.id}|${b.id}`;
      if (!this.interfaces.has(key))
        this.interfaces.set(key, { kind: interfaceKind(a, b), maxPressure: 0, timeUnderPressure: 0 });
    }
  }

  /** What a press step does at its load: densities, interfaces, Li intrusion and pellet fracture. */
  private pressEffects(state: StepState): StepRisk {
    const step = state.source;
    if (step.kind !== "press") return { short: 0, fracture: 0 };
    const hold = step.hold ?? 0;
    const rate = step.rampRate ?? DEFAULT_RAMP_RATE;
    const before = new Map(this.inDie().map((s) => [s.layer.id, s.maxPressure]));
    for (const s of this.inDie()) {
      if (step.pressure >= s.maxPressure) {
        s.maxPressure = step.pressure;
        s.pressTemperature = state.temperature;
      }
    }
    for (const st of this.interfaces.values()) st.maxPressure = Math.max(st.maxPressure, step.pressure);
    for (const st of this.activeInterfaces()) this.underPressure(st, hold + step.pressure / rate);
    const intrusion = this.intrusion(step.pressure, hold, before);
    this.formInterfaces(before);
    return { ...intrusion, fracture: this.fracture(state) };
  }

  /**
   * Li foil in the die: creep into the separator's pores (short) and extrusion. The Li meets the pores
   * as they are at each moment of the ramp: until the pressure passes the highest the separator saw
   * before, its porosity is still the earlier one (the separator densifies further only above it), so
   * the intrusion check also runs at that pressure with that porosity, and the worse of the two counts.
   * Without it a ramp past a loose separator's threshold would be judged only by the denser, stronger
   * pores at the top of the ramp.
   */
  private intrusion(
    pressure: number,
    hold: number,
    before: ReadonlyMap<string, number>,
  ): { short: number; extruded?: number } {
    const sep = this.separator();
    let short = 0;
    let extruded: number | undefined;
    for (const s of this.inDie()) {
      if (layerClass(s.layer.material) !== "metal-anode" || !sep) continue;
      const earlier = before.get(sep.layer.id) ?? 0;
      let passing = 0;
      if (earlier > 0 && earlier < pressure) {
        const relThen = this.physics.relativeDensity(
          sep.layer,
          earlier,
          sep.pressTemperature,
          false,
          earlier,
        );
        passing = this.physics.assemblyIntrusion({
          pressure: earlier,
          hold: 0,
          separatorPorosity: 1 - relThen,
          separatorThickness: this.knownThickness(sep, relThen, 1e-3, "Li intrusion during pressing"),
          liThickness: this.knownThickness(s, 1, 50e-6, "Li extrusion during pressing"),
          temperature: this.temperature,
        }).shortProbability;
      }
      const rel = this.density(sep, false, pressure);
      const r = this.physics.assemblyIntrusion({
        pressure,
        hold,
        separatorPorosity: 1 - rel,
        separatorThickness: this.knownThickness(sep, rel, 1e-3, "Li intrusion and extrusion during pressing"),
        liThickness: this.knownThickness(s, 1, 50e-6, "Li extrusion during pressing"),
        temperature: this.temperature,
      });
      short = 1 - (1 - short) * (1 - Math.max(passing, r.shortProbability));
      extruded = r.extrudedFraction;
      s.foilThickness = r.thicknessAfter;
    }
    return extruded === undefined ? { short } : { short, extruded };
  }

  /**
   * Probability that the cell fractures through in this step. The cold-pressed layers in the die are one
   * body pressed together (one trial, not one per layer): it breaks with the largest of its layers'
   * conditional probabilities (each given the presses that layer survived before, so pressing again to
   * the same pressure adds nothing). A sintered pellet is a body of its own; bodies combine as a union.
   */
  private fracture(state: StepState): number {
    const step = state.source;
    if (step.kind !== "press") return 0;
    const soft = this.inDie().filter((s) => softMetal(s.layer));
    const softLimits = soft
      .map((s) => limitOf(s.layer, "assemblyPressureMax")?.value)
      .filter((v): v is number => v !== undefined);
    const load: SurvivedPress = {
      pressure: step.pressure,
      softLayerInStack: soft.length > 0,
      ...(softLimits.length ? { softLayerLimit: Math.min(...softLimits) } : {}),
    };
    let compactBody = 0;
    let survive = 1;
    for (const s of this.inDie()) {
      if (softMetal(s.layer)) continue;
      const history = this.survivedPresses.get(s.layer.id) ?? [];
      const p = this.physics.fractureProbability(s.layer, {
        ...load,
        relativeDensity: this.density(s, false),
        history,
      });
      if (isReadyPellet(s.layer)) survive *= 1 - p;
      else compactBody = Math.max(compactBody, p);
      this.survivedPresses.set(s.layer.id, [...history, load]);
    }
    return 1 - survive * (1 - compactBody);
  }

  /**
   * Neighbours pressed together for the first time form an interface; `before` holds each layer's
   * highest pressure before this press, which sets how well they bond (the older layer's).
   */
  private formInterfaces(before: ReadonlyMap<string, number>): void {
    const die = this.inDie();
    for (let i = 0; i + 1 < die.length; i++) {
      const a = die[i]!.layer.id;
      const b = die[i + 1]!.layer.id;
      if (this.interfaceReleases.has(`${a}|${b}`)) continue;
      this.interfaceReleases.set(`${a}|${b}`, {
        formationPressure: Math.max(before.get(a) ?? 0, before.get(b) ?? 0),
        releases: [],
      });
    }
  }

  /**
   * Probability that a co-pressed interface delaminates as the press releases `pressure` [Pa] at `rate`
   * [Pa/s]: the largest over the co-pressed neighbours in the die (they are one body).
   */
  private lamination(pressure: number, rate: number): number {
    let worst = 0;
    const die = this.inDie();
    for (let i = 0; i + 1 < die.length; i++) {
      const a = die[i]!.layer;
      const b = die[i + 1]!.layer;
      const rec = this.interfaceReleases.get(`${a.id}|${b.id}`);
      if (!rec) continue;
      rec.releases.push({ pressure, releaseRate: rate });
      worst = Math.max(worst, this.physics.laminationProbability(a, b, rec));
    }
    return worst;
  }

  /**
   * Probability that the body in the die caps or delaminates while it is pushed out: every layer with
   * the highest pressure it saw, every co-pressed interface with its formation and highest pressure.
   */
  private ejection(): number {
    const die = this.inDie();
    const interfaces = [];
    for (let i = 0; i + 1 < die.length; i++) {
      const a = die[i]!.layer;
      const b = die[i + 1]!.layer;
      const rec = this.interfaceReleases.get(`${a.id}|${b.id}`);
      const st = this.interfaces.get(`${a.id}|${b.id}`);
      if (!rec || !st) continue; // never pressed together: nothing bonds them
      interfaces.push({ a, b, formationPressure: rec.formationPressure, maxPressure: st.maxPressure });
    }
    return this.physics.ejectionProbability({
      layers: die.map((s) => ({ layer: s.layer, maxPressure: s.maxPressure })),
      interfaces,
    });
  }

  /** The electrolyte layer a Li foil presses against: the first separator or electrolyte in the stack. */
  private separator(): LayerState | undefined {
    return this.inDie().find((s) => s.layer.role === "separator" || electrolyte(s.layer));
  }

  private operate(state: StepState, seg: Extract<Segment, { kind: "operate" }>): OperationSummary {
    return simulateOperation(
      this.protocol,
      state,
      seg,
      this.physics,
      this.inDie(),
      this.density,
      this.thickness,
      this.note,
      this.coarse,
    );
  }

  /**
   * The state at the end of a step: layer densities once released (or under the stack pressure while
   * operating), interfaces under `interfacePressure` (the step's pressure for a press step).
   */
  private snapshot(
    state: StepState,
    start: number,
    stackPressure: number,
    released: boolean,
    interfacePressure: number,
  ): Omit<
    StepResult,
    | "shortProbability"
    | "fractureProbability"
    | "laminationProbability"
    | "stepShortProbability"
    | "stepFractureProbability"
    | "stepLaminationProbability"
  > {
    const layerOut: Record<string, LayerResult> = {};
    let resistance = 0;
    let resistanceKnown = this.stack.length > 0;
    for (const s of this.inDie()) {
      const rel = this.density(s, released, stackPressure);
      const relLoad = this.density(s, false, Math.max(stackPressure, interfacePressure));
      const th = this.thickness(s, rel);
      const out: LayerResult = {
        relativeDensity: rel,
        relativeDensityUnderLoad: relLoad,
        maxPressure: s.maxPressure,
      };
      if (th !== undefined) out.thickness = th;
      if (!softMetal(s.layer)) {
        // at the step's temperature: the die's while assembling, the cell's while operating
        const sigma = this.physics.conductivity(s.layer, rel, stackPressure, state.temperature);
        if (sigma !== undefined) out.conductivity = sigma;
        // Ions cross the separator whole; in a composite electrode the reaction spreads through the
        // layer, whose ionic resistance then counts as L / (3 σ_eff) (uniform-reaction porous electrode).
        if (s.layer.role === "separator") {
          if (sigma !== undefined && sigma > 0 && th !== undefined) resistance += th / sigma;
          else resistanceKnown = false;
        } else if (sigma !== undefined && sigma > 0 && th !== undefined) resistance += th / (3 * sigma);
      }
      layerOut[s.layer.id] = out;
    }
    const ifOut: Record<string, InterfaceResult> = {};
    for (let i = 0; i + 1 < this.stack.length; i++) {
      const a = this.layers.get(this.stack[i]!)!;
      const b = this.layers.get(this.stack[i + 1]!)!;
      const key = `${a.layer.id}|${b.layer.id}`;
      const st = this.interfaces.get(key);
      if (!st) continue;
      const { contactFraction, asr } = this.physics.interface(
        st.kind,
        {
          maxPressure: st.maxPressure,
          pressure: Math.min(interfacePressure, st.maxPressure),
          timeUnderPressure: st.timeUnderPressure,
        },
        { layer: a.layer, relativeDensity: this.density(a, released, stackPressure) },
        { layer: b.layer, relativeDensity: this.density(b, released, stackPressure) },
        // like the conductivity above: the die's temperature while assembling, the cell's while operating
        state.temperature,
      );
      ifOut[key] = { kind: st.kind, contactFraction, asr };
      if (Number.isFinite(asr)) resistance += asr;
      else resistanceKnown = false;
    }
    // Inside a composite cathode, ions cross into the active particles over the electrolyte-covered
    // surface: its charge-transfer resistance adds in series (contact model, cathode.ts; formed cathode).
    let cathodeCt: number | undefined;
    for (const s of this.inDie()) {
      if (s.layer.role !== "cathode") continue;
      const rel = this.density(s, released, stackPressure);
      const th = this.thickness(s, rel);
      const active = mainMaterial(s.layer.material, "cathode-active");
      if (th === undefined || active.class !== "cathode-active") continue;
      const ct = this.physics.cathodeChargeTransfer(s.layer, {
        relativeDensity: rel,
        thickness: th,
        activeShare: activeFractions(s.layer.material, active).volume,
        // like the other interfaces: under the step's pressure for a press step
        history: {
          maxPressure: s.maxPressure,
          pressure: Math.min(interfacePressure, s.maxPressure),
          timeUnderPressure: 0,
        },
        // like the conductivity above: the die's temperature while assembling, the cell's while operating
        temperature: state.temperature,
      });
      if (ct) cathodeCt = (cathodeCt ?? 0) + ct.asr;
    }
    if (cathodeCt !== undefined) resistance += cathodeCt;
    const r: ReturnType<AssemblyRun["snapshot"]> = {
      step: state.step,
      text: state.text,
      kind: state.kind,
      start,
      end: this.t,
      stack: [...this.stack],
      temperature: state.temperature,
      pressureLimit: state.limits.maxPressure,
      layers: layerOut,
      interfaces: ifOut,
    };
    if (resistanceKnown && this.stack.length) r.cellResistance = resistance;
    if (cathodeCt !== undefined) r.cathodeChargeTransfer = cathodeCt;
    return r;
  }
}

function simulateOperation(
  protocol: CompiledProtocol,
  state: StepState,
  seg: Extract<Segment, { kind: "operate" }>,
  physics: Physics,
  inDie: LayerState[],
  density: (s: LayerState, released: boolean) => number,
  thickness: (s: LayerState, rel: number) => number | undefined,
  note: (s: string) => void,
  coarse: boolean,
): OperationSummary {
  const area = protocol.die.area;
  const anode = inDie.find((s) => s.layer.role === "anode");
  const cathode = inDie.find((s) => s.layer.role === "cathode");
  const sep = inDie.find((s) => s.layer.role === "separator") ?? inDie.find((s) => electrolyte(s.layer));
  const cathodeIn = cathode ? cathodeInput(cathode, area, density, thickness, note) : undefined;
  const capacity = seg.cycling?.capacity ?? cathodeIn?.derivedCapacity ?? 2 * 36000; // default 2 mAh/cm2
  const current = seg.cycling?.current ?? capacity / 36000; // C/10: capacity [C/m2] / 10 h
  const fixture = fixtureInput(protocol.fixture);
  const input: OperationInput = {
    fixture,
    area,
    basePressure: seg.pressure,
    duration: seg.duration,
    cycling: { capacity, current },
    anode: anodeInput(anode, area, density, thickness, note),
    temperature: seg.cellTemperature,
    ...(coarse ? { coarse: true } : {}),
  };
  // only a band the protocol writes limits the fixture (a bare pressure is a nominal value)
  const written = state.source.kind === "operate" ? state.source : undefined;
  if (written?.min !== undefined && written.max !== undefined)
    input.band = { min: written.min, max: written.max };
  if (cathodeIn) input.cathode = cathodeIn.input;
  input.layers = inDie.map((s) => stackLayer(s, thickness(s, density(s, false)) ?? 0));
  const op = physics.operation(input);
  const short =
    sep && anode
      ? shortDuringOperation(
          op,
          seg,
          physics,
          anodeKind(anode.layer),
          current,
          sep,
          density,
          thickness,
          seg.cellTemperature,
        )
      : { timeToShort: Infinity, shortProbability: 0 };
  return {
    step: state.step,
    min: op.min,
    max: op.max,
    swingPerCycle: op.swingPerCycle,
    changePerCharge: op.changePerCharge,
    cycles: op.cycles,
    ...short,
    contactLoss: op.contactLoss ? op.contactLoss.time : null,
    overBand: op.overBand ? op.overBand.time : null,
    cycling: { capacity, current, derived: !seg.cycling },
    fixture: fixture.type,
    series: { time: op.time, pressure: op.pressure },
  };
}

/**
 * A layer as the stack's compliance needs it: its dense Young's modulus (a composite's fraction-weighted
 * average; NaN when a component has none, which the stack model then leaves out with a warning) and
 * whether it is a pressed powder (much softer than its crystal) or a dense foil or sintered pellet.
 */
function stackLayer(s: LayerState, thickness: number): NonNullable<OperationInput["layers"]>[number] {
  const m = s.layer.material;
  const parts = isComposite(m)
    ? m.components.map((c) => [c.material, c.fraction] as const)
    : [[m, 1] as const];
  const total = parts.reduce((a, [, f]) => a + f, 0);
  const e = parts.reduce(
    (a, [mat, f]) => a + (f / total) * (mat.properties[PROP.youngsModulus]?.value ?? NaN),
    0,
  );
  const dense = softMetal(s.layer) || s.layer.form !== "powder";
  return { thickness, denseModulus: e * 1e9, form: dense ? "foil" : "pellet", name: s.layer.id };
}

/** Weight and volume fractions of the active material in a cathode layer. */
function activeFractions(m: LayerMaterial, active: Material): { weight: number; volume: number } {
  if (!isComposite(m)) return { weight: 1, volume: 1 };
  const k = m.components.findIndex((c) => c.material.name === active.name);
  const f = m.components[k]?.fraction ?? 0;
  const rhos = m.components.map((c) => c.material.properties[PROP.density]?.value ?? NaN);
  if (m.basis === "weight") {
    const tot = m.components.reduce((sum, c, i) => sum + c.fraction / rhos[i]!, 0);
    return { weight: f, volume: Number.isFinite(tot) ? f / (rhos[k]! * tot) : 0.6 };
  }
  const mass = m.components.map((c, i) => c.fraction * rhos[i]!);
  const tot = mass.reduce((a, b) => a + b, 0);
  return { weight: Number.isFinite(tot) ? mass[k]! / tot : 0.7, volume: f };
}

/**
 * The anode as the stack model needs it. Its thickness comes from the protocol or from its mass,
 * theoretical density and (for a powder) relative density; a graphite composite given by mass also
 * gets its capacity (mass × graphite share × 372 mAh/g) and active volume fraction. A thickness that
 * cannot be known is reported (Simulation.unknowns) with the outputs it affects, and replaced by an
 * assumed 50 um.
 */
function anodeInput(
  anode: LayerState | undefined,
  area: number,
  density: (s: LayerState, released: boolean) => number,
  thickness: (s: LayerState, rel: number) => number | undefined,
  note: (s: string) => void,
): OperationInput["anode"] {
  const kind = anodeKind(anode?.layer);
  if (!anode) return { kind, thickness: 0 };
  const rel = density(anode, false);
  const th = thickness(anode, rel);
  const out: OperationInput["anode"] = { kind, thickness: th ?? 50e-6 };
  if (th === undefined) {
    const affects =
      kind === "graphite"
        ? "the graphite's capacity and so its swelling and the stack pressure swing"
        : kind === "In" || kind === "LiIn"
          ? "the check that the In holds the cycled charge"
          : "the anode's share of the stack model";
    note(
      `thickness of anode "${anode.layer.id}" (${anode.layer.material.name}) is unknown (no thickness, or a mass without a known density): assumed 50 um; affects ${affects}`,
    );
  }
  if (kind === "graphite") {
    const g = mainMaterial(anode.layer.material);
    const f = activeFractions(anode.layer.material, g);
    const spec = g.properties[PROP.specificCapacity]?.value; // mAh/g
    if (anode.layer.mass !== undefined && spec)
      out.capacity = (anode.layer.mass * f.weight * spec * 3600) / area;
    if (isComposite(anode.layer.material) && f.volume > 0) out.activeVolumeFraction = f.volume * rel;
  }
  return out;
}

/** The cathode as the stack model needs it, and the capacity it delivers in practice [C/m2]. */
function cathodeInput(
  cathode: LayerState,
  area: number,
  density: (s: LayerState, released: boolean) => number,
  thickness: (s: LayerState, rel: number) => number | undefined,
  note: (s: string) => void,
): { input: NonNullable<OperationInput["cathode"]>; derivedCapacity?: number } {
  const m = cathode.layer.material;
  const active = mainMaterial(m, "cathode-active");
  const fractions = activeFractions(m, active);
  const spec = active.properties[PROP.specificCapacity]?.value; // mAh/g (theoretical)
  const rel = density(cathode, false);
  const theoretical =
    spec && cathode.layer.mass !== undefined
      ? (cathode.layer.mass * fractions.weight * spec * 3600) / area // C/m2, x = 1 → 0
      : undefined;
  const th = thickness(cathode, rel);
  if (th === undefined)
    note(
      `thickness of cathode "${cathode.layer.id}" (${m.name}) is unknown (no thickness, or a mass without a known density): assumed 50 um; affects the cathode's swelling in the stack pressure swing and its charge-transfer and ionic resistance (left out of the cell resistance)`,
    );
  const input = {
    active: active.name,
    activeVolumeFraction: fractions.volume * rel,
    thickness: th ?? 50e-6,
    capacity: theoretical ?? (2 * 36000) / PRACTICAL_CAPACITY_FRACTION,
  };
  return theoretical === undefined
    ? { input }
    : { input, derivedCapacity: theoretical * PRACTICAL_CAPACITY_FRACTION };
}

function fixtureInput(f: CompiledProtocol["fixture"]): OperationInput["fixture"] {
  if (!f || f.type === "rigid")
    return { type: "rigid", ...(f?.stiffness !== undefined ? { stiffness: f.stiffness } : {}) };
  if (f.type === "spring")
    return {
      type: "spring",
      ...(f.rate !== undefined ? { rate: f.rate } : {}),
      ...(f.preload !== undefined ? { preload: f.preload } : {}),
    };
  return { type: "servo" };
}

/**
 * Time to short along the stack-pressure history: damage dt / t_short(P(t)) accumulates until it
 * reaches 1 (Miner's rule); its probability within the operation from the short model's spread.
 */
function shortDuringOperation(
  op: ReturnType<Physics["operation"]>,
  seg: Extract<Segment, { kind: "operate" }>,
  physics: Physics,
  kind: OperationInput["anode"]["kind"],
  current: number,
  sep: LayerState,
  density: (s: LayerState, released: boolean) => number,
  thickness: (s: LayerState, rel: number) => number | undefined,
  temperature: number,
): { timeToShort: number; shortProbability: number } {
  const anode = kind === "Li" ? "Li" : kind === "LiIn" || kind === "In" ? "alloy" : "other";
  // the separator as assembled (after release): its open porosity is the path Li creeps along
  const rel = density(sep, true);
  const base = {
    separatorPorosity: 1 - rel,
    separatorThickness: thickness(sep, rel) ?? 1e-3,
    currentDensity: current,
    anode,
    temperature, // Li creep, the critical current and the intrusion threshold are thermally activated
  } as const;
  let timeToShort = Infinity;
  let damage = 0;
  const n = op.time.length;
  // Miner sum over the whole trace: the nominal short is where it reaches 1; its total over the
  // operation sets the probability (the pressure varies, so no single pressure's time to short does)
  for (let i = 1; i < n && damage !== Infinity; i++) {
    const dt = op.time[i]! - op.time[i - 1]!;
    const p = 0.5 * (op.pressure[i]! + op.pressure[i - 1]!);
    const ts = physics.timeToShort({ ...base, stackPressure: p });
    const inc = ts === 0 ? Infinity : dt / ts;
    if (timeToShort === Infinity && damage + inc >= 1)
      timeToShort = op.time[i - 1]! + (ts === 0 ? 0 : (1 - damage) * ts);
    damage += inc;
  }
  if (n < 2) {
    timeToShort = physics.timeToShort({ ...base, stackPressure: seg.pressure });
    damage = timeToShort === 0 ? Infinity : seg.duration / timeToShort;
  }
  // the immediate mechanical short is judged at the highest pressure the cell sees (conservative)
  let shortProbability = physics.shortProbability({
    ...base,
    stackPressure: op.max,
    duration: seg.duration,
    damage,
  });
  if (timeToShort <= seg.duration) shortProbability = Math.max(shortProbability, 0.5);
  return { timeToShort, shortProbability };
}
