/**
 * The checker: load a protocol, walk it, run every rule. Returns diagnostics (never throws on bad
 * input); `checkOrThrow` is the throwing twin for library users.
 */
import { SsbError } from "../core/errors.js";
import {
  capDiagnostics,
  DiagnosticSink,
  exitCodeFor,
  type Diagnostic,
  type OmittedCounts,
} from "./diagnostics.js";
import { loadProtocolBytes, loadProtocolText } from "./load.js";
import type { CheckAdvisors } from "./rules/context.js";
import { RULES } from "./rules/index.js";
import type { Protocol } from "./types.js";
import { compileProtocol, type CompiledProtocol } from "./compile.js";

export interface CheckResult {
  file: string;
  protocol?: Protocol;
  /**
   * The compiled protocol, present when the file loaded and every step can take effect (no load or
   * step-order errors): what simulate, the settings table, the methods text and the run engine read.
   * Safety errors do not prevent it (simulate shows what they would do); `runnable` says whether the
   * protocol may go to a press.
   */
  compiled?: CompiledProtocol;
  /** True when the protocol may be run on a press: it compiled and has no error diagnostics. */
  runnable: boolean;
  diagnostics: Diagnostic[];
  /** Errors and warnings in all, including those beyond the cap that `diagnostics` does not list. */
  errors: number;
  warnings: number;
  /** Diagnostics found but not listed (beyond MAX_DIAGNOSTICS); a report says "… and N more". */
  omitted: number;
  exitCode: 0 | 1 | 2;
}

/** Compile a loaded protocol and run the rules on it. */
export function checkProtocol(
  protocol: Protocol,
  advisors?: CheckAdvisors,
): { compiled: CompiledProtocol; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink();
  const compiled = compileProtocol(protocol);
  for (const rule of RULES)
    rule({
      protocol: compiled,
      trace: compiled.steps,
      sink,
      ...(advisors ? { advisors } : {}),
      ...(protocol.skippedAdds ? { skippedAdds: protocol.skippedAdds } : {}),
    });
  return { compiled, diagnostics: sink.items };
}

function finish(
  file: string,
  loaded: { protocol?: Protocol; diagnostics: Diagnostic[]; omitted?: OmittedCounts },
  advisors?: CheckAdvisors,
): CheckResult {
  const ds = [...loaded.diagnostics];
  const loadedClean = !loaded.diagnostics.some((d) => d.severity === "error");
  let compiled: CompiledProtocol | undefined;
  if (loaded.protocol) {
    // Models only advise a protocol that loaded without errors (they assume sound input).
    const checked = checkProtocol(loaded.protocol, loadedClean ? advisors : undefined);
    ds.push(...checked.diagnostics);
    const sound = loadedClean && checked.compiled.steps.every((s) => s.orderProblems.length === 0);
    if (sound) compiled = checked.compiled;
  }
  const all = dedupe(ds);
  const shown = capDiagnostics(all, loaded.omitted);
  const result: CheckResult = {
    file,
    diagnostics: shown.diagnostics,
    errors: shown.errors,
    warnings: shown.warnings,
    omitted: shown.omitted,
    exitCode: exitCodeFor(all) || (shown.errors > 0 ? 1 : 0),
    runnable: false,
  };
  if (loaded.protocol) result.protocol = loaded.protocol;
  if (compiled) {
    result.compiled = compiled;
    result.runnable = result.errors === 0;
  }
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

/** Load, check and compile; throw an SsbError when the protocol has errors. */
export function checkOrThrow(file: string, text: string): CompiledProtocol {
  const r = checkText(file, text);
  const firstError = r.diagnostics.find((d) => d.severity === "error");
  if (firstError || !r.compiled) {
    const d = firstError ?? r.diagnostics[0];
    throw new SsbError(
      "parse",
      d
        ? `${file}:${d.line}:${d.column}: ${d.rule}: ${d.message}`
        : `${file}: the protocol could not be compiled`,
    );
  }
  return r.compiled;
}

/** Compiler-style text: FILE:LINE:COL: severity rule: message [citations]. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const cites = d.citations && d.citations.length ? ` [${d.citations.join(", ")}]` : "";
  return `${file}:${d.line}:${d.column}: ${d.severity} ${d.rule}: ${d.message}${cites}`;
}
