/**
 * Walking a protocol: which layers are in the die at each step (bottom → top), what pressure and
 * temperature each step applies, and the highest pressure each layer has seen so far. The checker,
 * the simulator and the planner all read protocols through this one walk.
 */
import type { Layer, Protocol, Step } from "./types.js";

export interface StepTrace {
  step: Step;
  /** Layer ids in the die before the step, bottom to top. */
  before: readonly string[];
  /** Layer ids in the die after the step. */
  after: readonly string[];
  /** Pressure the step applies to the stack [Pa] (press and operate steps). */
  pressure?: number;
  /** Platen temperature in effect during the step [K]. */
  temperature: number;
  /** Highest pressure each layer in the die had seen before this step [Pa]. */
  seenBefore: ReadonlyMap<string, number>;
  /** Problems of order found while walking (unknown or duplicate layers, empty die). */
  orderProblems: string[];
}

export const ROOM_TEMPERATURE = 298.15;

export function walkProtocol(protocol: Protocol): StepTrace[] {
  const stack: string[] = [];
  const seen = new Map<string, number>();
  let temperature = ROOM_TEMPERATURE;
  const out: StepTrace[] = [];
  for (const step of protocol.steps) {
    const before = [...stack];
    const seenBefore = new Map(seen);
    const orderProblems: string[] = [];
    let pressure: number | undefined;
    let stepTemperature = temperature;
    switch (step.kind) {
      case "add": {
        if (!protocol.layers.has(step.layer)) orderProblems.push("unknown-layer");
        else if (stack.includes(step.layer)) orderProblems.push("added-twice");
        else if (step.position === "top") stack.push(step.layer);
        else stack.unshift(step.layer);
        break;
      }
      case "press": {
        pressure = step.pressure;
        if (step.temperature !== undefined) stepTemperature = step.temperature;
        if (stack.length === 0) orderProblems.push("empty-die");
        for (const id of stack) seen.set(id, Math.max(seen.get(id) ?? 0, step.pressure));
        break;
      }
      case "heat":
        temperature = step.temperature;
        stepTemperature = step.temperature;
        break;
      case "operate": {
        pressure = step.max ?? step.pressure;
        if (step.temperature !== undefined) stepTemperature = step.temperature;
        if (stack.length === 0) orderProblems.push("empty-die");
        break;
      }
      default:
        break;
    }
    out.push({
      step,
      before,
      after: [...stack],
      temperature: stepTemperature,
      seenBefore,
      orderProblems,
      ...(pressure !== undefined ? { pressure } : {}),
    });
  }
  return out;
}

/** Layers of the protocol in the die during a step (after adds of that step). */
export function layersIn(protocol: Protocol, ids: readonly string[]): Layer[] {
  return ids.map((id) => protocol.layers.get(id)).filter((l): l is Layer => l !== undefined);
}
