/**
 * Security on every binding (CONTRACTS §8), through app.request: the token beyond loopback, Host
 * and Origin checks, JSON-only bodies, the body limit, no CORS header, and hostile bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, STACK_TRACE, testApp, type TestApp } from "../server.case.js";
import { allowedHostNames, isLoopback, parseHostHeader } from "./hosts.js";
import { sameToken } from "./token.js";

const TOKEN = "s3cret-token-for-tests-0123";

let local: TestApp;
let open: TestApp;
beforeAll(async () => {
  local = await testApp();
  open = await testApp({ host: "0.0.0.0", token: TOKEN });
});
afterAll(async () => {
  await local.close();
  await open.close();
});

async function errorOf(res: Response): Promise<string> {
  const text = await res.text();
  expect(text).not.toMatch(STACK_TRACE);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return (JSON.parse(text) as { error: string }).error;
}

const HOST = { Host: "127.0.0.1:8080" };

describe("the token beyond loopback", () => {
  it("is refused without the token with 401, and with a wrong one", async () => {
    const none = await open.app.request("/api/health", { headers: HOST });
    expect(none.status).toBe(401);
    expect(await errorOf(none)).toMatch(/token/);
    const wrong = await open.app.request("/api/health", {
      headers: { ...HOST, Authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    const page = await open.app.request("/", { headers: HOST });
    expect(page.status).toBe(401);
    // a browser opening the bare address is told what to do, in a page
    const browser = await open.app.request("/", { headers: { ...HOST, Accept: "text/html,*/*" } });
    expect(browser.status).toBe(401);
    expect(browser.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await browser.text()).toContain("?token=");
    const post = await open.app.request("/api/check", postJson({ protocol: "x" }, HOST));
    expect(post.status).toBe(401);
  });
  it("passes with Authorization: Bearer or the cookie", async () => {
    const bearer = await open.app.request("/api/health", {
      headers: { ...HOST, Authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.status).toBe(200);
    const cookie = await open.app.request("/api/health", {
      headers: { ...HOST, Cookie: `ssbpress_token=${TOKEN}` },
    });
    expect(cookie.status).toBe(200);
    const badCookie = await open.app.request("/api/health", {
      headers: { ...HOST, Cookie: `ssbpress_token=nope` },
    });
    expect(badCookie.status).toBe(401);
  });
  it("sets an HttpOnly SameSite=Strict cookie from the start URL and redirects to the address without it", async () => {
    const res = await open.app.request(`/?token=${TOKEN}`, { headers: HOST });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`ssbpress_token=${TOKEN}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // the cookie it set opens the app
    const page = await open.app.request("/", { headers: { ...HOST, Cookie: cookie.split(";")[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const wrong = await open.app.request(`/?token=${TOKEN.slice(0, -1)}`, { headers: HOST });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });
  it("is not needed on loopback", async () => {
    expect((await local.app.request("/api/health", { headers: HOST })).status).toBe(200);
  });
  it("compares tokens by value only", () => {
    expect(sameToken(TOKEN, TOKEN)).toBe(true);
    expect(sameToken(`${TOKEN} `, TOKEN)).toBe(false);
    expect(sameToken("", TOKEN)).toBe(false);
  });
});

describe("Host and Origin", () => {
  it("refuses another Host name (DNS rebinding) and another port with 403", async () => {
    for (const host of [
      "evil.example:8080",
      "evil.example",
      "127.0.0.1:9999",
      "127.0.0.1.evil.example:8080",
      "a b",
    ]) {
      const res = await local.app.request("/api/health", { headers: { Host: host } });
      expect(res.status, host).toBe(403);
      expect(await errorOf(res)).toMatch(/host name/);
    }
    // on an open server the Host check comes before the token: a right token does not help
    const res = await open.app.request("/api/health", {
      headers: { Host: "evil.example:8080", Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(403);
  });
  it("answers to the loopback names on loopback", async () => {
    for (const host of ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST:8080"])
      expect((await local.app.request("/api/health", { headers: { Host: host } })).status, host).toBe(200);
  });
  it("refuses a state-changing request from another Origin with 403, and passes its own", async () => {
    const foreign = await local.app.request(
      "/api/check",
      postJson({ protocol: "x" }, { ...HOST, Origin: "http://evil.example" }),
    );
    expect(foreign.status).toBe(403);
    expect(await errorOf(foreign)).toMatch(/another site/);
    for (const origin of [
      "null",
      "https://127.0.0.1:8080",
      "http://127.0.0.1:8081",
      "http://localhost:8080",
    ]) {
      const res = await local.app.request(
        "/api/check",
        postJson({ protocol: "x" }, { ...HOST, Origin: origin }),
      );
      expect(res.status, origin).toBe(403);
    }
    const own = await local.app.request(
      "/api/check",
      postJson({ protocol: "x" }, { ...HOST, Origin: "http://127.0.0.1:8080" }),
    );
    expect(own.status).toBe(200);
    const script = await local.app.request("/api/check", postJson({ protocol: "x" }, HOST));
    expect(script.status).toBe(200);
  });
  it("knows loopback and host names", () => {
    expect(isLoopback("127.0.0.5")).toBe(true);
    expect(isLoopback("[::1]")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
    expect(isLoopback("192.168.1.4")).toBe(false);
    expect(parseHostHeader("[::1]:8080")).toEqual({ name: "[::1]", port: 8080 });
    expect(parseHostHeader("Example.org")).toEqual({ name: "example.org", port: 80 });
    expect(parseHostHeader("a/b:1")).toBeUndefined();
    expect(allowedHostNames("192.168.1.4").has("localhost")).toBe(false);
    expect(allowedHostNames("0.0.0.0").has("127.0.0.1")).toBe(true);
  });
});

describe("no CORS header", () => {
  it("never sends Access-Control-Allow-Origin, whatever is asked", async () => {
    const answers = [
      await local.app.request("/api/health", { headers: { ...HOST, Origin: "http://127.0.0.1:8080" } }),
      await local.app.request("/api/check", {
        method: "OPTIONS",
        headers: { ...HOST, Origin: "http://evil.example", "Access-Control-Request-Method": "POST" },
      }),
      await local.app.request(
        "/api/check",
        postJson({ protocol: "x" }, { ...HOST, Origin: "http://evil.example" }),
      ),
      await local.app.request("/api/nope", { headers: HOST }),
      await local.app.request("/", { headers: HOST }),
      await open.app.request("/api/health", { headers: HOST }),
    ];
    for (const res of answers) {
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});

describe("request bodies", () => {
  it("refuses a body that is not JSON with 415", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
    ]) {
      const res = await local.app.request("/api/check", {
        method: "POST",
        headers: { ...HOST, "Content-Type": type },
        body: '{"protocol": "x"}',
      });
      expect(res.status, type).toBe(415);
      expect(await errorOf(res)).toMatch(/application\/json/);
    }
    const charset = await local.app.request("/api/check", {
      method: "POST",
      headers: { ...HOST, "Content-Type": "application/json; charset=utf-8" },
      body: '{"protocol": "x"}',
    });
    expect(charset.status).toBe(200);
  });
  it("refuses a body over 1,000,000 bytes with 413, declared or not", async () => {
    const big = JSON.stringify({ protocol: "x".repeat(1_000_001) });
    const declared = await local.app.request(
      "/api/check",
      postJson(big, { "Content-Length": String(big.length) }),
    );
    expect(declared.status).toBe(413);
    expect(await errorOf(declared)).toMatch(/1000000 bytes/);
    // streamed in chunks, no Content-Length: counted as it arrives
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 20) return controller.close();
        sent++;
        controller.enqueue(sent === 1 ? new TextEncoder().encode('{"protocol": "') : chunk);
      },
    });
    const streamed = await local.app.request("/api/check", {
      method: "POST",
      headers: { ...HOST, "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // a Content-Length that understates the body does not let it through either
    const liar = await local.app.request("/api/check", postJson(big, { "Content-Length": "10" }));
    expect([400, 413]).toContain(liar.status);
  });
  it("answers a 10 MB protocol with 413", async () => {
    const res = await local.app.request(
      "/api/simulate",
      postJson({ protocol: "a".repeat(10_000_000) }, HOST),
    );
    expect(res.status).toBe(413);
  });
  it("answers binary garbage, NaN, Infinity and look-alike keys with 400 saying what is wrong", async () => {
    const binary = await local.app.request("/api/check", {
      method: "POST",
      headers: { ...HOST, "Content-Type": "application/json" },
      body: new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x7b]),
    });
    expect(binary.status).toBe(400);
    expect(await errorOf(binary)).toMatch(/UTF-8/);
    const nan = await local.app.request("/api/simulate", postJson('{"protocol": "x", "samples": NaN}', HOST));
    expect(nan.status).toBe(400);
    expect(await errorOf(nan)).toMatch(/not valid JSON/);
    const inf = await local.app.request(
      "/api/simulate",
      postJson('{"protocol": "x", "seed": Infinity}', HOST),
    );
    expect(inf.status).toBe(400);
    // a Cyrillic "о" in "protocol"
    const lookAlike = await local.app.request("/api/check", postJson({ prоtocol: "x" }, HOST));
    expect(lookAlike.status).toBe(400);
    const message = await errorOf(lookAlike);
    expect(message).toMatch(/outside ASCII/);
    expect(message).toMatch(/did you mean "protocol"/);
    const control = await local.app.request("/api/check", postJson({ protocol: "x", "\u001b[2J": 1 }, HOST));
    expect(await errorOf(control)).not.toContain("\u001b");
  });
  it("lets a POST without a body through to its route (run controls have none)", async () => {
    const res = await local.app.request("/api/check", { method: "POST", headers: HOST });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatch(/no body/);
  });
});
