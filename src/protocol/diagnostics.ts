/**
 * Diagnostics: what the loader and the checker say about a protocol. Like a compiler, each one has a
 * rule id, a severity, a message and the YAML line and column it is about.
 */

export type Severity = "error" | "warning" | "info";

export interface SourcePos {
  /** 1-based line in the protocol file. */
  line: number;
  /** 1-based column in the protocol file. */
  column: number;
}

export interface Diagnostic extends SourcePos {
  rule: string;
  severity: Severity;
  message: string;
  /** 1-based step number, or null when the diagnostic is not about a step. */
  step: number | null;
  /** Citation keys of the evidence behind the rule, when there is any. */
  citations?: string[];
  /**
   * True when the file cannot be read or parsed at all (exit code 2 rather than 1): not YAML, empty,
   * binary, too large.
   */
  fatal?: boolean;
}

export const NO_POS: SourcePos = { line: 1, column: 1 };

/** Collects diagnostics while a pass runs. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  report(
    severity: Severity,
    rule: string,
    message: string,
    pos: SourcePos,
    step: number | null = null,
    citations?: string[],
  ): void {
    this.add({
      rule,
      severity,
      message,
      line: pos.line,
      column: pos.column,
      step,
      ...(citations ? { citations } : {}),
    });
  }

  error(
    rule: string,
    message: string,
    pos: SourcePos,
    step: number | null = null,
    citations?: string[],
  ): void {
    this.report("error", rule, message, pos, step, citations);
  }

  warning(
    rule: string,
    message: string,
    pos: SourcePos,
    step: number | null = null,
    citations?: string[],
  ): void {
    this.report("warning", rule, message, pos, step, citations);
  }

  info(
    rule: string,
    message: string,
    pos: SourcePos,
    step: number | null = null,
    citations?: string[],
  ): void {
    this.report("info", rule, message, pos, step, citations);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

/** Sort by position, then severity, so output reads top to bottom like the file. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return [...ds].sort(
    (a, b) => a.line - b.line || a.column - b.column || rank[a.severity] - rank[b.severity],
  );
}

/** Exit code per CONTRACTS §1: 2 unreadable/unparsable, 1 error diagnostics, 0 otherwise. */
export function exitCodeFor(ds: readonly Diagnostic[]): 0 | 1 | 2 {
  if (ds.some((d) => d.fatal)) return 2;
  if (ds.some((d) => d.severity === "error")) return 1;
  return 0;
}
