/**
 * `plan`: from the options a person gives (separator, cathode, anode, die, press, goal…) to a
 * planned protocol and the JSON of `plan --json`. Shared by the CLI (options named `--die-rating`)
 * and the HTTP API (fields named `die_rating`): `label` turns an option into the name its caller's
 * user typed, so every message points at what to change.
 */
import { SsbError } from "../../core/errors.js";
import { echo } from "../../core/text.js";
import { checkText } from "../../protocol/check.js";
import { methodsText } from "../../protocol/methods.js";
import {
  planProtocol,
  planQuantity,
  type Plan,
  type PlanGoal,
  type PlanRequest,
} from "../../protocol/plan/index.js";

/** The options, keyed as the CLI's commander names them (camelCase), values as typed. */
export type PlanOptions = Record<string, string | boolean | undefined>;

/** The planned protocol with what was decided and why (the `plan --json` object without `file`). */
export interface PlanJson {
  protocol: string;
  decisions: Plan["decisions"];
  citations: string[];
  optimization?: string[];
  methods?: string;
}

type Dim = "length" | "pressure" | "force" | "mass" | "temperature";

/** The quantities beyond the die: option key, request field, dimensions, CLI option name. */
const QUANTITIES: [string, keyof PlanRequest, Dim[], string][] = [
  ["dieRating", "dieRating", ["pressure"], "--die-rating"],
  ["press", "pressCapacity", ["force"], "--press"],
  ["separatorMass", "separatorMass", ["mass"], "--separator-mass"],
  ["cathodeMass", "cathodeMass", ["mass"], "--cathode-mass"],
  ["anodeThickness", "anodeThickness", ["length"], "--anode-thickness"],
  ["temperature", "temperature", ["temperature"], "--temperature"],
];

/**
 * Plan a protocol. Throws SsbError "usage" for a request that cannot be read (unknown material,
 * bad quantity) and "infeasible" for one the equipment cannot carry out.
 */
export async function planJson(
  opts: PlanOptions,
  label: (option: string) => string = (o) => o,
): Promise<PlanJson> {
  const str = (k: string) => (typeof opts[k] === "string" ? (opts[k] as string) : undefined);
  const fail = (m: string): never => {
    throw new SsbError("usage", m);
  };
  const separator = str("separator");
  if (!separator)
    return fail(
      `say what the separator is: ${label("--separator")} Li6PS5Cl (and usually ${label("--cathode")} "NMC811:70,Li6PS5Cl:30" ${label("--anode")} Li)`,
    );
  const die = planQuantity(str("die") ?? "10mm", ["length"], label("--die"));
  if (!die.ok) return fail(die.error.message);
  const req: PlanRequest = {
    separator,
    dieDiameter: die.value,
    goal: (str("goal") ?? "cycling") as PlanGoal,
  };
  if (!["densify", "integrate-anode", "cycling"].includes(req.goal))
    return fail(`${label("--goal")} must be densify, integrate-anode or cycling`);
  const cath = str("cathode");
  if (cath) req.cathode = cath;
  const an = str("anode");
  if (an) req.anode = an;
  for (const [k, field, dims, option] of QUANTITIES) {
    const t = str(k);
    if (t === undefined) continue;
    const r = planQuantity(t, dims, label(option));
    if (!r.ok) return fail(r.error.message);
    (req as unknown as Record<string, number>)[field] = r.value;
  }
  const pt = str("pressType");
  if (pt) {
    if (!["manual", "automatic", "heated"].includes(pt))
      return fail(`${label("--press-type")} must be manual, automatic or heated`);
    req.pressType = pt as PlanRequest["pressType"];
  }

  let r = planProtocol(req);
  let explanation: string[] | undefined;
  if (r.ok && opts.optimize) {
    const limit = (k: string, dflt: number) => {
      const t = str(k);
      return t === undefined ? dflt : Number(t.replace(/%$/, "")) / (t.endsWith("%") ? 100 : 1);
    };
    const maxShort = limit("maxShort", 0.05);
    const maxFracture = limit("maxFracture", 0.05);
    if (!(maxShort > 0 && maxShort < 1) || !(maxFracture > 0 && maxFracture < 1))
      return fail(
        `${label("--max-short")} and ${label("--max-fracture")} are probabilities between 0 and 1 (e.g. 0.05 or 5%), got "${echo(str("maxShort") ?? "0.05")}" and "${echo(str("maxFracture") ?? "0.05")}"`,
      );
    const { optimizePlan } = await import("../../models/optimize.js");
    const o = optimizePlan(req, { maxShort, maxFracture });
    if (!o.ok) r = o;
    else {
      r = { ok: true, value: o.value.plan };
      explanation = o.value.explanation;
    }
  }
  if (!r.ok) {
    // an infeasible plan (the press cannot do it) is a finding; anything else is a usage error
    throw new SsbError(r.error.code === "infeasible" ? "infeasible" : "usage", r.error.message);
  }
  const plan = r.value;
  let methods: string | undefined;
  if (opts.methods) {
    const planned = checkText("plan.yaml", plan.yaml);
    if (planned.compiled) methods = methodsText(planned.compiled);
  }
  return {
    protocol: plan.yaml,
    decisions: plan.decisions,
    citations: plan.citations,
    ...(explanation ? { optimization: explanation } : {}),
    ...(methods ? { methods } : {}),
  };
}
