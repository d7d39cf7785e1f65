/**
 * The HTTP application (CONTRACTS §8): security first, then the JSON API, then the built web app.
 * `createApp` needs no port, so tests drive it with `app.request()` (PATTERNS.md, from hono).
 */
import { Hono } from "hono";
import type { ServerContext } from "./context.js";
import { runRoutes } from "./runs/index.js";

export function createApp(ctx: ServerContext): Hono {
  const app = new Hono();
  app.route("/api/runs", runRoutes(ctx));
  return app;
}
