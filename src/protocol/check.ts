/**
 * The checker: load a protocol, walk it, run every rule. Returns diagnostics (never throws on bad
 * input); `checkOrThrow` is the throwing twin for library users.
 */
import { SsbError } from "../core/errors.js";
import { DiagnosticSink, exitCodeFor, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { loadProtocolBytes, loadProtocolText } from "./load.js";
import type { CheckAdvisors } from "./rules/context.js";
import { RULES } from "./rules/index.js";
import type { Protocol } from "./types.js";
import { walkProtocol } from "./walk.js";

export interface CheckResult {
  file: string;
  protocol?: Protocol;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  exitCode: 0 | 1 | 2;
}

/** Run the rules on a loaded protocol. */
export function checkProtocol(protocol: Protocol, advisors?: CheckAdvisors): Diagnostic[] {
  const sink = new DiagnosticSink();
  const trace = walkProtocol(protocol);
  for (const rule of RULES) rule({ protocol, trace, sink, ...(advisors ? { advisors } : {}) });
  return sink.items;
}

function finish(
  file: string,
  loaded: { protocol?: Protocol; diagnostics: Diagnostic[] },
  advisors?: CheckAdvisors,
): CheckResult {
  const ds = [...loaded.diagnostics];
  // Models only advise a protocol that loaded without errors (they assume sound input).
  if (loaded.protocol) {
    const clean = !loaded.diagnostics.some((d) => d.severity === "error");
    ds.push(...checkProtocol(loaded.protocol, clean ? advisors : undefined));
  }
  const diagnostics = sortDiagnostics(dedupe(ds));
  const result: CheckResult = {
    file,
    diagnostics,
    errors: diagnostics.filter((d) => d.severity === "error").length,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
    exitCode: exitCodeFor(diagnostics),
  };
  if (loaded.protocol) result.protocol = loaded.protocol;
  return result;
}

/** The same problem found twice at one place (e.g. a layer in the die for several steps) is shown once. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.rule}|${d.line}|${d.column}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function checkText(file: string, text: string, advisors?: CheckAdvisors): CheckResult {
  return finish(file, loadProtocolText(file, text), advisors);
}

export function checkBytes(file: string, bytes: Uint8Array, advisors?: CheckAdvisors): CheckResult {
  return finish(file, loadProtocolBytes(file, bytes), advisors);
}

/** Load and check; throw an SsbError when the protocol has errors. */
export function checkOrThrow(file: string, text: string): Protocol {
  const r = checkText(file, text);
  const firstError = r.diagnostics.find((d) => d.severity === "error");
  if (firstError || !r.protocol) {
    const d = firstError!;
    throw new SsbError("parse", `${file}:${d.line}:${d.column}: ${d.rule}: ${d.message}`);
  }
  return r.protocol;
}

/** Compiler-style text: FILE:LINE:COL: severity rule: message [citations]. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const cites = d.citations && d.citations.length ? ` [${d.citations.join(", ")}]` : "";
  return `${file}:${d.line}:${d.column}: ${d.severity} ${d.rule}: ${d.message}${cites}`;
}
