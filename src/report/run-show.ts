/**
 * `runs show --json` as an object (CONTRACTS §7): the run's facts, statistics per step, events. One
 * builder for the CLI and the web server (`GET /api/runs/:id`), so both answer the same keys.
 */
import type { SampleDocument } from "../engine/documents.js";
import type { RunRecord, RunStore } from "../store/types.js";
import { stepStatistics, type StepStats } from "./run-stats.js";

export function runShowJson(record: RunRecord, stats: StepStats[], samples: number): Record<string, unknown> {
  const s = record.start;
  const t0 = s.time;
  return {
    id: s.run,
    name: s.name,
    status: record.stop?.status ?? record.summary.status,
    reason: record.stop?.reason ?? null,
    started: record.summary.started,
    stopped: record.stop ? new Date(record.stop.time * 1000).toISOString() : null,
    press: s.press,
    map: s.map,
    operator: s.operator,
    version: s.version,
    die: s.die,
    sha256: s.sha256,
    ...(s.options ? { options: s.options } : {}),
    samples,
    steps: stats,
    events: record.events.map((e) => ({
      time: new Date(e.time * 1000).toISOString(),
      "Test time [s]": +(e.time - t0).toFixed(3),
      step: e.step,
      kind: e.kind,
      message: e.message,
    })),
  };
}

/** Step facts that need no samples: what `{samples: false}` keeps of each step's statistics. */
const STEP_FACTS = ["step", "text", "started", "ended", "Duration [s]"] as const;

/**
 * Statistics per step and the sample count, in one pass over the stored samples; with
 * `{samples: false}` only each step's text and times (no pass, and a sample count of 0).
 */
export async function runStatistics(
  store: RunStore,
  record: RunRecord,
  options: { samples?: boolean } = {},
): Promise<{ stats: StepStats[]; samples: number }> {
  let samples = 0;
  if (options.samples === false) {
    const none = (async function* (): AsyncIterable<SampleDocument> {})();
    const stats = await stepStatistics(record, none);
    const facts = stats.map(
      (s) => Object.fromEntries(STEP_FACTS.map((k) => [k, s[k]])) as unknown as StepStats,
    );
    return { stats: facts, samples };
  }
  const counted = async function* (): AsyncIterable<SampleDocument> {
    for await (const s of store.samples(record.summary.id)) {
      samples++;
      yield s;
    }
  };
  const stats = await stepStatistics(record, counted());
  return { stats, samples };
}
