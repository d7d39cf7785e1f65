/**
 * Where a file stops being UTF-8, said the way a person finds it in an editor: line, column and the
 * byte, with what that byte would be in Windows-1252 (the usual reason: a "µ", "°" or "é" typed in an
 * editor that saves Latin-1 / Windows-1252).
 */

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence; -1 when all are. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // the lead byte gives the length and the range of the first continuation byte (no overlong
    // forms, no surrogates, nothing above U+10FFFF: the same rules as TextDecoder's fatal mode)
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

/** The first byte that is not UTF-8: where it is (1-based line and column) and what it is. */
export interface InvalidUtf8 {
  line: number;
  column: number;
  /** "byte 0xB5 (in Windows-1252 it would be "µ")" */
  what: string;
}

export function findInvalidUtf8(bytes: Uint8Array): InvalidUtf8 | undefined {
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return undefined;
  const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  // the bytes before it on its line are valid UTF-8: count them as characters
  const column = [...new TextDecoder("utf-8").decode(bytes.subarray(lineStart, at))].length + 1;
  const b = bytes[at]!;
  const hex = `0x${b.toString(16).toUpperCase().padStart(2, "0")}`;
  const as1252 = new TextDecoder("windows-1252").decode(bytes.subarray(at, at + 1));
  const printable = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(as1252);
  return {
    line,
    column,
    what: `byte ${hex}${printable ? ` (in Windows-1252 it would be "${as1252}")` : ""}`,
  };
}
