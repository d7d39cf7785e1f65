/**
 * The simulator: walks a protocol step by step and asks the physics what each step does to each
 * layer and interface, and what can go wrong. One call = one parameter draw; Monte Carlo
 * (montecarlo.ts) repeats it over sampled parameters.
 */
import { circleArea } from "../../core/conversions.js";
import {
  isComposite,
  layerClass,
  layerDensity,
  PROP,
  type LayerMaterial,
  type Material,
} from "../../materials/index.js";
import type { Layer, OperateStep, Protocol, Step, StepKind } from "../../protocol/types.js";
import { ROOM_TEMPERATURE } from "../../protocol/walk.js";
import type { InterfaceKind, OperationInput, Physics } from "./physics.js";

/** Ramp and release rate assumed when a step names none [Pa/s]; heating rate [K/s]; operator time per add [s]. */
export const DEFAULT_RATE = 5e6;
export const DEFAULT_HEATING_RATE = 5 / 60;
export const ADD_TIME = 60;
/** Share of the theoretical capacity a cathode delivers in practice (as the planner assumes). */
export const PRACTICAL_CAPACITY_FRACTION = 0.7;

export interface LayerResult {
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

export interface InterfaceResult {
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
  layers: Record<string, LayerResult>;
  interfaces: Record<string, InterfaceResult>;
  /** Estimated ionic resistance of the stack in the die [Ω m2]: layers plus interfaces. */
  cellResistance?: number;
  /** Probability that the cell is shorted / fractured after this step (cumulative). */
  shortProbability: number;
  fractureProbability: number;
  /** Probabilities added by this step alone. */
  stepShortProbability: number;
  stepFractureProbability: number;
  /** Share of a Li foil's volume extruded during this step. */
  extrudedLi?: number;
}

export interface OperationSummary {
  step: number;
  min: number;
  max: number;
  swingPerCycle: number;
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
}

export interface Simulation {
  steps: StepResult[];
  operation?: OperationSummary;
  /** Pressure programme of the assembly: time [s] and pressure [Pa] at each breakpoint. */
  programme: { time: number[]; pressure: number[] };
  citations: string[];
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

export function simulateProtocol(protocol: Protocol, physics: Physics): Simulation {
  const d = protocol.die.diameter;
  const area = circleArea(d);
  const stack: string[] = [];
  const layers = new Map<string, LayerState>();
  const interfaces = new Map<string, InterfaceState>();
  const steps: StepResult[] = [];
  const programme = { time: [0], pressure: [0] };
  let t = 0;
  let pressure = 0;
  let temperature = ROOM_TEMPERATURE;
  let shortP = 0;
  let fractureP = 0;
  let operation: OperationSummary | undefined;

  const moveTo = (target: number, rate: number) => {
    if (target === pressure) return;
    t += Math.abs(target - pressure) / rate;
    pressure = target;
    programme.time.push(t);
    programme.pressure.push(pressure);
  };
  const dwell = (seconds: number) => {
    if (seconds <= 0) return;
    t += seconds;
    programme.time.push(t);
    programme.pressure.push(pressure);
  };

  /** Density once released, or under a current pressure (default: under the highest pressure). */
  const density = (s: LayerState, released: boolean, at?: number) =>
    softMetal(s.layer)
      ? 1
      : s.maxPressure <= 0
        ? physics.relativeDensity(s.layer, 0, s.pressTemperature, true)
        : physics.relativeDensity(s.layer, s.maxPressure, s.pressTemperature, released, at);

  const thickness = (s: LayerState, rel: number): number | undefined => {
    if (softMetal(s.layer)) return s.foilThickness ?? s.layer.thickness;
    if (s.layer.mass !== undefined) {
      const rho = theoretical(s.layer);
      return rho === undefined ? s.layer.thickness : s.layer.mass / (rho * rel * area);
    }
    return s.layer.thickness;
  };

  /** The electrolyte layer a Li foil presses against (its neighbour in the stack), else any separator. */
  const separatorFor = (): LayerState | undefined => {
    const seps = stack
      .map((id) => layers.get(id)!)
      .filter((s) => s.layer.role === "separator" || electrolyte(s.layer));
    return seps[0];
  };

  /**
   * The state at the end of a step: layer densities once released (or under the stack pressure while
   * operating), interfaces under `interfacePressure` (the step's pressure for a press step).
   */
  const snapshot = (
    step: Step,
    start: number,
    stackPressure: number,
    released: boolean,
    interfacePressure: number,
  ): Omit<
    StepResult,
    "shortProbability" | "fractureProbability" | "stepShortProbability" | "stepFractureProbability"
  > => {
    const layerOut: Record<string, LayerResult> = {};
    let resistance = 0;
    let resistanceKnown = stack.length > 0;
    for (const id of stack) {
      const s = layers.get(id)!;
      const rel = density(s, released, stackPressure);
      const relLoad = density(s, false, Math.max(stackPressure, interfacePressure));
      const th = thickness(s, rel);
      const out: LayerResult = {
        relativeDensity: rel,
        relativeDensityUnderLoad: relLoad,
        maxPressure: s.maxPressure,
      };
      if (th !== undefined) out.thickness = th;
      if (!softMetal(s.layer)) {
        const sigma = physics.conductivity(s.layer, rel, stackPressure);
        if (sigma !== undefined) out.conductivity = sigma;
        // Ions cross the separator whole; in a composite electrode the reaction spreads through the
        // layer, whose ionic resistance then counts as L / (3 σ_eff) (uniform-reaction porous electrode).
        if (s.layer.role === "separator") {
          if (sigma !== undefined && sigma > 0 && th !== undefined) resistance += th / sigma;
          else resistanceKnown = false;
        } else if (sigma !== undefined && sigma > 0 && th !== undefined) resistance += th / (3 * sigma);
      }
      layerOut[id] = out;
    }
    const ifOut: Record<string, InterfaceResult> = {};
    for (let i = 0; i + 1 < stack.length; i++) {
      const a = layers.get(stack[i]!)!;
      const b = layers.get(stack[i + 1]!)!;
      const key = `${a.layer.id}|${b.layer.id}`;
      const st = interfaces.get(key);
      if (!st) continue;
      const { contactFraction, asr } = physics.interface(
        st.kind,
        {
          maxPressure: st.maxPressure,
          pressure: Math.min(interfacePressure, st.maxPressure),
          timeUnderPressure: st.timeUnderPressure,
        },
        { layer: a.layer, relativeDensity: density(a, released, stackPressure) },
        { layer: b.layer, relativeDensity: density(b, released, stackPressure) },
      );
      ifOut[key] = { kind: st.kind, contactFraction, asr };
      resistance += asr;
    }
    const r: ReturnType<typeof snapshot> = {
      step: step.index,
      text: step.text,
      kind: step.kind,
      start,
      end: t,
      layers: layerOut,
      interfaces: ifOut,
    };
    if (resistanceKnown && stack.length) r.cellResistance = resistance;
    return r;
  };

  const syncInterfaces = () => {
    for (let i = 0; i + 1 < stack.length; i++) {
      const a = layers.get(stack[i]!)!.layer;
      const b = layers.get(stack[i + 1]!)!.layer;
      const key = `${a.id}|${b.id}`;
      if (!interfaces.has(key))
        interfaces.set(key, { kind: interfaceKind(a, b), maxPressure: 0, timeUnderPressure: 0 });
    }
  };

  protocol.steps.forEach((step, k) => {
    const start = t;
    let stepShort = 0;
    let stepFracture = 0;
    let extruded: number | undefined;
    let maxPressure: number | undefined;
    let released = pressure === 0;
    switch (step.kind) {
      case "add": {
        moveTo(0, DEFAULT_RATE); // the die is opened to add a layer
        const layer = protocol.layers.get(step.layer);
        if (layer && !stack.includes(layer.id)) {
          if (step.position === "top") stack.push(layer.id);
          else stack.unshift(layer.id);
          const st: LayerState = { layer, maxPressure: 0, pressTemperature: temperature };
          if (softMetal(layer) && layer.thickness !== undefined) st.foilThickness = layer.thickness;
          layers.set(layer.id, st);
          syncInterfaces();
        }
        dwell(ADD_TIME);
        released = true;
        break;
      }
      case "press": {
        const T = step.temperature ?? temperature;
        moveTo(step.pressure, step.rampRate ?? DEFAULT_RATE);
        dwell(step.hold ?? 0);
        maxPressure = step.pressure;
        const hold = step.hold ?? 0;
        for (const id of stack) {
          const s = layers.get(id)!;
          if (step.pressure >= s.maxPressure) {
            s.maxPressure = step.pressure;
            s.pressTemperature = T;
          }
        }
        for (const st of interfaces.values()) st.maxPressure = Math.max(st.maxPressure, step.pressure);
        for (const [key, st] of interfaces) {
          const [a, b] = key.split("|");
          if (stack.includes(a!) && stack.includes(b!))
            st.timeUnderPressure += hold + step.pressure / (step.rampRate ?? DEFAULT_RATE);
        }
        // Risks of this step
        const soft = stack.map((id) => layers.get(id)!).filter((s) => softMetal(s.layer));
        const sep = separatorFor();
        for (const s of soft) {
          if (layerClass(s.layer.material) !== "metal-anode" || !sep) continue;
          const rel = density(sep, false, step.pressure);
          const sepTh = thickness(sep, rel) ?? 1e-3;
          const r = physics.assemblyIntrusion({
            pressure: step.pressure,
            hold,
            separatorPorosity: 1 - rel,
            separatorThickness: sepTh,
            liThickness: s.foilThickness ?? s.layer.thickness ?? 50e-6,
          });
          stepShort = 1 - (1 - stepShort) * (1 - r.shortProbability);
          extruded = r.extrudedFraction;
          s.foilThickness = r.thicknessAfter;
        }
        const softLimit = soft.length ? Math.min(...soft.map((s) => assemblyLimit(s.layer))) : undefined;
        let survive = 1;
        for (const id of stack) {
          const s = layers.get(id)!;
          if (softMetal(s.layer)) continue;
          const p = physics.fractureProbability(s.layer, {
            pressure: step.pressure,
            softLayerInStack: soft.length > 0,
            ...(softLimit !== undefined ? { softLayerLimit: softLimit } : {}),
            ...(step.releaseRate !== undefined
              ? { releaseRate: step.releaseRate }
              : step.release
                ? { releaseRate: DEFAULT_RATE }
                : {}),
            relativeDensity: density(s, false),
          });
          survive *= 1 - p;
        }
        stepFracture = 1 - survive;
        const next = protocol.steps[k + 1];
        const releases =
          step.release || !next || next.kind === "add" || next.kind === "heat" || next.kind === "operate";
        if (releases) {
          moveTo(0, step.releaseRate ?? DEFAULT_RATE);
          released = true;
        } else released = false;
        break;
      }
      case "release":
        moveTo(0, step.rate ?? DEFAULT_RATE);
        released = true;
        break;
      case "heat":
        dwell(Math.abs(step.temperature - temperature) / (step.rate ?? DEFAULT_HEATING_RATE));
        temperature = step.temperature;
        break;
      case "wait":
        dwell(step.duration);
        for (const [key, st] of interfaces) {
          const [a, b] = key.split("|");
          if (pressure > 0 && stack.includes(a!) && stack.includes(b!)) st.timeUnderPressure += step.duration;
        }
        break;
      case "ask":
        break;
      case "operate": {
        // the operating pressure acts on every interface for the whole operation
        for (const [key, st] of interfaces) {
          const [a, b] = key.split("|");
          if (!stack.includes(a!) || !stack.includes(b!)) continue;
          st.maxPressure = Math.max(st.maxPressure, step.pressure);
          st.timeUnderPressure += step.duration;
        }
        const op = simulateOperation(protocol, step, physics, stack, layers, density, thickness);
        operation = op;
        maxPressure = op.max;
        stepShort = op.shortProbability;
        break;
      }
    }
    shortP = 1 - (1 - shortP) * (1 - stepShort);
    fractureP = 1 - (1 - fractureP) * (1 - stepFracture);
    const stackPressure = step.kind === "operate" ? step.pressure : released ? 0 : pressure;
    const interfacePressure = step.kind === "press" ? step.pressure : stackPressure;
    const snap = snapshot(
      step,
      start,
      stackPressure,
      step.kind === "operate" ? false : released,
      interfacePressure,
    );
    const result: StepResult = {
      ...snap,
      shortProbability: shortP,
      fractureProbability: fractureP,
      stepShortProbability: stepShort,
      stepFractureProbability: stepFracture,
    };
    if (maxPressure !== undefined) {
      result.maxPressure = maxPressure;
      result.maxForce = maxPressure * area;
    }
    if (extruded !== undefined) result.extrudedLi = extruded;
    steps.push(result);
  });

  const sim: Simulation = { steps, programme, citations: physics.citations() };
  if (operation) sim.operation = operation;
  return sim;
}

function assemblyLimit(l: Layer): number {
  if (l.limits.assemblyPressureMax !== undefined) return l.limits.assemblyPressureMax;
  const m = mainMaterial(l.material);
  const v = m.properties[PROP.assemblyPressureMax]?.value;
  return v === null || v === undefined ? 50e6 : v * 1e6;
}

function simulateOperation(
  protocol: Protocol,
  step: OperateStep,
  physics: Physics,
  stack: string[],
  layers: Map<string, LayerState>,
  density: (s: LayerState, released: boolean) => number,
  thickness: (s: LayerState, rel: number) => number | undefined,
): OperationSummary {
  const area = circleArea(protocol.die.diameter);
  const inDie = stack.map((id) => layers.get(id)!);
  const anode = inDie.find((s) => s.layer.role === "anode");
  const cathode = inDie.find((s) => s.layer.role === "cathode");
  const sep = inDie.find((s) => s.layer.role === "separator") ?? inDie.find((s) => electrolyte(s.layer));

  // Cathode: active material, its volume fraction, thickness and capacity.
  let cathodeIn: OperationInput["cathode"];
  let derivedCapacity: number | undefined;
  if (cathode) {
    const m = cathode.layer.material;
    const active = mainMaterial(m, "cathode-active");
    let wActive = 1;
    let vActive = 1;
    if (isComposite(m)) {
      const comp = m.components.find((c) => c.material === active);
      const f = comp?.fraction ?? 0;
      const rhos = m.components.map((c) => c.material.properties[PROP.density]?.value ?? NaN);
      if (m.basis === "weight") {
        wActive = f;
        const vols = m.components.map((c, i) => c.fraction / rhos[i]!);
        const tot = vols.reduce((a, b) => a + b, 0);
        vActive = Number.isFinite(tot) ? f / (rhos[m.components.indexOf(comp!)]! * tot) : 0.6;
      } else {
        vActive = f;
        const mass = m.components.map((c, i) => c.fraction * rhos[i]!);
        const tot = mass.reduce((a, b) => a + b, 0);
        wActive = Number.isFinite(tot) ? mass[m.components.indexOf(comp!)]! / tot : 0.7;
      }
    }
    const spec = active.properties[PROP.specificCapacity]?.value; // mAh/g (theoretical)
    const rel = density(cathode, false);
    const th = thickness(cathode, rel) ?? 50e-6;
    let theoreticalCapacity: number | undefined;
    if (spec && cathode.layer.mass !== undefined) {
      theoreticalCapacity = (cathode.layer.mass * wActive * spec * 3600) / area; // C/m2, x = 1 → 0
      derivedCapacity = theoreticalCapacity * PRACTICAL_CAPACITY_FRACTION;
    }
    const capacityFull = theoreticalCapacity ?? (2 * 36000) / PRACTICAL_CAPACITY_FRACTION;
    cathodeIn = {
      active: active.name,
      activeVolumeFraction: vActive * rel,
      thickness: th,
      capacity: capacityFull,
    };
  }
  const capacity = step.cycling?.capacity ?? derivedCapacity ?? 2 * 36000; // default 2 mAh/cm2
  const current = step.cycling?.current ?? capacity / 36000; // C/10: capacity [C/m2] / 10 h
  const fixture: OperationInput["fixture"] = protocol.fixture
    ? protocol.fixture.type === "rigid"
      ? {
          type: "rigid",
          ...(protocol.fixture.stiffness !== undefined ? { stiffness: protocol.fixture.stiffness } : {}),
        }
      : protocol.fixture.type === "spring"
        ? {
            type: "spring",
            ...(protocol.fixture.rate !== undefined ? { rate: protocol.fixture.rate } : {}),
            ...(protocol.fixture.preload !== undefined ? { preload: protocol.fixture.preload } : {}),
          }
        : { type: "servo" }
    : { type: "rigid" };
  const anodeThickness = anode ? (thickness(anode, density(anode, false)) ?? 50e-6) : 50e-6;
  const input: OperationInput = {
    fixture,
    area,
    basePressure: step.pressure,
    duration: step.duration,
    cycling: { capacity, current },
    anode: { kind: anodeKind(anode?.layer), thickness: anodeThickness },
  };
  if (step.min !== undefined && step.max !== undefined) input.band = { min: step.min, max: step.max };
  if (cathodeIn) input.cathode = cathodeIn;
  const op = physics.operation(input);

  // Time to short: accumulate damage dt / t_short(P(t)) along the pressure history (Miner's rule).
  const kind = anodeKind(anode?.layer);
  const shortAnode: "Li" | "alloy" | "other" =
    kind === "Li" ? "Li" : kind === "LiIn" || kind === "In" ? "alloy" : "other";
  let timeToShort = Infinity;
  let shortProbability = 0;
  if (sep && anode) {
    // the separator as assembled (after release): its open porosity is the path Li creeps along
    const rel = density(sep, true);
    const base = {
      separatorPorosity: 1 - rel,
      separatorThickness: thickness(sep, rel) ?? 1e-3,
      currentDensity: current,
      anode: shortAnode,
    };
    let damage = 0;
    const n = op.time.length;
    for (let i = 1; i < n && timeToShort === Infinity; i++) {
      const dt = op.time[i]! - op.time[i - 1]!;
      const p = 0.5 * (op.pressure[i]! + op.pressure[i - 1]!);
      const ts = physics.timeToShort({ ...base, stackPressure: p });
      const inc = ts === 0 ? Infinity : dt / ts;
      if (damage + inc >= 1) timeToShort = op.time[i - 1]! + (ts === 0 ? 0 : (1 - damage) * ts);
      damage += inc;
    }
    if (n < 2) timeToShort = physics.timeToShort({ ...base, stackPressure: step.pressure });
    // The spread of the short model, at the highest pressure the cell sees (conservative).
    shortProbability = physics.shortProbability({ ...base, stackPressure: op.max, duration: step.duration });
    if (timeToShort <= step.duration) shortProbability = Math.max(shortProbability, 0.5);
  }
  return {
    step: step.index,
    min: op.min,
    max: op.max,
    swingPerCycle: op.swingPerCycle,
    cycles: op.cycles,
    timeToShort,
    shortProbability,
    contactLoss: op.contactLoss ? op.contactLoss.time : null,
    overBand: op.overBand ? op.overBand.time : null,
    cycling: { capacity, current, derived: !step.cycling },
    fixture: fixture.type,
    series: { time: op.time, pressure: op.pressure },
  };
}
