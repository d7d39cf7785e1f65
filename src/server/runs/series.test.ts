/**
 * The server-side min/max decimation of `GET /api/runs/:id/series`, against a brute-force min/max
 * over the same buckets, for a run of known length, a run still growing (buckets doubling) and a run
 * shorter than the bucket count (every sample its own bucket).
 */
import { describe, expect, it } from "vitest";
import type { SampleDocument } from "../../engine/documents.js";
import { decimateSeries, SERIES_KEYS } from "./series.js";

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
      run: "R",
      time: 1.7e9 + t,
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

async function* stream(samples: SampleDocument[]): AsyncIterable<SampleDocument> {
  for (const s of samples) yield s;
}

/** Min/max per bucket by brute force: bucket k holds the samples with min(N-1, floor(t / width)) = k. */
function bruteForce(samples: SampleDocument[], points: number, width: number) {
  const buckets = new Map<number, SampleDocument[]>();
  for (const s of samples) {
    const k = Math.min(points - 1, Math.floor(s["Test time [s]"] / width));
    buckets.set(k, [...(buckets.get(k) ?? []), s]);
  }
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  const times = keys.map((k) => Math.min(...buckets.get(k)!.map((s) => s["Test time [s]"])));
  const series = Object.fromEntries(
    SERIES_KEYS.map((key) => {
      const min: (number | null)[] = [];
      const max: (number | null)[] = [];
      for (const k of keys) {
        const values = buckets.get(k)!.flatMap((s) => {
          const v = s[key];
          if (v === null) return [];
          if (key !== "Force [kN]") return [v];
          return [v, s["Force min [kN]"] ?? v, s["Force max [kN]"] ?? v];
        });
        min.push(values.length ? Math.min(...values) : null);
        max.push(values.length ? Math.max(...values) : null);
      }
      return [key, min.some((v) => v !== null) ? { min, max } : null];
    }),
  );
  return { times, series, count: keys.length };
}

describe("decimateSeries", () => {
  const samples = generated(20_000);
  const span = samples.at(-1)!["Test time [s]"];

  it("equals a brute-force min/max per time bucket for a run of known length", async () => {
    const points = 300;
    const got = await decimateSeries("R", stream(samples), points, samples.length, span);
    const want = bruteForce(samples, points, span / points);
    expect(got["Sample count [-]"]).toBe(20_000);
    expect(got["Bucket count [-]"]).toBe(want.count);
    expect(got["Bucket count [-]"]).toBeLessThanOrEqual(points);
    expect(got["Test time [s]"]).toEqual(want.times);
    expect(got.series).toEqual(want.series);
    // the spikes and the per-second summaries' ranges survive decimation
    expect(Math.max(...(got.series["Force [kN]"]!.max as number[]))).toBeGreaterThan(44);
    expect(got.series["Temperature [degC]"]).toBeNull();
  });

  it("doubles its buckets while a run of unknown length grows, and still equals brute force", async () => {
    const points = 256;
    const got = await decimateSeries("R", stream(samples), points, samples.length, null);
    let width = 1;
    while (Math.floor(span / width) >= points) width *= 2;
    const want = bruteForce(samples, points, width);
    expect(got["Test time [s]"]).toEqual(want.times);
    expect(got.series).toEqual(want.series);
  });

  it("gives every sample its own bucket (min = max) when the run is short", async () => {
    const few = samples.slice(0, 50);
    const got = await decimateSeries("R", stream(few), 1500, few.length, 4.9);
    expect(got["Bucket count [-]"]).toBe(50);
    expect(got["Test time [s]"]).toEqual(few.map((s) => s["Test time [s]"]));
    expect(got.series["Pressure [MPa]"]!.min).toEqual(few.map((s) => s["Pressure [MPa]"]));
    expect(got.series["Pressure [MPa]"]!.max).toEqual(got.series["Pressure [MPa]"]!.min);
    expect(got.series["Position [mm]"]!.min[0]).toBeNull(); // sample 0 has no position
  });

  it("answers an empty run with no buckets", async () => {
    const got = await decimateSeries("R", stream([]), 100, 0, null);
    expect(got).toMatchObject({ "Sample count [-]": 0, "Bucket count [-]": 0, "Test time [s]": [] });
    expect(got.series["Force [kN]"]).toBeNull();
  });
});
