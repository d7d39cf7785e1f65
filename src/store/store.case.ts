/**
 * The run record's conformance suite: every backend (SQLite, PostgreSQL) runs exactly these cases
 * (PATTERNS.md, "one conformance suite per interface").
 *
 * A fixture is one empty database: `open` opens a store on it (as many as a case needs, each as
 * its own "process" when given an owner), `exec` runs SQL on a separate connection (to sabotage
 * and repair the database), `cleanup` closes everything and throws the database away.
 */
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { SsbError } from "../core/errors.js";
import type {
  EventDocument,
  RunStartDocument,
  RunStopDocument,
  SampleDocument,
  StepEndDocument,
  StepStartDocument,
} from "../engine/documents.js";
import type { OpenedStore, OpenStoreOptions } from "./open.js";
import { newRunId } from "./run-id.js";

export interface StoreFixture {
  open(options?: OpenStoreOptions): Promise<OpenedStore>;
  exec(sql: string): Promise<void>;
  cleanup(): Promise<void>;
}

const T0 = 1_764_540_930.25; // 2025-11-30T22:15:30.250Z

export function runStart(run: string, over: Partial<RunStartDocument> = {}): RunStartDocument {
  return {
    type: "run-start",
    run,
    time: T0,
    protocol: "name: classic\nsteps:\n  - Add 80 mg Li6PS5Cl\n  - Press to 250 MPa at 5 MPa/s, hold 2 min\n",
    sha256: "9f2c".padEnd(64, "0"),
    name: "classic",
    die: { "Diameter [mm]": 10, "Area [mm2]": 78.539816, "Rating [MPa]": null },
    press: "sim",
    map: null,
    operator: null,
    version: "0.1.0",
    steps: 2,
    ...over,
  };
}

export function sample(run: string, i: number, over: Partial<SampleDocument> = {}): SampleDocument {
  return {
    type: "sample",
    run,
    time: +(T0 + i * 0.1).toFixed(3),
    step: 2,
    "Test time [s]": +(i * 0.1).toFixed(3),
    "Force setpoint [kN]": +(i * 0.001).toFixed(6),
    "Force [kN]": +(i * 0.001 - 0.0003).toFixed(6),
    "Pressure [MPa]": +(i * 0.0127).toFixed(6),
    "Position [mm]": +(12.5 - i * 1e-6).toFixed(6),
    "Temperature [degC]": i % 3 === 0 ? null : 25.125,
    ...over,
  };
}

const step = (run: string, n: number, t: number): [StepStartDocument, StepEndDocument] => [
  { type: "step-start", run, time: T0 + t, step: n, text: `step ${n}` },
  { type: "step-end", run, time: T0 + t + 5, step: n, text: `step ${n} done` },
];

