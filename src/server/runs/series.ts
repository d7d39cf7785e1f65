/**
 * `GET /api/runs/:id/series?points=N`: a run's samples decimated on the server for a chart. The run
 * is cut into at most N buckets of consecutive samples (about one per pixel column), and each keeps,
 * per quantity, its lowest and highest value, so spikes survive and a 1,000,000-sample run draws as
 * fast as a short one. The database does the work (`RunStore.envelope`: one aggregate over a
 * primary-key range per bucket); a run of at most N samples comes back sample by sample (min = max).
 */
import { ENVELOPE_KEYS, type EnvelopeKey, type SampleEnvelope } from "../../store/types.js";

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
  series: Record<EnvelopeKey, { min: (number | null)[]; max: (number | null)[] } | null>;
}

export function seriesAnswer(run: string, envelope: SampleEnvelope): SeriesAnswer {
  const series = Object.fromEntries(
    ENVELOPE_KEYS.map((key) => {
      const min = envelope.min[key];
      return [key, min.some((v) => v !== null) ? { min, max: envelope.max[key] } : null];
    }),
  ) as SeriesAnswer["series"];
  return {
    run,
    "Sample count [-]": envelope.count,
    "Bucket count [-]": envelope.time.length,
    "Test time [s]": envelope.time,
    series,
  };
}
