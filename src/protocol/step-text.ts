/**
 * The human-readable step language, e.g.
 *   Add cathode on top
 *   Press to 250 MPa at 5 MPa/s, hold 2 min, release at 1 MPa/s at 120 °C
 *   Operate at 75 MPa (70..80 MPa) for 500 h, cycling 2 mAh/cm2 at 0.2 mA/cm2
 * A step string is cut into clauses that start with a keyword ("to", "at", "hold", "for", "release",
 * "ramp", "cycling"); each clause's argument is a quantity whose dimension decides what it means.
 * This file turns text into a neutral "step draft" with offsets; `steps.ts` turns drafts into typed steps.
 */
import { closest, distance } from "fastest-levenshtein";
import { echo } from "../core/text.js";
import { parseQuantity, type Dimension, type Quantity } from "../core/units.js";
import type { SourcePos } from "./diagnostics.js";

/** A problem found in a step, with where it is in the file. */
export interface StepProblem {
  rule: "invalid-step" | "invalid-quantity" | "step-order";
  message: string;
  pos: SourcePos;
}

/** A value found in a step, with where it is in the file. */
export interface Located<T> {
  value: T;
  pos: SourcePos;
}

/** Maps an offset inside a step string to a position in the file. */
export type PosAt = (offset: number) => SourcePos;

export type StepDraft =
  | { kind: "add"; layer: Located<string>; position: "top" | "bottom" }
  | {
      kind: "press";
      target: Located<Quantity>;
      ramp?: Located<Quantity>;
      hold?: Located<Quantity>;
      holdMode: "pressure" | "position";
      release: boolean;
      releaseRate?: Located<Quantity>;
      temperature?: Located<Quantity>;
    }
  | { kind: "release"; rate?: Located<Quantity> }
  | { kind: "heat"; temperature: Located<Quantity>; rate?: Located<Quantity> }
  | { kind: "ask"; prompt: string }
  | { kind: "wait"; duration: Located<Quantity> }
  | { kind: "eject" }
  | {
      kind: "operate";
      pressure: Located<Quantity>;
      min?: Located<Quantity>;
      max?: Located<Quantity>;
      duration: Located<Quantity>;
      temperature?: Located<Quantity>;
      cyclingCapacity?: Located<Quantity>;
      cyclingCurrent?: Located<Quantity>;
    };

/** One valid example per verb, shown when a step cannot be read (and offered by the editor's completion). */
export const STEP_EXAMPLES: Record<string, string> = {
  add: "Add cathode on top",
  press: "Press to 250 MPa at 5 MPa/s, hold 2 min",
  release: "Release at 5 MPa/s",
  heat: "Heat to 120 °C at 5 °C/min",
  cool: "Cool to 25 °C",
  ask: 'Ask "Place the Li foil on the bottom plunger"',
  wait: "Wait 10 min",
  operate: "Operate at 5 MPa (4..6 MPa) for 500 h",
  eject: "Eject the pellet",
};

const VERBS = [
  "add",
  "press",
  "release",
  "heat",
  "cool",
  "ask",
  "wait",
  "rest",
  "operate",
  "cycle",
  "eject",
] as const;

const VALID_STEP_SUMMARY =
  'steps look like "Add separator", "Press to 250 MPa at 5 MPa/s, hold 2 min", "Release", ' +
  '"Heat to 120 °C", "Ask \\"…\\"", "Wait 5 min", "Operate at 5 MPa (4..6 MPa) for 500 h" or "Eject the pellet"';

interface Clause {
  keyword: string;
  arg: string;
  /** Offset of the argument's first character in the step string. */
  argOffset: number;
  /** Offset of the keyword. */
  offset: number;
}

const CLAUSE_KEYWORDS = new Set(["to", "at", "hold", "for", "release", "ramp", "cycling", "then", "with"]);

/**
 * Split "to 250 MPa at 5 MPa/s, hold 2 min" into clauses. Commas and the words "and"/"then" are
 * separators only; a keyword starts a new clause.
 */
