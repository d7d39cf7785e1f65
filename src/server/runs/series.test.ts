/**
 * The server-side min/max decimation of `GET /api/runs/:id/series` (the store's envelope, computed
 * by SQLite), against a brute-force min/max over the same buckets of consecutive samples, for a run
 * longer than the bucket count and one shorter (every sample its own bucket).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SampleDocument } from "../../engine/documents.js";
import { openStore } from "../../store/index.js";
import { ENVELOPE_KEYS, type RunStore } from "../../store/types.js";
import { seriesAnswer, type SeriesAnswer } from "./series.js";

/** A generated run: a noisy ramp-and-hold with spikes, position missing in places, per-second summaries. */
function generated(n: number, dt = 0.1): SampleDocument[] {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
  const out: SampleDocument[] = [];
  for (let i = 0; i < n; i++) {
    const t = i * dt;
    const target = Math.min(40, t * 0.5);
    const spike = i % 997 === 0 ? 5 : 0;
    const force = target + 0.05 * rand() + spike;
    const summary = i % 500 === 7;
    out.push({
      type: "sample",
      run: RUN,
      time: T0 + t,
      step: 1 + Math.floor(i / 3000),
      "Test time [s]": t,
      "Force setpoint [kN]": target,
      "Force [kN]": force,
      "Pressure [MPa]": force * 12.73,
      "Position [mm]": i % 13 === 0 ? null : 1 - 0.001 * force,
      "Temperature [degC]": null,
      ...(summary ? { "Force min [kN]": force - 1, "Force max [kN]": force + 2 } : {}),
    });
  }
  return out;
}

const RUN = "20261201-050000-5e71";
const T0 = 1_764_540_930;

/** Min/max per bucket by brute force: bucket k holds samples k·per … (k+1)·per − 1, per = ceil(n / points). */
function bruteForce(samples: SampleDocument[], points: number) {
  const per = Math.max(1, Math.ceil(samples.length / points));
  const buckets: SampleDocument[][] = [];
  for (let i = 0; i < samples.length; i += per) buckets.push(samples.slice(i, i + per));
  const times = buckets.map((b) => b[0]!["Test time [s]"]);
  const series = Object.fromEntries(
    ENVELOPE_KEYS.map((key) => {
      const min: (number | null)[] = [];
      const max: (number | null)[] = [];
      for (const b of buckets) {
        const values = b.flatMap((s) => {
          const v = s[key];
          if (v === null || v === undefined) return [];
          if (key !== "Force [kN]") return [v];
          return [v, s["Force min [kN]"] ?? v, s["Force max [kN]"] ?? v];
        });
        min.push(values.length ? Math.min(...values) : null);
        max.push(values.length ? Math.max(...values) : null);
      }
      return [key, min.some((v) => v !== null) ? { min, max } : null];
    }),
  );
  return { times, series, count: buckets.length };
}

/** Values as the store keeps them (fixed point: µN-free mN, Pa, nm, m°C; ms): what brute force must see too. */
function stored(s: SampleDocument): SampleDocument {
  const r = (v: number | null | undefined, scale: number) =>
    v === null || v === undefined ? v : Math.round(v * scale) / scale;
  return {
    ...s,
    "Test time [s]": Math.round(s["Test time [s]"] * 1000) / 1000,
    "Force setpoint [kN]": r(s["Force setpoint [kN]"], 1e6) ?? null,
    "Force [kN]": r(s["Force [kN]"], 1e6) ?? null,
    "Pressure [MPa]": r(s["Pressure [MPa]"], 1e6) ?? null,
    "Position [mm]": r(s["Position [mm]"], 1e6) ?? null,
    ...(s["Force min [kN]"] !== undefined ? { "Force min [kN]": r(s["Force min [kN]"], 1e6)! } : {}),
    ...(s["Force max [kN]"] !== undefined ? { "Force max [kN]": r(s["Force max [kN]"], 1e6)! } : {}),
  };
}

describe("series: the store's envelope of a run", () => {
  const samples = generated(20_000);
  let dir: string;
  let store: RunStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ssbpress-series-"));
    store = await openStore(join(dir, "runs.sqlite"));
    await store.write({
      type: "run-start",
      run: RUN,
      time: T0,
      protocol: "name: series\n",
      sha256: "0".repeat(64),
      name: "series",
      die: { "Diameter [mm]": 10, "Area [mm2]": 78.5398, "Rating [MPa]": null },
      press: "sim",
      map: null,
      operator: null,
      version: "test",
      steps: 7,
    });
    for (const s of samples) await store.write(s);
    await store.flush();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const answer = async (points: number): Promise<SeriesAnswer> =>
    seriesAnswer(RUN, await store.envelope(RUN, points));

  it("equals a brute-force min/max per bucket of consecutive samples", async () => {
    const got = await answer(300);
    const want = bruteForce(samples.map(stored), 300);
    expect(got["Sample count [-]"]).toBe(20_000);
    expect(got["Bucket count [-]"]).toBe(want.count);
    expect(got["Bucket count [-]"]).toBeLessThanOrEqual(300);
    expect(got["Test time [s]"]).toEqual(want.times);
    expect(got.series).toEqual(want.series);
    // the spikes and the per-second summaries' ranges survive decimation
    expect(Math.max(...(got.series["Force [kN]"]!.max as number[]))).toBeGreaterThan(44);
    expect(got.series["Temperature [degC]"]).toBeNull();
  });

  it("gives every sample its own bucket (min = max) when the run has fewer samples than points", async () => {
    const got = await answer(20_000);
    expect(got["Bucket count [-]"]).toBe(20_000);
    const few = samples.slice(0, 50).map(stored);
    expect(got["Test time [s]"].slice(0, 50)).toEqual(few.map((s) => s["Test time [s]"]));
    expect(got.series["Pressure [MPa]"]!.min.slice(0, 50)).toEqual(few.map((s) => s["Pressure [MPa]"]));
    expect(got.series["Pressure [MPa]"]!.max).toEqual(got.series["Pressure [MPa]"]!.min);
    expect(got.series["Position [mm]"]!.min[0]).toBeNull(); // sample 0 has no position
  });

  it("answers a run without samples with no buckets, and refuses a bucket count that is not whole", async () => {
    const other = "20261201-050000-e0e0";
    await store.write({ ...(await store.get(RUN))!.start, run: other });
    const got = seriesAnswer(other, await store.envelope(other, 100));
    expect(got).toMatchObject({ "Sample count [-]": 0, "Bucket count [-]": 0, "Test time [s]": [] });
    expect(got.series["Force [kN]"]).toBeNull();
    await expect(store.envelope(RUN, 0)).rejects.toThrow(/whole number of buckets/);
    await expect(store.envelope(RUN, 2.5)).rejects.toThrow(/whole number of buckets/);
  });
});
