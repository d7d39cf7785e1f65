/**
 * A Monte Carlo worker thread: runs its share of the samples of the compiled protocol it is handed
 * (plain data, so it crosses the thread boundary as it is) and posts back the metric vectors.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { CompiledProtocol } from "../../protocol/compile.js";
import { runSamples } from "./montecarlo.js";
import { physicsSource } from "./models.js";

interface Job {
  protocol: CompiledProtocol;
  seed: number;
  from: number;
  to: number;
}

const job = workerData as Job;
try {
  const { keys, values } = runSamples(job.protocol, physicsSource(), job.seed, job.from, job.to);
  parentPort!.postMessage({ keys, values }, [values.buffer as ArrayBuffer]);
} catch (e) {
  parentPort!.postMessage({ error: `the Monte Carlo worker failed: ${(e as Error).message}` });
}