function splitClauses(text: string, start: number): Clause[] {
  const clauses: Clause[] = [];
  const re = /[^\s,;]+/g;
  re.lastIndex = start;
  let current: Clause | undefined;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const word = m[0];
    const lower = word.toLowerCase();
    if (lower === "and") continue;
    // A keyword opens a clause, except "at" right after "hold" + time, which qualifies the hold
    // ("hold 2 min at position") and is handled by the caller through the clause order.
    if (CLAUSE_KEYWORDS.has(lower)) {
      current = { keyword: lower, arg: "", argOffset: m.index + word.length, offset: m.index };
      clauses.push(current);
      continue;
    }
    if (!current) {
      current = { keyword: "", arg: "", argOffset: m.index, offset: m.index };
      clauses.push(current);
    }
    if (current.arg === "") {
      current.argOffset = m.index;
      current.arg = word;
    } else {
      // keep the original spacing between the words of one argument
      current.arg = text.slice(current.argOffset, m.index + word.length);
    }
  }
  return clauses;
}

function suggestVerb(word: string): string | undefined {
  const best = closest(word.toLowerCase(), [...VERBS]);
  return distance(word.toLowerCase(), best) <= 2 ? best : undefined;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

class Reader {
  readonly problems: StepProblem[] = [];
  /** Offset of the step's first word: where "this step needs …" problems point. */
  readonly verbOffset: number;
  constructor(
    readonly text: string,
    readonly posAt: PosAt,
  ) {
    this.verbOffset = text.length - text.trimStart().length;
  }

  invalid(message: string, offset: number): undefined {
    this.problems.push({ rule: "invalid-step", message, pos: this.posAt(offset) });
    return undefined;
  }

  bad(message: string, offset: number): undefined {
    this.problems.push({ rule: "invalid-quantity", message, pos: this.posAt(offset) });
    return undefined;
  }

  at<T>(value: T, offset: number): Located<T> {
    return { value, pos: this.posAt(offset) };
  }

  /** Parse a clause argument as a quantity of one of the given dimensions. */
  quantity(clause: Clause, dims: Dimension[], role: string): Located<Quantity> | undefined {
    if (clause.arg === "") {
      return this.invalid(
        `"${clause.keyword}" needs a value in "${echo(this.text, 80)}"; e.g. "${clause.keyword} ${exampleFor(dims)}"`,
        clause.offset,
      );
    }
    const r = parseQuantity(clause.arg, { dims, role });
    if (!r.ok) {
      return this.bad(r.error.message, clause.argOffset + r.error.offset);
    }
    return this.at(r.value, clause.argOffset);
  }

  /** Parse a quantity of any known dimension (the caller decides by its dimension). */
  anyQuantity(clause: Clause, role: string): Located<Quantity> | undefined {
    const r = parseQuantity(clause.arg);
    if (!r.ok) {
      const msg = r.error.message.replace("this value", role);
      return this.bad(msg, clause.argOffset + r.error.offset);
    }
    return this.at(r.value, clause.argOffset);
  }
}

function exampleFor(dims: Dimension[]): string {
  const d = dims[0];
  if (d === "time") return "2 min";
  if (d === "pressure") return "250 MPa";
  if (d === "pressure-rate") return "5 MPa/s";
  if (d === "temperature") return "120 °C";
  return "250 MPa";
}

/** Read a step string. Returns the draft (or undefined) and the problems found. */
export function readStepText(text: string, posAt: PosAt): { draft?: StepDraft; problems: StepProblem[] } {
  const r = new Reader(text, posAt);
  const lead = text.length - text.trimStart().length;
  const verbMatch = /^\s*([^\s,:]+):?/.exec(text);
  if (!verbMatch || text.trim() === "") {
    r.invalid(`empty step; ${VALID_STEP_SUMMARY}`, 0);
    return { problems: r.problems };
  }
  const verbWord = verbMatch[1]!;
  const verb = verbWord.toLowerCase();
  const restStart = verbMatch[0].length;
  let draft: StepDraft | undefined;
  switch (verb) {
    case "add":
    case "place":
    case "insert":
      draft = readAdd(r, text, restStart);
      break;
    case "press":
    case "compact":
      draft = readPress(r, text, restStart);
      break;
    case "release":
    case "unload":
      draft = readRelease(r, text, restStart);
      break;
    case "heat":
    case "cool":
      draft = readHeat(r, text, restStart, verb);
      break;
    case "ask":
      draft = readAsk(r, text, restStart);
      break;
    case "wait":
    case "rest":
      draft = readWait(r, text, restStart);
      break;
    case "operate":
    case "cycle":
      draft = readOperate(r, text, restStart);
      break;
    case "eject":
      draft = readEject(r, text, restStart);
      break;
    default: {
      const s = suggestVerb(verbWord);
      r.invalid(
        s
          ? `unknown action "${echo(verbWord, 80)}"; did you mean "${capital(s)}", as in "${STEP_EXAMPLES[s] ?? STEP_EXAMPLES.press}"?`
          : `unknown action "${echo(verbWord, 80)}"; ${VALID_STEP_SUMMARY}`,
        lead,
      );
    }
  }
  return draft ? { draft, problems: r.problems } : { problems: r.problems };
}

function readAdd(r: Reader, text: string, start: number): StepDraft | undefined {
  const rest = text.slice(start);
  // "(?:^|\s)" rather than "\s+": a run of spaces must not make the search quadratic
  const posMatch = /(?:^|\s)(?:on|at|to)\s+(?:the\s+)?(top|bottom)\s*$/i.exec(rest);
  const idText = posMatch ? rest.slice(0, posMatch.index) : rest;
  const id = idText.trim();
  const idOffset = start + (idText.length - idText.trimStart().length);
  if (id === "") return r.invalid(`"Add" needs a layer id, e.g. "${STEP_EXAMPLES.add}"`, start);
  if (!posMatch && /\s(?:on|at|to)\s/i.test(id)) {
    const bad = /\s(?:on|at|to)\s+(.*)$/i.exec(id);
    return r.invalid(
      `cannot read the position "${echo(bad?.[1] ?? "", 80)}" in "${echo(text.trim(), 80)}"; write "on top" or "on bottom", e.g. "${STEP_EXAMPLES.add}"`,
      idOffset + (bad?.index ?? 0) + 1,
    );
  }
  const position = (posMatch?.[1]?.toLowerCase() ?? "top") as "top" | "bottom";
  return { kind: "add", layer: r.at(id, idOffset), position };
}

function readPress(r: Reader, text: string, start: number): StepDraft | undefined {
  const clauses = splitClauses(text, start);
  let target: Located<Quantity> | undefined;
  let ramp: Located<Quantity> | undefined;
  let hold: Located<Quantity> | undefined;
  let holdMode: "pressure" | "position" = "pressure";
  let release = false;
  let releaseRate: Located<Quantity> | undefined;
  let temperature: Located<Quantity> | undefined;
  let ok = true;
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    const prev = clauses[i - 1];
    switch (c.keyword) {
      case "":
      case "to": {
        if (target) {
          r.invalid(
            `the press step has two targets ("${echo(target.value.text, 80)}" and "${echo(c.arg, 80)}"); use one step per target`,
            c.offset,
          );
          ok = false;
          break;
        }
        const q = r.quantity(c, ["pressure", "force"], "a press target");
        if (q) target = q;
        else ok = false;
        break;
      }
      case "at": {
        if (/^(?:constant\s+)?position$/i.test(c.arg) && prev?.keyword === "hold") {
          holdMode = "position";
          break;
        }
        if (/^(?:constant\s+)?(?:pressure|load|force)$/i.test(c.arg) && prev?.keyword === "hold") break;
        const q = r.anyQuantity(c, '"at"');
        if (!q) {
          ok = false;
          break;
        }
        const dim = q.value.dim;
        if ((dim === "pressure" || dim === "force") && !target) target = q;
        else if (dim === "pressure-rate" || dim === "force-rate") {
          if (prev?.keyword === "release" && prev.arg === "") releaseRate = q;
          else if (ramp) {
            r.invalid(
              `the press step has two ramp rates ("${echo(ramp.value.text, 80)}" and "${echo(q.value.text, 80)}"); write one, e.g. "${STEP_EXAMPLES.press}"`,
              c.offset,
            );
            ok = false;
          } else ramp = q;
        } else if (dim === "temperature") temperature = q;
        else {
          r.bad(
            `"at ${echo(c.arg, 80)}" is ${describeDim(dim)}; in a press step "at" takes a rate (e.g. "at 5 MPa/s") or a temperature (e.g. "at 120 °C")`,
            c.argOffset,
          );
          ok = false;
        }
        break;
      }
      case "ramp":
      case "with": {
        const q = r.quantity(c, ["pressure-rate", "force-rate"], "a ramp");
        if (q && ramp) {
          r.invalid(
            `the press step has two ramp rates ("${echo(ramp.value.text, 80)}" and "${echo(q.value.text, 80)}"); write one, e.g. "${STEP_EXAMPLES.press}"`,
            c.offset,
          );
          ok = false;
        } else if (q) ramp = q;
        else ok = false;
        break;
      }
      case "hold":
      case "for": {
        const q = r.quantity(c, ["time"], "a hold");
        if (q && hold) {
          r.invalid(
            `the press step has two holds ("${echo(hold.value.text, 80)}" and "${echo(q.value.text, 80)}"); write one, e.g. "${STEP_EXAMPLES.press}"`,
            c.offset,
          );
          ok = false;
        } else if (q) hold = q;
        else ok = false;
        break;
      }
      case "release": {
        release = true;
        if (c.arg !== "") {
          // "release 1 MPa/s" without "at"
          const q = r.quantity(c, ["pressure-rate", "force-rate"], "a release");
          if (q) releaseRate = q;
          else ok = false;
        }
        break;
      }
      default:
        r.invalid(
          `unexpected "${echo(c.keyword, 80)}" in a press step; e.g. "${STEP_EXAMPLES.press}, release at 1 MPa/s"`,
          c.offset,
        );
        ok = false;
    }
  }
  if (!target) {
    if (ok)
      r.invalid(`a press step needs a target pressure or force, e.g. "${STEP_EXAMPLES.press}"`, r.verbOffset);
    return undefined;
  }
  if (!ok) return undefined;
  const draft: StepDraft = { kind: "press", target, holdMode, release };
  if (ramp) draft.ramp = ramp;
  if (hold) draft.hold = hold;
  if (releaseRate) {
    draft.releaseRate = releaseRate;
    draft.release = true;
  }
  if (temperature) draft.temperature = temperature;
  return draft;
}

