/**
 * `ssbpress serve` as a user meets it: the API answers exactly what the CLI's --json prints for the
 * same input; bad options are usage errors (exit 2) with a hint; the built command prints its URL,
 * serves, enforces the token and Origin beyond loopback over real HTTP, and stops on SIGINT with 0.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../src/store/index.js";
import { createApp } from "../src/server/app.js";
import type { ServerContext } from "../src/server/context.js";
import { BIN, ensureBuilt, ROOT, runInProcess, STACK_TRACE } from "./helpers/cli.js";

const EXAMPLES = join(ROOT, "examples");
const CLASSIC = join(EXAMPLES, "classic-li-lpscl-nmc811.yaml");
const LI_IN = join(EXAMPLES, "li-in-cell.yaml");
const dir = mkdtempSync(join(tmpdir(), "ssbpress-serve-cli-"));

let ctx: ServerContext;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  ctx = {
    store: await openStore(join(dir, "api.sqlite")),
    version: "0.1.0",
    host: "127.0.0.1",
    port: 8080,
    token: null,
    webRoot: null,
    examplesDir: EXAMPLES,
    defaultPress: "sim",
    onShutdown: [],
  };
  app = createApp(ctx);
});
afterAll(async () => {
  await ctx.store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api(path: string, body: unknown): Promise<unknown> {
  const res = await app.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function cli(argv: string[]): Promise<unknown> {
  const r = await runInProcess(argv);
  return JSON.parse(r.stdout);
}

describe("the API answers what the CLI's --json prints", () => {
  it("check, with and without --settings --methods", async () => {
    for (const file of [CLASSIC, LI_IN]) {
      const protocol = readFileSync(file, "utf8");
      expect(await api("/api/check", { protocol, file })).toEqual(await cli(["check", "--json", file]));
      expect(await api("/api/check", { protocol, file, settings: true, methods: true })).toEqual(
        await cli(["check", "--json", "--settings", "--methods", file]),
      );
    }
  });
  it("simulate, nominal and Monte Carlo with a seed", async () => {
    const protocol = readFileSync(CLASSIC, "utf8");
    expect(await api("/api/simulate", { protocol })).toEqual(await cli(["simulate", "--json", CLASSIC]));
    expect(await api("/api/simulate", { protocol, samples: 40, seed: 7, series: true })).toEqual(
      await cli(["simulate", "--json", "--samples", "40", "--seed", "7", "--series", CLASSIC]),
    );
  }, 60_000);
  it("convert", async () => {
    expect(await api("/api/convert", { quantity: "500 MPa", die: "10 mm" })).toEqual(
      await cli(["convert", "500 MPa", "--die", "10mm", "--json"]),
    );
    expect(await api("/api/convert", { quantity: "3 t", die: "13 mm", ram: "50 mm", to: "bar" })).toEqual(
      await cli(["convert", "3 t", "--die", "13mm", "--ram", "50mm", "--to", "bar", "--json"]),
    );
    expect(await api("/api/convert", { quantity: "10 N m", bolts: "4xM6", nut_factor: 0.15 })).toEqual(
      await cli(["convert", "10 N m", "--bolts", "4xM6", "--nut-factor", "0.15", "--json"]),
    );
  });
  it("plan, its options as snake_case fields", async () => {
    const stack = ["--separator", "Li6PS5Cl", "--cathode", "NMC811:70,Li6PS5Cl:30", "--anode", "Li"];
    const body = { separator: "Li6PS5Cl", cathode: "NMC811:70,Li6PS5Cl:30", anode: "Li" };
    expect(await api("/api/plan", { ...body, die: "10mm", press: "10t" })).toEqual(
      await cli(["plan", "--json", ...stack, "--die", "10mm", "--press", "10t"]),
    );
    expect(
      await api("/api/plan", {
        ...body,
        goal: "densify",
        separator_mass: "60 mg",
        press_type: "manual",
        methods: true,
      }),
    ).toEqual(
      await cli([
        "plan",
        "--json",
        ...stack,
        "--goal",
        "densify",
        "--separator-mass",
        "60mg",
        "--press-type",
        "manual",
        "--methods",
      ]),
    );
  });
  it("the same message for an unknown material", async () => {
    const r = await runInProcess(["plan", "--json", "--separator", "Li6PSCl", "--die", "10mm"]);
    const message = (JSON.parse(r.stdout) as { error: { message: string } }).error.message;
    const res = await app.request("/api/plan", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ separator: "Li6PSCl", die: "10mm" }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe(message);
  });
});

describe("ssbpress serve: bad options", () => {
  it.each([
    [["--port", "70000"], /--port must be a whole number from 0 to 65535/],
    [["--port", "eighty"], /--port/],
    [["--host", "example.org"], /--host must be an IP address/],
    [["--host", "0.0.0.0", "--token", "short"], /--token must be at least 16/],
    [["--token", "has spaces in it but is long"], /--token/],
    [["--press", "hydraulic"], /--press "hydraulic" is not a press/],
  ])("%j is a usage error with a hint", async (args, message) => {
    const r = await runInProcess(["serve", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/hint:/);
    expect(r.stdout).toBe("");
  });
});

interface Served {
  url: string;
  out: () => string;
  stop(): Promise<number | null>;
}

/** The built command in its own process; resolves when it printed its URL. */
async function serve(args: string[]): Promise<Served> {
  const child = spawn(
    process.execPath,
    [BIN, "serve", "--port", "0", "--db", join(dir, "cli.sqlite"), ...args],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL within 20 s:\n${out}`)), 20_000);
    const take = (b: Buffer) => {
      out += b.toString();
      const m = /^ssbpress serve: (http:\/\/\S+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    void exited.then((code) => fail(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return {
    url,
    out: () => out,
    async stop() {
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

describe("ssbpress serve, built", () => {
  beforeAll(() => ensureBuilt(), 240_000);

  it("prints its URL, serves the API and stops on SIGINT with exit 0", async () => {
    const s = await serve([]);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const health = await fetch(`${s.url}api/health`);
      expect(await health.json()).toEqual({ ok: true, version: "0.1.0" });
      const check = await fetch(`${s.url}api/check`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ protocol: readFileSync(CLASSIC, "utf8") }),
      });
      expect(check.status).toBe(200);
      // the examples are found next to the package, whatever the working folder
      const examples = (await (await fetch(`${s.url}api/examples`)).json()) as unknown[];
      expect(examples.length).toBeGreaterThan(0);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    expect(s.out()).not.toMatch(STACK_TRACE);
  }, 60_000);

  it("beyond loopback: prints a start URL with a token, 401 without it, 403 from another Origin, 413 when too big", async () => {
    const s = await serve(["--host", "0.0.0.0"]);
    try {
      const start = new URL(s.url);
      const token = start.searchParams.get("token")!;
      expect(token.length).toBeGreaterThanOrEqual(16);
      const base = `http://127.0.0.1:${start.port}`;
      expect((await fetch(`${base}/api/health`)).status).toBe(401);
      const auth = { Authorization: `Bearer ${token}` };
      expect((await fetch(`${base}/api/health`, { headers: auth })).status).toBe(200);
      const foreign = await fetch(`${base}/api/check`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json", Origin: "http://evil.example" },
        body: JSON.stringify({ protocol: "x" }),
      });
      expect(foreign.status).toBe(403);
      const big = await fetch(`${base}/api/check`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify({ protocol: "x".repeat(1_100_000) }),
      });
      expect(big.status).toBe(413);
      // the start URL sets the cookie and sends the browser to the address without the token
      const opened = await fetch(`${base}/?token=${token}`, { redirect: "manual" });
      expect(opened.status).toBe(303);
      const cookie = opened.headers.get("set-cookie")!.split(";")[0]!;
      expect((await fetch(`${base}/api/health`, { headers: { Cookie: cookie } })).status).toBe(200);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  }, 60_000);

  it("refuses a port in use with exit 2 and a hint", async () => {
    const s = await serve([]);
    try {
      const port = new URL(s.url).port;
      const r = await runInProcess(["serve", "--port", port, "--db", join(dir, "second.sqlite")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/in use/);
      expect(r.stderr).toMatch(/hint: .*--port/);
    } finally {
      await s.stop();
    }
  }, 60_000);
});
