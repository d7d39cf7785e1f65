/**
 * The run record on a SQL database (SQLite or PostgreSQL through `Backend`): documents in, runs
 * out. Writes are applied in the order they were given (one queue); samples are buffered and
 * committed together with a heartbeat at least every `flushIntervalMs`, or when `flushRows` are
 * waiting. A failed commit keeps its samples for the next attempt and is reported by the next
 * `write`/`flush` — nothing is dropped silently.
 */
import type { Clock } from "../core/clock.js";
import { SsbError } from "../core/errors.js";
import type {
  EventKind,
  RunDocument,
  RunStartDocument,
  RunStatus,
  SampleDocument,
} from "../engine/documents.js";
import type { Backend } from "./backend.js";
import { sampleDocument, sampleRow, startMsOf, type SampleRow } from "./codec.js";
import { type Owner, ownerGone } from "./owner.js";
import { RUN_ID_CHARS } from "./run-id.js";
import { SAMPLE_ID_SPAN, type RunsTable } from "./schema.js";
import {
  ENVELOPE_KEYS,
  type RunRecord,
  type RunStore,
  type RunSummary,
  type SampleEnvelope,
} from "./types.js";

export interface StoreSettings {
  owner: Owner;
  clock: Clock;
  /** A run whose recorder has given no sign of life for this long is interrupted [ms]. */
  staleAfterMs: number;
  /** Buffered samples are committed at least this often [ms]. */
  flushIntervalMs: number;
  /** …and as soon as this many are waiting. */
  flushRows: number;
  /** Samples read per query when streaming a run. */
  pageRows: number;
}

interface RunEntry {
  id: string;
  /** Known once the run-start insert (queued before any flush) has committed. */
  key: number | undefined;
  startMs: number;
  /** Last committed sample sequence number. */
  seq: number;
  /** Started by this store: its heartbeat is ours to keep. */
  own: boolean;
  stopped: boolean;
  /** The run-start could not be recorded: its samples are refused, not attached elsewhere. */
  failed: SsbError | undefined;
}

type RunRow = Omit<RunsTable, "key"> & { key: number };

const RESOLVED = Promise.resolve();

/**
 * Lets timers and I/O run before the next page of a long read. better-sqlite3 answers synchronously
 * and kysely resolves its promises as microtasks, so without this a read of a 1,000,000-sample run
 * held the event loop for 2.6 s (0.4 s for an envelope) — and `ssbpress serve` runs presses on that
 * loop: an interlock's release (within 0.25 s, CONTRACTS §6) must never wait for a history page.
 */
const giveWay = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Envelope buckets per slice between two `giveWay`s (each bucket is one indexed aggregate, 0.2–0.3 ms). */
const YIELD_EVERY_BUCKETS = 20;

