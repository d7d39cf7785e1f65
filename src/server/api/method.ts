import type { Hono } from "hono";
import { HttpError } from "./http-error.js";

/** Answer 405 (naming the method to use) to any other method on the routes registered so far. */
export function refuseOtherMethods(api: Hono, method: "GET" | "POST", paths: readonly string[]): void {
  for (const path of paths)
    api.all(path, (c) => {
      c.header("Allow", method === "GET" ? "GET, HEAD" : method);
      throw new HttpError(
        405,
        `${c.req.method} is not allowed on ${c.req.path.slice(0, 200)}; use ${method}`,
      );
    });
}