/** A process id that certainly is not running: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  if (r.pid === undefined) throw new Error("could not start a child process to find a dead pid");
  return r.pid;
}

async function collect(store: OpenedStore, id: string): Promise<SampleDocument[]> {
  const out: SampleDocument[] = [];
  for await (const s of store.samples(id)) out.push(s);
  return out;
}

async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function rejection(p: Promise<unknown>): Promise<SsbError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SsbError);
    return e as SsbError;
  }
  throw new Error("expected a rejection");
}

export function storeConformance(name: string, setup: () => Promise<StoreFixture>): void {
  describe(`run store conformance: ${name}`, () => {
    let fx: StoreFixture;
    beforeEach(async () => {
      fx = await setup();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it("round-trips every document type with its units keys and nulls", async () => {
      const store = await fx.open();
      const run = "20251130-221530-00a1";
      const start = runStart(run, {
        die: { "Diameter [mm]": 12.7, "Area [mm2]": 126.676882, "Rating [MPa]": 500 },
        press: "modbus-tcp://127.0.0.1:5020",
        map: "ssbpress-press-v1",
        operator: "Ada",
        options: { speed: 60, yes: true, fault: null, "operate-for": "2 min" },
      });
      const [s1, e1] = step(run, 1, 0);
      const [s2, e2] = step(run, 2, 10);
      const event: EventDocument = {
        type: "event",
        run,
        time: T0 + 12,
        kind: "interlock",
        message: "force 251 kN above the limit in force 245 kN (+2 %): released",
        step: 2,
      };
      const plain = sample(run, 9);
      const summary = sample(run, 8, {
        "Force [kN]": 0.392699,
        "Force min [kN]": 0.390001,
        "Force max [kN]": 0.395123,
        "Force setpoint [kN]": null,
        "Position [mm]": null,
      });
      const stop: RunStopDocument = {
        type: "run-stop",
        run,
        time: T0 + 20,
        status: "interlock",
        reason: "force above limit",
      };
      for (const d of [start, s1, e1, s2, plain, summary, event, e2, stop]) await store.write(d);
      const reader = await fx.open();
      const rec = await reader.get(run);
      expect(rec).toBeDefined();
      expect(rec?.start).toEqual(start);
      expect(rec?.stop).toEqual(stop);
      expect(rec?.steps).toEqual([
        { start: s1, end: e1 },
        { start: s2, end: e2 },
      ]);
      expect(rec?.events).toEqual([event]);
      expect(rec?.summary).toEqual({
        id: run,
        name: "classic",
        status: "interlock",
        started: "2025-11-30T22:15:30.250Z",
        press: "modbus-tcp://127.0.0.1:5020",
        steps: 2,
      });
      const got = await collect(reader, run);
      expect(got).toEqual([plain, summary]);
      expect(Object.keys(got[0] ?? {})).not.toContain("Force min [kN]");
      expect(got[0]?.["Temperature [degC]"]).toBeNull();
      expect(got[1]?.["Force setpoint [kN]"]).toBeNull();
    });

    it("keeps a run-start without options, die rating, map or operator as it was", async () => {
      const store = await fx.open();
      const run = "20251130-221530-00a2";
      const start = runStart(run);
      await store.write(start);
      const rec = await store.get(run);
      expect(rec?.start).toEqual(start);
      expect(rec?.start).not.toHaveProperty("options");
      expect(rec?.stop).toBeNull();
      expect(rec?.summary.status).toBe("running");
    });

    it("stores samples at their fixed-point resolution (mN, Pa, nm, m°C, ms)", async () => {
      const store = await fx.open();
      const run = "20251130-221530-00a3";
      await store.write(runStart(run));
      await store.write(
        sample(run, 1, {
          time: T0 + 1.0004,
          "Test time [s]": 1.0004,
          "Force [kN]": 245.123456789,
          "Pressure [MPa]": 1935.0000004,
          "Position [mm]": 3.14159265,
          "Temperature [degC]": -12.3456,
        }),
      );
      await store.flush();
      const [got] = await collect(store, run);
      expect(got?.["Force [kN]"]).toBeCloseTo(245.123456789, 6);
      expect(got?.["Pressure [MPa]"]).toBeCloseTo(1935, 6);
      expect(got?.["Position [mm]"]).toBeCloseTo(3.14159265, 6);
      expect(got?.["Temperature [degC]"]).toBeCloseTo(-12.3456, 3);
      expect(Math.abs((got?.["Test time [s]"] ?? 0) - 1.0004)).toBeLessThanOrEqual(0.0005);
      expect(Math.abs((got?.time ?? 0) - (T0 + 1.0004))).toBeLessThanOrEqual(0.0005);
    });

    it("lists many runs newest first, with the contract's fields", async () => {
      const store = await fx.open();
      const ids: string[] = [];
      for (let k = 0; k < 25; k++) {
        const id = `20251130-2215${String(k).padStart(2, "0")}-beef`;
        ids.push(id);
        // Written out of order: the list is ordered by start time, not by insertion.
        await store.write(runStart(id, { time: T0 + ((k * 7) % 25), name: `run ${k}` }));
      }
      await store.write({
        type: "run-stop",
        run: ids[3] as string,
        time: T0 + 30,
        status: "completed",
        reason: "done",
      });
      const list = await store.list();
      expect(list).toHaveLength(25);
      const started = list.map((r) => Date.parse(r.started));
      expect(started).toEqual([...started].sort((a, b) => b - a));
      for (const r of list)
        expect(Object.keys(r).sort()).toEqual(["id", "name", "press", "started", "status", "steps"]);
      expect(list.find((r) => r.id === ids[3])?.status).toBe("completed");
      expect(list.find((r) => r.id === ids[4])?.status).toBe("running");
    });

    it("finds a run by a unique id prefix and names the candidates of an ambiguous one", async () => {
      const store = await fx.open();
      await store.write(runStart("20251130-221530-7f3a"));
      await store.write(runStart("20251130-221530-7f4b"));
      await store.write(runStart("20251201-080000-0001"));
      expect((await store.get("20251201"))?.start.run).toBe("20251201-080000-0001");
      expect((await store.get("20251130-221530-7f3"))?.start.run).toBe("20251130-221530-7f3a");
      expect((await store.get("20251130-221530-7f3a"))?.start.run).toBe("20251130-221530-7f3a");
      const e = await rejection(store.get("20251130-221530-7f"));
      expect(e.code).toBe("usage");
      expect(e.message).toContain("20251130-221530-7f3a");
      expect(e.message).toContain("20251130-221530-7f4b");
      expect(await store.get("2099")).toBeUndefined();
      expect(await store.get("20251130-221530-7F3A")).toBeUndefined(); // ids are case-sensitive everywhere
      expect(await store.get("x' or 1=1 --")).toBeUndefined();
      expect(await store.sampleCount("20251201")).toBe(0);
      expect((await rejection(store.sampleCount("2099"))).code).toBe("usage");
    });

    it("commits documents before write resolves, samples on flush and on the heartbeat without one", async () => {
      const writer = await fx.open();
      const reader = await fx.open();
      const run = newRunId({ now: () => T0 * 1000 });
      await writer.write(runStart(run));
      expect((await reader.list()).map((r) => r.id)).toEqual([run]);
      await writer.write({ type: "event", run, time: T0 + 1, kind: "note", message: "hello", step: 0 });
      expect((await reader.get(run))?.events).toHaveLength(1);
      for (let i = 0; i < 10; i++) await writer.write(sample(run, i));
      await writer.flush();
      expect(await reader.sampleCount(run)).toBe(10);
      for (let i = 10; i < 15; i++) await writer.write(sample(run, i));
      // The heartbeat (every 500 ms by default) commits them with nobody calling flush. The wait is
      // long because timers on a loaded CI machine fire late; what is tested is that they arrive.
      expect(await within(10_000, async () => (await reader.sampleCount(run)) === 15)).toBe(true);
    });

    it("commits a batch as soon as flushRows samples are waiting", async () => {
      const writer = await fx.open({ flushRows: 100, flushIntervalMs: 60_000 });
      const reader = await fx.open();
      const run = "20251130-221530-00b1";
      await writer.write(runStart(run));
      for (let i = 0; i < 250; i++) await writer.write(sample(run, i));
      expect(await reader.sampleCount(run)).toBe(200);
      await writer.write({ type: "run-stop", run, time: T0 + 40, status: "completed", reason: "done" });
      expect(await reader.sampleCount(run)).toBe(250); // run-stop commits the samples before it
    });

    it("takes a burst of samples given without waiting, losing none", async () => {
      const store = await fx.open({ flushRows: 100, flushIntervalMs: 60_000 });
      const run = "20251130-221530-00b3";
      await store.write(runStart(run));
      const pending: Promise<void>[] = [];
      for (let i = 0; i < 5000; i++) pending.push(store.write(sample(run, i)));
      // how fast is measured by bench/store.bench.js (1 M samples), not here
      await Promise.all(pending);
      await store.flush();
      expect(await store.sampleCount(run)).toBe(5000);
    });

    it("keeps documents given without waiting in their order", async () => {
      const store = await fx.open();
      const run = "20251130-221530-00b2";
      // The engine's sink does not await: run-start, steps and samples arrive back to back.
      const pending: Promise<void>[] = [store.write(runStart(run))];
      for (let n = 1; n <= 3; n++) {
        const [s, e] = step(run, n, n * 10);
        pending.push(store.write(s));
        for (let i = 0; i < 5; i++) pending.push(store.write(sample(run, n * 100 + i, { step: n })));
        pending.push(store.write(e));
      }
      pending.push(store.write({ type: "run-stop", run, time: T0 + 50, status: "completed", reason: "ok" }));
      await Promise.all(pending);
      const rec = await store.get(run);
      expect(rec?.steps.map((s) => [s.start.step, s.end?.step])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      const got = await collect(store, run);
      expect(got.map((s) => s["Test time [s]"])).toEqual(
        [1, 2, 3].flatMap((n) => [0, 1, 2, 3, 4].map((i) => +((n * 100 + i) * 0.1).toFixed(3))),
      );
    });

    it("marks a run whose recorder died as interrupted on the next open, keeping its samples", async () => {
      const crashed = await fx.open({ owner: { pid: deadPid(), host: hostname() } });
      const run = "20251130-221530-00c1";
      await crashed.write(runStart(run));
      const [s1] = step(run, 1, 0);
      await crashed.write(s1);
      for (let i = 0; i < 300; i++) await crashed.write(sample(run, i));
      await crashed.flush();
      for (let i = 300; i < 310; i++) await crashed.write(sample(run, i)); // never committed: the "kill"
      await crashed.abandon();

      const next = await fx.open();
      const [summary] = await next.list();
      expect(summary?.status).toBe("interrupted");
      const rec = await next.get(run);
      expect(rec?.stop?.status).toBe("interrupted");
      expect(rec?.stop?.reason).toMatch(/stopped without finishing the run .*found on open at \d{4}-/);
      expect(rec?.steps).toHaveLength(1);
      expect(await next.sampleCount(run)).toBe(300);
      const got = await collect(next, run);
      expect(got[299]).toEqual(sample(run, 299));
      expect(await next.checkIntegrity()).toEqual([]);
    });

    it("tells a live recorder (running) from a silent one on another host (interrupted)", async () => {
      const clock = new ManualClock(Date.UTC(2025, 10, 30, 22, 15, 30));
      const live = await fx.open(); // this very process
      await live.write(runStart("20251130-221530-00d1"));
      const remote = await fx.open({ owner: { pid: 4242, host: "press-pc-elsewhere" }, clock });
      await remote.write(runStart("20251130-221530-00d2"));
      await remote.abandon();

      clock.advance(5_000);
      const soon = await fx.open({ clock });
      const status = async (s: OpenedStore): Promise<Record<string, string>> =>
        Object.fromEntries((await s.list()).map((r) => [r.id, r.status]));
      expect(await status(soon)).toEqual({
        "20251130-221530-00d1": "running",
        "20251130-221530-00d2": "running",
      });

      clock.advance(6_000); // 11 s without a heartbeat
      const later = await fx.open({ clock: { now: () => clock.now() } });
      expect(await status(later)).toEqual({
        "20251130-221530-00d1": "running",
        "20251130-221530-00d2": "interrupted",
      });
    });

    it("applies migrations once: opening again keeps everything", async () => {
      const a = await fx.open();
      await a.write(runStart("20251130-221530-00e1"));
      await a.close();
      const [b, c] = await Promise.all([fx.open(), fx.open()]); // concurrent openers
      expect((await b.list()).map((r) => r.id)).toEqual(["20251130-221530-00e1"]);
      expect((await c.get("20251130-221530-00e1"))?.start.name).toBe("classic");
      expect(await b.checkIntegrity()).toEqual([]);
    });

    it("serves a reader while a writer writes", async () => {
      const writer = await fx.open({ flushRows: 500 });
      const reader = await fx.open({ pageRows: 300 });
      const run = "20251130-221530-00f1";
      await writer.write(runStart(run));
      let done = false;
      const counts: number[] = [];
      const reading = (async () => {
        while (!done) {
          counts.push(await reader.sampleCount(run));
          let n = 0;
          for await (const _ of reader.samples(run)) n++;
          expect(n).toBeGreaterThanOrEqual(counts[counts.length - 1] ?? 0);
          await new Promise((r) => setTimeout(r, 1));
        }
      })();
      for (let i = 0; i < 5000; i++) {
        await writer.write(sample(run, i));
        if (i % 1000 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      await writer.flush();
      done = true;
      await reading;
      expect(counts.length).toBeGreaterThan(1);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(await reader.sampleCount(run)).toBe(5000);
    });

    it("streams a large run in pages, in order, with a count that matches", async () => {
      const store = await fx.open({ pageRows: 1000 });
      const run = "20251130-221530-0100";
      const other = "20251130-221530-0101";
      await store.write(runStart(run));
      await store.write(runStart(other));
      const n = 30_000;
      for (let i = 0; i < n; i++) {
        await store.write(sample(run, i));
        if (i % 10 === 0) await store.write(sample(other, i));
      }
      await store.flush();
      expect(await store.sampleCount(run)).toBe(n);
      expect(await store.sampleCount(other)).toBe(n / 10);
      let k = 0;
      for await (const s of store.samples(run)) {
        if (k === 0 || k === n - 1 || k % 7919 === 0) expect(s).toEqual(sample(run, k));
        expect(s.run).toBe(run);
        k++;
      }
      expect(k).toBe(n);
    });

    it("gives a run's envelope: min and max per bucket of consecutive samples, by the database", async () => {
      const store = await fx.open();
      const run = "20251130-221530-0200";
      const other = "20251130-221530-0201";
      await store.write(runStart(run));
      await store.write(runStart(other));
      for (let i = 0; i < 1000; i++) {
        await store.write(sample(run, i, i === 500 ? { "Force min [kN]": -1, "Force max [kN]": 99 } : {}));
        if (i % 3 === 0) await store.write(sample(other, i, { "Force [kN]": 1000 }));
      }
      await store.flush();
      const all = await collect(store, run);
      const env = await store.envelope(run, 7);
      const per = Math.ceil(1000 / 7);
      expect(env.count).toBe(1000);
      expect(env.time).toEqual(all.filter((_, i) => i % per === 0).map((s) => s["Test time [s]"]));
      for (const key of [
        "Force setpoint [kN]",
        "Pressure [MPa]",
        "Position [mm]",
        "Temperature [degC]",
      ] as const) {
        const lo: (number | null)[] = [];
        const hi: (number | null)[] = [];
        for (let i = 0; i < 1000; i += per) {
          const v = all.slice(i, i + per).flatMap((s) => (s[key] === null ? [] : [s[key] as number]));
          lo.push(v.length ? Math.min(...v) : null);
          hi.push(v.length ? Math.max(...v) : null);
        }
        expect(env.min[key], key).toEqual(lo);
        expect(env.max[key], key).toEqual(hi);
      }
      // a per-second summary's force range enters the envelope; the other run's samples do not
      expect(Math.min(...(env.min["Force [kN]"] as number[]))).toBe(-1);
      expect(Math.max(...(env.max["Force [kN]"] as number[]))).toBe(99);
      const one = await store.envelope(run, 1);
      expect(one.time).toEqual([all[0]!["Test time [s]"]]);
    });

    it("lets timers run while it reads a long run (a press's control loop shares the event loop)", async () => {
      const store = await fx.open({ pageRows: 1000 });
      const run = "20251130-221530-0300";
      await store.write(runStart(run));
      for (let i = 0; i < 20_000; i++) await store.write(sample(run, i));
      await store.flush();
      // a 1 ms timer ticks between pages; a read that never gave way would let it tick only after
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      try {
        let n = 0;
        for await (const _ of store.samples(run)) n++;
        expect(n).toBe(20_000);
        expect(ticks, "timer ticks during a 20-page read").toBeGreaterThanOrEqual(5);
        ticks = 0;
        await store.envelope(run, 200);
        expect(ticks, "timer ticks during a 200-bucket envelope").toBeGreaterThanOrEqual(3);
      } finally {
        clearInterval(timer);
      }
    });

    it("continues a run started by another store, numbering its samples after the stored ones", async () => {
      const a = await fx.open();
      const run = "20251130-221530-0110";
      await a.write(runStart(run));
      for (let i = 0; i < 5; i++) await a.write(sample(run, i));
      await a.close();
      const b = await fx.open();
      for (let i = 5; i < 8; i++) await b.write(sample(run, i));
      await b.write({ type: "run-stop", run, time: T0 + 9, status: "aborted", reason: "Ctrl-C" });
      expect((await collect(b, run)).map((s) => s["Test time [s]"])).toEqual([
        0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7,
      ]);
      expect((await b.get(run))?.summary.status).toBe("aborted");
    });

    it("refuses documents that make no sense, saying which", async () => {
      const store = await fx.open();
      const run = "20251130-221530-0120";
      await store.write(runStart(run));
      expect((await rejection(store.write(runStart(run)))).code).toBe("usage");
      const e = await rejection(store.write({ type: "step-end", run, time: T0, step: 4, text: "x" }));
      expect(e.message).toContain("without a step-start");
      expect(
        (
          await rejection(
            store.write({ type: "event", run: "nope", time: T0, kind: "note", message: "m", step: 0 }),
          )
        ).message,
      ).toContain("nope");
      await store.write(sample("20251130-000000-dead", 1));
      expect((await rejection(store.flush())).message).toContain("20251130-000000-dead");
      await store.close();
      await store.close(); // twice is fine
      expect((await rejection(store.write(sample(run, 1)))).message).toContain("closed");
    });

    it("surfaces a failed commit, keeps the samples and commits them once the database is back", async () => {
      const store = await fx.open({ flushIntervalMs: 50 });
      const run = "20251130-221530-0130";
      await store.write(runStart(run));
      for (let i = 0; i < 20; i++) await store.write(sample(run, i));
      await store.flush();
      await fx.exec("alter table samples rename to samples_away");
      for (let i = 20; i < 40; i++) await store.write(sample(run, i));
      // The timer's commit fails; the next write is refused with the reason.
      let error: SsbError | undefined;
      expect(
        await within(3000, async () => {
          try {
            await store.write(sample(run, 40));
            return false;
          } catch (e) {
            error = e as SsbError;
            return true;
          }
        }),
      ).toBe(true);
      expect(error?.code).toBe("io");
      expect(error?.message).toMatch(/samples/);
      await fx.exec("alter table samples_away rename to samples");
      await store.flush();
      const got = await collect(store, run);
      // Every sample that was accepted is there, in order; the refused ones are not.
      expect(got.length).toBeGreaterThanOrEqual(40);
      expect(got.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, i) => sample(run, i)));
      await store.close();
    });
  });
}
