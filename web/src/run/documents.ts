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

export interface RunStop {
  time: number;
  /** "completed" | "aborted" | "interlock" | "fault" | "interrupted" (kept as text: a newer server may add one). */
  status: string;
  reason: string;
}

/**
 * An operator prompt: an `event` of kind "prompt" (the server's WebOperator). It `expects`
 * "confirm", "reading" (a number in `unit`, optional) or "nothing" (a notice such as a hold's
 * count-down); the numbers come in keys with units: "Set [t]" (what to set, in the press's own
 * unit), "Target force [kN]", "Target pressure [MPa]", "Countdown [s]".
 */
export interface Prompt {
  /** The prompt's number in the run (unique), as a string. */
  key: string;
  /** Unix time [s] of the prompt (the run's clock). */
  time: number;
  step: number | null;
  message: string;
  expects: "confirm" | "reading" | "nothing";
  /** The unit a reading is typed in. */
  unit: string | null;
  /** The value to set on the press, in the press's own unit ("Set [t]": 3.4). */
  set: { value: number; unit: string } | null;
  targetForce: number | null;
  targetPressure: number | null;
  /** Seconds to count down from `time` (a hold), when the prompt carries one. */
  countdown: number | null;
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

/** Reads a prompt event (see Prompt). */
export function readPrompt(d: Json): Prompt {
  const expects = d.expects === "reading" || d.expects === "nothing" ? d.expects : "confirm";
  let set: Prompt["set"] = null;
  for (const [k, v] of Object.entries(d)) {
    const m = /^Set \[(.+)\]$/.exec(k);
    const value = num(v);
    if (m && value !== null) set = { value, unit: m[1]! };
  }
  const time = num(d.time) ?? 0;
  const step = num(d.step);
  const message = str(d.message) ?? "";
  const id = num(d.prompt) ?? str(d.prompt);
  return {
    key: id !== null ? String(id) : `${time}/${step ?? ""}/${message}`,
    time,
    step,
    message,
    expects,
    unit: str(d.unit),
    set,
    targetForce: num(d["Target force [kN]"]),
    targetPressure: num(d["Target pressure [MPa]"]),
    countdown: num(d["Countdown [s]"]),
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
