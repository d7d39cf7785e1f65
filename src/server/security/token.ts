/**
 * The access token of a server bound beyond loopback: compared in constant time (a timing
 * difference must not reveal how many leading characters were right), carried by scripts as
 * `Authorization: Bearer TOKEN` and by the web app as an HttpOnly, SameSite=Strict cookie.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** The cookie the start URL sets for the web app. */
export const TOKEN_COOKIE = "ssbpress_token";

/** Shortest token `--token` accepts: a short one can be guessed over the network. */
export const MIN_TOKEN_LENGTH = 16;

/** A new random token (URL-safe, 192 bits). */
export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Equal tokens, in time independent of where they differ (digests make the lengths equal). */
export function sameToken(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
