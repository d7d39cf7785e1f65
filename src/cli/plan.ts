import { isMap, isScalar, parseDocument } from "yaml";
import { SsbError } from "../core/errors.js";
import { echo } from "../core/text.js";
import { findInvalidUtf8 } from "../core/utf8.js";
import { formatReference } from "../materials/index.js";
import { planJson } from "../report/json/plan.js";
import { flowCommaSplits } from "../protocol/flow-commas.js";
import { readInput, type Io } from "./io.js";
import { checkOutputs, writeOutput } from "./outputs.js";

type Opts = Record<string, string | boolean | undefined>;

const STACK_KEYS: Record<string, string> = {
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

const STACK_EXAMPLE = 'e.g. "separator: Li6PS5Cl", "cathode: { NMC811: 70, Li6PS5Cl: 30 }", "die: 10 mm"';

/** A scalar value of the stack file as text, or undefined when it is not a plain value. */
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
}

/**
 * `--stack stack.yaml` (or `-` for standard input): the same fields as the options, e.g.
 * { separator: Li6PS5Cl, cathode: "NMC811:70,Li6PS5Cl:30", anode: Li, die: 10 mm, press: 10 t }.
 * Read through the bounded reader; aliases are refused (a stack file needs none, and expanding them
 * is how a few bytes of YAML become gigabytes); only a flat map of values is accepted.
 */
async function readStack(file: string, io: Io): Promise<Opts> {
  const where = file === "-" ? "--stack - (standard input)" : `--stack "${echo(file)}"`;
  const fail = (m: string) => new SsbError("usage", `${where}: ${m}`);
  const bytes = await readInput(file, io);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const bad = findInvalidUtf8(bytes);
    throw fail(
      `not UTF-8 text${bad ? `: ${bad.what} at line ${bad.line}, column ${bad.column}` : ""}; save the stack file as UTF-8 YAML`,
    );
  }
  if (text.includes("\0")) throw fail("binary content (a NUL byte), not a YAML stack file");
  // duplicate keys are found below: the parser's own check is quadratic in the size of a map
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const first = e.message.split("\n")[0] ?? e.message;
    throw fail(`not valid YAML: ${echo(first)}`);
  }
  const comma = flowCommaSplits(doc, text)[0];
  if (comma) {
    const line = text.slice(0, comma.at).split("\n").length;
    const column = comma.at - (text.lastIndexOf("\n", comma.at - 1) + 1) + 1;
    throw fail(`line ${line}, column ${column}: ${comma.message}`);
  }
  const root = doc.contents;
  if (!isMap(root)) throw fail(`expected a map of stack fields, ${STACK_EXAMPLE}`);
  const out: Opts = {};
  for (const pair of root.items) {
    const k = scalarText(pair.key);
    if (k === undefined) throw fail(`every key must be a plain name, ${STACK_EXAMPLE}`);
    const key = STACK_KEYS[k];
    if (!key) throw fail(`unknown key "${echo(k)}" (known: ${Object.keys(STACK_KEYS).join(", ")})`);
    if (key in out) throw fail(`"${echo(k)}" is given twice; keep one`);
    const v = pair.value;
    if (isMap(v)) {
      // a composite, e.g. cathode: { NMC811: 70, Li6PS5Cl: 30 }
      const parts: string[] = [];
      for (const p of v.items) {
        const name = scalarText(p.key);
        const frac = scalarText(p.value);
        if (name === undefined || frac === undefined)
          throw fail(`"${echo(k)}" must map material names to fractions, e.g. { NMC811: 70, Li6PS5Cl: 30 }`);
        parts.push(`${name}:${frac.replace(/\s+/g, "")}`);
      }
      if (!parts.length)
        throw fail(`"${echo(k)}" is empty; name its materials, e.g. { NMC811: 70, Li6PS5Cl: 30 }`);
      out[key] = parts.join(",");
      continue;
    }
    const t = scalarText(v);
    if (t === undefined || t.trim() === "")
      throw fail(
        `"${echo(k)}" needs a value such as a material name or a quantity (not a list, an alias or nothing), ${STACK_EXAMPLE}`,
      );
    out[key] = t;
  }
  return out;
}

export async function runPlan(cliOpts: Opts, io: Io): Promise<number> {
  let opts = cliOpts;
  const force = cliOpts.force === true;
  const outArg = typeof cliOpts.output === "string" ? cliOpts.output : undefined;
  const out = outArg === "-" ? undefined : outArg;
  const inputs = typeof cliOpts.stack === "string" ? [cliOpts.stack] : [];
  // refuse a bad output before any work, and before reading stdin
  if (out !== undefined) await checkOutputs([{ path: out, option: "-o" }], inputs, force, io);
  if (typeof opts.stack === "string") {
    const s = await readStack(opts.stack, io);
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
  const plan = await planJson(opts);
  const { optimization: explanation, methods } = plan;
  if (out !== undefined) await writeOutput(out, plan.protocol, force, io);
  if (opts.json) {
    io.out(JSON.stringify({ ...plan, ...(out ? { file: out } : {}) }, null, 2));
    return 0;
  }
  if (explanation && out) for (const l of explanation) io.err(`  ${l}`);
  if (out) io.err(`wrote ${echo(out)}; check it with: ssbpress check ${echo(out)}`);
  else io.out(plan.protocol.trimEnd());
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
