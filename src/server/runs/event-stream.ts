/**
 * `GET /api/runs/:id/events` (CONTRACTS §8): Server-Sent Events, one per §6 document (`event:` its
 * type, `data:` its JSON), from the start of the run, then live until run-stop; then the stream ends.
 *
 * Documents that arrive within BATCH_MS of each other go out in one write, so 100 Hz telemetry is a
 * few writes a second. A client reads the live run's shared log at its own pace (its cursor is all
 * the memory it costs, the engine never waits for it); one that falls more than MAX_LAG documents
 * behind is sent `event: error` ("reconnect") and dropped.
 */
import type { Context } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { RunDocument } from "../../engine/documents.js";
import type { RunRecord, RunStore } from "../../store/types.js";
import type { LiveRun } from "./manager.js";
import { storedDocuments } from "./stored-documents.js";

/** Documents that arrive within this time share one write [ms]. */
const BATCH_MS = 50;
/** Documents per write at most (a replay goes out in writes of this size). */
const WRITE_MAX = 2000;
/** A client further behind the live run than this many documents is dropped. */
const MAX_LAG = 20_000;

const sse = (doc: RunDocument) => `event: ${doc.type}\ndata: ${JSON.stringify(doc)}\n\n`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function write(stream: SSEStreamingApi, docs: RunDocument[]): Promise<void> {
  if (docs.length) await stream.write(docs.map(sse).join(""));
}

async function fromRecord(stream: SSEStreamingApi, store: RunStore, record: RunRecord): Promise<void> {
  let batch: RunDocument[] = [];
  for await (const doc of storedDocuments(store, record)) {
    if (stream.aborted) return;
    batch.push(doc);
    if (batch.length >= WRITE_MAX) {
      await write(stream, batch);
      batch = [];
    }
  }
  await write(stream, batch);
}

async function fromLive(
  stream: SSEStreamingApi,
  run: LiveRun,
  store: RunStore,
  maxLag: number,
): Promise<void> {
  const log = run.log;
  let cursor = log.start;
  if (cursor > 0) {
    // a long run's beginning is no longer in memory: it comes from the record, up to where memory starts
    const cut = log.slice(cursor, cursor + 1)[0]!.time;
    await store.flush();
    const record = await store.get(run.id);
    if (record) {
      let batch: RunDocument[] = [];
      for await (const doc of storedDocuments(store, record)) {
        if (stream.aborted) return;
        // the merge yields every earlier step and event before the first later sample
        if (doc.type === "sample" && doc.time >= cut) break;
        if (doc.time >= cut || doc.type === "run-stop") continue;
        batch.push(doc);
        if (batch.length >= WRITE_MAX) {
          await write(stream, batch);
          batch = [];
        }
      }
      await write(stream, batch);
    }
  }
  for (;;) {
    if (stream.aborted) return;
    if (cursor < log.start || log.head - cursor > maxLag) {
      await stream.writeSSE({
        event: "error",
        data: JSON.stringify({
          error: "this client fell too far behind the run: reconnect to the event stream",
        }),
      });
      return;
    }
    if (cursor < log.head) {
      const to = Math.min(log.head, cursor + WRITE_MAX);
      const docs = log.slice(cursor, to);
      cursor = to;
      await write(stream, docs);
      continue;
    }
    if (log.ended) return;
    await log.next();
    // gather what arrives in the next BATCH_MS into the same write
    if (!log.ended) await pause(BATCH_MS);
  }
}

export function eventStream(
  c: Context,
  store: RunStore,
  source: { live: LiveRun } | { record: RunRecord },
  maxLag = MAX_LAG,
): Response {
  return streamSSE(
    c,
    async (stream) => {
      if ("live" in source) await fromLive(stream, source.live, store, maxLag);
      else await fromRecord(stream, store, source.record);
    },
    async (_e, stream) => {
      // hono then sends `event: error` with the message; nothing else (no trace)
      void stream;
    },
  );
}
