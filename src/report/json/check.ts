/**
 * The JSON of `check --json` (CONTRACTS §3), built once for the CLI and the HTTP API so that both
 * answer byte for byte the same object for the same protocol.
 */
import type { CheckResult } from "../../protocol/check.js";
import type { Diagnostic } from "../../protocol/diagnostics.js";
import { methodsText } from "../../protocol/methods.js";
import { settingsJson } from "../../protocol/settings.js";

/** What is reported for one protocol: the checker's result, or an unreadable file. */
export type CheckOutcome = Omit<CheckResult, "runnable" | "compiled" | "omitted" | "protocol"> & {
  compiled?: NonNullable<CheckResult["compiled"]>;
  omitted?: number;
};

/** What `--settings` and `--methods` add to the report. */
export interface CheckJsonOptions {
  settings?: boolean;
  methods?: boolean;
}

/** One diagnostic as CONTRACTS §3 prints it in JSON. */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return {
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    line: d.line,
    column: d.column,
    step: d.step,
    ...(d.citations?.length ? { citations: d.citations } : {}),
  };
}

/** The CONTRACTS §3 object for one file (plus settings, methods and `omitted` when asked or non-zero). */
export function checkJson(r: CheckOutcome, opts: CheckJsonOptions = {}): Record<string, unknown> {
  const omitted = r.omitted ?? 0;
  return {
    file: r.file,
    diagnostics: r.diagnostics.map(diagnosticJson),
    errors: r.errors,
    warnings: r.warnings,
    ...(omitted > 0 ? { omitted } : {}),
    ...(opts.settings && r.compiled && r.exitCode !== 2 ? { settings: settingsJson(r.compiled) } : {}),
    ...(opts.methods && r.compiled && r.errors === 0 ? { methods: methodsText(r.compiled) } : {}),
  };
}

/**
 * The error diagnostics that stop a simulation, as `simulate --json` lists them (without citations:
 * the reader is sent to `check` for the full report).
 */
export function blockingDiagnosticsJson(diagnostics: readonly Diagnostic[]): Record<string, unknown>[] {
  return diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => ({
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      line: d.line,
      column: d.column,
      step: d.step,
    }));
}
