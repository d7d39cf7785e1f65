/**
 * The models' answers the checker uses, in a module of their own: `ssbpress check` loads only this
 * and the simulator, not Monte Carlo, worker threads or the output formats.
 */
import type { CompiledProtocol } from "../../protocol/compile.js";
import type { CheckAdvisors } from "../../protocol/rules/context.js";
import { physicsSource } from "./models.js";
import { simulateProtocol } from "./simulate.js";

/** The models' answers the checker uses (time to short for operate steps). */
export const checkAdvisors: CheckAdvisors = {
  operationShort(protocol, step) {
    const upTo: CompiledProtocol = {
      ...protocol,
      steps: protocol.steps.filter((s) => s.step <= step.index),
      segments: protocol.segments.filter((s) => s.step <= step.index),
    };
    const sim = simulateProtocol(upTo, physicsSource().nominal());
    const o = sim.operation;
    if (!o) return undefined;
    return {
      timeToShort: o.timeToShort,
      probability: o.shortProbability,
      citations: ["Doux2020", "Masias2019"],
    };
  },
};
