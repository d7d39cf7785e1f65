/**
 * The HTTP application (CONTRACTS §8): security first, then the JSON API, then the built web app.
 * `createApp` needs no port, so tests drive it with `app.request()` (PATTERNS.md, from hono).
 */
import { Hono } from "hono";
import { compress } from "hono/compress";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { catalogRoutes } from "./api/catalog-routes.js";
import { HttpError } from "./api/http-error.js";
import { protocolRoutes } from "./api/protocol-routes.js";
import type { ServerContext } from "./context.js";
import { runRoutes } from "./runs/index.js";
import { bodyLimit } from "./security/body-limit.js";
import { responseHeaders } from "./security/headers.js";
import { security } from "./security/index.js";
import { staticRoutes } from "./static/index.js";

export function createApp(ctx: ServerContext): Hono {
  const app = new Hono();
  app.use("*", responseHeaders);
  app.use("*", security(ctx));
  app.use("/api/*", bodyLimit);
  // gzip what is worth it (the app's scripts, large JSON); event streams are never compressed
  app.use("*", compress());
  app.route("/api", catalogRoutes(ctx));
  app.route("/api", protocolRoutes());
  app.route("/api/runs", runRoutes(ctx));
  app.all("/api/*", (c) => {
    throw new HttpError(
      404,
      `no such route: ${c.req.method} ${c.req.path.slice(0, 200)} (the routes are listed in docs/api.md)`,
    );
  });
  app.route("/", staticRoutes(ctx.webRoot));
  app.notFound((c) => c.json({ error: `not found: ${c.req.path.slice(0, 200)}` }, 404));
  app.onError((e, c) => {
    if (e instanceof HttpError) return c.json({ error: e.message, ...e.extra }, e.status);
    if (e instanceof HTTPException) {
      const status = e.status as ContentfulStatusCode;
      return c.json({ error: e.message || "the request cannot be handled" }, status);
    }
    // A bug: the client learns that, and what to do; the details stay on the server's stderr.
    process.stderr.write(
      `ssbpress serve: ${c.req.method} ${c.req.path}: ${(e as Error)?.stack ?? String(e)}\n`,
    );
    return c.json(
      {
        error:
          "this is a bug in ssbpress, not a problem with your request; the server's output has the details for a report",
      },
      500,
    );
  });
  return app;
}
