/**
 * /api/runs end to end through `app.request()` (CONTRACTS §8): a run on the digital twin started over
 * HTTP, its live Server-Sent Events, the record it leaves, the one-run-per-press lock, refusals (422
 * with the checker's diagnostics, 400 for bad fields), abort (released, recorded aborted), pause and
 * resume, and the exports.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDocument, SampleDocument } from "../../engine/documents.js";
import { example, post, readEvents, testServer, type SseEvent, type TestServer } from "./api-harness.case.js";
import { storedDocuments } from "./stored-documents.js";
import { Hono } from "hono";
import { eventStream } from "./event-stream.js";
import type { LiveRun } from "./manager.js";
import { RunLog } from "./run-log.js";
import type { RunStore } from "../../store/types.js";
import { createApp } from "../app.js";
import { realScheduler } from "../../core/clock.js";
import { createTwin } from "../../devices/sim/index.js";
import { startPressServer } from "../../devices/modbus/server.js";

const CLASSIC = example("classic-li-lpscl-nmc811.yaml");
const FAILURE = example("classic-failure-whole-stack.yaml");

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s.close();
});

const fast = { protocol: CLASSIC, press: "sim", speed: 1000, operate_for: "5 s", yes: true };
const samplesOf = (events: SseEvent[]) =>
  events.filter((e) => e.event === "sample").map((e) => e.data as unknown as SampleDocument);

async function start(body: unknown): Promise<string> {
  const r = await post(s.app, "/api/runs", body);
  const j = (await r.json()) as { id?: string; error?: string };
  expect(r.status, j.error).toBe(201);
  return j.id!;
}

describe("a run on the twin started over HTTP", () => {
  let id: string;
  let live: { events: SseEvent[]; chunks: number };

  beforeAll(async () => {
    id = await start(fast);
    live = await readEvents(await s.app.request(`/api/runs/${id}/events`));
  }, 60_000);

  it("streams every document from run-start to run-stop, each as its own SSE event", () => {
    const types = live.events.map((e) => e.event);
    expect(types[0]).toBe("run-start");
    expect(types.at(-1)).toBe("run-stop");
    expect(live.events.at(-1)!.data).toMatchObject({ status: "completed", run: id });
    // `event:` is the document's type, and every document names the run
    for (const e of live.events) expect(e.data).toMatchObject({ type: e.event, run: id });
    // steps in order, each started before it ends
    const steps = live.events.filter((e) => e.event === "step-start").map((e) => e.data.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const ends = live.events.filter((e) => e.event === "step-end").map((e) => e.data.step);
    expect(ends).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // times never go back
    const times = live.events.map((e) => e.data.time as number);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
  });

  it("sends at least 10 samples per second of (virtual) run time, batched into few writes", () => {
    const samples = samplesOf(live.events);
    const span = samples.at(-1)!["Test time [s]"] - samples[0]!["Test time [s]"];
    expect(span).toBeGreaterThan(400); // 2 + 5 + 1 min of holds, ramps, 5 s of Operate
    // one sample per 0.1 s control period while pressing: no gap longer than that under load
    // (the Operate step, step 7, is summarised once a second by design)
    const loaded = samples.filter((x) => x["Force [kN]"]! > 1 && x.step < 7);
    const gaps = loaded.slice(1).map((x, i) => x["Test time [s]"] - loaded[i]!["Test time [s]"]);
    const pressing = gaps.filter((g) => g < 1); // a gap of seconds is a release/Add between steps
    expect(Math.max(...pressing)).toBeLessThanOrEqual(0.1 + 1e-6);
    expect(pressing.length).toBeGreaterThan(0.9 * gaps.length);
    // thousands of documents, far fewer writes: documents share writes
    expect(live.chunks).toBeLessThan(live.events.length / 10);
  });

  it('samples at the requested rate: 100 Hz telemetry with "rate": 100', async () => {
    const fastId = await start({ ...fast, rate: 100, operate_for: "1 s" });
    const all = samplesOf((await readEvents(await s.app.request(`/api/runs/${fastId}/events`))).events);
    const loaded = all.filter((x) => x["Force [kN]"]! > 1 && x.step < 7);
    const gaps = loaded.slice(1).map((x, i) => x["Test time [s]"] - loaded[i]!["Test time [s]"]);
    const pressing = gaps.filter((g) => g < 1);
    // one sample per 0.01 s period, but for a few at the changes between ramp and hold (as `run --rate 100`)
    expect(pressing.filter((g) => g <= 0.01 + 1e-6).length).toBeGreaterThan(0.99 * pressing.length);
    expect(Math.max(...pressing)).toBeLessThanOrEqual(0.1 + 1e-6);
    expect(pressing.length).toBeGreaterThan(0.9 * gaps.length);
  }, 60_000);

  it("answers the record without statistics when asked (?statistics=false), and refuses other values", async () => {
    const full = (await (await s.app.request(`/api/runs/${id}`)).json()) as Record<string, unknown>;
    const r = await s.app.request(`/api/runs/${id}?statistics=false`);
    expect(r.status).toBe(200);
    const quick = (await r.json()) as Record<string, unknown>;
    const steps = quick.steps as Record<string, unknown>[];
    expect(steps.map((x) => Object.keys(x))).toEqual(
      steps.map(() => ["step", "text", "started", "ended", "Duration [s]"]),
    );
    // the same facts as the full answer, the statistics left out
    const fullSteps = full.steps as Record<string, unknown>[];
    expect(steps).toEqual(
      fullSteps.map((x) => ({
        step: x.step,
        text: x.text,
        started: x.started,
        ended: x.ended,
        "Duration [s]": x["Duration [s]"],
      })),
    );
    expect(quick.samples).toBe(full.samples);
    expect(quick.events).toEqual(full.events);
    const bad = await s.app.request(`/api/runs/${id}?statistics=maybe`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/statistics must be true or false/);
  });

  it("tells the hold count-downs as prompt events that expect no answer", () => {
    const holds = live.events.filter((e) => e.event === "event" && e.data.kind === "prompt");
    expect(holds.map((e) => e.data["Countdown [s]"])).toEqual([120, 300, 60]);
    expect(holds[0]!.data).toMatchObject({ expects: "nothing", "Target pressure [MPa]": 250 });
  });

  it("records the run: list, show and a replay from the record carry the same documents", async () => {
    const list = (await (await s.app.request("/api/runs")).json()) as { id: string; status: string }[];
    expect(list.find((r) => r.id === id)).toMatchObject({ status: "completed", steps: 7 });
    const show = (await (await s.app.request(`/api/runs/${id}`)).json()) as Record<string, unknown>;
    expect(show).toMatchObject({ id, status: "completed", samples: samplesOf(live.events).length });
    expect((show.options as Record<string, unknown>).speed).toBe(1000);
    expect((show.steps as unknown[]).length).toBe(7);

    const record = (await s.ctx.store.get(id))!;
    const stored: RunDocument[] = [];
    for await (const d of storedDocuments(s.ctx.store, record)) stored.push(d);
    const storedSamples = stored.filter((d) => d.type === "sample");
    expect(storedSamples).toEqual(samplesOf(live.events));
    const key = (d: { type: unknown; time: unknown; step?: unknown }) =>
      `${String(d.type)}@${String(d.time)}#${String(d.step)}`;
    expect(stored.map(key).sort()).toEqual(live.events.map((e) => key(e.data as never)).sort());
  });

  it("replays a long live run whose beginning has left memory: the record gives the beginning", async () => {
    const record = (await s.ctx.store.get(id))!;
    const all: RunDocument[] = [];
    for await (const d of storedDocuments(s.ctx.store, record)) all.push(d);
    // a live log that keeps only the last 1000 documents of this run
    const log = new RunLog(1000);
    for (const d of all) log.push(d);
    log.end();
    expect(log.start).toBeGreaterThan(0);
    const live = { id, log } as unknown as LiveRun;
    const app = new Hono().get("/", (c) => eventStream(c, s.ctx.store, { live }));
    const { events } = await readEvents(await app.request("/"));
    expect(events.map((e) => e.data)).toEqual(JSON.parse(JSON.stringify(all)));
  });

  it("replays a finished run to a late subscriber and ends the stream", async () => {
    const again = await readEvents(await s.app.request(`/api/runs/${id}/events`));
    expect(again.events.map((e) => e.data)).toEqual(live.events.map((e) => e.data));
  });

  it("exports csv, json and bdf as attachments, and the BDF sidecar with the data's SHA-256", async () => {
    const csv = await s.app.request(`/api/runs/${id}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="${id}.csv"`);
    const lines = (await csv.text()).trimEnd().split("\n");
    expect(lines.length).toBe(samplesOf(live.events).length + 1);
    expect(lines[0]).toContain("Force [kN]");

    const json = await s.app.request(`/api/runs/${id}/export?format=json`);
    expect(json.headers.get("content-disposition")).toBe(`attachment; filename="${id}.json"`);
    expect(JSON.parse(await json.text())).toBeTypeOf("object");

    const bdf = await s.app.request(`/api/runs/${id}/export?format=BDF`);
    expect(bdf.headers.get("content-disposition")).toBe(`attachment; filename="${id}.bdf.csv"`);
    const bdfText = await bdf.text();
    expect(bdfText.split("\n", 1)[0]).toContain("Test Time / s");
    const meta = await s.app.request(`/api/runs/${id}/export?format=bdf-metadata`);
    expect(meta.headers.get("content-disposition")).toBe(`attachment; filename="${id}.bdf.metadata.json"`);
    const m = (await meta.json()) as Record<string, unknown>;
    expect(m["data file"]).toBe(`${id}.bdf.csv`);
    expect(m["data sha256"]).toBe(createHash("sha256").update(bdfText, "utf8").digest("hex"));
    expect(m.samples).toBe(samplesOf(live.events).length);
  });

  it("plots the run as an SVG attachment, pressure or force", async () => {
    for (const q of ["pressure", "force"]) {
      const r = await s.app.request(`/api/runs/${id}/plot?quantity=${q}`);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      expect(r.headers.get("content-disposition")).toBe(`attachment; filename="${id}-${q}.svg"`);
      expect(await r.text()).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    }
  });

  it("decimates the samples into at most N buckets of min/max, spikes kept", async () => {
    const r = await s.app.request(`/api/runs/${id}/series?points=100`);
    const j = (await r.json()) as Record<string, unknown>;
    const samples = samplesOf(live.events);
    expect(j["Sample count [-]"]).toBe(samples.length);
    expect(j["Bucket count [-]"]).toBeLessThanOrEqual(100);
    expect((j["Test time [s]"] as number[]).length).toBe(j["Bucket count [-]"]);
    const force = (j.series as Record<string, { min: number[]; max: number[] }>)["Force [kN]"]!;
    const peak = Math.max(...samples.map((x) => x["Force [kN]"]!));
    expect(Math.max(...force.max)).toBe(peak);
    const series = j.series as Record<string, unknown>;
    expect(Object.keys(series).sort()).toEqual(
      ["Force [kN]", "Force setpoint [kN]", "Pressure [MPa]", "Position [mm]", "Temperature [degC]"].sort(),
    );
  });

  it("refuses to control a run that has ended (409) and an answer when nothing is asked", async () => {
    for (const verb of ["pause", "resume", "abort"]) {
      const r = await post(s.app, `/api/runs/${id}/${verb}`);
      expect(r.status).toBe(409);
      expect(((await r.json()) as { error: string }).error).toMatch(/has ended \(completed\)/);
    }
    expect((await post(s.app, `/api/runs/${id}/answer`, { answer: "ok" })).status).toBe(409);
  });
});

describe("refusals", () => {
  it("422 with the checker's diagnostics for the classic failure (Li pressed at 400 MPa); nothing runs", async () => {
    const before = ((await (await s.app.request("/api/runs")).json()) as unknown[]).length;
    const r = await post(s.app, "/api/runs", { protocol: FAILURE, press: "sim", yes: true });
    expect(r.status).toBe(422);
    const j = (await r.json()) as { error: string; diagnostics: Record<string, unknown>[] };
    expect(j.error).toMatch(/1 error/);
    const d = j.diagnostics.find((x) => x.rule === "anode-overpressure");
    expect(d).toMatchObject({ severity: "error", line: 17, step: expect.any(Number) as number });
    expect(((await (await s.app.request("/api/runs")).json()) as unknown[]).length).toBe(before);
  });

  it("422 for a protocol that is not YAML at all", async () => {
    const r = await post(s.app, "/api/runs", { protocol: "{{{ not: yaml", press: "sim" });
    expect(r.status).toBe(422);
    expect(((await r.json()) as { diagnostics: unknown[] }).diagnostics.length).toBeGreaterThan(0);
  });

  const cases: [unknown, RegExp][] = [
    [{ ...fast, speed: "NaN" }, /"speed" must be a number/],
    [{ ...fast, speed: -1 }, /"speed" must be a number/],
    [{ ...fast, speed: 0 }, /"speed" must be a number/],
    [{ ...fast, speed: 1e9 }, /at most/],
    [{ ...fast, press: "manual", speed: 10 }, /real press runs in real time/],
    [{ ...fast, press: "ftp://press" }, /not a press ssbpress knows/],
    [{ ...fast, press: 7 }, /"press" must be/],
    [{ ...fast, speed: undefined, press: "modbus-tcp://press:99999" }, /port 99999/],
    [{ ...fast, speed: undefined, press: "modbus-tcp://a/b/c" }, /not a Modbus TCP address/],
    [{ ...fast, speed: undefined, press: "modbus-rtu:/dev/ttyS0" }, /serial/],
    [{ ...fast, operate_for: "5 kg" }, /operate_for/],
    [{ ...fast, operate_for: "0 s" }, /more than zero/],
    [{ ...fast, yes: "yes" }, /"yes" must be true or false/],
    [{ ...fast, operator: 42 }, /"operator" must be a name/],
    [{ ...fast, fault: "meteor@3s" }, /"fault"/],
    [{ ...fast, press: "manual", speed: undefined, fault: "link-loss@30s" }, /digital twin only/],
    [{ ...fast, colour: "red" }, /unknown field "colour"/],
    [{ ...fast, rate: 0 }, /"rate" must be a number of samples per second from 1 to 200/],
    [{ ...fast, rate: 1000 }, /"rate"/],
    [{ ...fast, rate: "100 Hz" }, /"rate"/],
    [{ press: "sim" }, /"protocol" must be/],
    [{ protocol: "" }, /"protocol" must be/],
    [[1, 2, 3], /JSON object/],
    ["null", /JSON object/],
    ["{not json", /not valid JSON/],
    ["", /has no body/],
  ];
  it.each(cases.map(([body, message]) => ({ body, message, name: message.source })))(
    "400 for a bad request: $name",
    async ({ body, message }) => {
      const r = await post(s.app, "/api/runs", body);
      expect(r.status).toBe(400);
      const j = (await r.json()) as { error: string };
      expect(j.error).toMatch(message);
      expect(JSON.stringify(j)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
    },
  );

  it("413 for a 2 MB protocol", async () => {
    const r = await post(s.app, "/api/runs", { protocol: "#".repeat(2_000_000), press: "sim" });
    expect(r.status).toBe(413);
  });

  it("503 when a Modbus press cannot be reached; the press is free again after", async () => {
    const body = { protocol: CLASSIC, press: "modbus-tcp://127.0.0.1:1", yes: true };
    const r = await post(s.app, "/api/runs", body);
    expect(r.status).toBe(503);
    expect(((await r.json()) as { error: string }).error).toMatch(/cannot connect to the press/);
    expect((await post(s.app, "/api/runs", body)).status).toBe(503); // not 409: the lock was released
  });

  it("a Modbus press over TCP: one lock per address however it is written", async () => {
    const scheduler = realScheduler;
    const twin = createTwin({
      scheduler,
      dieDiameter: 0.01,
      capacity: 98_066.5,
      heated: false,
      faults: [],
      watchdog: 0,
    });
    const server = await startPressServer({
      host: "127.0.0.1",
      port: 0,
      press: twin,
      scheduler,
      watchdog: 0,
    });
    try {
      const body = { protocol: CLASSIC, press: `modbus-tcp://127.0.0.1:${server.port}`, yes: true };
      const id = await start(body);
      const again = await post(s.app, "/api/runs", {
        ...body,
        press: `modbus-tcp://127.0.0.1:${server.port}/`,
      });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { run: string }).run).toBe(id);
      expect((await post(s.app, `/api/runs/${id}/abort`)).status).toBe(202);
      const { events } = await readEvents(await s.app.request(`/api/runs/${id}/events`));
      expect(events[0]!.data.press).toMatch(/^modbus-tcp:\/\/127\.0\.0\.1:/);
      expect(events.at(-1)!.data.status).toBe("aborted");
    } finally {
      await server.close();
    }
  }, 30_000);

  it("404 for every route of a run that does not exist", async () => {
    for (const path of ["", "/export?format=csv", "/plot", "/series", "/events"]) {
      const r = await s.app.request(`/api/runs/no-such-run${path}`);
      expect(r.status, path).toBe(404);
      expect(((await r.json()) as { error: string }).error).toMatch(/no run "no-such-run"/);
    }
    for (const verb of ["pause", "resume", "abort", "answer"])
      expect((await post(s.app, `/api/runs/no-such-run/${verb}`, { answer: "ok" })).status).toBe(404);
  });

  it("400 for a bad export format (listing the formats), plot quantity or series size", async () => {
    const id = ((await (await s.app.request("/api/runs")).json()) as { id: string }[])[0]!.id;
    const bad = await s.app.request(`/api/runs/${id}/export?format=xls`);
    expect(bad.status).toBe(400);
    expect((await bad.json()) as unknown).toMatchObject({ formats: ["csv", "json", "bdf", "bdf-metadata"] });
    expect((await s.app.request(`/api/runs/${id}/export`)).status).toBe(400);
    expect((await s.app.request(`/api/runs/${id}/plot?quantity=torque`)).status).toBe(400);
    for (const p of ["0", "1", "abc", "20001", "1.5", "-3", ""])
      expect((await s.app.request(`/api/runs/${id}/series?points=${p}`)).status, p).toBe(400);
  });
});

describe("control of a running run", () => {
  it("one run per press: 409 while busy; abort releases the press safely and records aborted; then the press is free", async () => {
    const id = await start({ ...fast, speed: 40 });
    let busy: Response | undefined;
    let noPrompt: Response | undefined;
    let aborted = false;
    const { events } = await readEvents(await s.app.request(`/api/runs/${id}/events`), async (e) => {
      if (aborted || e.event !== "sample" || (e.data["Pressure [MPa]"] as number) < 150) return;
      aborted = true;
      busy = await post(s.app, "/api/runs", fast);
      noPrompt = await post(s.app, `/api/runs/${id}/answer`, { answer: "ok" });
      expect((await post(s.app, `/api/runs/${id}/abort`)).status).toBe(202);
    });
    expect(busy!.status).toBe(409);
    expect(((await busy!.json()) as { error: string }).error).toMatch(/busy with run/);
    expect(noPrompt!.status).toBe(409);
    expect(((await noPrompt!.json()) as { error: string }).error).toMatch(/no question is waiting/);

    const stop = events.at(-1)!;
    expect(stop.data).toMatchObject({ type: "run-stop", status: "aborted" });
    expect(stop.data.reason).toMatch(/aborted from the web console/);
    // released: it was loaded when aborted, and the last sample shows no force on the pellet
    const forces = samplesOf(events).map((x) => x["Force [kN]"]!);
    expect(Math.max(...forces)).toBeGreaterThan(11); // 150 MPa on 10 mm is 11.8 kN
    expect(Math.abs(forces.at(-1)!)).toBeLessThan(0.5);
    // aborted midway: it never reached step 4 (500 MPa)
    expect(Math.max(...samplesOf(events).map((x) => x["Pressure [MPa]"]!))).toBeLessThan(300);
    const show = (await (await s.app.request(`/api/runs/${id}`)).json()) as Record<string, unknown>;
    expect(show.status).toBe("aborted");

    // the press is free again once the run has ended
    const next = await start(fast);
    const end = (await readEvents(await s.app.request(`/api/runs/${next}/events`))).events.at(-1)!;
    expect(end.data.status).toBe("completed");
  }, 60_000);

  it("pause holds the load with timers stopped; resume goes on; both are recorded", async () => {
    const id = await start({ ...fast, speed: 40 });
    let phase: "loading" | "pausing" | "paused" | "resumed" | "aborting" = "loading";
    const { events } = await readEvents(await s.app.request(`/api/runs/${id}/events`), async (e) => {
      if (phase === "loading" && e.event === "sample" && (e.data["Pressure [MPa]"] as number) > 100) {
        phase = "pausing";
        expect((await post(s.app, `/api/runs/${id}/pause`)).status).toBe(202);
      } else if (phase === "pausing" && e.event === "event" && /^paused/.test(e.data.message as string)) {
        phase = "paused";
        setTimeout(() => void post(s.app, `/api/runs/${id}/resume`), 300);
      } else if (phase === "paused" && e.event === "event" && /^resumed/.test(e.data.message as string)) {
        phase = "aborting";
        expect((await post(s.app, `/api/runs/${id}/abort`)).status).toBe(202);
      }
    });
    const iPaused = events.findIndex((e) => /^paused at step 2/.test(String(e.data.message)));
    const iResumed = events.findIndex((e) => /^resumed at step 2/.test(String(e.data.message)));
    expect(iPaused).toBeGreaterThan(0);
    expect(iResumed).toBeGreaterThan(iPaused);
    // while paused the setpoint is held where the ramp stood
    const held = samplesOf(events.slice(iPaused + 1, iResumed));
    expect(held.length).toBeGreaterThan(5);
    const sp = held.map((x) => x["Force setpoint [kN]"]!);
    expect(Math.max(...sp) - Math.min(...sp)).toBeLessThan(1e-6);
    expect(events.at(-1)!.data.status).toBe("aborted");
    const show = (await (await s.app.request(`/api/runs/${id}`)).json()) as { events: { message: string }[] };
    expect(show.events.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^paused at step 2/),
        expect.stringMatching(/^resumed at step 2/),
      ]),
    );
  }, 60_000);

  it("on server shutdown a running run finishes safely and is recorded", async () => {
    const id = await start({ ...fast, speed: 40 });
    let stopped = false;
    const { events } = await readEvents(await s.app.request(`/api/runs/${id}/events`), async (e) => {
      if (stopped || e.event !== "sample" || (e.data["Pressure [MPa]"] as number) < 150) return;
      stopped = true;
      // what `serve` does on Ctrl-C/SIGTERM before it closes the store
      for (const hook of s.ctx.onShutdown) await hook();
    });
    expect(events.at(-1)!.data).toMatchObject({ status: "aborted" });
    expect(events.at(-1)!.data.reason).toMatch(/server is shutting down/);
    expect(Math.abs(samplesOf(events).at(-1)!["Force [kN]"]!)).toBeLessThan(0.5);
    const record = (await s.ctx.store.get(id))!;
    expect(record.stop?.status).toBe("aborted");
  }, 60_000);

  it("a run whose record cannot be written stops safely", async () => {
    // a store that fails once the disk is "full": after 200 samples every sample write throws
    let samples = 0;
    const real = s.ctx.store;
    const failing: RunStore = {
      write: (doc) =>
        doc.type === "sample" && ++samples > 200 ? Promise.reject(new Error("disk full")) : real.write(doc),
      flush: () => real.flush(),
      list: () => real.list(),
      get: (id) => real.get(id),
      samples: (id) => real.samples(id),
      sampleCount: (id) => real.sampleCount(id),
      envelope: (id, n) => real.envelope(id, n),
      close: () => real.close(),
    };
    const app = createApp({ ...s.ctx, store: failing, onShutdown: [] });
    const r = await post(app, "/api/runs", { ...fast, speed: 100 });
    const id = ((await r.json()) as { id: string }).id;
    const { events } = await readEvents(await app.request(`/api/runs/${id}/events`));
    expect(events.at(-1)!.data).toMatchObject({ type: "run-stop", status: "aborted" });
    expect(events.at(-1)!.data.reason).toMatch(/the run record cannot be written/);
    expect(Math.abs(samplesOf(events).at(-1)!["Force [kN]"]!)).toBeLessThan(0.5);
    expect((await real.get(id))!.stop?.status).toBe("aborted");
  }, 60_000);

  it("without yes the twin's Add prompts wait for the page; answering no stops the run", async () => {
    const id = await start({ ...fast, yes: false });
    const { events } = await readEvents(await s.app.request(`/api/runs/${id}/events`), async (e) => {
      if (e.event === "event" && e.data.kind === "prompt" && e.data.expects === "confirm")
        expect((await post(s.app, `/api/runs/${id}/answer`, { answer: "no" })).status).toBe(202);
    });
    const prompt = events.find((e) => e.data.kind === "prompt")!;
    expect(prompt.data).toMatchObject({
      expects: "confirm",
      message: "Put the separator in the die and confirm",
      prompt: 1,
    });
    expect(events.at(-1)!.data).toMatchObject({ status: "aborted" });
    expect(events.at(-1)!.data.reason).toMatch(
      /did not confirm "Put the separator in the die and confirm" \(web\)/,
    );
  }, 60_000);
});
