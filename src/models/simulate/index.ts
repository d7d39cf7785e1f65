/** The simulator's public face: simulate a protocol, Monte Carlo, outputs, and advice for the checker. */
import type { CheckAdvisors } from "../../protocol/rules/context.js";
import type { CompiledProtocol } from "../../protocol/compile.js";
import { physicsSource } from "./models.js";
import { simulateProtocol, type Simulation } from "./simulate.js";

export { simulateProtocol, type Simulation, type StepResult, type OperationSummary } from "./simulate.js";
export { physicsSource } from "./models.js";
export { monteCarlo, runSamples, metricsOf } from "./montecarlo.js";
export { monteCarloParallel } from "./montecarlo-parallel.js";
export { simulationJson, simulationTable, simulationCsv, type Aggregate } from "./output.js";

/** One simulation with the nominal parameters. */
export function simulate(protocol: CompiledProtocol): Simulation {
  return simulateProtocol(protocol, physicsSource().nominal());
}

/** The models' answers the checker uses (time to short for operate steps). */
export const checkAdvisors: CheckAdvisors = {
  operationShort(protocol, step) {
    const upTo: CompiledProtocol = {
      ...protocol,
      steps: protocol.steps.filter((s) => s.step <= step.index),
      segments: protocol.segments.filter((s) => s.step <= step.index),
    };
    const sim = simulate(upTo);
    const o = sim.operation;
    if (!o) return undefined;
    return {
      timeToShort: o.timeToShort,
      probability: o.shortProbability,
      citations: ["Doux2020", "Masias2019"],
    };
  },
};
