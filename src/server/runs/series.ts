/**
 * `GET /api/runs/:id/series?points=N`: a run's samples decimated on the server for a chart — time is
 * cut into at most N buckets (about one per pixel column) and each keeps, per quantity, the lowest
 * and highest value in it, so spikes survive and a 1,000,000-sample run draws as fast as a short one.
 * One pass over the stored samples, O(N) memory. When the run has at most N samples each sample is
 * its own bucket (min = max).
 *
 * Buckets have a fixed width (the run's length over N) when the length is known; otherwise they start
 * at one second and double (neighbours merge) whenever the run outgrows N of them.
 */
import type { SampleDocument } from "../../engine/documents.js";

export const SERIES_KEYS = [
  "Force [kN]",
  "Force setpoint [kN]",
  "Pressure [MPa]",
  "Position [mm]",
  "Temperature [degC]",
] as const;
type Key = (typeof SERIES_KEYS)[number];

export interface SeriesAnswer {
  run: string;
  "Sample count [-]": number;
  "Bucket count [-]": number;
  /** Test time of the first sample in each bucket [s]. */
  "Test time [s]": number[];
  /**
   * Per quantity, min and max per bucket (null in a bucket without a value of it); the whole entry
   * is null for a quantity the press never measured (a manual press's position).
   */
  series: Record<Key, { min: (number | null)[]; max: (number | null)[] } | null>;
}

interface Bucket {
  t: number;
  lo: (number | null)[];
  hi: (number | null)[];
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function widen(b: Bucket, i: number, lo: number, hi: number): void {
  const l = b.lo[i];
  const h = b.hi[i];
  b.lo[i] = l === null || l === undefined || lo < l ? lo : l;
  b.hi[i] = h === null || h === undefined || hi > h ? hi : h;
}

function merge(into: Bucket, from: Bucket): void {
  into.t = Math.min(into.t, from.t);
  for (let i = 0; i < SERIES_KEYS.length; i++) {
    const lo = from.lo[i];
    const hi = from.hi[i];
    if (lo !== null && lo !== undefined && hi !== null && hi !== undefined) widen(into, i, lo, hi);
  }
}

/**
 * Decimates `samples` into at most `points` buckets. `total` is the run's sample count and `span`
 * its length [s] when known (null for a run still growing).
 */
export async function decimateSeries(
  run: string,
  samples: AsyncIterable<SampleDocument>,
  points: number,
  total: number,
  span: number | null,
): Promise<SeriesAnswer> {
  const exact = total <= points;
  let width = span !== null && span > 0 ? span / points : 1;
  let buckets = new Map<number, Bucket>();
  let index = 0;
  let count = 0;
  for await (const s of samples) {
    count++;
    const t = s["Test time [s]"];
    if (!finite(t)) continue;
    let k: number;
    if (exact) k = Math.min(index++, points - 1);
    else {
      k = Math.min(points - 1, Math.floor(Math.max(0, t) / width));
      // a run longer than its known span (still growing): coarsen until it fits
      while (Math.floor(Math.max(0, t) / width) >= points && span === null) {
        width *= 2;
        const merged = new Map<number, Bucket>();
        for (const [j, b] of buckets) {
          const m = merged.get(Math.floor(j / 2));
          if (m) merge(m, b);
          else merged.set(Math.floor(j / 2), b);
        }
        buckets = merged;
        k = Math.min(points - 1, Math.floor(Math.max(0, t) / width));
      }
    }
    let b = buckets.get(k);
    if (!b) {
      b = { t, lo: SERIES_KEYS.map(() => null), hi: SERIES_KEYS.map(() => null) };
      buckets.set(k, b);
    }
    for (let i = 0; i < SERIES_KEYS.length; i++) {
      const key = SERIES_KEYS[i]!;
      const v = s[key];
      if (!finite(v)) continue;
      // a long Operate step's per-second summary carries the second's force range
      const lo = key === "Force [kN]" && finite(s["Force min [kN]"]) ? Math.min(v, s["Force min [kN]"]) : v;
      const hi = key === "Force [kN]" && finite(s["Force max [kN]"]) ? Math.max(v, s["Force max [kN]"]) : v;
      widen(b, i, lo, hi);
    }
  }
  const order = [...buckets.keys()].sort((a, b) => a - b);
  const columns = SERIES_KEYS.map(() => ({ min: [] as (number | null)[], max: [] as (number | null)[] }));
  const seen = SERIES_KEYS.map(() => false);
  const times: number[] = [];
  for (const k of order) {
    const b = buckets.get(k)!;
    times.push(b.t);
    for (let i = 0; i < SERIES_KEYS.length; i++) {
      const lo = b.lo[i] ?? null;
      columns[i]!.min.push(lo);
      columns[i]!.max.push(b.hi[i] ?? null);
      if (lo !== null) seen[i] = true;
    }
  }
  const series = Object.fromEntries(
    SERIES_KEYS.map((key, i) => [key, seen[i] ? columns[i]! : null]),
  ) as SeriesAnswer["series"];
  return {
    run,
    "Sample count [-]": count,
    "Bucket count [-]": order.length,
    "Test time [s]": times,
    series,
  };
}