function describeDim(dim: Dimension): string {
  return (
    (
      {
        time: "a time",
        length: "a length",
        mass: "a mass",
        fraction: "a fraction",
      } as Partial<Record<Dimension, string>>
    )[dim] ?? `a quantity of another kind (${dim})`
  );
}

function readRelease(r: Reader, text: string, start: number): StepDraft | undefined {
  const clauses = splitClauses(text, start);
  let rate: Located<Quantity> | undefined;
  for (const c of clauses) {
    if ((c.keyword === "at" || c.keyword === "") && c.arg !== "") {
      if (/^(?:0|zero)(?:\s*(?:MPa|kN|N|t))?$/i.test(c.arg)) continue; // "Release to 0"
      const q = r.quantity(c, ["pressure-rate", "force-rate"], "a release");
      if (!q) return undefined;
      rate = q;
    } else if (c.keyword === "to" && /^(?:0|zero)(?:\s*(?:MPa|kN|N|t))?$/i.test(c.arg)) {
      continue;
    } else {
      return r.invalid(
        `cannot read "${echo(c.keyword, 80)} ${echo(c.arg, 80)}" in a release step; e.g. "${STEP_EXAMPLES.release}"`,
        c.offset,
      );
    }
  }
  return rate ? { kind: "release", rate } : { kind: "release" };
}

