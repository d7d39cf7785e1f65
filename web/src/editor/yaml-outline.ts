/**
 * Just enough of a protocol's outline, read from the text as it is being typed (often invalid
 * YAML): which top-level section a line is in, and the layer ids defined under `layers:`.
 * Completion needs these on every keystroke; the server's checker is for everything else.
 */

const TOP_KEY = /^([A-Za-z_][\w-]*)\s*:/;

/** The top-level key ("steps", "layers", …) whose block holds 1-based line `lineNo`, or null. */
export function sectionAt(lines: readonly string[], lineNo: number): string | null {
  for (let i = Math.min(lineNo, lines.length) - 1; i >= 0; i--) {
    const m = TOP_KEY.exec(lines[i] ?? "");
    if (m?.[1]) return m[1];
  }
  return null;
}

const unquote = (s: string) => s.replace(/^(["'])(.*)\1$/, "$2");

/** The layer ids under `layers:` (block style, as the examples and `plan` write them), in order. */
export function layerIds(text: string): string[] {
  const ids: string[] = [];
  let inLayers = false;
  let childIndent = -1;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line) && !line.startsWith("#")) {
      inLayers = /^layers\s*:/.test(line);
      childIndent = -1;
      // the flow form on one line: layers: { a: {...}, b: {...} } is rare; its ids are not offered
      continue;
    }
    if (!inLayers) continue;
    const m = /^(\s+)([^\s#:{}[\],][^:#{}]*?)\s*:(\s|$)/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    if (childIndent < 0) childIndent = m[1].length;
    if (m[1].length === childIndent) {
      const id = unquote(m[2].trim());
      if (id && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}
