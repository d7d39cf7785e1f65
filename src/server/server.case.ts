/**
 * A server context for tests: a throwaway run record, loopback binding, the repository's examples,
 * and a web root made of a few files (the tests do not need a built app).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import { openStore } from "../store/index.js";
import { createApp } from "./app.js";
import type { ServerContext } from "./context.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const EXAMPLES = join(REPO, "examples");

/** A stack trace or a raw JS error in an answer: never acceptable (as test/helpers/cli.ts). */
export const STACK_TRACE =
  /\n\s+at .*\(|\bat .*\(.*:\d+:\d+\)|\bat Object\.|TypeError|ReferenceError|RangeError|SyntaxError: |internal error|Cannot read properties/;

export interface TestApp {
  app: Hono;
  ctx: ServerContext;
  /** Where the test's files are (the web root is `web/` inside). */
  dir: string;
  close(): Promise<void>;
}

/** A minimal built app: an index page and one hashed asset. */
function writeWebRoot(dir: string): string {
  const web = join(dir, "web");
  mkdirSync(join(web, "assets"), { recursive: true });
  writeFileSync(
    join(web, "index.html"),
    '<!doctype html><html lang="en"><head><title>ssbpress</title><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>',
  );
  // large enough to be worth compressing
  writeFileSync(
    join(web, "assets", "app-abc123.js"),
    `console.log(${JSON.stringify("ssbpress ".repeat(400))});\n`,
  );
  writeFileSync(join(dir, "secret.txt"), "outside the web root");
  return web;
}

export async function testApp(over: Partial<ServerContext> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), "ssbpress-server-"));
  const store = await openStore(join(dir, "runs.sqlite"));
  const ctx: ServerContext = {
    store,
    version: "0.1.0",
    host: "127.0.0.1",
    port: 8080,
    token: null,
    webRoot: writeWebRoot(dir),
    examplesDir: EXAMPLES,
    defaultPress: "sim",
    onShutdown: [],
    ...over,
  };
  return {
    app: createApp(ctx),
    ctx,
    dir,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A JSON POST as the web app sends it. */
export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}
