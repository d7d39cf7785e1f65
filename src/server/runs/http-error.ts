/**
 * A refusal with its HTTP status: thrown by the run routes' helpers, turned into `{"error": …}` by
 * the route (CONTRACTS §8: every error is JSON with a message that says what to do, never a trace).
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 422 | 503,
    message: string,
    /** More keys for the JSON answer (e.g. the checker's diagnostics on a 422). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** A value from a request, cut short and on one line, for a message. */
export function shown(value: unknown, max = 60): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  // control characters (newlines, escapes) would break a one-line message
  const line = [...text].map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? " " : ch)).join("");
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
