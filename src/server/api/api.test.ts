/**
 * The JSON API without a port (app.request): every route and its errors. That the answers equal
 * the CLI's --json for the same input is tested in test/serve-api.test.ts (tests here may not
 * import the CLI: the server layer never does).
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkText } from "../../protocol/check.js";
import { EXAMPLES, postJson, STACK_TRACE, testApp, type TestApp } from "../server.case.js";
import { MAX_SERVER_SAMPLES } from "./protocol-routes.js";

const CLASSIC = join(EXAMPLES, "classic-li-lpscl-nmc811.yaml");
const classicText = readFileSync(CLASSIC, "utf8");

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

async function call(path: string, init?: RequestInit) {
  const res = await t.app.request(path, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { res, status: res.status, text, json: json as Record<string, unknown> & unknown[] };
}

/** A 4xx answer: JSON {"error"} that names `mention`, never a stack trace. */
async function expectError(path: string, init: RequestInit, status: number, mention: RegExp) {
  const r = await call(path, init);
  expect(r.status, r.text).toBe(status);
  expect(r.res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(typeof r.json.error).toBe("string");
  expect(r.json.error).toMatch(mention);
  expect(r.text).not.toMatch(STACK_TRACE);
  return r.json;
}

describe("GET /api/health", () => {
  it("says ok with the version", async () => {
    const r = await call("/api/health");
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true, version: "0.1.0" });
  });
  it("refuses other methods with 405", async () => {
    await expectError("/api/health", postJson({}), 405, /use GET/);
  });
});

describe("POST /api/check", () => {
  it("names the protocol protocol.yaml when no file is given", async () => {
    const r = await call("/api/check", postJson({ protocol: classicText }));
    expect(r.json.file).toBe("protocol.yaml");
  });
  it("answers 200 with a diagnostic at the line and column of a YAML syntax error", async () => {
    const broken =
      "name: broken\ndie: 10 mm\nlayers:\n  separator: { material: Li6PS5Cl, mass: 80 mg\nsteps:\n  - Add separator\n";
    const r = await call("/api/check", postJson({ protocol: broken }));
    expect(r.status).toBe(200);
    const ds = r.json.diagnostics as { severity: string; line: number; column: number }[];
    expect(r.json.errors).toBeGreaterThan(0);
    const first = ds.find((d) => d.severity === "error")!;
    expect(first.line).toBeGreaterThanOrEqual(4);
    expect(first.line).toBeLessThanOrEqual(5);
    expect(first.column).toBeGreaterThan(0);
  });
  it("reports a protocol error at its line (a step with an unknown verb)", async () => {
    const bad = classicText.replace("  - Add anode on bottom", "  - Ad anode on bottom");
    const line = bad.split("\n").findIndex((l) => l.includes("Ad anode")) + 1;
    const r = await call("/api/check", postJson({ protocol: bad }));
    const ds = r.json.diagnostics as { rule: string; line: number; message: string }[];
    expect(ds.some((d) => d.line === line && /Add/.test(d.message))).toBe(true);
  });
  it("refuses an empty body, a body that is not JSON, and a protocol that is not text", async () => {
    await expectError("/api/check", { method: "POST" }, 400, /no body/);
    await expectError("/api/check", postJson(""), 400, /no body/);
    await expectError("/api/check", postJson("{protocol: 1"), 400, /not valid JSON/);
    await expectError("/api/check", postJson("[1,2]"), 400, /must be a JSON object, got an array/);
    await expectError("/api/check", postJson({ protocol: 42 }), 400, /"protocol" must be text.*number/);
    await expectError("/api/check", postJson({ protocol: ["a"] }), 400, /"protocol" must be text.*array/);
    await expectError("/api/check", postJson({ file: "x.yaml" }), 400, /"protocol" is missing/);
    await expectError(
      "/api/check",
      postJson({ protocol: "x", settings: "yes" }),
      400,
      /"settings" must be true or false/,
    );
  });
  it("refuses a body that is not application/json with 415", async () => {
    await expectError(
      "/api/check",
      { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ protocol: "x" }) },
      415,
      /application\/json.*text\/plain/,
    );
    await expectError("/api/check", { method: "POST", body: "protocol=x" }, 415, /application\/json/);
  });
  it("refuses GET with 405 and says which method to use", async () => {
    await expectError("/api/check", {}, 405, /use POST/);
    expect((await t.app.request("/api/check")).headers.get("allow")).toBe("POST");
  });
});

