// Issue #7: a 500 h Operate step at 10 Hz must stay under 100 MB of run record. Runs a Li–In cell's
// protocol with its 500 h Operate step in full on the digital twin in virtual time, every document
// into a fresh SQLite store, and reports the database size, the samples recorded and the
// process's peak memory.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { VirtualScheduler } from "../dist/core/clock.js";
import { checkText } from "../dist/protocol/index.js";
import { createTwin } from "../dist/devices/sim/index.js";
import { runProtocol } from "../dist/engine/index.js";
import { ScriptedOperator } from "../dist/engine/testing.js";
import { newRunId, openStore } from "../dist/store/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const emit = (o) => console.log(JSON.stringify(o));

export default async function run() {
  const file = join(root, "examples/li-in-cell.yaml");
  const text = readFileSync(file, "utf8");
  const compiled = checkText(file, text).compiled;
  if (!compiled) throw new Error(`${file} did not compile`);
  const operate = compiled.segments.find((s) => s.kind === "operate");
  const dir = mkdtempSync(join(tmpdir(), "ssbpress-operate-bench-"));
  const db = join(dir, "runs.sqlite");
  const store = await openStore(db);
  const scheduler = new VirtualScheduler(Date.UTC(2026, 10, 30), Infinity);
  const press = createTwin({
    scheduler,
    dieDiameter: compiled.die.diameter,
    capacity: compiled.press?.capacity ?? 98066.5,
    seed: 3,
  });
  let samples = 0;
  let pending = Promise.resolve();
  const t0 = performance.now();
  const out = await runProtocol({
    compiled,
    protocolText: text,
    press,
    operator: new ScriptedOperator(scheduler),
    scheduler,
    sink: (doc) => {
      if (doc.type === "sample") samples++;
      pending = pending.then(() => store.write(doc));
    },
    runId: newRunId(scheduler),
    version: "bench",
    controlPeriod: 0.1,
    yes: true,
  });
  await pending;
  await store.close();
  const wall = (performance.now() - t0) / 1000;
  const bytes = statSync(db).size;
  rmSync(dir, { recursive: true, force: true });
  if (out.status !== "completed") throw new Error(`the run did not complete: ${out.reason}`);
  emit({
    name: `run record of a ${operate.duration / 3600} h Operate step at 10 Hz (whole protocol, SQLite)`,
    value: Math.round(bytes / 1e5) / 10,
    unit: "MB",
    target: "< 100 MB",
    samples,
    "wall [s]": Math.round(wall),
    "peak RSS [MB]": Math.round(process.resourceUsage().maxRSS / 1024),
  });
}
