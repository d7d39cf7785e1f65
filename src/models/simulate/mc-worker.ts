/**
 * A Monte Carlo worker thread: loads the protocol text itself (protocol objects do not cross
 * threads), runs its share of the samples and posts back the metric vectors.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadProtocolText } from "../../protocol/load.js";
import { runSamples } from "./montecarlo.js";
import { physicsSource } from "./models.js";

interface Job {
  file: string;
  text: string;
  seed: number;
  from: number;
  to: number;
}

const job = workerData as Job;
const loaded = loadProtocolText(job.file, job.text);
if (!loaded.protocol) {
  parentPort!.postMessage({ error: "the protocol did not load in the worker" });
} else {
  const { keys, values } = runSamples(loaded.protocol, physicsSource(), job.seed, job.from, job.to);
  parentPort!.postMessage({ keys, values }, [values.buffer as ArrayBuffer]);
}
