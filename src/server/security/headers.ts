/**
 * Response headers on every answer: the browser may run only this server's own scripts and styles
 * (Content-Security-Policy 'self'), never inside another site's frame, never guess a content type;
 * API answers are not cached. No Access-Control-Allow-Origin is ever sent (CONTRACTS §8), so another
 * site's page cannot read an answer even where a request slips through.
 */
import type { MiddlewareHandler } from "hono";

/**
 * Scripts: 'self' only (no inline <script>, no eval) — the part that matters against injection.
 * Styles also allow 'unsafe-inline': CodeMirror (style-mod) writes its theme into a <style>
 * element in the document's head, which a strict style-src refuses (the editor then loses its
 * styles); the alternative, a per-response nonce handed to CodeMirror, is not worth its weight for
 * styles. Images may also be data: and blob: URLs (a plot offered for download).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const responseHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set("X-Content-Type-Options", "nosniff");
  h.set("Content-Security-Policy", CSP);
  h.set("X-Frame-Options", "DENY");
  h.set("Referrer-Policy", "no-referrer");
  h.set("Cross-Origin-Opener-Policy", "same-origin");
  h.set("Cross-Origin-Resource-Policy", "same-origin");
  h.delete("Access-Control-Allow-Origin");
  if (c.req.path.startsWith("/api/") && !h.has("Cache-Control")) h.set("Cache-Control", "no-store");
};