function readHeat(r: Reader, text: string, start: number, verb: string): StepDraft | undefined {
  const clauses = splitClauses(text, start);
  let temperature: Located<Quantity> | undefined;
  let rate: Located<Quantity> | undefined;
  for (const c of clauses) {
    if ((c.keyword === "to" || c.keyword === "") && !temperature) {
      const q = r.quantity(c, ["temperature"], `a ${verb} step`);
      if (!q) return undefined;
      temperature = q;
    } else if (c.keyword === "at" || c.keyword === "ramp") {
      const q = r.quantity(c, ["temperature-rate"], "a heating rate");
      if (!q) return undefined;
      rate = q;
    } else {
      return r.invalid(
        `cannot read "${echo(c.keyword, 80)} ${echo(c.arg, 80)}" in a ${verb} step; e.g. "${STEP_EXAMPLES[verb] ?? STEP_EXAMPLES.heat}"`,
        c.offset,
      );
    }
  }
  if (!temperature)
    return r.invalid(`a ${verb} step needs a temperature, e.g. "${STEP_EXAMPLES[verb]}"`, r.verbOffset);
  return rate ? { kind: "heat", temperature, rate } : { kind: "heat", temperature };
}

function readAsk(r: Reader, text: string, start: number): StepDraft | undefined {
  const rest = text.slice(start).trim();
  const quoted = /^["“'](.*)["”']$/s.exec(rest);
  const prompt = (quoted ? quoted[1]! : rest).trim();
  if (prompt === "")
    return r.invalid(`"Ask" needs a question or instruction, e.g. ${STEP_EXAMPLES.ask}`, start);
  return { kind: "ask", prompt };
}

function readWait(r: Reader, text: string, start: number): StepDraft | undefined {
  const clauses = splitClauses(text, start);
  const c = clauses.find((x) => x.keyword === "" || x.keyword === "for");
  if (!c || clauses.length > 1)
    return r.invalid(`a wait step needs one time, e.g. "${STEP_EXAMPLES.wait}"`, r.verbOffset);
  const q = r.quantity(c, ["time"], "a wait");
  return q ? { kind: "wait", duration: q } : undefined;
}

/**
 * "Eject", "Eject the pellet" (or pellet / stack / cell): the object only names what comes out; the
 * whole stack leaves the die either way, so any other words are more likely a mistake (e.g. a
 * pressure, which belongs to a Release step before it) than a detail worth guessing at.
 */
function readEject(r: Reader, text: string, start: number): StepDraft | undefined {
  const rest = text.slice(start);
  const what = rest.trim();
  if (what === "" || /^(?:the\s+)?(?:pellet|stack|cell)$/i.test(what)) return { kind: "eject" };
  const offset = start + (rest.length - rest.trimStart().length);
  return r.invalid(
    `cannot read "${echo(what, 80)}" in an eject step: it pushes the whole stack out of the die and takes no value; write "${STEP_EXAMPLES.eject}" (release the load in a step before it)`,
    offset,
  );
}

/** "75 MPa (70..80 MPa)", "75 MPa (70-80 MPa)", "75 ± 5 MPa" → nominal, min, max. */
function readBand(
  r: Reader,
  c: Clause,
): { nominal: Located<Quantity>; min?: Located<Quantity>; max?: Located<Quantity> } | undefined {
  const pm = /^([+-]?[\d.eE+-]+)\s*(?:±|\+-|\+\/-)\s*([\d.eE+-]+)\s*(\S.*)$/.exec(c.arg);
  if (pm) {
    const nominal = r.quantity({ ...c, arg: `${pm[1]} ${pm[3]}` }, ["pressure"], "an operating pressure");
    const delta = parseQuantity(`${pm[2]} ${pm[3]}`, { dims: ["pressure"], role: "a band" });
    if (!nominal || !delta.ok) return undefined;
    const mk = (v: number): Located<Quantity> => ({
      value: { ...nominal.value, value: v },
      pos: nominal.pos,
    });
    return {
      nominal,
      min: mk(nominal.value.value - delta.value.value),
      max: mk(nominal.value.value + delta.value.value),
    };
  }
  const paren = splitBand(c.arg);
  if (!paren) {
    if (c.arg.includes("(")) {
      r.invalid(
        `cannot read the band in "${echo(c.arg, 80)}"; write it as "75 MPa (70..80 MPa)"`,
        c.argOffset + c.arg.indexOf("("),
      );
      return undefined;
    }
    const nominal = r.quantity(c, ["pressure"], "an operating pressure");
    return nominal ? { nominal } : undefined;
  }
  const nominal = r.quantity({ ...c, arg: paren[1]! }, ["pressure"], "an operating pressure");
  if (!nominal) return undefined;
  const hiText = paren[3]!;
  let loText = paren[2]!;
  // "70..80 MPa": the unit is written once, after the upper value
  if (/^[+-]?[\d.]+(?:[eE][+-]?\d+)?$/.test(loText)) {
    const unit = /^[+-]?[\d.]+(?:[eE][+-]?\d+)?\s*(.*)$/.exec(hiText)?.[1] ?? "";
    if (unit !== "") loText = `${loText} ${unit}`;
  }
  const bandOffset = c.argOffset + c.arg.indexOf("(") + 1;
  const lo = parseQuantity(loText, { dims: ["pressure"], role: "the band's lower end" });
  const hi = parseQuantity(hiText, { dims: ["pressure"], role: "the band's upper end" });
  if (!lo.ok) return r.bad(lo.error.message, bandOffset);
  if (!hi.ok) return r.bad(hi.error.message, bandOffset);
  return { nominal, min: r.at(lo.value, bandOffset), max: r.at(hi.value, bandOffset) };
}

/**
 * "75 MPa (70..80 MPa)" → [whole, "75 MPa", "70", "80 MPa"], like a regular expression match; undefined
 * when there is no "(lo..hi)" at the end. Plain string scanning, so that long or odd text stays linear.
 */
function splitBand(arg: string): [string, string, string, string] | undefined {
  const open = arg.indexOf("(");
  const close = arg.lastIndexOf(")");
  if (open < 0 || close < open || arg.slice(close + 1).trim() !== "") return undefined;
  const inner = arg.slice(open + 1, close);
  const sep = /\.\.|…|–|—|\bto\b|-(?=\s*\d)/.exec(inner);
  if (!sep) return undefined;
  return [
    arg,
    arg.slice(0, open).trim(),
    inner.slice(0, sep.index).trim(),
    inner.slice(sep.index + sep[0].length).trim(),
  ];
}

function readOperate(r: Reader, text: string, start: number): StepDraft | undefined {
  const clauses = splitClauses(text, start);
  let band: ReturnType<typeof readBand>;
  let duration: Located<Quantity> | undefined;
  let temperature: Located<Quantity> | undefined;
  let cyclingCapacity: Located<Quantity> | undefined;
  let cyclingCurrent: Located<Quantity> | undefined;
  let inCycling = false;
  for (const c of clauses) {
    if ((c.keyword === "at" || c.keyword === "") && !band && !inCycling) {
      band = readBand(r, c);
      if (!band) return undefined;
    } else if (c.keyword === "for") {
      duration = r.quantity(c, ["time"], "an operation");
      if (!duration) return undefined;
      inCycling = false;
    } else if (c.keyword === "cycling") {
      inCycling = true;
      if (c.arg !== "") {
        cyclingCapacity = r.quantity(c, ["areal-capacity"], "cycling");
        if (!cyclingCapacity) return undefined;
      }
    } else if (c.keyword === "at") {
      const q = r.anyQuantity(c, '"at"');
      if (!q) return undefined;
      if (q.value.dim === "current-density") cyclingCurrent = q;
      else if (q.value.dim === "temperature") temperature = q;
      else
        return r.invalid(
          `"at ${echo(c.arg, 80)}" is not understood here; an operation takes "at 0.2 mA/cm2" (current) or "at 25 °C" (temperature)`,
          c.offset,
        );
    } else {
      return r.invalid(
        `cannot read "${echo(c.keyword, 80)} ${echo(c.arg, 80)}" in an operate step; e.g. "${STEP_EXAMPLES.operate}"`,
        c.offset,
      );
    }
  }
  if (!band)
    return r.invalid(`an operate step needs a stack pressure, e.g. "${STEP_EXAMPLES.operate}"`, r.verbOffset);
  if (!duration)
    return r.invalid(
      `an operate step needs a duration ("for 500 h"), e.g. "${STEP_EXAMPLES.operate}"`,
      r.verbOffset,
    );
  const d: StepDraft = { kind: "operate", pressure: band.nominal, duration };
  if (band.min) d.min = band.min;
  if (band.max) d.max = band.max;
  if (temperature) d.temperature = temperature;
  if (cyclingCapacity) d.cyclingCapacity = cyclingCapacity;
  if (cyclingCurrent) d.cyclingCurrent = cyclingCurrent;
  return d;
}
