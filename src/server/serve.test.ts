/**
 * The real server on a free port: it answers over HTTP, refuses a port in use, and `close()` runs
 * the shutdown hooks while the run record is still open, then closes it.
 */
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SsbError } from "../core/errors.js";
import { startServer } from "./serve.js";
import { EXAMPLES } from "./server.case.js";

const dir = mkdtempSync(join(tmpdir(), "ssbpress-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("startServer", () => {
  it("listens on a free port, answers /api/health and /, and closes", async () => {
    const server = await startServer({
      port: 0,
      db: join(dir, "runs.sqlite"),
      webRoot: null,
      examplesDir: EXAMPLES,
      version: "9.9.9",
    });
    let hookSawOpenStore: boolean | undefined;
    server.context.onShutdown.push(async () => {
      hookSawOpenStore = Array.isArray(await server.context.store.list());
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(server.context.port).toBeGreaterThan(0);
      const health = await fetch(`${server.url}api/health`);
      expect(await health.json()).toEqual({ ok: true, version: "9.9.9" });
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("npm run build");
      // a real browser's Host header is checked against the real port
      const examples = await fetch(`${server.url}api/examples`);
      expect(((await examples.json()) as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
    expect(hookSawOpenStore).toBe(true);
    await expect(fetch(`${server.url}api/health`)).rejects.toThrow();
    await expect(server.context.store.list()).rejects.toThrow();
    await server.close(); // twice is harmless
  });

  it("refuses a port in use with a usage error that says what to do", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const e = await startServer({ port, db: join(dir, "busy.sqlite"), version: "x" }).catch(
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(SsbError);
      expect((e as SsbError).code).toBe("usage");
      expect((e as SsbError).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*in use`));
      expect((e as SsbError).hint).toMatch(/--port/);
    } finally {
      blocker.close();
    }
  });
});
