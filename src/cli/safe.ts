/** Making text that may repeat user input safe to print on a terminal. */
import { echo, escapeControl } from "../core/text.js";

/** Longest line of a message repeated from a library or commander (a 100 kB argument must not flood). */
const MAX_MESSAGE_LINE = 600;

/**
 * A message that may repeat user text: control characters shown as escapes, long quoted values
 * elided, every line bounded.
 */
export function safeMessage(text: string): string {
  return escapeControl(text)
    .replace(/(["'])([^"'\n]{201,})\1/g, (_m, q: string, v: string) => `${q}${echo(v)}${q}`)
    .split("\n")
    .map((l) =>
      l.length > MAX_MESSAGE_LINE
        ? `${l.slice(0, MAX_MESSAGE_LINE)}… (${l.length - MAX_MESSAGE_LINE} more characters)`
        : l,
    )
    .join("\n");
}

/** One line of a report (a diagnostic): control characters and line breaks shown as escapes. */
export function oneLine(text: string): string {
  return escapeControl(text).replace(/\r?\n/g, "\\n");
}
