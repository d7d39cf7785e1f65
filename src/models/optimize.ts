/**
 * `plan --optimize`: choose the pressures and hold times that maximise the predicted ionic
 * conductance of the finished cell, keeping the predicted short-circuit and fracture probabilities
 * under limits the user sets, within the die, press and material limits the planner already applies.
 *
 * Coordinate search: starting from the planner's defaults, each choice is tried over its candidate
 * values with the others fixed, the best feasible value is kept, and passes repeat until nothing
 * improves. Every evaluation is a full simulation of the written protocol, so what is optimised is
 * exactly what `ssbpress simulate` will show.
 */
import { err, ok, SsbError, type Result } from "../core/errors.js";
import { layerClass } from "../materials/index.js";
import { checkText } from "../protocol/check.js";
import {
  parseCompositeSpec,
  planProtocol,
  PLAN_DEFAULTS,
  type Plan,
  type PlanRequest,
} from "../protocol/plan/index.js";
import { simulate } from "./simulate/index.js";

export interface OptimizeLimits {
  /** Highest acceptable probability of a short circuit (assembly and operation). */
  maxShort: number;
  /** Highest acceptable probability of fracture. */
  maxFracture: number;
}

type Choice = NonNullable<PlanRequest["choose"]>;
type Key = Exclude<keyof Choice, "reason">;

interface Evaluation {
  choose: Choice;
  plan: Plan;
  /** Cell conductance [S/m2] = 1 / resistance. */
  conductance: number;
  short: number;
  fracture: number;
  feasible: boolean;
}

const MPA = 1e6;
const MIN = 60;

function candidates(req: PlanRequest): Partial<Record<Key, number[]>> {
  const anode = req.anode ? parseCompositeSpec(req.anode, "anode") : undefined;
  const cls = anode && anode.ok ? layerClass(anode.value) : undefined;
  const c: Partial<Record<Key, number[]>> = {
    separatorPressure: [200, 250, 300, 350, 400].map((x) => x * MPA),
    separatorHold: [1, 2, 5, 10].map((x) => x * MIN),
  };
  if (req.cathode) {
    c.coPressPressure = [300, 350, 400, 450, 500, 550, 600, 650].map((x) => x * MPA);
    c.coPressHold = [2, 5, 10].map((x) => x * MIN);
  }
  if (anode && req.goal !== "densify") {
    c.anodeHold = [1, 2, 5].map((x) => x * MIN);
    if (cls === "metal-anode") c.anodePressure = [10, 20, 25, 30, 40, 45].map((x) => x * MPA);
    else if (cls === "alloy-anode") c.anodePressure = [25, 50, 75, 100].map((x) => x * MPA);
    else c.anodePressure = [150, 250, 350].map((x) => x * MPA);
    if (req.goal === "cycling") {
      if (cls === "metal-anode") c.operatingPressure = [1, 2, 3, 4, 5].map((x) => x * MPA);
      else c.operatingPressure = [20, 30, 40, 50, 60, 70, 80].map((x) => x * MPA);
    }
  }
  return c;
}

function evaluate(req: PlanRequest, choose: Choice, limits: OptimizeLimits): Evaluation | undefined {
  const planned = planProtocol({ ...req, choose });
  if (!planned.ok) return undefined;
  // A candidate must pass the checker: the optimizer never trades a safety rule for conductance.
  const checked = checkText("optimize.yaml", planned.value.yaml);
  if (!checked.compiled || !checked.runnable) return undefined;
  const sim = simulate(checked.compiled);
  const last = sim.steps[sim.steps.length - 1];
  if (!last || last.cellResistance === undefined) return undefined;
  const short = Math.max(last.shortProbability, sim.operation?.shortProbability ?? 0);
  const fracture = last.fractureProbability;
  return {
    choose,
    plan: planned.value,
    conductance: 1 / last.cellResistance,
    short,
    fracture,
    feasible: short <= limits.maxShort && fracture <= limits.maxFracture,
  };
}

const better = (a: Evaluation, b: Evaluation | undefined) =>
  !b ||
  (a.feasible && !b.feasible) ||
  (a.feasible === b.feasible &&
    (a.feasible ? a.conductance > b.conductance * (1 + 1e-9) : a.short + a.fracture < b.short + b.fracture));

