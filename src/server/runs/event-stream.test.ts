/**
 * The event stream's batching and its bound on a slow client, on a hand-fed run log (no engine).
 */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { RunDocument } from "../../engine/documents.js";
import type { RunStore } from "../../store/types.js";
import { parseSse } from "./api-harness.case.js";
import { eventStream } from "./event-stream.js";
import type { LiveRun } from "./manager.js";
import { RunLog } from "./run-log.js";

const sample = (i: number): RunDocument => ({
  type: "sample",
  run: "R",
  time: 1000 + i / 100,
  step: 1,
  "Test time [s]": i / 100,
  "Force setpoint [kN]": 1,
  "Force [kN]": 1,
  "Pressure [MPa]": 12.7,
  "Position [mm]": null,
  "Temperature [degC]": null,
});

function appFor(log: RunLog, maxLag: number) {
  const live = { id: "R", log } as unknown as LiveRun;
  return new Hono().get("/", (c) => eventStream(c, {} as RunStore, { live }, maxLag));
}

async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string | null> {
  const { done, value } = await reader.read();
  return done ? null : new TextDecoder().decode(value);
}

describe("the event stream of a live run", () => {
  it("sends documents that arrive together in one write, and ends after the run's end", async () => {
    const log = new RunLog();
    for (let i = 0; i < 30; i++) log.push(sample(i));
    const reader = (await appFor(log, 1000).request("/")).body!.getReader();
    const first = parseSse((await readChunk(reader))!);
    expect(first.events.length).toBe(30); // the replay, in one write
    // 100 Hz for 0.2 s: 20 documents, in a few writes (not 20)
    const feeding = (async () => {
      for (let i = 30; i < 50; i++) {
        log.push(sample(i));
        await new Promise((r) => setTimeout(r, 10));
      }
      log.end();
    })();
    let writes = 0;
    let events = 0;
    for (let text = await readChunk(reader); text !== null; text = await readChunk(reader)) {
      writes++;
      events += parseSse(text).events.length;
    }
    await feeding;
    expect(events).toBe(20);
    expect(writes).toBeLessThanOrEqual(8);
  });

  it("drops a client that falls too far behind, with an error event telling it to reconnect", async () => {
    const log = new RunLog();
    for (let i = 0; i < 10; i++) log.push(sample(i));
    const reader = (await appFor(log, 100).request("/")).body!.getReader();
    expect(parseSse((await readChunk(reader))!).events.length).toBe(10);
    // the client stops reading while the run races ahead
    for (let i = 10; i < 1010; i++) log.push(sample(i));
    let rest = "";
    for (let text = await readChunk(reader); text !== null; text = await readChunk(reader)) rest += text;
    const { events } = parseSse(rest);
    expect(events.length).toBe(1);
    expect(events[0]).toMatchObject({ event: "error" });
    expect(events[0]!.data.error).toMatch(/reconnect/);
  });

  it("keeps a bounded window of documents in memory however long the run", () => {
    const log = new RunLog(1000);
    for (let i = 0; i < 50_000; i++) log.push(sample(i));
    expect(log.head).toBe(50_000);
    expect(log.head - log.start).toBeLessThanOrEqual(1100);
    expect(log.slice(log.start, log.start + 1)[0]!.time).toBe(sample(log.start).time);
  });
});
