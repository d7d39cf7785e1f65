// Worker of engine.bench.js: fault-injected runs of planner protocols on the twin in virtual time,
// each written to a real SQLite store through the CLI's sink (store writes chained in one promise),
// with the sample count read back. The randomized cases follow test/helpers/fault-run.ts (same
// materials, dies, presses, goals, holds, faults, control periods and Operate lengths), drawn from a
// seeded generator so that a run of the benchmark is repeatable. The full invariants are checked
// by the test (test/fault-injection-*.test.ts); here only what a benchmark must not get wrong: the
// run ends with one run-stop and every sample is stored.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate } from "node:timers";
import { parentPort, workerData } from "node:worker_threads";
import { VirtualScheduler } from "../dist/core/clock.js";
import { checkText } from "../dist/protocol/index.js";
import { planProtocol } from "../dist/protocol/plan/index.js";
import { createTwin, FAULT_KINDS, parseFault } from "../dist/devices/sim/index.js";
import { runProtocol } from "../dist/engine/index.js";
import { ScriptedOperator } from "../dist/engine/testing.js";
import { newRunId, openStore } from "../dist/store/index.js";

const SEPARATORS = ["Li6PS5Cl", "Li3PS4", "Li3InCl6", "75Li2S-25P2S5 glass"];
const CATHODES = ["NMC811:70,Li6PS5Cl:30", "LiCoO2:70,Li3PS4:30", "LiFePO4:60,Li6PS5Cl:35,VGCF:5"];
const ANODES = ["Li", "LiIn", "In", "graphite:60,Li6PS5Cl:40"];
const GOALS = ["densify", "integrate-anode", "cycling"];
const TONNE = 9806.65;
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

/** mulberry32: a small seeded generator. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Virtual time that yields to the event loop once per wall millisecond (as the test's scheduler). */
class BatchedVirtualScheduler extends VirtualScheduler {
  lastYield = performance.now();
  constructor(start) {
    super(start, Infinity);
  }
  sleep(ms) {
    this.advance(ms);
    const wall = performance.now();
    if (wall - this.lastYield < 1) return Promise.resolve();
    this.lastYield = wall;
    return new Promise((resolve) => setImmediate(resolve));
  }
}

function duration(c, operateFor) {
  let d = 0;
  for (const s of c.segments)
    d += s.kind === "operate" ? Math.min(s.duration, operateFor) : (s.duration ?? 0);
  return d;
}

function faultSpec(r, c, operateFor) {
  const kind = FAULT_KINDS[Math.floor(r() * FAULT_KINDS.length)];
  const when =
    r() < 0.5
      ? `step${1 + Math.floor(r() * c.steps.length)}+${Math.floor(r() * 31)}s`
      : `${(r() * duration(c, operateFor)).toFixed(2)}s`;
  const size = r();
  const timed = r() < 0.5;
  switch (kind) {
    case "leak":
      return `leak:${(1 + 19 * size).toFixed(1)}%/min${timed ? `@${when}` : ""}`;
    case "overshoot":
      return `overshoot:${(1 + 29 * size).toFixed(1)}%${timed ? `@${when}` : ""}`;
    case "fracture":
      return `fracture:${(10 + 80 * size).toFixed(0)}%@${when}`;
    case "extrusion":
      return `extrusion:${(20 + 180 * size).toFixed(0)}um@${when}`;
    default:
      return `${kind}@${when}`;
  }
}

function pick(r, xs) {
  return xs[Math.floor(r() * xs.length)];
}

/** A feasible planner protocol, compiled. */
function drawProtocol(r) {
  for (;;) {
    const plan = planProtocol({
      separator: pick(r, SEPARATORS),
      cathode: pick(r, CATHODES),
      anode: pick(r, ANODES),
      dieDiameter: (6 + Math.floor(r() * 11)) / 1000,
      pressCapacity: (5 + Math.floor(r() * 21)) * TONNE,
      goal: pick(r, GOALS),
      choose: {
        separatorHold: 5 + Math.floor(r() * 56),
        coPressHold: 5 + Math.floor(r() * 56),
        anodeHold: 5 + Math.floor(r() * 56),
      },
    });
    if (!plan.ok) continue;
    const checked = checkText("plan.yaml", plan.value.yaml);
    if (checked.compiled && checked.runnable && checked.errors === 0)
      return { compiled: checked.compiled, text: plan.value.yaml };
  }
}

async function oneRun(r, store) {
  const { compiled, text } = drawProtocol(r);
  const operateFor = 5 + Math.floor(r() * 26);
  const controlPeriod = r() < 0.5 ? 0.1 : 0.05;
  const specs = Array.from({ length: Math.floor(r() * 4) }, () => faultSpec(r, compiled, operateFor));
  const scheduler = new BatchedVirtualScheduler(T0);
  const twin = createTwin({
    scheduler,
    dieDiameter: compiled.die.diameter,
    capacity: compiled.press?.capacity ?? 10 * TONNE,
    faults: specs.map(parseFault),
    seed: 1 + Math.floor(r() * 1e6),
  });
  const runId = newRunId(scheduler);
  let pending = Promise.resolve();
  let samples = 0;
  let stops = 0;
  const outcome = await runProtocol({
    compiled,
    protocolText: text,
    press: twin,
    operator: new ScriptedOperator(scheduler),
    scheduler,
    sink: (doc) => {
      pending = pending.then(() => store.write(doc));
      if (doc.type === "sample") samples += 1;
      if (doc.type === "run-stop") stops += 1;
      if (doc.type === "step-start") twin.markStep(doc.step);
    },
    runId,
    version: "bench",
    controlPeriod,
    operateFor,
    yes: true,
  });
  await pending;
  await store.flush();
  const stored = await store.sampleCount(runId);
  if (stops !== 1 || stored !== samples)
    throw new Error(`run ${runId}: ${stops} run-stops, ${samples} samples emitted, ${stored} stored`);
  return { status: outcome.status, samples, faults: specs.length };
}

const { runs, seed } = workerData;
const dir = mkdtempSync(join(tmpdir(), "ssbpress-bench-faults-"));
const store = await openStore(join(dir, "runs.sqlite"));
const r = rng(seed);
const statuses = {};
let samples = 0;
let faults = 0;
try {
  for (let i = 0; i < runs; i++) {
    const o = await oneRun(r, store);
    statuses[o.status] = (statuses[o.status] ?? 0) + 1;
    samples += o.samples;
    faults += o.faults;
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
parentPort.postMessage({ runs, samples, faults, statuses });
