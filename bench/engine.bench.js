// Benchmarks of issue #7's engine on the digital twin:
// (a) the classic recipe in virtual time (Operate shortened to 120 s, 10 Hz): virtual seconds per
//     wall second, target >= 1000x;
// (b) 1,000 fault-injected runs of planner protocols into real SQLite stores on 2 worker threads,
//     target < 60 s;
// (c) the engine loop at 100 Hz on the twin in real time for ~10 s: p50/p99 of |period - 10 ms|,
//     target p99 < 2 ms, beside a bare setTimeout loop at 100 Hz measured in the same run.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { clearTimeout, setTimeout } from "node:timers";
import { Worker } from "node:worker_threads";
import { realScheduler, VirtualScheduler } from "../dist/core/clock.js";
import { checkText } from "../dist/protocol/index.js";
import { createTwin } from "../dist/devices/sim/index.js";
import { RunControl, runProtocol } from "../dist/engine/index.js";
import { collectingSink, ScriptedOperator } from "../dist/engine/testing.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const emit = (o) => console.log(JSON.stringify(o));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

function classic() {
  const file = join(root, "examples/classic-li-lpscl-nmc811.yaml");
  const text = readFileSync(file, "utf8");
  const r = checkText(file, text);
  if (!r.compiled) throw new Error(`${file} did not compile`);
  return { compiled: r.compiled, text };
}

function twinFor(compiled, scheduler) {
  return createTwin({
    scheduler,
    dieDiameter: compiled.die.diameter,
    capacity: compiled.press?.capacity ?? 10 * 9806.65,
    seed: 1,
  });
}

async function virtualRun({ compiled, text }) {
  const scheduler = new VirtualScheduler(Date.UTC(2026, 10, 30), Infinity);
  const press = twinFor(compiled, scheduler);
  const { sink } = collectingSink();
  const v0 = scheduler.now();
  const t0 = performance.now();
  const out = await runProtocol({
    compiled,
    protocolText: text,
    press,
    operator: new ScriptedOperator(scheduler),
    scheduler,
    sink,
    runId: "bench",
    version: "bench",
    controlPeriod: 0.1,
    operateFor: 120,
    yes: true,
  });
  if (out.status !== "completed") throw new Error(`the classic recipe did not complete: ${out.reason}`);
  return { virtual: (scheduler.now() - v0) / 1000, wall: (performance.now() - t0) / 1000 };
}

async function realTimeJitter({ compiled, text }, seconds) {
  const period = 0.01;
  const reads = [];
  const twin = twinFor(compiled, realScheduler);
  const press = new Proxy(twin, {
    get(target, key) {
      if (key === "read")
        return () => {
          reads.push(performance.now());
          return target.read();
        };
      const v = Reflect.get(target, key);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  const signal = new RunControl();
  const timer = setTimeout(() => signal.requestStop("now", "benchmark over"), seconds * 1000);
  await runProtocol({
    compiled,
    protocolText: text,
    press,
    operator: new ScriptedOperator(realScheduler),
    scheduler: realScheduler,
    sink: collectingSink().sink,
    runId: "bench-rt",
    version: "bench",
    controlPeriod: period,
    yes: true,
    signal,
  });
  clearTimeout(timer);
  return deviations(reads, period * 1000);
}

async function bareLoop(seconds) {
  const times = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    times.push(performance.now());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return deviations(times, 10);
}

function deviations(times, periodMs) {
  const d = [];
  for (let i = 1; i < times.length; i++) d.push(Math.abs(times[i] - times[i - 1] - periodMs));
  return d;
}

function faultRuns(runs, workers) {
  const per = Math.ceil(runs / workers);
  return Promise.all(
    Array.from(
      { length: workers },
      (_, w) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(join(here, "fault-worker.js"), {
            workerData: { runs: per, seed: 7 + w },
          });
          worker.once("message", resolve);
          worker.once("error", reject);
          worker.once("exit", (code) => code !== 0 && reject(new Error(`fault worker exited with ${code}`)));
        }),
    ),
  );
}

export default async function run() {
  const c = classic();

  // (a)
  for (let k = 0; k < 3; k++) await virtualRun(c);
  const factors = [];
  let virtual = 0;
  for (let k = 0; k < 10; k++) {
    const r = await virtualRun(c);
    virtual = r.virtual;
    factors.push(r.virtual / r.wall);
  }
  emit({
    name: "classic recipe on the twin in virtual time (Operate 120 s, 10 Hz; median of 10)",
    value: Math.round(median(factors)),
    unit: "x real time",
    target: ">= 1000x",
    "virtual run [s]": virtual,
  });

  // (b)
  const t0 = performance.now();
  const parts = await faultRuns(1000, 2);
  const wall = (performance.now() - t0) / 1000;
  const statuses = {};
  for (const p of parts)
    for (const [k, v] of Object.entries(p.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  emit({
    name: "1,000 fault-injected runs on the twin into SQLite (2 worker threads)",
    value: +wall.toFixed(2),
    unit: "s",
    target: "< 60 s",
    runs: parts.reduce((a, p) => a + p.runs, 0),
    faults: parts.reduce((a, p) => a + p.faults, 0),
    samples: parts.reduce((a, p) => a + p.samples, 0),
    statuses,
  });

  // (c)
  const baseline = await bareLoop(5);
  const engine = await realTimeJitter(c, 10);
  emit({
    name: "engine loop at 100 Hz on the twin in real time: period jitter p99",
    value: +quantile(engine, 0.99).toFixed(3),
    unit: "ms",
    target: "< 2 ms",
    p50: +quantile(engine, 0.5).toFixed(3),
    periods: engine.length,
    baseline: +quantile(baseline, 0.99).toFixed(3),
    "baseline p50": +quantile(baseline, 0.5).toFixed(3),
    "baseline is": "a bare setTimeout(10 ms) loop",
  });
}
