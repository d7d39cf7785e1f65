/**
 * Monte Carlo bands of a simulation. The server keys them by model path in SI
 * ("steps.4.layers.separator.thickness" in m); these helpers find a band and bring it to the unit
 * the page shows next to it (µm, mS/cm, Ω cm², MPa).
 */
import type { Band, SimulationResult } from "./types";

export interface Range {
  low: number;
  median: number;
  high: number;
}

/** The 5–95 % range of `path`, multiplied by `scale` (SI → display unit), or undefined. */
export function band(sim: SimulationResult, path: string, scale = 1): Range | undefined {
  const b: Band | undefined = sim["Monte Carlo"]?.bands[path];
  if (!b) return undefined;
  return { low: b["5%"] * scale, median: b["50%"] * scale, high: b["95%"] * scale };
}

/** SI → shown unit for the layer and interface quantities the tables show. */
export const SCALE = {
  thickness: 1e6, // m → µm
  conductivity: 10, // S/m → mS/cm
  asr: 1e4, // Ω m² → Ω cm²
  pressure: 1e-6, // Pa → MPa
} as const;

/**
 * The last step with layers in the die: the finished cell, or the pellet as it was before an Eject
 * pushed it out (after which the die is empty and the step has no layers to show).
 */
export function lastStepWithLayers(sim: SimulationResult): SimulationResult["steps"][number] | undefined {
  for (let i = sim.steps.length - 1; i >= 0; i--) {
    const s = sim.steps[i]!;
    if (Object.keys(s.layers).length > 0) return s;
  }
  return sim.steps.at(-1);
}
