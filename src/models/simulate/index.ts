/** The simulator's public face: simulate a protocol, Monte Carlo, outputs, and advice for the checker. */
import type { CompiledProtocol } from "../../protocol/compile.js";
import { physicsSource } from "./models.js";
import { simulateProtocol, type Simulation } from "./simulate.js";

export type { Simulation } from "./simulate.js";
export { physicsSource } from "./models.js";
export { monteCarlo } from "./montecarlo.js";
export { monteCarloParallel } from "./montecarlo-parallel.js";
export { simulationJson, simulationTable, simulationCsv } from "./output.js";

/** One simulation with the nominal parameters. */
export function simulate(protocol: CompiledProtocol): Simulation {
  return simulateProtocol(protocol, physicsSource().nominal(), { timeline: true });
}

export { checkAdvisors } from "./advisors.js";
