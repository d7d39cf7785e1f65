/**
 * Diagnostics: what the loader and the checker say about a protocol. Like a compiler, each one has a
 * rule id, a severity, a message and the YAML line and column it is about.
 */
import { echo } from "../core/text.js";

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

/**
 * How many diagnostics one pass keeps. A protocol with 200 problems is already one to rewrite, not to
 * read line by line; beyond this they are counted (by severity) so that the totals and the exit code
 * stay exact while the output and the memory stay bounded.
 */
export const MAX_DIAGNOSTICS = 200;

/**
 * Longest message kept. Messages are built by us and stay under ~1 kB; this bounds the rare one that
 * repeats much user text (each piece of user text is also bounded where it is quoted, see `echo`).
 */
export const MAX_MESSAGE_LENGTH = 2000;

/** Counts of diagnostics that were reported but not kept. */
export interface OmittedCounts {
  error: number;
  warning: number;
  info: number;
}

/** Collects diagnostics while a pass runs. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  /** Diagnostics beyond `max`, by severity: counted, not kept. */
  readonly omittedBy: OmittedCounts = { error: 0, warning: 0, info: 0 };

  /**
   * @param max how many diagnostics to keep. The default is a memory bound for passes whose output is
   * capped later (the checker's, which a protocol's step limit bounds anyway); the loader keeps
   * `MAX_DIAGNOSTICS`.
   */
  constructor(readonly max = 10_000) {}

  /** How many diagnostics were reported beyond the cap. */
  get omitted(): number {
    return this.omittedBy.error + this.omittedBy.warning + this.omittedBy.info;
  }

  /**
   * Keep a diagnostic, its message made safe to print (control characters escaped, length bounded).
   * When full, an error still displaces the latest kept warning or note, so that errors are never
   * hidden behind warnings: whoever asks "are there errors?" of the kept list gets the right answer.
   */
  add(d: Diagnostic): void {
    const safe = { ...d, message: echo(d.message, MAX_MESSAGE_LENGTH) };
    if (this.items.length < this.max) {
      this.items.push(safe);
      return;
    }
    if (safe.severity === "error") {
      for (let i = this.items.length - 1; i >= 0; i--) {
        const old = this.items[i]!;
        if (old.severity !== "error" && !old.fatal) {
          this.items.splice(i, 1);
          this.items.push(safe);
          this.omittedBy[old.severity]++;
          return;
        }
      }
    }
    this.omittedBy[safe.severity]++;
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
    return this.omittedBy.error > 0 || this.items.some((d) => d.severity === "error");
  }
}

/**
 * The diagnostics to show, at most `max`: errors first (then warnings, then notes), each group in file
 * order, the kept ones sorted by position. Totals count the shown and the omitted alike.
 */
export function capDiagnostics(
  ds: readonly Diagnostic[],
  omittedBefore: OmittedCounts = { error: 0, warning: 0, info: 0 },
  max = MAX_DIAGNOSTICS,
): { diagnostics: Diagnostic[]; omitted: number; errors: number; warnings: number } {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const byPriority = [...ds].sort(
    (a, b) =>
      Number(!!b.fatal) - Number(!!a.fatal) ||
      rank[a.severity] - rank[b.severity] ||
      a.line - b.line ||
      a.column - b.column,
  );
  const kept = byPriority.slice(0, max);
  const count = (s: Severity) => ds.filter((d) => d.severity === s).length + omittedBefore[s];
  return {
    diagnostics: sortDiagnostics(kept),
    omitted: ds.length - kept.length + omittedBefore.error + omittedBefore.warning + omittedBefore.info,
    errors: count("error"),
    warnings: count("warning"),
  };
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