describe("POST /api/simulate", () => {
  it("runs two Monte Carlo requests one after the other, each as it would alone", async () => {
    const one = () => call("/api/simulate", postJson({ protocol: classicText, samples: 12, seed: 3 }));
    const [a, b] = await Promise.all([one(), one()]);
    expect(a.status).toBe(200);
    expect(b.json).toEqual(a.json);
    expect(a.json).not.toEqual((await call("/api/simulate", postJson({ protocol: classicText }))).json);
  }, 60_000);
  it("bounds the samples and checks their type", async () => {
    await expectError(
      "/api/simulate",
      postJson({ protocol: classicText, samples: MAX_SERVER_SAMPLES + 1 }),
      400,
      new RegExp(`"samples" must be a whole number from 0 to ${MAX_SERVER_SAMPLES}`),
    );
    await expectError(
      "/api/simulate",
      postJson({ protocol: classicText, samples: "100" }),
      400,
      /"samples".*string/,
    );
    await expectError("/api/simulate", postJson({ protocol: classicText, samples: 2.5 }), 400, /"samples"/);
    await expectError(
      "/api/simulate",
      postJson('{"protocol": "x", "samples": 1e400}'),
      400,
      /"samples".*Infinity/,
    );
    await expectError("/api/simulate", postJson({ protocol: classicText, seed: -0.5 }), 400, /"seed"/);
  });
  it("answers 422 with the error diagnostics for a protocol that cannot be simulated", async () => {
    const bad = classicText.replace("  - Add separator\n", "  - Add separatr\n");
    const body = await expectError("/api/simulate", postJson({ protocol: bad }), 422, /cannot be simulated/);
    const ds = body.diagnostics as { severity: string; line: number }[];
    expect(ds.length).toBeGreaterThan(0);
    expect(ds.every((d) => d.severity === "error" && d.line > 0)).toBe(true);
  });
});

describe("POST /api/convert", () => {
  it("names body fields, not the command line's options, and leaves out the CLI example", async () => {
    const zero = await expectError(
      "/api/convert",
      postJson({ quantity: "500 MPa", die: "0 mm" }),
      400,
      /^"die"/,
    );
    expect(zero.error).toBe('"die" (the die diameter) must be positive, got "0 mm"');
    const to = await expectError(
      "/api/convert",
      postJson({ quantity: "500 MPa", die: "10 mm", to: "bananas" }),
      400,
      /^"to": unknown unit "bananas"/,
    );
    expect(JSON.stringify(to)).not.toMatch(/--|ssbpress convert/);
    const comma = await expectError(
      "/api/convert",
      postJson({ quantity: "2,5 t", die: "10 mm" }),
      400,
      /decimal comma/,
    );
    expect(comma).toEqual({ error: '"2,5 t" has a decimal comma; write a decimal point: "2.5 t"' });
  });

  it("answers 400 with the library's message for a quantity it cannot read", async () => {
    const body = await expectError(
      "/api/convert",
      postJson({ quantity: "500 megapascal" }),
      400,
      /megapascal|unit/i,
    );
    expect(body.error).not.toBe("");
    await expectError("/api/convert", postJson({ quantity: 500 }), 400, /"quantity" must be text/);
    await expectError(
      "/api/convert",
      postJson({ quantity: "500 MPa", gauge: 1 }),
      400,
      /"gauge" must be true or false/,
    );
  });
});

