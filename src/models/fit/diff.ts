/**
 * A line diff for `npm run fit -- --check`: shows, in the familiar unified format, how the freshly
 * fitted parameter file differs from the committed one.
 */

type Op = { kind: " " | "-" | "+"; line: string; oldNo: number; newNo: number };

/** The edit script between two line lists (longest common subsequence; files are a few hundred lines). */
function editScript(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i]!;
    const next = lcs[i + 1]!;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? next[j + 1]! + 1 : Math.max(next[j]!, row[j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i]!, oldNo: i + 1, newNo: j + 1 });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Deletions before insertions, as diff(1) shows a replaced line.
      ops.push({ kind: "-", line: a[i]!, oldNo: i + 1, newNo: j });
      i++;
    } else {
      ops.push({ kind: "+", line: b[j]!, oldNo: i, newNo: j + 1 });
      j++;
    }
  }
  return ops;
}

export interface DiffOptions {
  /** Unchanged lines shown around each change (default 3). */
  context?: number;
  /** At most this many output lines; the rest is summarised in one line (default 200). */
  maxLines?: number;
}

/**
 * Unified diff of `before` (labelled `beforeName`) and `after` (`afterName`); "" when they are equal.
 */
export function unifiedDiff(
  before: string,
  after: string,
  beforeName: string,
  afterName: string,
  options: DiffOptions = {},
): string {
  if (before === after) return "";
  const context = options.context ?? 3;
  const maxLines = options.maxLines ?? 200;
  const ops = editScript(splitLines(before), splitLines(after));

  // Group changes that lie within 2·context lines of each other into hunks.
  const changed = ops.flatMap((op, k) => (op.kind === " " ? [] : [k]));
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const from = Math.max(0, k - context);
    const to = Math.min(ops.length - 1, k + context);
    const last = hunks[hunks.length - 1];
    if (last !== undefined && from <= last[1] + 1) last[1] = to;
    else hunks.push([from, to]);
  }

  const out = [`--- ${beforeName}`, `+++ ${afterName}`];
  for (const [from, to] of hunks) {
    const part = ops.slice(from, to + 1);
    const oldCount = part.filter((op) => op.kind !== "+").length;
    const newCount = part.filter((op) => op.kind !== "-").length;
    const first = part[0]!;
    const oldStart = oldCount === 0 ? first.oldNo : (part.find((op) => op.kind !== "+")?.oldNo ?? 0);
    const newStart = newCount === 0 ? first.newNo : (part.find((op) => op.kind !== "-")?.newNo ?? 0);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const op of part) out.push(`${op.kind}${op.line}`);
  }
  if (out.length > maxLines) {
    const hidden = out.length - maxLines;
    out.length = maxLines;
    out.push(`… ${hidden} more diff lines not shown`);
  }
  return out.join("\n");
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
