/**
 * The shape of `check --json` (CONTRACTS §3), which POST /api/check answers, and how one of its
 * diagnostics becomes a CodeMirror diagnostic: the checker speaks in 1-based YAML lines and
 * columns, the editor in document offsets.
 */
import type { Diagnostic as EditorDiagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";

export interface CheckDiagnostic {
  rule: string;
  severity: "error" | "warning" | "info";
  message: string;
  line: number;
  column: number;
  step: number | null;
  citations?: string[];
  /** Not in check --json today; shown when a server adds it. */
  hint?: string;
}

export interface CheckResult {
  file: string;
  diagnostics: CheckDiagnostic[];
  errors: number;
  warnings: number;
  omitted?: number;
}

/** "2 errors, 1 warning" (what the live region announces). */
export function countText(r: Pick<CheckResult, "errors" | "warnings">): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  return `${n(r.errors, "error")}, ${n(r.warnings, "warning")}`;
}

/**
 * The document offset of a 1-based line and column, clamped into the document: a diagnostic of an
 * older text (or a checker's off-by-one) must never throw inside the editor.
 */
function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(1, Math.trunc(line) || 1), doc.lines));
  const col = Math.max(1, Math.trunc(column) || 1);
  return Math.min(l.from + col - 1, l.to);
}

/** A quantity ("400 MPa", "5 MPa/s") or else one word: what a diagnostic inside a step string is about. */
const QUANTITY = /^[-+]?\.?\d[\d.]*(?:e[-+]?\d+)?\s*[^\s,}\]]*/i;
const WORD = /^[^\s,}\]]+/;

/** Where a YAML scalar that starts at `at` of this line ends (quotes, flow punctuation, comments). */
function scalarEnd(text: string, at: number, flow: boolean): number {
  const q = text[at];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, at + 1);
    return close < 0 ? text.length : close + 1;
  }
  let end = text.length;
  const comment = text.indexOf(" #", at);
  if (comment >= 0) end = comment;
  if (flow) {
    const m = /[,}\]]/.exec(text.slice(at, end));
    if (m) end = at + m.index;
  }
  return at + text.slice(at, end).trimEnd().length;
}

/**
 * Where to underline a diagnostic that only names its first character: the YAML scalar that starts
 * there, or, when the checker points inside a scalar (a step string), the quantity or word there;
 * else the line's text. Zero-width marks are hard to see and to hover.
 */
function rangeOf(doc: Text, line: number, column: number): { from: number; to: number } {
  const from = offsetOf(doc, line, column);
  const l = doc.lineAt(from);
  const at = from - l.from;
  const before = l.text.slice(0, at);
  const startsScalar = /(^|[:\-{[,?])\s*$/.test(before) && !/^\s/.test(l.text.slice(at));
  if (startsScalar && at < l.text.trimEnd().length) {
    const to = l.from + scalarEnd(l.text, at, /[{[]/.test(before));
    if (to > from) return { from, to };
  }
  const rest = l.text.slice(at);
  const m = QUANTITY.exec(rest) ?? WORD.exec(rest);
  if (m && m[0].trim()) return { from, to: from + m[0].trimEnd().length };
  const start = l.from + (l.text.length - l.text.trimStart().length);
  const end = l.from + l.text.trimEnd().length;
  // an empty spot (past the end of a line, an empty document): mark the line's text if it has any
  return end > start ? { from: Math.min(from, start), to: end } : { from, to: from };
}

function messageNode(d: CheckDiagnostic): Node {
  const box = document.createElement("div");
  box.className = "diag-tip";
  const head = document.createElement("strong");
  head.textContent = `${d.severity} ${d.rule}${d.step ? ` (step ${d.step})` : ""}`;
  const msg = document.createElement("p");
  msg.textContent = d.message;
  box.append(head, msg);
  if (d.hint) {
    const hint = document.createElement("p");
    hint.className = "diag-hint";
    hint.textContent = `Hint: ${d.hint}`;
    box.append(hint);
  }
  if (d.citations?.length) {
    const cite = document.createElement("p");
    cite.className = "diag-cite";
    cite.textContent = `Sources: ${d.citations.join(", ")}`;
    box.append(cite);
  }
  return box;
}

/** The checker's diagnostics as editor marks (with the hover text: message, hint, sources). */
export function toEditorDiagnostics(doc: Text, diagnostics: CheckDiagnostic[]): EditorDiagnostic[] {
  return diagnostics.map((d) => {
    const { from, to } = rangeOf(doc, d.line, d.column);
    return {
      from,
      to,
      severity: d.severity === "error" || d.severity === "warning" ? d.severity : "info",
      message: d.message,
      markClass: `diag-${d.severity}`,
      renderMessage: () => messageNode(d),
    };
  });
}
