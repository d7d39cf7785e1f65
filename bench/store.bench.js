// Benchmark of issue #7: store ingest of 1 M samples through the RunStore (SQLite, WAL,
// synchronous=FULL, batched commits) against the raw baseline: a better-sqlite3 prepared insert
// looped in one transaction into the same schema with the same pragmas. Target: >= 50 % of the raw rate.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { openStore } from "../dist/store/index.js";
import { sampleRow } from "../dist/store/codec.js";
import { configureSqlite, SAMPLE_INSERT_SQL } from "../dist/store/sqlite.js";

const emit = (o) => console.log(JSON.stringify(o));
const N = 1_000_000;
const T0 = 1_764_540_930;

const start = (run) => ({
  type: "run-start",
  run,
  time: T0,
  protocol: "bench",
  sha256: "0".repeat(64),
  name: "bench",
  die: { "Diameter [mm]": 10, "Area [mm2]": 78.539816, "Rating [MPa]": null },
  press: "sim",
  map: null,
  operator: null,
  version: "bench",
  steps: 1,
});

// 100 Hz samples of a ramp: what the engine emits while pressing.
const sample = (run, i) => ({
  type: "sample",
  run,
  time: T0 + i / 100,
  step: 1,
  "Test time [s]": i / 100,
  "Force setpoint [kN]": (i % 20000) * 0.001,
  "Force [kN]": (i % 20000) * 0.001 - 0.0004,
  "Pressure [MPa]": (i % 20000) * 0.0127,
  "Position [mm]": 12.5 - (i % 20000) * 1e-6,
  "Temperature [degC]": 25.1,
});

async function viaStore(dir) {
  const run = "20261130-221530-b001";
  const docs = Array.from({ length: N }, (_, i) => sample(run, i));
  const store = await openStore(join(dir, "store.sqlite"));
  await store.write(start(run));
  const t0 = performance.now();
  for (const d of docs) await store.write(d);
  await store.flush();
  const s = (performance.now() - t0) / 1000;
  const count = await store.sampleCount(run);
  await store.close();
  if (count !== N) throw new Error(`store bench: ${count} samples stored, expected ${N}`);
  return N / s;
}

async function raw(dir) {
  // The same schema, created by the store, then written around it.
  const file = join(dir, "raw.sqlite");
  const run = "20261130-221530-b002";
  const store = await openStore(file);
  await store.write(start(run));
  await store.close();
  const db = new Database(file);
  configureSqlite(db);
  const key = db.prepare("select key from runs where id = ?").get(run).key;
  const startMs = T0 * 1000;
  const rows = Array.from({ length: N }, (_, i) => sampleRow(sample(run, i), key, i + 1, startMs));
  const insert = db.prepare(SAMPLE_INSERT_SQL);
  const all = db.transaction((rs) => {
    for (const r of rs) insert.run(r);
  });
  const t0 = performance.now();
  all(rows);
  const s = (performance.now() - t0) / 1000;
  db.close();
  return N / s;
}

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), "ssbpress-bench-store-"));
  try {
    const baseline = await raw(dir);
    const store = await viaStore(dir);
    emit({
      name: "store ingest 1 M samples: raw better-sqlite3 loop (baseline)",
      value: Math.round(baseline),
      unit: "samples/s",
    });
    emit({
      name: "store ingest 1 M samples: RunStore (SQLite)",
      value: Math.round(store),
      unit: "samples/s",
    });
    emit({
      name: "store ingest: RunStore / raw loop",
      value: +((100 * store) / baseline).toFixed(1),
      unit: "%",
      target: ">= 50 %",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node bench/store.bench.js` runs it alone; bench/run.js imports it and calls run().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
