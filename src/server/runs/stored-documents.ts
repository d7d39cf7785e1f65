/**
 * A recorded run as the §6 documents it emitted, in order: run-start, then step, event and sample
 * documents merged by time, then run-stop. The event stream of a run that is no longer live replays
 * this (the samples stream from the store, so a long run does not fill memory).
 */
import type { RunDocument } from "../../engine/documents.js";
import type { RunRecord, RunStore } from "../../store/types.js";

export async function* storedDocuments(store: RunStore, record: RunRecord): AsyncIterable<RunDocument> {
  yield record.start;
  const others: RunDocument[] = [];
  for (const s of record.steps) {
    others.push(s.start);
    if (s.end) others.push(s.end);
  }
  others.push(...record.events);
  // stable sort: at equal times a step's start comes before its events, its end after them
  others.sort((a, b) => a.time - b.time);
  let i = 0;
  for await (const sample of store.samples(record.summary.id)) {
    while (i < others.length && others[i]!.time <= sample.time) yield others[i++]!;
    yield sample;
  }
  while (i < others.length) yield others[i++]!;
  if (record.stop) yield record.stop;
}
