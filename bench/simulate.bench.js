// Benchmarks of issue #3: one simulation of the classic recipe (target < 20 ms), 1,000 cycles of
// operation (target < 200 ms), 10,000 Monte Carlo samples on both cores (target < 10 s).
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { checkText } from "../dist/protocol/index.js";
import { monteCarloParallel, simulate } from "../dist/models/simulate/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const emit = (o) => console.log(JSON.stringify(o));
const load = (file, text) => {
  const r = checkText(file, text);
  if (!r.compiled) throw new Error(`${file} did not compile`);
  return r.compiled;
};

export default async function run() {
  const file = join(root, "examples/classic-li-lpscl-nmc811.yaml");
  const text = readFileSync(file, "utf8");
  const classic = load(file, text);
  for (let k = 0; k < 20; k++) simulate(classic);
  const times = [];
  for (let k = 0; k < 100; k++) {
    const t0 = performance.now();
    simulate(classic);
    times.push(performance.now() - t0);
  }
  emit({
    name: "simulate classic recipe (in-process, median)",
    value: +median(times).toFixed(2),
    unit: "ms",
    target: "< 20 ms",
  });

  // 1,000 cycles: 2 mAh/cm2 at 0.2 mA/cm2 is 20 h per cycle, so 20,000 h of operation.
  const cycling = text.replace(
    /- Operate at .*$/m,
    "- Operate at 5 MPa (4..6 MPa) for 20000 h, cycling 2 mAh/cm2 at 0.2 mA/cm2",
  );
  const long = load("cycles.yaml", cycling);
  simulate(long);
  const ct = [];
  let cycles = 0;
  for (let k = 0; k < 15; k++) {
    const t0 = performance.now();
    const sim = simulate(long);
    ct.push(performance.now() - t0);
    cycles = sim.operation.cycles;
  }
  emit({
    name: "simulate 1,000 cycles of operation (whole protocol, median)",
    value: +median(ct).toFixed(2),
    unit: "ms",
    target: "< 200 ms",
    cycles,
  });

  const threads = availableParallelism();
  const t0 = performance.now();
  const mc = await monteCarloParallel(classic, 10000, 1, threads);
  const dt = performance.now() - t0;
  emit({
    name: "Monte Carlo 10,000 samples of the classic recipe",
    value: +(dt / 1000).toFixed(2),
    unit: "s",
    target: "< 10 s",
    threads,
    samples: mc.aggregate.samples,
  });
}
