/**
 * Routes under /api/runs (CONTRACTS §8): the run record, starting a run on a press (one run per
 * press at a time), its live document stream, and pause/resume/abort/answer.
 */
import { Hono } from "hono";
import type { ServerContext } from "../context.js";

export function runRoutes(_ctx: ServerContext): Hono {
  const routes = new Hono();
  return routes;
}
