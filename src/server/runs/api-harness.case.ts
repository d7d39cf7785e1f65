/**
 * Test support for the /api/runs routes: an app on a temporary SQLite run record (no port:
 * `app.request()`), the example protocols, and an SSE reader that parses the stream into documents
 * as they arrive.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../app.js";
import type { ServerContext } from "../context.js";
import { openStore } from "../../store/index.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "examples");
export const example = (name: string) => readFileSync(join(EXAMPLES, name), "utf8");

/** A manual-press protocol short enough to answer in a test (3 s hold, fast ramp: warnings only). */
export const QUICK_MANUAL = `name: manual quick
die:
  diameter: 13 mm
  rating: 10 t
press:
  capacity: 15 t
  type: manual
  gauge: t
layers:
  separator: { material: Li6PS5Cl, mass: 135 mg }
steps:
  - Add separator
  - Press to 3.4 t at 200 MPa/s, hold 3 s
  - Release
`;

export interface TestServer {
  app: ReturnType<typeof createApp>;
  ctx: ServerContext;
  dbPath: string;
  close(): Promise<void>;
}

export async function testServer(defaultPress = "sim"): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "ssbpress-runs-api-"));
  const dbPath = join(dir, "runs.sqlite");
  const store = await openStore(dbPath);
  const ctx: ServerContext = {
    store,
    version: "0.1.0-test",
    host: "127.0.0.1",
    port: 0,
    token: null,
    webRoot: null,
    examplesDir: EXAMPLES,
    defaultPress,
    onShutdown: [],
  };
  return {
    app: createApp(ctx),
    ctx,
    dbPath,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const post = (app: TestServer["app"], path: string, body?: unknown) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Parses complete SSE events out of `buffer`; returns them and the incomplete rest. */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  let rest = buffer;
  for (;;) {
    const end = rest.indexOf("\n\n");
    if (end < 0) break;
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    events.push({ event, data: JSON.parse(data.join("\n")) as Record<string, unknown> });
  }
  return { events, rest };
}

/**
 * Reads an event stream to its end, calling `onEvent` for each event as it arrives (it may act on the
 * run: answer a prompt, abort). Returns every event and how many network chunks carried them.
 */
export async function readEvents(
  response: Response,
  onEvent: (e: SseEvent) => Promise<void> | void = () => {},
): Promise<{ events: SseEvent[]; chunks: number }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const all: SseEvent[] = [];
  let buffer = "";
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    buffer += decoder.decode(value, { stream: true });
    const { events, rest } = parseSse(buffer);
    buffer = rest;
    for (const e of events) {
      all.push(e);
      await onEvent(e);
    }
  }
  return { events: all, chunks };
}
