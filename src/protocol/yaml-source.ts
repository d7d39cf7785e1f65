/**
 * Reading protocol text as YAML while keeping the line and column of every node, so that every
 * diagnostic can point at the exact place in the file.
 */
import {
  CST,
  isPair,
  isScalar,
  Lexer,
  LineCounter,
  parseDocument,
  Scalar,
  visit,
  type Document,
  type Node,
  type Pair,
} from "yaml";
import { echo } from "../core/text.js";
import { findInvalidUtf8 } from "../core/utf8.js";
import { MAX_DIAGNOSTICS, type Diagnostic, type SourcePos } from "./diagnostics.js";
import { flowCommaSplits } from "./flow-commas.js";

/** Protocol files are small; anything this large is a mistake (wrong file), not a protocol. */
export const MAX_PROTOCOL_BYTES = 1_000_000;

/**
 * Most YAML values (scalars, lists, maps) a protocol file may hold. The largest protocol the loader
 * accepts (MAX_STEPS object steps of ~10 values each, MAX_LAYERS layers with overrides, inline
 * materials) holds about 15,000; 50,000 leaves room for comments-free generated files while bounding
 * what the YAML parser builds (about 1 kB per value: 50 MB) — a 1 MB file of "[x,x,x,…]" would
 * otherwise become 400,000 nodes and 460 MB before the loader could say anything.
 */
const MAX_YAML_VALUES = 50_000;

/**
 * Deepest nesting of flow lists and maps ("[[[…]]]"). A protocol nests four levels (steps → step →
 * cycling → value); the parser recurses per level and runs out of stack in the thousands.
 */
const MAX_YAML_NESTING = 64;

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export function posOfOffset(src: YamlSource, offset: number): SourcePos {
  const p = src.lines.linePos(Math.max(0, Math.min(offset, src.text.length)));
  return { line: p.line, column: p.col };
}

export function posOf(src: YamlSource, node: Node | Pair | null | undefined): SourcePos {
  if (!node) return { line: 1, column: 1 };
  const n = (isPair(node) ? node.key : node) as Node | null;
  const start = n?.range?.[0] ?? 0;
  return posOfOffset(src, start);
}

/**
 * For a string scalar, map an offset in its value to a file position. Exact for plain scalars and for
 * quoted scalars without escapes on one line; otherwise points at the scalar's start.
 */
export function stringPosMapper(src: YamlSource, node: Scalar): (offset: number) => SourcePos {
  const [start, end] = node.range ?? [0, 0];
  const raw = src.text.slice(start, end);
  const value = String(node.value);
  let base: number | undefined;
  if (node.type === Scalar.PLAIN && raw.startsWith(value)) base = start;
  else if (
    (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) &&
    raw.slice(1, 1 + value.length) === value
  )
    base = start + 1;
  return (offset: number) => posOfOffset(src, base === undefined ? start : base + offset);
}