describe("POST /api/plan", () => {
  const request = {
    separator: "Li6PS5Cl",
    cathode: "NMC811:70,Li6PS5Cl:30",
    anode: "Li",
    die: "10mm",
    press: "10t",
  };
  it("refuses an unknown material with the CLI's suggestion, and names the field of a bad quantity", async () => {
    const body = await expectError(
      "/api/plan",
      postJson({ separator: "Li6PSCl", die: "10mm" }),
      400,
      /Li6PS5Cl/,
    );
    expect(body.error).toMatch(/"Li6PSCl"/);
    await expectError("/api/plan", postJson({ ...request, die: "ten" }), 400, /"die"/);
    await expectError("/api/plan", postJson({ ...request, goal: "fast" }), 400, /"goal" must be densify/);
    await expectError("/api/plan", postJson({ cathode: "NMC811" }), 400, /"separator" Li6PS5Cl/);
    await expectError(
      "/api/plan",
      postJson({ ...request, optimize: "yes" }),
      400,
      /"optimize" must be true or false/,
    );
  });
  it("answers 422 for a plan the press cannot carry out", async () => {
    await expectError("/api/plan", postJson({ ...request, die: "50 mm", press: "1 t" }), 422, /./);
  });
});

describe("POST /api/preflight", () => {
  it("gives every step with its settings and the layers in the die after it", async () => {
    const r = await call("/api/preflight", postJson({ protocol: classicText }));
    expect(r.status, r.text).toBe(200);
    const steps = r.json.steps as Record<string, unknown>[];
    expect(steps.map((s) => s.kind)).toEqual(["add", "press", "add", "press", "add", "press", "operate"]);
    const area = Math.PI * 0.005 ** 2;
    expect(steps[1]!["Pressure [MPa]"]).toBe(250);
    expect(steps[1]!["Force [kN]"] as number).toBeCloseTo((250e6 * area) / 1e3, 2);
    expect(steps[1]!["Hold [s]"]).toBe(120);
    expect(steps[0]!["Pressure [MPa]"]).toBeUndefined();
    expect(steps[2]!.layers).toEqual([
      { id: "separator", material: "Li6PS5Cl", class: "sulfide-electrolyte" },
      { id: "cathode", material: expect.any(String), class: "cathode-active" },
    ]);
    expect((steps[4]!.layers as { id: string }[]).map((l) => l.id)).toEqual([
      "anode",
      "separator",
      "cathode",
    ]);
    expect(steps[6]!["Duration [s]"]).toBe(500 * 3600);
    expect(r.json.die).toEqual({ "Diameter [mm]": 10, "Area [cm2]": 0.7854, "Rating [MPa]": 740 });
    // 500 MPa on a 10 mm die: 39.27 kN, 4.004 tonne-force; the 740 MPa die rating limits it
    expect(steps[3]!["Force [kN]"] as number).toBeCloseTo(39.27, 2);
    expect(steps[3]!["Force [tf]"] as number).toBeCloseTo(39.27e3 / 9.80665 / 1000, 3);
    expect(steps[3]!["Pressure limit [MPa]"] as number).toBeLessThanOrEqual(740);
    expect(steps[3]!["Temperature [°C]"]).toBe(25);
  });
  it("gives the gauge reading for a press with a ram", async () => {
    const manual = readFileSync(join(EXAMPLES, "manual-press-13mm-tonnes.yaml"), "utf8").replace(
      "  gauge: t\n",
      "  gauge: bar\n  ram: 50 mm\n",
    );
    const r = await call("/api/preflight", postJson({ protocol: manual }));
    expect(r.status, r.text).toBe(200);
    const press = (r.json.steps as Record<string, unknown>[]).find((s) => s.kind === "press")!;
    // 3.4 t on a 50 mm ram: F / (π r²) in bar
    const bar = (3.4 * 1000 * 9.80665) / (Math.PI * 0.025 ** 2) / 1e5;
    expect(press["Gauge pressure [bar]"] as number).toBeCloseTo(bar, 0);
  });
  it("answers 422 with the diagnostics for a protocol that would be refused", async () => {
    const failure = readFileSync(join(EXAMPLES, "classic-failure-whole-stack.yaml"), "utf8");
    const body = await expectError("/api/preflight", postJson({ protocol: failure }), 422, /error/);
    expect((body.diagnostics as unknown[]).length).toBeGreaterThan(0);
    await expectError("/api/preflight", postJson({ protocol: 3 }), 400, /"protocol" must be text/);
  });
});

