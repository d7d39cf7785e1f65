/** The run record as the API answers it (CONTRACTS §7–8: `runs list --json`, `runs show --json`). */
export interface RunSummary {
  id: string;
  name: string;
  status: string;
  /** ISO 8601. */
  started: string;
  press: string;
  steps: number;
}

export interface StepStats {
  step: number;
  text: string;
  started?: string | null;
  ended?: string | null;
  "Duration [s]"?: number | null;
  Samples?: number;
  "Peak force [kN]"?: number | null;
  "Peak pressure [MPa]"?: number | null;
  "Hold duration [s]"?: number | null;
  "Hold force mean [kN]"?: number | null;
  "Hold force std [kN]"?: number | null;
  "Hold pressure mean [MPa]"?: number | null;
  "Hold pressure std [MPa]"?: number | null;
  "Final position [mm]"?: number | null;
  "Max temperature [degC]"?: number | null;
}

interface RunEvent {
  time: string;
  "Test time [s]"?: number | null;
  step?: number | null;
  kind: string;
  message: string;
}

/** `runs show --json`: the run's header, its per-step statistics and its events. */
export interface RunShow extends Omit<RunSummary, "steps"> {
  reason?: string | null;
  stopped?: string | null;
  map?: string | null;
  operator?: string | null;
  version?: string;
  sha256?: string;
  die?: Record<string, number | null>;
  samples?: number;
  steps: StepStats[];
  events: RunEvent[];
  /** The protocol text, when the server includes it. */
  protocol?: string;
}

/** GET /api/runs/:id/series: min and max per pixel column, decimated by the server. */
export interface RunSeries {
  run: string;
  "Sample count [-]": number;
  "Bucket count [-]": number;
  "Test time [s]": number[];
  series: Record<string, { min: (number | null)[]; max: (number | null)[] } | null | undefined>;
}
