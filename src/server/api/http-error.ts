/**
 * Errors the API answers as JSON `{"error": message}` (CONTRACTS §8): thrown anywhere in a route,
 * turned into the answer by the app's error handler, so no route formats an error by hand and no
 * stack trace ever reaches a client.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    /** More keys of the answer, e.g. `diagnostics` or `hint`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}
