/**
 * Refusals of the run routes: the API's one HttpError (turned into `{"error": …}` with its status,
 * CONTRACTS §8), and how a value from a request is echoed in a message.
 */
export { HttpError } from "../api/http-error.js";

/** A value from a request, cut short and on one line, for a message. */
export function shown(value: unknown, max = 60): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  // control characters (newlines, escapes) would break a one-line message
  const line = [...text].map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? " " : ch)).join("");
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
