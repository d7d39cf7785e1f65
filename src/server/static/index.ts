/**
 * The built web app (dist/web) as files: `index.html` never cached (it names the current build's
 * assets), `/assets/*` cached for a year (their names carry a content hash), the other files
 * revalidated. A path the app routes itself (the app uses `#/…` routes, but a bookmark of a bare
 * path should still open it) gets index.html when a browser navigates to it; any other unknown path
 * is 404. Paths with `..`, backslashes or percent-encoding never reach the disk (serveStatic).
 */
import { serveStatic } from "@hono/node-server/serve-static";
import type { Context } from "hono";
import { Hono } from "hono";

const NO_CACHE = "no-cache";
const IMMUTABLE = "public, max-age=31536000, immutable";

/** A browser opening a page (not a script fetching a resource). */
function isNavigation(c: Context): boolean {
  const mode = c.req.header("sec-fetch-mode");
  if (mode !== undefined) return mode === "navigate";
  return (c.req.header("accept") ?? "").includes("text/html");
}

export function staticRoutes(webRoot: string | null): Hono {
  const web = new Hono();
  if (webRoot === null) {
    web.get("/", (c) =>
      c.html(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ssbpress</title></head><body><main><h1>ssbpress serve</h1><p>The web app is not built. Run <code>npm run build</code> in the ssbpress folder and start <code>ssbpress serve</code> again. The JSON API works meanwhile: <a href="/api/health">/api/health</a>.</p></main></body></html>`,
        200,
        { "Cache-Control": NO_CACHE },
      ),
    );
    return web;
  }
  const files = serveStatic({ root: webRoot });
  const index = serveStatic({ root: webRoot, path: "index.html" });
  const none = async () => {};
  web.on(["GET", "HEAD"], "*", async (c, next) => {
    // serveStatic answers a Response when the file exists, and nothing otherwise
    const found = (await files(c, none)) as Response | undefined;
    if (found) {
      found.headers.set("Cache-Control", c.req.path.startsWith("/assets/") ? IMMUTABLE : NO_CACHE);
      return found;
    }
    const page = isNavigation(c) ? ((await index(c, none)) as Response | undefined) : undefined;
    if (page) {
      page.headers.set("Cache-Control", NO_CACHE);
      return page;
    }
    await next();
  });
  return web;
}