describe("GET /api/examples", () => {
  it("lists the examples folder with each protocol's name as its title", async () => {
    const r = await call("/api/examples");
    const files = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.slice(0, -5))
      .sort();
    expect((r.json as { name: string }[]).map((e) => e.name)).toEqual(files);
    expect(r.json).toContainEqual({
      name: "classic-li-lpscl-nmc811",
      title: "Li | Li6PS5Cl | NMC811, 10 mm die",
    });
  });
  it("gives one example's text, and 404 for a name that is not an example", async () => {
    const r = await call("/api/examples/classic-li-lpscl-nmc811");
    expect(r.json).toEqual({ name: "classic-li-lpscl-nmc811", protocol: classicText });
    await expectError("/api/examples/nope", {}, 404, /no example named "nope"/);
    await expectError("/api/examples/..%2Fpackage", {}, 404, /no example/);
    await expectError("/api/examples/manual-press-answers", {}, 404, /no example/);
  });
});

describe("GET /api/materials and /api/steps", () => {
  it("lists the materials with their class and known properties", async () => {
    const r = await call("/api/materials");
    const list = r.json as Record<string, unknown>[];
    const lpscl = list.find((m) => m.name === "Li6PS5Cl")!;
    expect(lpscl.class).toBe("sulfide-electrolyte");
    expect(lpscl.aliases).toContain("LPSCl");
    expect(typeof lpscl["Theoretical density [g/cm3]"]).toBe("number");
    expect(list.find((m) => m.name === "Li")!.class).toBe("metal-anode");
  });
  it("gives step templates that the checker reads without a step error", async () => {
    const r = await call("/api/steps");
    const templates = r.json as { kind: string; text: string; object?: string }[];
    expect(templates.map((s) => s.kind)).toEqual(
      expect.arrayContaining(["add", "press", "release", "operate", "eject"]),
    );
    const head =
      "name: t\ndie: 10 mm\nlayers:\n  separator: { material: Li6PS5Cl, mass: 80 mg }\n  cathode: { material: NMC811, mass: 10 mg }\nsteps:\n  - Add separator\n";
    for (const s of templates)
      for (const step of [JSON.stringify(s.text), s.object].filter((x): x is string => x !== undefined)) {
        const r2 = checkText("t.yaml", `${head}  - ${step}\n`);
        const stepErrors = r2.diagnostics.filter((d) => /invalid-step|invalid-quantity|schema/.test(d.rule));
        expect(stepErrors, `${s.kind}: ${step}`).toEqual([]);
      }
  });
});

describe("GET /api/references", () => {
  it("gives every reference the models cite, with its authors, title and journal", async () => {
    const r = await call("/api/references");
    const list = r.json as {
      key: string;
      authors: string;
      title: string;
      journal: string;
      doi: string | null;
    }[];
    const doux = list.find((x) => x.key === "Doux2020")!;
    expect(doux.authors).toMatch(/Doux/);
    expect(doux.title.length).toBeGreaterThan(10);
    // every key a simulation of the classic recipe cites is there
    const sim = await call("/api/simulate", postJson({ protocol: classicText }));
    const keys = new Set(list.map((x) => x.key));
    const cited = JSON.stringify(sim.json).match(/"[A-Z][A-Za-z]+(19|20)\d\d[a-z]?"/g) ?? [];
    expect(cited.length).toBeGreaterThan(0);
    for (const c of cited) expect(keys.has(c.slice(1, -1)), c).toBe(true);
  });
});

describe("errors", () => {
  it("answers 404 JSON for an unknown API path", async () => {
    await expectError("/api/nope", {}, 404, /no such route: GET \/api\/nope/);
    await expectError("/api/check/extra", postJson({}), 404, /no such route/);
  });
  it("answers 500 JSON without a stack trace when something unexpected fails", async () => {
    const broken = join(t.dir, "broken-examples");
    mkdirSync(join(broken, "looks-like.yaml"), { recursive: true });
    const b = await testApp({ examplesDir: broken });
    try {
      const res = await b.app.request("/api/examples");
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(JSON.parse(text).error).toMatch(/bug in ssbpress/);
      expect(text).not.toMatch(STACK_TRACE);
      expect(text).not.toMatch(/EISDIR|broken-examples/);
    } finally {
      await b.close();
    }
  });
});
