import { SsbError } from "../core/errors.js";
import { echo } from "../core/text.js";
import { checkBytes, formatDiagnostic } from "../protocol/check.js";
import type { Diagnostic } from "../protocol/diagnostics.js";
import { methodsText } from "../protocol/methods.js";
import { settingsText } from "../protocol/settings.js";
import { checkJson, type CheckOutcome } from "../report/json/check.js";
import { describeFsError, rethrowUnlessFsError, type Io } from "./io.js";
import { oneLine } from "./safe.js";

export interface CheckOptions {
  json?: boolean;
  quiet?: boolean;
  methods?: boolean;
  settings?: boolean;
}

/** Longest file name kept whole in a diagnostic's FILE:LINE:COL prefix (editors jump to it). */
const MAX_SHOWN_PATH = 1000;

/** What is reported for one file: the checker's result, or an unreadable file. */
type Outcome = CheckOutcome;

/** A file that could not be read, as a result like any other (one `unreadable` error). */
function unreadable(file: string, e: unknown): Outcome {
  const d: Diagnostic = {
    rule: "unreadable",
    severity: "error",
    message: describeFsError(file, e),
    line: 1,
    column: 1,
    step: null,
  };
  return { file, diagnostics: [d], errors: 1, warnings: 0, exitCode: 2 };
}

async function checkOne(file: string, io: Io): Promise<Outcome> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (e) {
    rethrowUnlessFsError(e);
    return unreadable(file, e);
  }
  // The physics models answer the operate-step questions (time to short); they are loaded only when
  // the protocol operates the cell, so that checking an assembly protocol stays fast.
  const operates = /\boperate\b/i.test(new TextDecoder().decode(bytes));
  const advisors = operates ? (await import("../models/simulate/advisors.js")).checkAdvisors : undefined;
  return checkBytes(file, bytes, advisors);
}

/** Diagnostics counted beyond the checker's cap but not kept (0 until the checker reports them). */
const omittedOf = (r: Outcome) => r.omitted ?? 0;

function printText(r: Outcome, opts: CheckOptions, io: Io): void {
  const shown = r.file === "-" ? "<stdin>" : echo(r.file, MAX_SHOWN_PATH);
  for (const d of r.diagnostics) {
    if (opts.quiet && d.severity !== "error") continue;
    io.out(oneLine(formatDiagnostic(shown, d)));
  }
  const omitted = omittedOf(r);
  if (omitted > 0) io.out(`… and ${omitted} more diagnostic${omitted === 1 ? "" : "s"}`);
  const verdict = r.exitCode === 0 ? "ok" : r.exitCode === 2 ? "cannot be read" : "not safe to run";
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  io.out(`${shown}: ${n(r.errors, "error")}, ${n(r.warnings, "warning")} — ${verdict}`);
  if (opts.settings && r.compiled && Number.isFinite(r.compiled.die.diameter)) {
    io.out("");
    for (const l of settingsText(r.compiled)) io.out(l);
  }
  if (opts.methods && r.compiled && r.errors === 0) {
    io.out("");
    io.out(methodsText(r.compiled));
  }
}

/**
 * `ssbpress check FILE...`: each file is checked and reported as it comes; the exit code is the worst
 * of them (2 unreadable > 1 errors > 0). With `--json`, one file gives the CONTRACTS §3 object and
 * several files an array of them.
 */
export async function runCheck(files: string[], opts: CheckOptions, io: Io): Promise<number> {
  if (files.filter((f) => f === "-").length > 1)
    throw new SsbError("usage", "standard input (-) can be read only once; name it once among the files");
  let worst = 0;
  const reports: Record<string, unknown>[] = [];
  for (const file of files) {
    const r = await checkOne(file, io);
    worst = Math.max(worst, r.exitCode);
    if (opts.json) reports.push(checkJson(r, opts));
    else printText(r, opts, io);
  }
  if (opts.json) io.out(JSON.stringify(files.length === 1 ? reports[0] : reports, null, 2));
  return worst;
}
