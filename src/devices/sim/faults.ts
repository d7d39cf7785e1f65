/**
 * Faults the digital twin can be told to have (CONTRACTS §6 `--fault SPEC`), parsed from the
 * command line's strings. A spec is `KIND[:VALUE][@WHEN]`:
 *
 *   link-loss@30s            every call after 30 s throws PressError("link-lost")
 *   fracture@step4+10s       10 s after step 4 starts: force drops ~40 %, the ram jumps down
 *   fracture:60%@90s         the same with a 60 % drop
 *   extrusion@step8+5s       the ram jumps down (40 µm, or `extrusion:80um@…`) at constant force
 *   leak:2%/min              the force sags by 2 % per minute while the pump is not running (holds)
 *   stuck-sensor@2min        the force reading freezes
 *   overshoot:15%            the controller overshoots every new setpoint by 15 % of the step before settling
 *   estop@1h                 e-stop latched as if the operator hit the button
 *   garbage@45s              the press answers nonsense (NaN): reads throw PressError("garbage")
 *
 * WHEN is a time since the twin was created, i.e. the run started (s, min, h), `stepN` (when the run reaches step N) or
 * `stepN+TIME`. `leak` and `overshoot` act from the start unless given a WHEN.
 */
import { SsbError } from "../../core/errors.js";
import { parseQuantity } from "../../core/units.js";

export const FAULT_KINDS = [
  "link-loss",
  "fracture",
  "extrusion",
  "leak",
  "stuck-sensor",
  "overshoot",
  "estop",
  "garbage",
] as const;

type FaultKind = (typeof FAULT_KINDS)[number];

/** When a fault fires: `after` seconds after connect, or after step `step` starts. */
interface FaultWhen {
  step?: number;
  /** [s] */
  after: number;
}

export interface Fault {
  kind: FaultKind;
  /** The spec as written, for messages and the run record. */
  spec: string;
  /** Undefined: from the start. */
  at?: FaultWhen;
  /**
   * leak: fraction of the force lost per second [1/s]; overshoot: fraction of the setpoint;
   * fracture: fraction of the force lost; extrusion: ram jump [m]. Other kinds: unused.
   */
  value: number;
}

/** The forms `--fault` accepts, for the usage hint. */
const FORMS =
  "link-loss@30s, fracture@step4+10s, fracture:40%@90s, extrusion@2min, extrusion:50um@step3+5s, leak:2%/min, " +
  "stuck-sensor@1min, overshoot:15%, estop@10s, garbage@45s (times in s, min or h; stepN or stepN+TIME)";

const NEEDS_WHEN: ReadonlySet<FaultKind> = new Set([
  "link-loss",
  "fracture",
  "extrusion",
  "stuck-sensor",
  "estop",
  "garbage",
]);

/** Default size of the faults that take an optional value. */
const DEFAULT_FRACTURE_DROP = 0.4;
const DEFAULT_EXTRUSION_JUMP = 40e-6;

function bad(spec: string, why: string): SsbError {
  return new SsbError("usage", `--fault "${spec}": ${why}`, { hint: `valid forms: ${FORMS}` });
}

function parseTime(spec: string, text: string): number {
  const q = parseQuantity(text, { dims: ["time"], role: "a fault time" });
  if (!q.ok) throw bad(spec, q.error.message);
  if (q.value.value < 0) throw bad(spec, `the time "${text}" is negative`);
  return q.value.value;
}

function parseWhen(spec: string, text: string): FaultWhen {
  const m = /^step(\d+)(?:\+(.+))?$/i.exec(text.trim());
  if (m) {
    const step = Number(m[1]);
    if (!(step >= 1)) throw bad(spec, `steps are numbered from 1, got "step${m[1]}"`);
    return { step, after: m[2] === undefined ? 0 : parseTime(spec, m[2]) };
  }
  if (/^step/i.test(text.trim())) throw bad(spec, `"${text}" is not stepN or stepN+TIME (e.g. step4+10s)`);
  return { after: parseTime(spec, text) };
}

/** A percentage "15%" as a fraction, within (0, max]. */
function parsePercent(spec: string, text: string, max: number): number {
  const m = /^(\d+(?:\.\d*)?|\.\d+)\s*%$/.exec(text.trim());
  if (!m) throw bad(spec, `"${text}" is not a percentage such as 15%`);
  const f = Number(m[1]) / 100;
  if (!(f > 0 && f <= max)) throw bad(spec, `${text} is out of range (0 % < value ≤ ${max * 100} %)`);
  return f;
}

function parseValue(spec: string, kind: FaultKind, text: string | undefined): number {
  switch (kind) {
    case "leak": {
      if (text === undefined) throw bad(spec, "a leak needs its rate, e.g. leak:2%/min");
      const m = /^(.+?)\s*\/\s*(s|min|h)$/.exec(text.trim());
      if (!m) throw bad(spec, `"${text}" is not a leak rate such as 2%/min`);
      const perUnit = m[2] === "s" ? 1 : m[2] === "min" ? 60 : 3600;
      return parsePercent(spec, m[1]!, 1) / perUnit;
    }
    case "overshoot":
      if (text === undefined) throw bad(spec, "an overshoot needs its size, e.g. overshoot:15%");
      return parsePercent(spec, text, 1);
    case "fracture":
      return text === undefined ? DEFAULT_FRACTURE_DROP : parsePercent(spec, text, 0.95);
    case "extrusion": {
      if (text === undefined) return DEFAULT_EXTRUSION_JUMP;
      const q = parseQuantity(text, { dims: ["length"], role: "an extrusion jump" });
      if (!q.ok) throw bad(spec, q.error.message);
      if (!(q.value.value > 0 && q.value.value < 5e-3))
        throw bad(spec, `${text} is not a jump between 0 and 5 mm`);
      return q.value.value;
    }
    default:
      if (text !== undefined) throw bad(spec, `${kind} takes no value (":${text}")`);
      return 0;
  }
}

/** Parses one `--fault` spec. Throws SsbError("usage") naming the problem and listing the valid forms. */
export function parseFault(spec: string): Fault {
  const s = spec.trim();
  if (s === "") throw bad(spec, "empty fault");
  const m = /^([a-z-]+)(?::([^@]*))?(?:@(.*))?$/i.exec(s);
  if (!m) throw bad(spec, "expected KIND[:VALUE][@WHEN]");
  const kind = m[1]!.toLowerCase();
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw bad(spec, `unknown fault "${m[1]}"; the kinds are ${FAULT_KINDS.join(", ")}`);
  }
  const k = kind as FaultKind;
  if (m[2] !== undefined && m[2].trim() === "") throw bad(spec, "empty value after ':'");
  if (m[3] !== undefined && m[3].trim() === "") throw bad(spec, "empty time after '@'");
  const value = parseValue(spec, k, m[2]);
  if (m[3] === undefined && NEEDS_WHEN.has(k))
    throw bad(spec, `${k} needs a time, e.g. ${k}@30s or ${k}@step4+10s`);
  const fault: Fault = { kind: k, spec: s, value };
  if (m[3] !== undefined) fault.at = parseWhen(spec, m[3]);
  return fault;
}
