import { parseDocument } from "yaml";
import { planProtocol, planQuantity, type PlanGoal, type PlanRequest } from "../protocol/plan.js";
import { loadProtocolText } from "../protocol/load.js";
import { methodsText } from "../protocol/methods.js";
import { formatReference } from "../materials/index.js";
import { describeFsError, type Io } from "./io.js";

type Opts = Record<string, string | boolean | undefined>;

/** `--stack stack.yaml`: the same fields as the options, e.g. { separator: Li6PS5Cl, cathode: "NMC811:70,Li6PS5Cl:30", anode: Li, die: 10 mm, press: 10 t }. */
async function readStack(file: string, io: Io): Promise<Opts | string> {
  let text: string;
  try {
    text = new TextDecoder().decode(await io.readFile(file));
  } catch (e) {
    return describeFsError(file, e);
  }
  const doc = parseDocument(text);
  if (doc.errors.length) return `${file}: not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`;
  const v = doc.toJS() as unknown;
  if (!v || typeof v !== "object" || Array.isArray(v))
    return `${file}: expected a map such as "separator: Li6PS5Cl"`;
  const out: Opts = {};
  const keys: Record<string, string> = {
    separator: "separator",
    cathode: "cathode",
    anode: "anode",
    die: "die",
    die_rating: "dieRating",
    press: "press",
    press_type: "pressType",
    goal: "goal",
    separator_mass: "separatorMass",
    cathode_mass: "cathodeMass",
    anode_thickness: "anodeThickness",
    temperature: "temperature",
  };
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    const key = keys[k];
    if (!key) return `${file}: unknown key "${k}" (known: ${Object.keys(keys).join(", ")})`;
    if (val && typeof val === "object") {
      out[key] = Object.entries(val as Record<string, unknown>)
        .map(([n, f]) => `${n}:${String(f).replace(/\s+/g, "")}`)
        .join(",");
    } else out[key] = String(val);
  }
  return out;
}

export async function runPlan(cliOpts: Opts, io: Io): Promise<number> {
  let opts = cliOpts;
  if (typeof opts.stack === "string") {
    const s = await readStack(opts.stack, io);
    if (typeof s === "string") {
      io.err(`ssbpress plan: ${s}`);
      return 2;
    }
    // command-line options win over the stack file, except defaults
    opts = {
      ...s,
      ...Object.fromEntries(
        Object.entries(cliOpts).filter(
          ([k, v]) => v !== undefined && !(k in s && (k === "die" || k === "goal")),
        ),
      ),
    };
  }
  const str = (k: string) => (typeof opts[k] === "string" ? (opts[k] as string) : undefined);
  const fail = (m: string) => {
    io.err(`ssbpress plan: ${m}`);
    return 2;
  };
  const separator = str("separator");
  if (!separator)
    return fail(
      'say what the separator is: --separator Li6PS5Cl (and usually --cathode "NMC811:70,Li6PS5Cl:30" --anode Li)',
    );
  const die = planQuantity(str("die") ?? "10mm", ["length"], "--die");
  if (!die.ok) return fail(die.error.message);
  const req: PlanRequest = {
    separator,
    dieDiameter: die.value,
    goal: (str("goal") ?? "cycling") as PlanGoal,
  };
  if (!["densify", "integrate-anode", "cycling"].includes(req.goal))
    return fail(`--goal must be densify, integrate-anode or cycling`);
  const cath = str("cathode");
  if (cath) req.cathode = cath;
  const an = str("anode");
  if (an) req.anode = an;
  const q = (
    k: string,
    dims: ("length" | "pressure" | "force" | "mass" | "temperature")[],
    role: string,
  ): number | string | undefined => {
    const t = str(k);
    if (t === undefined) return undefined;
    const r = planQuantity(t, dims, role);
    return r.ok ? r.value : r.error.message;
  };
  const fields: [
    string,
    keyof PlanRequest,
    ("length" | "pressure" | "force" | "mass" | "temperature")[],
    string,
  ][] = [
    ["dieRating", "dieRating", ["pressure"], "--die-rating"],
    ["press", "pressCapacity", ["force"], "--press"],
    ["separatorMass", "separatorMass", ["mass"], "--separator-mass"],
    ["cathodeMass", "cathodeMass", ["mass"], "--cathode-mass"],
    ["anodeThickness", "anodeThickness", ["length"], "--anode-thickness"],
    ["temperature", "temperature", ["temperature"], "--temperature"],
  ];
  for (const [k, field, dims, role] of fields) {
    const v = q(k, dims, role);
    if (typeof v === "string") return fail(v);
    if (v !== undefined) (req as unknown as Record<string, number>)[field] = v;
  }
  const pt = str("pressType");
  if (pt) {
    if (!["manual", "automatic", "heated"].includes(pt))
      return fail(`--press-type must be manual, automatic or heated`);
    req.pressType = pt as PlanRequest["pressType"];
  }

  let r = planProtocol(req);
  let explanation: string[] | undefined;
  if (r.ok && opts.optimize) {
    const limit = (k: string, dflt: number) => {
      const t = str(k);
      const v = t === undefined ? dflt : Number(t.replace(/%$/, "")) / (t.endsWith("%") ? 100 : 1);
      return v;
    };
    const maxShort = limit("maxShort", 0.05);
    const maxFracture = limit("maxFracture", 0.05);
    if (!(maxShort > 0 && maxShort < 1) || !(maxFracture > 0 && maxFracture < 1))
      return fail(`--max-short and --max-fracture are probabilities between 0 and 1 (e.g. 0.05 or 5%)`);
    const { optimizePlan } = await import("../models/optimize.js");
    const o = optimizePlan(req, { maxShort, maxFracture });
    if (!o.ok) r = o;
    else {
      r = { ok: true, value: o.value.plan };
      explanation = o.value.explanation;
    }
  }
  if (!r.ok) {
    io.err(`ssbpress plan: ${r.error.message}`);
    return r.error.code === "infeasible" ? 1 : 2;
  }
  const plan = r.value;
  let methods: string | undefined;
  if (opts.methods) {
    const loaded = loadProtocolText("plan.yaml", plan.yaml);
    if (loaded.protocol) methods = methodsText(loaded.protocol);
  }
  const out = typeof opts.output === "string" ? opts.output : undefined;
  if (out) {
    try {
      await io.writeFile(out, plan.yaml);
    } catch (e) {
      return fail(`cannot write "${out}": ${(e as Error).message}`);
    }
  }
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          protocol: plan.yaml,
          decisions: plan.decisions,
          citations: plan.citations,
          ...(explanation ? { optimization: explanation } : {}),
          ...(methods ? { methods } : {}),
          ...(out ? { file: out } : {}),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  if (explanation && out) for (const l of explanation) io.err(`  ${l}`);
  if (out) io.err(`wrote ${out}; check it with: ssbpress check ${out}`);
  else io.out(plan.yaml.trimEnd());
  if (methods) {
    io.out("");
    io.out("# Methods");
    io.out(methods);
  }
  if (plan.citations.length) {
    // with -o the protocol went to the file; the references are then a note for the reader
    const say = out ? io.err : io.out;
    say("");
    say("# References");
    for (const c of plan.citations) say(`#  ${formatReference(c)}`);
  }
  return 0;
}
