/**
 * The run documents of CONTRACTS §6 as the event stream delivers them, and the preflight rows of
 * `POST /api/preflight`. The keys are the CLI's `--json` keys, unchanged ("Force [kN]"). The
 * browser trusts nothing it parses: every reader below tolerates a missing or mistyped field, so
 * a newer server that adds fields (or an older one that lacks some) does not blank the console.
 */

export interface Sample {
  step: number;
  /** Unix time [s] of the sample (virtual on the twin at speed). */
  time: number;
  "Test time [s]": number;
  "Force setpoint [kN]": number | null;
  "Force [kN]": number | null;
  "Pressure [MPa]": number | null;
  "Position [mm]": number | null;
  "Temperature [degC]": number | null;
}

export interface RunStart {
  run: string;
  time: number;
  protocol: string;
  press: string;
  die?: unknown;
  operator?: string | null;
}

export interface RunEvent {
  time: number;
  kind: string;
  message: string;
  step: number | null;
}

export type RunStatus = "completed" | "aborted" | "interlock" | "fault" | "interrupted";

export interface RunStop {
  time: number;
  status: RunStatus | string;
  reason: string;
}

/** An operator prompt (an `event` of kind "prompt"), read into what the guide shows. */
export interface Prompt {
  /** A stable key for this prompt (its id when the server sends one, else its time and step). */
  key: string;
  step: number | null;
  message: string;
  /** True when a reading is asked for (typing it is optional unless `readingRequired`). */
  asksReading: boolean;
  readingRequired: boolean;
  /** The unit of the reading and of `target` ("t", "kN", "bar"). */
  unit: string | null;
  /** The value to set on the press, in the press's own units, when the prompt names one. */
  target: number | null;
  /** Seconds to count down (a hold), when the prompt carries one. */
  countdown: number | null;
  raw: Record<string, unknown>;
}

/**
 * One row of the preflight settings table (`POST /api/preflight` → `steps`, the keys of
 * `check --settings --json`): the load keys only for steps that load the die.
 */
export interface PreflightRow {
  step: number;
  kind: string;
  text: string;
  "Pressure [MPa]": number | null;
  "Force [kN]": number | null;
  "Force [tf]": number | null;
  "Gauge pressure [bar]": number | null;
  "Gauge pressure [psi]": number | null;
  /** Hold at the target (press steps). */
  "Hold [s]": number | null;
  /** How long the step lasts (wait and operate steps). */
  "Duration [s]": number | null;
  "Pressure limit [MPa]": number | null;
  /** Layer ids in the die after the step, bottom to top. */
  stack: string[];
}

type Json = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function readSample(d: Json): Sample | null {
  const t = num(d["Test time [s]"]);
  if (t === null) return null;
  return {
    step: num(d.step) ?? 0,
    time: num(d.time) ?? 0,
    "Test time [s]": t,
    "Force setpoint [kN]": num(d["Force setpoint [kN]"]),
    "Force [kN]": num(d["Force [kN]"]),
    "Pressure [MPa]": num(d["Pressure [MPa]"]),
    "Position [mm]": num(d["Position [mm]"]),
    "Temperature [degC]": num(d["Temperature [degC]"]),
  };
}

export function readRunStart(d: Json): RunStart {
  return {
    run: str(d.run) ?? "",
    time: num(d.time) ?? 0,
    protocol: str(d.protocol) ?? "",
    press: str(d.press) ?? "",
    die: d.die,
    operator: str(d.operator),
  };
}

export function readEvent(d: Json): RunEvent {
  return {
    time: num(d.time) ?? 0,
    kind: str(d.kind) ?? "note",
    message: str(d.message) ?? str(d.text) ?? "",
    step: num(d.step),
  };
}

export function readStop(d: Json): RunStop {
  return { time: num(d.time) ?? 0, status: str(d.status) ?? "fault", reason: str(d.reason) ?? "" };
}

/**
 * Reads a prompt event. The server decides the extra fields; this accepts the plausible spellings
 * (a "request"/"ask" of "confirm" or "reading", a "unit", the value to set as "target"/"value"/
 * "setpoint", a "countdown"/"hold [s]") so the guide shows the number in the press's units.
 */
export function readPrompt(d: Json): Prompt {
  const message = str(d.message) ?? str(d.text) ?? "";
  const ask = str(d.request) ?? str(d.ask) ?? str(d.input) ?? str(d.prompt);
  const unit = str(d.unit);
  const asksReading = ask === "reading" || d.reading === true || (ask === null && unit !== null);
  const target =
    num(d.target) ??
    num(d.value) ??
    num(d.setpoint) ??
    num(d["Target"]) ??
    (unit ? (num(d[`Target [${unit}]`]) ?? num(d[`Set [${unit}]`])) : null);
  const countdown = num(d.countdown) ?? num(d["Countdown [s]"]) ?? num(d["Hold [s]"]) ?? num(d.hold);
  const id = str(d.id) ?? (num(d.id) !== null ? String(d.id) : null) ?? str(d.prompt_id);
  const step = num(d.step);
  return {
    key: id ?? `${num(d.time) ?? 0}/${step ?? ""}/${message}`,
    step,
    message,
    asksReading,
    readingRequired: d.required === true,
    unit,
    target,
    countdown,
    raw: d,
  };
}

export function readPreflight(body: unknown): PreflightRow[] {
  const rows = Array.isArray(body) ? body : (body as Json | null)?.steps;
  if (!Array.isArray(rows)) return [];
  return rows
    .filter((r): r is Json => typeof r === "object" && r !== null)
    .map((r) => ({
      step: num(r.step) ?? 0,
      kind: str(r.kind) ?? "",
      text: str(r.text) ?? "",
      "Pressure [MPa]": num(r["Pressure [MPa]"]),
      "Force [kN]": num(r["Force [kN]"]),
      "Force [tf]": num(r["Force [tf]"]),
      "Gauge pressure [bar]": num(r["Gauge pressure [bar]"]),
      "Gauge pressure [psi]": num(r["Gauge pressure [psi]"]),
      "Hold [s]": num(r["Hold [s]"]),
      "Duration [s]": num(r["Duration [s]"]),
      "Pressure limit [MPa]": num(r["Pressure limit [MPa]"]),
      stack: Array.isArray(r.stack) ? r.stack.map(String) : [],
    }));
}

/** A check diagnostic (`check --json`), as the preflight and a refused start report them. */
export interface Diagnostic {
  rule: string;
  severity: "error" | "warning" | string;
  message: string;
  line: number | null;
  column: number | null;
  step: number | null;
}

export function readDiagnostics(body: unknown): Diagnostic[] {
  const list = (body as Json | null)?.diagnostics;
  if (!Array.isArray(list)) return [];
  return list
    .filter((r): r is Json => typeof r === "object" && r !== null)
    .map((r) => ({
      rule: str(r.rule) ?? "",
      severity: str(r.severity) ?? "error",
      message: str(r.message) ?? "",
      line: num(r.line),
      column: num(r.column),
      step: num(r.step),
    }));
}

export const STATUS_TEXT: Record<string, string> = {
  running: "Running",
  completed: "Completed",
  aborted: "Aborted — the press was released",
  interlock: "Stopped by an interlock — the press was released",
  fault: "Stopped by a fault",
  interrupted: "Interrupted",
};
