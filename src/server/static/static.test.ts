/**
 * The built web app as files: content types, caching, gzip, navigation fallback and path traversal.
 */
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../server.case.js";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const NAVIGATE = { Accept: "text/html,application/xhtml+xml", "Sec-Fetch-Mode": "navigate" };

describe("the web app's files", () => {
  it("serves index.html at / uncached, with the security headers", async () => {
    const res = await t.app.request("/", { headers: NAVIGATE });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toMatch(/default-src 'self'(;|$)/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe(readFileSync(join(t.ctx.webRoot!, "index.html"), "utf8"));
  });
  it("serves hashed assets with their type, cached for good, gzipped when asked", async () => {
    const file = readFileSync(join(t.ctx.webRoot!, "assets", "app-abc123.js"));
    const plain = await t.app.request("/assets/app-abc123.js");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await plain.arrayBuffer())).toEqual(file);
    const gz = await t.app.request("/assets/app-abc123.js", { headers: { "Accept-Encoding": "gzip, br" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    const body = Buffer.from(await gz.arrayBuffer());
    expect(body.length).toBeLessThan(file.length / 4);
    expect(gunzipSync(body)).toEqual(file);
  });
  it("opens the app for a navigation to an unknown path, and 404s anything else", async () => {
    const nav = await t.app.request("/history/12", { headers: NAVIGATE });
    expect(nav.status).toBe(200);
    expect(await nav.text()).toContain('<div id="root">');
    const asset = await t.app.request("/assets/missing.js");
    expect(asset.status).toBe(404);
    const json = await t.app.request("/favicon.ico", { headers: { Accept: "image/*" } });
    expect(json.status).toBe(404);
  });
  it("never serves a file outside the web root", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E%2Fsecret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "//secret.txt",
    ]) {
      for (const headers of [{}, NAVIGATE]) {
        const res = await t.app.request(path, { headers });
        const text = await res.text();
        expect(text, path).not.toContain("outside the web root");
        expect([200, 404], path).toContain(res.status);
        if (res.status === 200) expect(text).toContain('<div id="root">');
      }
    }
  });
  it("says to build the app when there is none, and keeps the API working", async () => {
    const bare = await testApp({ webRoot: null });
    try {
      const page = await bare.app.request("/");
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("npm run build");
      expect((await bare.app.request("/api/health")).status).toBe(200);
      expect((await bare.app.request("/assets/app.js")).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
