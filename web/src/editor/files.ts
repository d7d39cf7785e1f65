/**
 * Opening and saving protocol files in the browser. A protocol is a few kB of UTF-8 YAML; the
 * editor refuses what cannot be one (over 1 MB, binary) with a sentence that says so, rather than
 * filling itself with megabytes of mojibake.
 */
const MAX_FILE_BYTES = 1_000_000;

export type Opened = { ok: true; text: string; fileName: string } | { ok: false; error: string };

const size = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.ceil(n / 1e3)} kB`);

export async function readProtocolFile(file: File): Promise<Opened> {
  const name = file.name || "protocol.yaml";
  if (file.size > MAX_FILE_BYTES)
    return {
      ok: false,
      error: `"${name}" is ${size(file.size)}; a protocol file is at most 1 MB of YAML text. Choose the protocol's .yaml file.`,
    };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      error: `"${name}" is not UTF-8 text${whereNotUtf8(bytes)}; a protocol is a YAML text file: save it as UTF-8 (in most editors: Save As → UTF-8).`,
    };
  }
  if (text.includes("\0"))
    return {
      ok: false,
      error: `"${name}" is a binary file (it holds NUL bytes); a protocol is a YAML text file.`,
    };
  return { ok: true, text: text.replace(/^\uFEFF/, ""), fileName: name };
}

/**
 * " (line 4, column 51: "µ" saved as Windows-1252)" — where a lenient decoder puts its first U+FFFD,
 * and what that byte is in Windows-1252, the usual reason (a µ or ° typed in a Latin-1 editor).
 */
function whereNotUtf8(bytes: Uint8Array): string {
  const lines = new TextDecoder("utf-8").decode(bytes).split("\n");
  const line = lines.findIndex((l) => l.includes("\uFFFD"));
  if (line < 0) return "";
  const before = lines[line]!.split("\uFFFD")[0]!;
  const column = [...before].length + 1;
  // the byte: skip the bytes of the lines before and of the valid characters before it
  const skipped = new TextEncoder().encode(
    lines.slice(0, line).join("\n") + (line > 0 ? "\n" : "") + before,
  ).length;
  const asLatin = new TextDecoder("windows-1252").decode(bytes.subarray(skipped, skipped + 1));
  const what = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(asLatin) ? `: "${asLatin}" saved as Windows-1252` : "";
  return ` (line ${line + 1}, column ${column}${what})`;
}

/** Offers the text as a download under the file name (the browser's usual save). */
export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/yaml;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName || "protocol.yaml";
  document.body.append(a);
  a.click();
  a.remove();
  // revoked later: some browsers start the download only after the click handler returns
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What "New" starts from: the shape of a protocol, to be filled in (the checker says what is missing). */
export const NEW_PROTOCOL = `name: My cell
die:
  diameter: 10 mm
press:
  capacity: 10 t
layers:
  separator: { material: Li6PS5Cl, mass: 80 mg }
steps:
  - Add separator
  - Press to 250 MPa at 5 MPa/s, hold 2 min
`;
