/**
 * Security on every binding (CONTRACTS §8), as one middleware run before any route:
 * 1. Host must be the server's own name or address and port (403, DNS rebinding); an Origin, when
 *    present, must be `http://` + that Host (403, cross-site requests);
 * 2. with a token (bound beyond loopback), every request carries it — bearer header or cookie —
 *    else 401; the start URL `/?token=…` sets the cookie and redirects to the address without it;
 * 3. a state-changing request with a body must be `application/json` (415): an HTML form of another
 *    site can only send form types, so this also stops cross-site form posts.
 * The body limit (413) and the response headers follow in `app.ts`. No CORS header is ever sent.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { ServerContext } from "../context.js";
import { HttpError } from "../api/http-error.js";
import { allowedHostNames, parseHostHeader } from "./hosts.js";
import { sameToken, TOKEN_COOKIE } from "./token.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a request carries a body: declared by its headers, or (in-process requests) a body stream. */
function carriesBody(c: Context): boolean {
  const length = c.req.header("content-length");
  if (length !== undefined) return length.trim() !== "0";
  if (c.req.header("transfer-encoding") !== undefined) return true;
  // Over HTTP a body is always declared by one of the two headers; a request made in-process
  // (app.request in tests, no Node request behind it) shows its body as a stream only.
  const fromNode = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
  return !fromNode && c.req.raw.body !== null;
}

function checkHostAndOrigin(c: Context, ctx: ServerContext, names: Set<string>): void {
  const header = c.req.header("host");
  // In-process requests have no Host header; over HTTP/1.1 every request has one
  const hostValue = header ?? new URL(c.req.url).host;
  if (header !== undefined) {
    const host = parseHostHeader(header);
    if (!host || !names.has(host.name) || host.port !== ctx.port)
      throw new HttpError(
        403,
        `this server does not answer to the host name "${header.slice(0, 100)}"; open it at the address ssbpress serve printed`,
      );
  }
  const origin = c.req.header("origin");
  if (origin !== undefined && origin.toLowerCase() !== `http://${hostValue}`.toLowerCase())
    throw new HttpError(
      403,
      `requests from another site (Origin "${origin.slice(0, 100)}") are refused; use the web app served at http://${hostValue}/, or send no Origin from a script`,
    );
}

/** The token the request carries, from the Authorization header or the web app's cookie. */
function presentedToken(c: Context): string | undefined {
  const auth = c.req.header("authorization");
  const bearer = auth !== undefined ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  return bearer ?? getCookie(c, TOKEN_COOKIE);
}

const UNAUTHORIZED =
  "this server needs its access token: open the start URL that ssbpress serve printed (…/?token=…), or send Authorization: Bearer TOKEN";

const TOKEN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ssbpress: token needed</title></head><body><main><h1>This ssbpress server needs its access token</h1><p>Open the start address that <code>ssbpress serve</code> printed when it started: it ends in <code>?token=…</code>. The browser then remembers the token for this server.</p></main></body></html>`;

export function security(ctx: ServerContext): MiddlewareHandler {
  const names = allowedHostNames(ctx.host);
  return async (c, next) => {
    checkHostAndOrigin(c, ctx, names);
    if (ctx.token !== null) {
      const query = c.req.method === "GET" ? c.req.query("token") : undefined;
      if (query !== undefined && !c.req.path.startsWith("/api/")) {
        // the start URL: keep the token in a cookie the page's scripts cannot read, and drop it
        // from the address bar (and so from the history and from screenshots)
        if (!sameToken(query, ctx.token)) throw new HttpError(401, UNAUTHORIZED);
        setCookie(c, TOKEN_COOKIE, ctx.token, { httpOnly: true, sameSite: "Strict", path: "/" });
        const url = new URL(c.req.url);
        url.searchParams.delete("token");
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      const given = presentedToken(c);
      if (given === undefined || !sameToken(given, ctx.token)) {
        // a person who opened the bare address sees a page that says what to do, scripts get JSON
        const page = !c.req.path.startsWith("/api/") && (c.req.header("accept") ?? "").includes("text/html");
        if (page) return c.html(TOKEN_PAGE, 401);
        throw new HttpError(401, UNAUTHORIZED);
      }
    }
    if (!SAFE_METHODS.has(c.req.method) && carriesBody(c)) {
      const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== "application/json")
        throw new HttpError(
          415,
          `send the request body as JSON with Content-Type: application/json${type ? ` (got ${type.slice(0, 80)})` : " (none was given)"}`,
        );
    }
    await next();
  };
}