/** Decode bytes as a protocol text; reports binary or non-UTF-8 content and size limits as fatal diagnostics. */
export function decodeProtocolBytes(bytes: Uint8Array): {
  text?: string;
  diagnostic?: Omit<Diagnostic, "step">;
} {
  const fatal = (message: string): { diagnostic: Omit<Diagnostic, "step"> } => ({
    diagnostic: { rule: "unreadable", severity: "error", message, line: 1, column: 1, fatal: true },
  });
  if (bytes.length > MAX_PROTOCOL_BYTES) {
    return fatal(
      `the file is ${(bytes.length / 1e6).toFixed(1)} MB; a protocol file is a few kB of YAML (limit ${MAX_PROTOCOL_BYTES / 1e6} MB). Check that you passed the right file`,
    );
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fatal(
      "the file is UTF-16 text; save the protocol as UTF-8 YAML (in most editors: Save As → UTF-8)",
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return fatal(
      `the file is binary (a NUL byte at offset ${nul}), not a YAML protocol; pass the .yaml protocol file`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const bad = findInvalidUtf8(bytes);
    const message = `the file is not UTF-8 text${bad ? `: ${bad.what} is not UTF-8` : ""}; save the protocol as UTF-8 YAML (in most editors: Save As → UTF-8)`;
    return {
      diagnostic: { ...fatal(message).diagnostic, ...(bad ? { line: bad.line, column: bad.column } : {}) },
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "" || text.split("\n").every((l) => /^\s*(#.*)?$/.test(l))) {
    return fatal(
      'the file is empty; a protocol needs at least "die", "layers" and "steps" (see examples/classic-li-lpscl-nmc811.yaml)',
    );
  }
  return { text };
}

const UNSUPPORTED_ANCHOR =
  "YAML anchors and aliases (&name, *name) are not supported in protocol files: every value is read where it is written, so write the values out in full";

/**
 * A light pass over the YAML tokens before parsing: counts the values and the nesting so that a huge
 * or absurdly deep file is refused before the parser builds it, and finds the YAML features a protocol
 * does not use (anchors, aliases, merge keys, tags, directives) — each reported where it is written.
 * The lexer yields one token at a time, so this pass needs no memory of its own; it stops at the
 * first limit it meets.
 */
function prescan(text: string): { fatal?: Omit<Diagnostic, "step">; unsupported: Diagnostic[] } {
  const unsupported: Diagnostic[] = [];
  // Line and column are followed token by token (the file is not parsed yet, so no LineCounter).
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const posAt = (at: number): SourcePos => ({ line, column: at - lineStart + 1 });
  const report = (at: SourcePos, message: string) => {
    if (unsupported.length < MAX_DIAGNOSTICS)
      unsupported.push({ rule: "schema", severity: "error", message, ...at, step: null });
  };
  let values = 0;
  let depth = 0;
  let pendingPlain = false;
  let pendingMerge: SourcePos | undefined;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // The lexer marks documents, flow ends and plain scalars with one control character that is not
    // in the source text.
    const inSource = !(type === "doc-mode" || type === "flow-error-end" || type === "scalar");
    const at = offset;
    const pos = posAt(at);
    if (inSource) {
      for (let i = token.indexOf("\n"); i >= 0; i = token.indexOf("\n", i + 1)) {
        line++;
        lineStart = at + i + 1;
      }
      offset += token.length;
    }
    if (pendingPlain) {
      pendingPlain = false;
      if (token === "<<") pendingMerge = pos;
      continue;
    }
    if (pendingMerge !== undefined && type !== "space") {
      if (type === "map-value-ind")
        report(
          pendingMerge,
          "YAML merge keys (<<) are not supported in protocol files: write the keys of the map out in full",
        );
      pendingMerge = undefined;
    }
    switch (type) {
      case "scalar":
        pendingPlain = true;
        values++;
        break;
      case "single-quoted-scalar":
      case "double-quoted-scalar":
      case "seq-item-ind":
      case "alias":
        values++;
        if (type === "alias") report(pos, UNSUPPORTED_ANCHOR);
        break;
      case "flow-map-start":
      case "flow-seq-start":
        values++;
        depth++;
        if (depth > MAX_YAML_NESTING) {
          return {
            fatal: {
              rule: "unreadable",
              severity: "error",
              message: `the lists and maps nest more than ${MAX_YAML_NESTING} levels deep here; a protocol nests four (steps → step → cycling → value): check that you passed the right file`,
              ...pos,
              fatal: true,
            },
            unsupported,
          };
        }
        break;
      case "flow-map-end":
      case "flow-seq-end":
        depth = Math.max(0, depth - 1);
        break;
      case "anchor":
        report(pos, UNSUPPORTED_ANCHOR);
        break;
      case "tag":
        report(
          pos,
          `YAML tags (${JSON.stringify(echo(token, 40))}) are not supported in protocol files: remove the tag and write the value as plain text, e.g. "250 MPa"`,
        );
        break;
      case "directive-line":
        if (!/^%YAML\s+1\.2\b/.test(token))
          report(
            pos,
            `the YAML directive ${JSON.stringify(echo(token, 40))} is not supported in protocol files (they are YAML 1.2): remove the line`,
          );
        break;
    }
    if (values > MAX_YAML_VALUES) {
      return {
        fatal: {
          rule: "unreadable",
          severity: "error",
          message: `the file holds more than ${MAX_YAML_VALUES.toLocaleString("en-US")} YAML values (counted up to here); the largest protocol holds about 15,000 (see docs/protocol.md, "Limits"). Check that you passed the right file, or split the protocol`,
          ...pos,
          fatal: true,
        },
        unsupported,
      };
    }
  }
  return { unsupported };
}

/**
 * Parse YAML text, keeping positions. YAML errors come back as diagnostics; `src` is undefined when the
 * file was refused before parsing (too many values, too deep). When the file uses YAML features a
 * protocol does not support, `unsupported` is true: they are reported and the loader must not read on.
 */
export function parseYaml(
  file: string,
  text: string,
): { src?: YamlSource; diagnostics: Diagnostic[]; unsupported: boolean } {
  const pre = prescan(text);
  if (pre.fatal) return { diagnostics: [{ ...pre.fatal, step: null }], unsupported: false };
  const lines = new LineCounter();
  // Duplicate keys are found below in one pass: the parser's own check compares every key with every
  // other key of its map, which takes seconds on a large (if absurd) map.
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const src: YamlSource = { file, text, doc, lines };
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const first = e.message.split("\n")[0] ?? e.message;
    const at = syntaxErrorOffset(text, e.code, first, e.pos[0]);
    const unclosed = /^Missing closing (["'])quote/.exec(first);
    const message = unclosed
      ? `the quote ${unclosed[1]} opened here is never closed; end the text with a matching ${unclosed[1]}, e.g. - "Press to 250 MPa, hold 2 min"`
      : `${first.replace(/ at line \d+, column \d+:?$/, "").replace(/; please use YAML\.parseAllDocuments\(\)/, "")}${yamlHint(e.code, first)}`;
    diagnostics.push({
      rule: "yaml-syntax",
      severity: "error",
      message: `YAML syntax error: ${message}`,
      ...posOfOffset(src, at),
      step: null,
      fatal: true,
    });
  }
  if (doc.errors.length > 0) return { src, diagnostics, unsupported: false };
  const commas = flowCommaSplits(doc, text);
  if (commas.length > 0) {
    for (const c of commas)
      diagnostics.push({
        rule: c.rule,
        severity: "error",
        message: c.message,
        ...posOfOffset(src, c.at),
        step: null,
      });
    return { src, diagnostics, unsupported: true };
  }
  diagnostics.push(...pre.unsupported);
  for (const dup of duplicateKeys(doc)) {
    diagnostics.push({
      rule: "schema",
      severity: "error",
      message: `duplicate key "${echo(dup.key)}" (first at line ${posOfOffset(src, dup.first).line}): each key may appear once in a map (later values would silently replace earlier ones); rename or merge the entries`,
      ...posOfOffset(src, dup.at),
      step: null,
    });
  }
  return { src, diagnostics, unsupported: pre.unsupported.length > 0 };
}

/** Keys that appear twice in one map: the key, where it is repeated and where it first appears. */
function duplicateKeys(doc: Document.Parsed): { key: string; at: number; first: number }[] {
  const out: { key: string; at: number; first: number }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items as Pair[]) {
        if (!isScalar(pair.key)) continue;
        const v = pair.key.value;
        const id = `${typeof v}:${String(v)}`;
        const at = pair.key.range?.[0] ?? 0;
        const first = seen.get(id);
        if (first === undefined) seen.set(id, at);
        else out.push({ key: String(v), at, first });
      }
    },
  });
  return out;
}

/**
 * Where a syntax error is best shown. The parser reports unclosed quotes and flow collections where it
 * gave up (often the end of the file); the place to fix is the opening quote or bracket. Indentation
 * errors are reported at the start of the line; the offending key is after the spaces.
 */
function syntaxErrorOffset(text: string, code: string, message: string, offset: number): number {
  const opener = /^Missing closing (["'])quote/.exec(message)?.[1]
    ? "quote"
    : /^Flow map\b/.test(message)
      ? "{"
      : /^Flow sequence\b/.test(message)
        ? "["
        : undefined;
  if (opener) return findUnclosed(text, offset, opener) ?? offset;
  if (code === "BAD_INDENT" && (offset === 0 || text[offset - 1] === "\n")) {
    const indent = /^[ \t]*/.exec(text.slice(offset))![0].length;
    return offset + indent;
  }
  return offset;
}

/**
 * The offset of the quote or bracket still open at `end`, by a light scan of the text (quotes start
 * where YAML allows a quoted scalar to start; comments are skipped). Undefined when none is found.
 */
function findUnclosed(text: string, end: number, what: "quote" | "{" | "["): number | undefined {
  const open: { ch: string; at: number }[] = [];
  let quote: { ch: string; at: number } | undefined;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const ch = text[i]!;
    if (quote) {
      if (quote.ch === '"' && ch === "\\") i++;
      else if (quote.ch === "'" && ch === "'" && text[i + 1] === "'") i++;
      else if (ch === quote.ch) quote = undefined;
      continue;
    }
    if (ch === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf("\n", i);
      if (nl < 0) break;
      i = nl;
    } else if (ch === '"' || ch === "'") {
      let j = i - 1;
      while (j >= 0 && (text[j] === " " || text[j] === "\t")) j--;
      if (j < 0 || ":-[{,?\r\n".includes(text[j]!)) quote = { ch, at: i };
    } else if (ch === "{" || ch === "[") open.push({ ch, at: i });
    else if (ch === "}" || ch === "]") open.pop();
  }
  if (what === "quote") return quote?.at;
  return [...open].reverse().find((o) => o.ch === what)?.at;
}

function yamlHint(code: string, message: string): string {
  if (/call stack/i.test(message))
    return "; the lists or maps nest far too deeply to be a protocol: check that you passed the right file";
  if (/^Flow map\b/.test(message))
    return '; close the "{" opened here with "}", e.g. "separator: { material: Li6PS5Cl, mass: 80 mg }"';
  if (/^Flow sequence\b/.test(message))
    return '; close the "[" opened here with "]", e.g. "steps: [Add separator, Press to 250 MPa]"';
  switch (code) {
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "; check the indentation (spaces, not tabs) and that every key ends with a colon";
    case "TAB_AS_INDENT":
      return "; YAML indentation must use spaces, not tabs";
    case "MULTIPLE_DOCS":
      return "; a protocol file holds one document: remove the extra '---'";
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return '; a key is probably missing its colon: write "key: value" (e.g. "layers:"), or indent the value under its key';
    default:
      return "";
  }
}

export type { Node, Pair };