export class SqlRunStore implements RunStore {
  private queue: Promise<unknown> = RESOLVED;
  private buffer: SampleDocument[] = [];
  private readonly runs = new Map<string, RunEntry>();
  /** A background commit's failure, reported by the next write or flush. */
  private failure: SsbError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastHeartbeat = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  private batchCommit: Promise<void> | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly settings: StoreSettings,
  ) {}

  /** Where the record lives (path or URL without password), for messages. */
  get location(): string {
    return this.backend.where;
  }

  write(doc: RunDocument): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    if (this.failure) return Promise.reject(this.takeFailure());
    if (doc.type === "sample") {
      this.buffer.push(doc);
      if (this.buffer.length >= this.settings.flushRows) {
        // One batch commit queued at a time: a caller that does not await (the engine's sink)
        // keeps filling the buffer, and that commit takes everything waiting when it runs. Its
        // failure is reported like the timer's, by the next write or flush, so a caller that
        // does not await never meets an unhandled rejection; one that awaits gets backpressure.
        this.batchCommit ??= this.enqueue(async () => {
          this.batchCommit = undefined;
          await this.commitSamples();
        }).catch((e: unknown) => {
          this.failure = this.ioError(e, "cannot write samples");
        });
        return this.batchCommit;
      }
      this.startTimer();
      return RESOLVED;
    }
    if (doc.type === "run-start") {
      if (this.runs.has(doc.run)) {
        return Promise.reject(new SsbError("usage", `run ${doc.run} was already started in this run record`));
      }
      const entry: RunEntry = {
        id: doc.run,
        key: undefined,
        startMs: startMsOf(doc.time),
        seq: 0,
        own: true,
        stopped: false,
        failed: undefined,
      };
      this.runs.set(doc.run, entry);
      this.startTimer();
      return this.enqueue(async () => {
        try {
          entry.key = await this.insertRun(doc);
        } catch (e) {
          entry.failed = this.ioError(e, `cannot record the start of run ${doc.run}`);
          throw entry.failed;
        }
      });
    }
    return this.enqueue(() => this.writeDocument(doc));
  }

  /**
   * Commits the buffered samples now. After a failed background commit this is the retry: it
   * resolves once everything buffered is committed (the earlier failure no longer matters) and
   * rejects with the new error otherwise.
   */
  flush(): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.enqueue(async () => {
      await this.commitSamples();
      this.failure = undefined;
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopTimer();
      let error: unknown;
      try {
        await this.enqueue(() => this.commitSamples());
      } catch (e) {
        error = e;
      }
      this.closed = true;
      await this.backend.close().catch(() => undefined);
      const pending = this.failure ?? error;
      if (pending !== undefined) {
        const lost = this.buffer.length;
        throw this.ioError(
          pending,
          lost > 0
            ? `${lost} sample(s) could not be written before closing`
            : "the run record could not be closed cleanly",
        );
      }
    })();
    return this.closing;
  }

  /**
   * Drops the connection with nothing more committed: what a killed process leaves behind. For
   * crash tests; a real program calls `close`.
   */
  async abandon(): Promise<void> {
    this.stopTimer();
    this.closed = true;
    this.closing = RESOLVED;
    await this.queue.catch(() => undefined);
    await this.backend.abandon();
  }

  checkIntegrity(): Promise<string[]> {
    return this.backend.integrity();
  }

  async list(): Promise<RunSummary[]> {
    await this.markInterrupted();
    const rows = await this.backend.db
      .selectFrom("runs")
      .selectAll()
      .orderBy("start_time", "desc")
      .orderBy("id", "desc")
      .execute();
    return rows.map((r) => this.summary(r));
  }

  async get(id: string): Promise<RunRecord | undefined> {
    await this.markInterrupted();
    const run = await this.findRun(id);
    if (!run) return undefined;
    const db = this.backend.db;
    const steps = await db
      .selectFrom("steps")
      .selectAll()
      .where("run_key", "=", run.key)
      .orderBy("key")
      .execute();
    const events = await db
      .selectFrom("events")
      .selectAll()
      .where("run_key", "=", run.key)
      .orderBy("key")
      .execute();
    return {
      summary: this.summary(run),
      start: startDocument(run),
      stop:
        run.status === null
          ? null
          : {
              type: "run-stop",
              run: run.id,
              time: Number(run.stop_time),
              status: run.status as RunStatus,
              reason: run.reason ?? "",
            },
      steps: steps.map((s) => ({
        start: { type: "step-start", run: run.id, time: s.start_time, step: s.step, text: s.start_text },
        end:
          s.end_time === null
            ? null
            : { type: "step-end", run: run.id, time: s.end_time, step: s.step, text: s.end_text ?? "" },
      })),
      events: events.map((e) => ({
        type: "event",
        run: run.id,
        time: e.time,
        kind: e.kind as EventKind,
        message: e.message,
        step: e.step,
      })),
    };
  }

  async *samples(id: string): AsyncIterable<SampleDocument> {
    const run = await this.requireRun(id);
    const startMs = startMsOf(run.start_time);
    const end = (run.key + 1) * SAMPLE_ID_SPAN;
    let after = run.key * SAMPLE_ID_SPAN;
    for (;;) {
      // Keyset pagination: each page starts after the last id seen, so memory stays one page.
      const page = await this.backend.db
        .selectFrom("samples")
        .selectAll()
        .where("id", ">", after)
        .where("id", "<", end)
        .orderBy("id")
        .limit(this.settings.pageRows)
        .execute();
      for (const row of page) yield sampleDocument(row, run.id, startMs);
      const last = page[page.length - 1];
      if (page.length < this.settings.pageRows || last === undefined) return;
      after = Number(last.id);
      await giveWay();
    }
  }

  async envelope(id: string, buckets: number): Promise<SampleEnvelope> {
    if (!Number.isInteger(buckets) || buckets < 1)
      throw new SsbError("usage", `an envelope needs a whole number of buckets (at least 1), got ${buckets}`);
    const run = await this.requireRun(id);
    const db = this.backend.db;
    const base = run.key * SAMPLE_ID_SPAN;
    // Sample ids are base + 1, 2, … in order, so a bucket of consecutive samples is an id range: each
    // bucket is one aggregate over a primary-key range, with no sort (a GROUP BY on a computed bucket
    // sorts every row first: 4× slower on a 1,000,000-sample run).
    const last = await db
      .selectFrom("samples")
      .select((eb) => eb.fn.max("id").as("last"))
      .where("id", ">", base)
      .where("id", "<", base + SAMPLE_ID_SPAN)
      .executeTakeFirst();
    const count = last?.last === null || last?.last === undefined ? 0 : Number(last.last) - base;
    const per = Math.max(1, Math.ceil(count / buckets));
    const out: SampleEnvelope = {
      count: 0,
      time: [],
      min: Object.fromEntries(ENVELOPE_KEYS.map((k) => [k, []])) as unknown as SampleEnvelope["min"],
      max: Object.fromEntries(ENVELOPE_KEYS.map((k) => [k, []])) as unknown as SampleEnvelope["max"],
    };
    let queries = 0;
    const fast = this.backend.rangeAggregate?.bind(this.backend);
    for (let from = 0; from < count; from += per) {
      const lo = base + from;
      const hi = base + Math.min(count, from + per);
      const row = fast ? fast(lo, hi) : await this.rangeAggregate(lo, hi);
      if (++queries % YIELD_EVERY_BUCKETS === 0) await giveWay();
      // Backend.rangeAggregate's order: n, t, then min and max of each ENVELOPE_KEYS quantity
      const n = Number(row[0]);
      if (n === 0) continue; // a gap in the numbering (never written): no bucket
      out.count += n;
      out.time.push(Number(row[1]) / 1000);
      ENVELOPE_KEYS.forEach((key, k) => {
        const scale = key === "Temperature [degC]" ? 1e3 : 1e6;
        const lo = row[2 + 2 * k];
        const hi = row[3 + 2 * k];
        out.min[key].push(lo === null || lo === undefined ? null : Number(lo) / scale);
        out.max[key].push(hi === null || hi === undefined ? null : Number(hi) / scale);
      });
    }
    return out;
  }

  /** One bucket's aggregate through kysely (PostgreSQL; SQLite has a prepared-statement fast path). */
  private async rangeAggregate(lo: number, hi: number): Promise<unknown[]> {
    const r = await this.backend.db
      .selectFrom("samples")
      .select((eb) => [
        eb.fn.countAll().as("n"),
        eb.fn.min("t_ms").as("t"),
        eb.fn.min(eb.fn.coalesce("force_min_mn", "force_mn")).as("f_lo"),
        eb.fn.max(eb.fn.coalesce("force_max_mn", "force_mn")).as("f_hi"),
        eb.fn.min("setpoint_mn").as("s_lo"),
        eb.fn.max("setpoint_mn").as("s_hi"),
        eb.fn.min("pressure_pa").as("p_lo"),
        eb.fn.max("pressure_pa").as("p_hi"),
        eb.fn.min("position_nm").as("x_lo"),
        eb.fn.max("position_nm").as("x_hi"),
        eb.fn.min("temperature_mc").as("c_lo"),
        eb.fn.max("temperature_mc").as("c_hi"),
      ])
      .where("id", ">", lo)
      .where("id", "<=", hi)
      .executeTakeFirstOrThrow();
    return [r.n, r.t, r.f_lo, r.f_hi, r.s_lo, r.s_hi, r.p_lo, r.p_hi, r.x_lo, r.x_hi, r.c_lo, r.c_hi];
  }

  async sampleCount(id: string): Promise<number> {
    const run = await this.requireRun(id);
    const row = await this.backend.db
      .selectFrom("samples")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("id", ">", run.key * SAMPLE_ID_SPAN)
      .where("id", "<", (run.key + 1) * SAMPLE_ID_SPAN)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Marks runs whose recorder is gone as interrupted, keeping everything they wrote. Runs this store
   * is recording are never touched. Called on open and before listing.
   */
  async markInterrupted(): Promise<string[]> {
    const db = this.backend.db;
    const open = await db.selectFrom("runs").selectAll().where("status", "is", null).execute();
    const now = this.settings.clock.now();
    const marked: string[] = [];
    for (const run of open) {
      if (this.runs.get(run.id)?.own) continue;
      if (!ownerGone(run, this.settings.owner, now, this.settings.staleAfterMs)) continue;
      const heartbeat = Number(run.heartbeat_ms);
      const reason =
        `the recording process (pid ${run.owner_pid} on ${run.owner_host}) stopped without finishing the run ` +
        `(last sign of life ${new Date(heartbeat).toISOString()}; found on open at ${new Date(now).toISOString()})`;
      const result = await db
        .updateTable("runs")
        .set({ status: "interrupted", reason, stop_time: heartbeat / 1000 })
        .where("key", "=", run.key)
        .where("status", "is", null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) marked.push(run.id);
    }
    return marked;
  }

  // ---- writing -------------------------------------------------------------------------------

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private startTimer(): void {
    if (this.timer || this.closed) return;
    // One timer for both jobs: commit waiting samples, and keep the heartbeat of open runs fresh
    // so a reader never mistakes a quiet run (an operator at the press) for a dead one.
    this.timer = setInterval(() => {
      const heartbeatDue =
        this.settings.clock.now() - this.lastHeartbeat >= Math.min(2000, this.settings.staleAfterMs / 4);
      if (this.buffer.length === 0 && !(heartbeatDue && this.ownOpenKeys().length > 0)) return;
      if (this.failure) return; // reported first; flush() retries
      this.enqueue(() => this.commitSamples()).catch((e: unknown) => {
        this.failure = this.ioError(e, "cannot write samples");
      });
    }, this.settings.flushIntervalMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private ownOpenKeys(): number[] {
    const keys: number[] = [];
    for (const e of this.runs.values()) if (e.own && !e.stopped && e.key !== undefined) keys.push(e.key);
    return keys;
  }

  /** Commits the buffered samples (and the heartbeat); on failure they stay buffered. */
  private async commitSamples(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    const rows: SampleRow[] = new Array<SampleRow>(batch.length);
    const seqs = new Map<RunEntry, number>();
    let refused: SsbError | undefined;
    let n = 0;
    try {
      let entry: RunEntry | undefined;
      for (const doc of batch) {
        if (entry === undefined || entry.id !== doc.run)
          entry = this.runs.get(doc.run) ?? (await this.loadRun(doc.run));
        if (entry.failed !== undefined || entry.key === undefined) {
          // Samples of a run never started (or whose start failed) belong to no run: refused and
          // reported, not retried forever.
          refused ??= new SsbError(
            "usage",
            `samples of run ${doc.run} were not recorded: ${entry.failed?.message ?? "its run-start was not"}`,
            { cause: entry.failed },
          );
          continue;
        }
        const seq = (seqs.get(entry) ?? entry.seq) + 1;
        seqs.set(entry, seq);
        rows[n++] = sampleRow(doc, entry.key, seq, entry.startMs);
      }
      rows.length = n;
      const now = this.settings.clock.now();
      await this.backend.ingest(rows, { runKeys: this.ownOpenKeys(), ms: now });
      this.lastHeartbeat = now;
    } catch (e) {
      this.buffer = batch.concat(this.buffer);
      throw this.ioError(e, `cannot write ${batch.length} sample(s)`);
    }
    for (const [entry, seq] of seqs) entry.seq = seq;
    if (refused) throw refused;
  }

  private async insertRun(doc: RunStartDocument): Promise<number> {
    const row = await this.backend.db
      .insertInto("runs")
      .values({
        id: doc.run,
        name: doc.name,
        protocol: doc.protocol,
        sha256: doc.sha256,
        die_diameter_mm: doc.die["Diameter [mm]"],
        die_area_mm2: doc.die["Area [mm2]"],
        die_rating_mpa: doc.die["Rating [MPa]"],
        press: doc.press,
        map: doc.map,
        operator: doc.operator,
        version: doc.version,
        steps: doc.steps,
        options: doc.options === undefined ? null : JSON.stringify(doc.options),
        start_time: doc.time,
        owner_pid: this.settings.owner.pid,
        owner_host: this.settings.owner.host,
        heartbeat_ms: this.settings.clock.now(),
      })
      .returning("key")
      .executeTakeFirstOrThrow();
    return Number(row.key);
  }

  private async writeDocument(doc: Exclude<RunDocument, RunStartDocument | SampleDocument>): Promise<void> {
    const db = this.backend.db;
    let entry: RunEntry;
    try {
      entry = this.runs.get(doc.run) ?? (await this.loadRun(doc.run));
    } catch (e) {
      throw this.ioError(e, `cannot record the ${doc.type} of run ${doc.run}`);
    }
    const key = entry.key;
    if (entry.failed) throw entry.failed;
    if (key === undefined)
      throw new SsbError(
        "usage",
        `the ${doc.type} of run ${doc.run} follows a run-start that was not recorded`,
      );
    try {
      switch (doc.type) {
        case "step-start":
          await db
            .insertInto("steps")
            .values({ run_key: key, step: doc.step, start_time: doc.time, start_text: doc.text })
            .execute();
          return;
        case "step-end": {
          const open = await db
            .selectFrom("steps")
            .select("key")
            .where("run_key", "=", key)
            .where("step", "=", doc.step)
            .where("end_time", "is", null)
            .orderBy("key", "desc")
            .executeTakeFirst();
          if (open === undefined) {
            throw new SsbError(
              "usage",
              `step-end of step ${doc.step} in run ${doc.run} without a step-start`,
            );
          }
          await db
            .updateTable("steps")
            .set({ end_time: doc.time, end_text: doc.text })
            .where("key", "=", open.key)
            .execute();
          return;
        }
        case "event":
          await db
            .insertInto("events")
            .values({ run_key: key, time: doc.time, step: doc.step, kind: doc.kind, message: doc.message })
            .execute();
          return;
        case "run-stop":
          // Every sample given before the stop is committed before the run is closed.
          await this.commitSamples();
          await db
            .updateTable("runs")
            .set({
              stop_time: doc.time,
              status: doc.status,
              reason: doc.reason,
              heartbeat_ms: this.settings.clock.now(),
            })
            .where("key", "=", key)
            .execute();
          entry.stopped = true;
          return;
      }
    } catch (e) {
      throw this.ioError(e, `cannot record the ${doc.type} of run ${doc.run}`);
    }
  }

  /** A run not started by this store (documents continuing it, or samples of it). */
  private async loadRun(id: string): Promise<RunEntry> {
    const run = await this.backend.db
      .selectFrom("runs")
      .select(["key", "start_time", "status"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (run === undefined) {
      // Not cached: the run may still be started later.
      const failed = new SsbError("usage", `run ${id} has no run-start in the run record ${this.location}`);
      return { id, key: undefined, startMs: 0, seq: 0, own: false, stopped: true, failed };
    }
    const key = Number(run.key);
    const max = await this.backend.db
      .selectFrom("samples")
      .select((eb) => eb.fn.max("id").as("id"))
      .where("id", ">", key * SAMPLE_ID_SPAN)
      .where("id", "<", (key + 1) * SAMPLE_ID_SPAN)
      .executeTakeFirst();
    const entry: RunEntry = {
      id,
      key,
      startMs: startMsOf(run.start_time),
      seq: max?.id === null || max?.id === undefined ? 0 : Number(max.id) - key * SAMPLE_ID_SPAN,
      own: false,
      stopped: run.status !== null,
      failed: undefined,
    };
    this.runs.set(id, entry);
    return entry;
  }

  // ---- reading -------------------------------------------------------------------------------

  private summary(run: RunRow): RunSummary {
    return {
      id: run.id,
      name: run.name,
      status: run.status === null ? "running" : (run.status as RunStatus),
      started: new Date(run.start_time * 1000).toISOString(),
      press: run.press,
      steps: Number(run.steps),
    };
  }

  /** The run with this id, or the only one whose id starts with it. */
  private async findRun(id: string): Promise<RunRow | undefined> {
    if (!RUN_ID_CHARS.test(id)) return undefined;
    const db = this.backend.db;
    const exact = await db.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
    if (exact) return normalise(exact);
    // substr rather than LIKE: LIKE is case-insensitive on SQLite and case-sensitive on PostgreSQL.
    const candidates = await db
      .selectFrom("runs")
      .selectAll()
      .where((eb) => eb(eb.fn("substr", ["id", eb.val(1), eb.val(id.length)]), "=", id))
      .orderBy("id")
      .limit(11)
      .execute();
    if (candidates.length > 1) {
      const names = candidates.slice(0, 10).map((c) => c.id);
      throw new SsbError(
        "usage",
        `run id "${id}" is ambiguous: it starts ${candidates.length > 10 ? "more than 10" : candidates.length} runs (${names.join(", ")})`,
        {
          hint: "give more characters of the id",
        },
      );
    }
    return candidates[0] === undefined ? undefined : normalise(candidates[0]);
  }

  private async requireRun(id: string): Promise<RunRow> {
    const run = await this.findRun(id);
    if (!run)
      throw new SsbError("usage", `no run "${id}" in the run record ${this.location}`, {
        hint: "see `ssbpress runs list`",
      });
    return run;
  }

  // ---- errors --------------------------------------------------------------------------------

  private takeFailure(): SsbError {
    const f = this.failure as SsbError;
    this.failure = undefined;
    return f;
  }

  private closedError(): SsbError {
    return new SsbError("usage", `the run record ${this.location} is closed`);
  }

  private ioError(e: unknown, what: string): SsbError {
    if (e instanceof SsbError) return e;
    const detail = e instanceof Error ? e.message : String(e);
    return new SsbError("io", `${what} in the run record ${this.location}: ${detail}`, {
      hint: "check that the disk is not full and the database is reachable; the samples are kept in memory and retried by the next flush",
      cause: e,
    });
  }
}

/** PostgreSQL returns bigint keys as numbers (see postgres.ts) and SQLite as numbers: one shape. */
function normalise(r: RunRow): RunRow {
  return { ...r, key: Number(r.key) };
}

function startDocument(run: RunRow): RunStartDocument {
  const doc: RunStartDocument = {
    type: "run-start",
    run: run.id,
    time: run.start_time,
    protocol: run.protocol,
    sha256: run.sha256,
    name: run.name,
    die: {
      "Diameter [mm]": run.die_diameter_mm,
      "Area [mm2]": run.die_area_mm2,
      "Rating [MPa]": run.die_rating_mpa,
    },
    press: run.press,
    map: run.map,
    operator: run.operator,
    version: run.version,
    steps: Number(run.steps),
  };
  if (run.options !== null) doc.options = JSON.parse(run.options) as NonNullable<RunStartDocument["options"]>;
  return doc;
}