const NAMES: Record<Key, [string, "MPa" | "min"]> = {
  separatorPressure: ["separator pressure", "MPa"],
  separatorHold: ["separator hold", "min"],
  coPressPressure: ["co-press pressure", "MPa"],
  coPressHold: ["co-press hold", "min"],
  anodePressure: ["anode pressure", "MPa"],
  anodeHold: ["anode hold", "min"],
  operatingPressure: ["operating pressure", "MPa"],
};
const show = (k: Key, v: number) =>
  NAMES[k][1] === "MPa" ? `${+(v / MPA).toPrecision(4)} MPa` : `${+(v / MIN).toPrecision(3)} min`;
const pct = (p: number) => `${+(p * 100).toPrecision(2)} %`;

export interface Optimized {
  plan: Plan;
  /** Lines explaining the choice: each value, what it buys, what limited it. */
  explanation: string[];
  evaluations: number;
}

export function optimizePlan(req: PlanRequest, limits: OptimizeLimits): Result<Optimized> {
  const base = planProtocol(req);
  if (!base.ok) return base;
  const space = candidates(req);
  const keys = Object.keys(space) as Key[];
  // Start from the planner's own choices, written out, so that every choice has a value to move from.
  const d = base.value.decisions;
  const num = (k: string) => (typeof d[k] === "number" ? (d[k] as number) * MPA : undefined);
  const startChoice: Choice = {};
  for (const [k, v] of [
    ["separatorPressure", num("Separator pressure [MPa]")],
    ["coPressPressure", num("Co-press pressure [MPa]")],
    ["anodePressure", num("Anode pressure [MPa]")],
    ["operatingPressure", num("Operating pressure [MPa]")],
    ["separatorHold", PLAN_DEFAULTS.holdSeparator],
    ["coPressHold", PLAN_DEFAULTS.holdCoPress],
    ["anodeHold", PLAN_DEFAULTS.holdAnode],
  ] as [Key, number | undefined][]) {
    if (v !== undefined && k in space) startChoice[k] = v;
  }
  let best = evaluate(req, startChoice, limits);
  let evaluations = 1;
  if (!best)
    return err(
      new SsbError(
        "infeasible",
        "the planner's protocol could not be simulated; run ssbpress plan without --optimize and check it",
      ),
    );
  const start = best;

  for (let pass = 0; pass < 4; pass++) {
    let improved = false;
    for (const k of keys) {
      for (const v of space[k]!) {
        if (best.choose[k] === v) continue;
        const e = evaluate(req, { ...best.choose, [k]: v }, limits);
        evaluations++;
        if (!e) continue;
        if (better(e, best)) {
          best = e;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  if (!best.feasible) {
    return err(
      new SsbError(
        "infeasible",
        `no protocol in the search keeps the short-circuit probability ≤ ${pct(limits.maxShort)} and the fracture probability ≤ ${pct(limits.maxFracture)} (best: short ${pct(best.short)}, fracture ${pct(best.fracture)}); relax --max-short/--max-fracture or change the stack`,
      ),
    );
  }
  const explanation: string[] = [];
  explanation.push(
    `optimized for ionic conductance: cell resistance ${(1e4 / best.conductance).toPrecision(3)} Ω cm² (planner default ${(1e4 / start.conductance).toPrecision(3)} Ω cm²), short ${pct(best.short)} ≤ ${pct(limits.maxShort)}, fracture ${pct(best.fracture)} ≤ ${pct(limits.maxFracture)}`,
  );
  for (const k of keys) {
    const v = best.choose[k];
    const dflt = startChoice[k];
    const was = dflt !== undefined && dflt !== v ? ` (planner: ${show(k, dflt)})` : "";
    // What stopped it going higher: the next candidate above the choice, with everything else as chosen.
    const next = v === undefined ? undefined : space[k]!.filter((x) => x > v).sort((a, b) => a - b)[0];
    let why = "";
    if (next !== undefined) {
      const e = evaluate(req, { ...best.choose, [k]: next }, limits);
      evaluations++;
      if (!e) why = `; ${show(k, next)} fails the checker or the die/press limits`;
      else if (!e.feasible)
        why = `; ${show(k, next)} would raise the ${e.short > limits.maxShort ? `short-circuit probability to ${pct(e.short)}` : `fracture probability to ${pct(e.fracture)}`}`;
      else why = `; ${show(k, next)} gives no more conductance`;
    }
    explanation.push(`${NAMES[k][0]}: ${v === undefined ? "planner default" : show(k, v)}${was}${why}`);
  }
  explanation.push(
    `${evaluations} simulated candidates; values are bounded by the die, the press and the materials as in the plain plan`,
  );
  const final = planProtocol({ ...req, choose: { ...best.choose, reason: explanation.join("\n") } });
  if (!final.ok) return final;
  return ok({ plan: final.value, explanation, evaluations });
}
