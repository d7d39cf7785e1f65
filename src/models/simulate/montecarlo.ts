/**
 * Monte Carlo over the parameter ranges: each sample draws every model parameter inside its range,
 * simulates the protocol, and the results become probabilities (means of per-sample probabilities)
 * and 5–95 % bands. Sample i always uses the random stream fork(i) of the seed, so results are the
 * same whatever the number of worker threads.
 */
import { quantile } from "../../numerics/stats.js";
import { createRng } from "../../numerics/random.js";
import type { CompiledProtocol } from "../../protocol/compile.js";
import type { Aggregate, BandValue } from "./output.js";
import type { Physics } from "./physics.js";
import { simulateProtocol, type Simulation } from "./simulate.js";

export interface PhysicsSource {
  nominal(): Physics;
  /** A physics bound to one random draw of every parameter. */
  sampled(rng: ReturnType<typeof createRng>): Physics;
}

/** The numbers of a simulation that get bands, by key path. */
export function metricsOf(sim: Simulation): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of sim.steps) {
    const base = `steps.${s.step}`;
    for (const [id, l] of Object.entries(s.layers)) {
      m.set(`${base}.layers.${id}.relativeDensity`, l.relativeDensity);
      if (l.thickness !== undefined) m.set(`${base}.layers.${id}.thickness`, l.thickness);
      if (l.conductivity !== undefined) m.set(`${base}.layers.${id}.conductivity`, l.conductivity);
    }
    for (const [k, i] of Object.entries(s.interfaces)) {
      m.set(`${base}.interfaces.${k}.contactFraction`, i.contactFraction);
      if (Number.isFinite(i.asr)) m.set(`${base}.interfaces.${k}.asr`, i.asr);
    }
    if (s.cellResistance !== undefined) m.set(`${base}.cellResistance`, s.cellResistance);
    m.set(`${base}.shortProbability`, s.shortProbability);
    m.set(`${base}.fractureProbability`, s.fractureProbability);
    m.set(`${base}.laminationProbability`, s.laminationProbability);
  }
  const o = sim.operation;
  if (o) {
    m.set("operation.min", o.min);
    m.set("operation.max", o.max);
    m.set("operation.swingPerCycle", o.swingPerCycle);
    // hours, capped so that "no short" (Infinity) still sorts above every finite time
    m.set("operation.timeToShortHours", Number.isFinite(o.timeToShort) ? o.timeToShort / 3600 : 1e9);
    m.set("operation.shortProbability", o.shortProbability);
  }
  return m;
}

/** Run samples [from, to) and return their metric vectors in the key order of the first one. */
export function runSamples(
  protocol: CompiledProtocol,
  source: PhysicsSource,
  seed: number,
  from: number,
  to: number,
): { keys: string[]; values: Float64Array } {
  const root = createRng(seed);
  let keys: string[] | undefined;
  let values = new Float64Array(0);
  for (let i = from; i < to; i++) {
    const sim = simulateProtocol(protocol, source.sampled(root.fork(i)), { coarse: true });
    const m = metricsOf(sim);
    if (!keys) {
      keys = [...m.keys()];
      values = new Float64Array(keys.length * (to - from));
    }
    const row = (i - from) * keys.length;
    keys.forEach((k, j) => (values[row + j] = m.get(k) ?? NaN));
  }
  return { keys: keys ?? [], values };
}

/** Turn per-sample metric vectors into bands and mean probabilities. */
export function aggregate(
  keys: string[],
  chunks: Float64Array[],
  seed: number,
): { aggregate: Aggregate; means: Map<string, number> } {
  const n = chunks.reduce((a, c) => a + c.length / Math.max(1, keys.length), 0);
  const bands: Record<string, BandValue> = {};
  const means = new Map<string, number>();
  const col = new Float64Array(n);
  keys.forEach((k, j) => {
    let idx = 0;
    for (const c of chunks) for (let r = j; r < c.length; r += keys.length) col[idx++] = c[r]!;
    const arr = Array.from(col.subarray(0, idx)).filter(Number.isFinite);
    if (!arr.length) return;
    arr.sort((a, b) => a - b);
    bands[k] = {
      p5: quantile(arr, 0.05, { sorted: true }),
      p50: quantile(arr, 0.5, { sorted: true }),
      p95: quantile(arr, 0.95, { sorted: true }),
    };
    means.set(k, arr.reduce((a, b) => a + b, 0) / arr.length);
  });
  return { aggregate: { samples: n, seed, bands }, means };
}

/**
 * The nominal simulation with Monte Carlo probabilities and bands. Probabilities (short, fracture)
 * in the returned simulation are the means over samples; other numbers stay nominal, with bands.
 */
export function applyMonteCarlo(sim: Simulation, means: Map<string, number>): Simulation {
  const steps = sim.steps.map((s) => ({
    ...s,
    shortProbability: means.get(`steps.${s.step}.shortProbability`) ?? s.shortProbability,
    fractureProbability: means.get(`steps.${s.step}.fractureProbability`) ?? s.fractureProbability,
    laminationProbability: means.get(`steps.${s.step}.laminationProbability`) ?? s.laminationProbability,
  }));
  const out: Simulation = { ...sim, steps };
  if (sim.operation)
    out.operation = {
      ...sim.operation,
      shortProbability: means.get("operation.shortProbability") ?? sim.operation.shortProbability,
    };
  return out;
}

/** Monte Carlo in this thread (tests, small runs). Workers: see montecarlo-parallel.ts. */
export function monteCarlo(
  protocol: CompiledProtocol,
  source: PhysicsSource,
  samples: number,
  seed: number,
): { simulation: Simulation; aggregate: Aggregate } {
  const nominal = simulateProtocol(protocol, source.nominal(), { timeline: true });
  const { keys, values } = runSamples(protocol, source, seed, 0, samples);
  const { aggregate: agg, means } = aggregate(keys, [values], seed);
  return { simulation: applyMonteCarlo(nominal, means), aggregate: agg };
}
