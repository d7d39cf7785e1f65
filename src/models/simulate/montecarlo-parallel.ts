/** Monte Carlo on worker threads (one per core by default); same results as the in-thread run. */
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CompiledProtocol } from "../../protocol/compile.js";
import { aggregate, applyMonteCarlo, monteCarlo } from "./montecarlo.js";
import { physicsSource } from "./models.js";
import type { Aggregate } from "./output.js";
import { simulateProtocol, type Simulation } from "./simulate.js";

export async function monteCarloParallel(
  protocol: CompiledProtocol,
  samples: number,
  seed: number,
  threads = availableParallelism(),
): Promise<{ simulation: Simulation; aggregate: Aggregate }> {
  const workerUrl = workerFile();
  // Few samples, one core, or running from TypeScript sources (tests): stay in this thread.
  if (threads <= 1 || samples < 200 || import.meta.url.endsWith(".ts"))
    return monteCarlo(protocol, physicsSource(), samples, seed);
  const per = Math.ceil(samples / threads);
  const jobs = Array.from({ length: threads }, (_, i) => ({
    from: i * per,
    to: Math.min(samples, (i + 1) * per),
  })).filter((j) => j.to > j.from);
  const results = await Promise.all(
    jobs.map(
      (j) =>
        new Promise<{ keys: string[]; values: Float64Array }>((resolve, reject) => {
          const w = new Worker(workerUrl, {
            workerData: { protocol, seed, from: j.from, to: j.to },
          });
          w.once("message", (m: { keys?: string[]; values?: Float64Array; error?: string }) => {
            if (m.error || !m.keys || !m.values) reject(new Error(m.error ?? "worker returned nothing"));
            else resolve({ keys: m.keys, values: m.values });
            void w.terminate();
          });
          w.once("error", reject);
        }),
    ),
  );
  const keys = results[0]?.keys ?? [];
  const { aggregate: agg, means } = aggregate(
    keys,
    results.map((r) => r.values),
    seed,
  );
  const nominal = simulateProtocol(protocol, physicsSource().nominal(), { timeline: true });
  return { simulation: applyMonteCarlo(nominal, means), aggregate: agg };
}

/**
 * The worker script: beside this module in dist/models/simulate/, or, when this code runs inside the
 * command's bundle (dist/cli/ssbpress.js or one of its chunks in dist/cli/chunks/), found from there.
 */
function workerFile(): URL {
  const candidates = [
    "./mc-worker.js",
    "../models/simulate/mc-worker.js",
    "../../models/simulate/mc-worker.js",
  ];
  for (const c of candidates) {
    const url = new URL(c, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return new URL(candidates[0]!, import.meta.url);
}
