/**
 * Reading protocol text as YAML while keeping the line and column of every node, so that every
 * diagnostic can point at the exact place in the file.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Scalar,
  type Document,
  type Node,
  type Pair,
} from "yaml";
import type { Diagnostic, SourcePos } from "./diagnostics.js";

/** Protocol files are small; anything this large is a mistake (wrong file), not a protocol. */
export const MAX_PROTOCOL_BYTES = 1_000_000;

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
    return fatal("the file is not UTF-8 text; save the protocol as UTF-8 YAML");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "" || text.split("\n").every((l) => /^\s*(#.*)?$/.test(l))) {
    return fatal(
      'the file is empty; a protocol needs at least "die", "layers" and "steps" (see examples/classic-li-lpscl-nmc811.yaml)',
    );
  }
  return { text };
}

/** Parse YAML text, keeping positions. YAML errors come back as diagnostics. */
export function parseYaml(file: string, text: string): { src: YamlSource; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const src: YamlSource = { file, text, doc, lines };
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const pos = posOfOffset(src, e.pos[0]);
    const first = e.message.split("\n")[0] ?? e.message;
    if (e.code === "DUPLICATE_KEY") {
      const keyText = text.slice(e.pos[0], e.pos[1]).trim();
      diagnostics.push({
        rule: "schema",
        severity: "error",
        message: `duplicate key${keyText ? ` "${keyText}"` : ""}: each key may appear once in a map (later values would silently replace earlier ones); rename or merge the entries`,
        ...pos,
        step: null,
      });
    } else {
      diagnostics.push({
        rule: "yaml-syntax",
        severity: "error",
        message: `YAML syntax error: ${first.replace(/ at line \d+, column \d+:?$/, "")}${yamlHint(e.code)}`,
        ...pos,
        step: null,
        fatal: true,
      });
    }
  }
  return { src, diagnostics };
}

function yamlHint(code: string): string {
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
      return "; a key is probably missing its colon, or a value its indentation";
    default:
      return "";
  }
}

export { isMap, isScalar, isSeq };
export type { Node, Pair };
