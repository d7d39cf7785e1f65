/**
 * The server in a real browser: every page of the app runs under the server's Content-Security-
 * Policy without a violation (an inline script, an eval, a resource from another site), the scripts arrive gzipped, and with a token the start URL lets the
 * browser in (cookie) while a page without it is refused.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, pageErrors, startServer, type TestServer } from "./harness.js";

const PAGES = ["#/editor", "#/plan", "#/simulate", "#/run", "#/history", "#/convert"];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe("ssbpress serve in the browser", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("runs every page under its Content-Security-Policy, scripts gzipped", { timeout: 60_000 }, async () => {
    const page = await openPage(browser, `${server.url}/`);
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const scripts: { url: string; encoding: string | undefined; length: number }[] = [];
    page.on("response", (r) => {
      const h = r.headers();
      if (r.url().endsWith(".js"))
        scripts.push({
          url: r.url(),
          encoding: h["content-encoding"],
          length: Number(h["content-length"] ?? NaN),
        });
    });
    await page.reload();
    // a page may hold an event stream open, so "network idle" may never come: give each a moment
    await page.waitForTimeout(700);
    for (const hash of PAGES) {
      await page.goto(`${server.url}/${hash}`);
      await page.waitForTimeout(700);
    }
    expect(violations).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    expect(scripts.length).toBeGreaterThan(0);
    // every script is gzipped, except one too small for it to pay (under hono's 1 kB threshold)
    for (const s of scripts) if (s.encoding !== "gzip") expect(s.length, s.url).toBeLessThanOrEqual(1024);
    expect(scripts.some((s) => s.encoding === "gzip")).toBe(true);
    await page.close();
  });
});

describe("ssbpress serve with a token", () => {
  const token = "e2e-token-0123456789abcdef";
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(["--token", token]);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("lets the browser in through the start URL and nowhere else", { timeout: 60_000 }, async () => {
    const printed = /ssbpress serve: (\S+)/.exec(server.output())?.[1] ?? "";
    expect(printed).toBe(`${server.url}/?token=${token}`);
    const stranger = await browser.newPage();
    const refused = await stranger.goto(`${server.url}/`);
    expect(refused?.status()).toBe(401);
    await stranger.close();

    const page = await openPage(browser, printed);
    expect(new URL(page.url()).search).toBe(""); // the token left the address bar
    const health = await page.evaluate(async () => (await fetch("/api/health")).status);
    expect(health).toBe(200);
    // the cookie is HttpOnly: the page's scripts cannot read the token
    expect(await page.evaluate(() => document.cookie)).not.toContain(token);
    await page.close();
  });
});
