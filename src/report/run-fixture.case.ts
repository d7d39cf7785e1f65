/**
 * Synthetic run records for the tests of the run reports and of `ssbpress runs` (shared test code,
 * like the conformance suites; not part of the build). The run is small but has what real runs
 * have: an Add step without force, a ramp and a hold at 250 MPa with load-cell noise, a release, an
 * Operate step recorded as per-second summaries (Force min/max), events, and nulls.
 */
import type { RunDocument, SampleDocument } from "../engine/documents.js";
import type { RunRecord } from "../store/types.js";

export const T0 = 1_700_000_000;
/** 10 mm die. */
export const AREA_MM2 = 78.53981633974483;
/** 250 MPa on the 10 mm die [kN]. */
export const HOLD_KN = (250 * AREA_MM2) / 1000;

export interface SyntheticRun {
  docs: RunDocument[];
  record: RunRecord;
  samples: SampleDocument[];
}

export interface SyntheticOptions {
  id?: string;
  /** false: the process died during the operate step (no step-end, no run-stop). */
  stopped?: boolean;
  /** false: no samples at all (a run that stopped before pressing). */
  withSamples?: boolean;
}

export async function* iterate<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const x of items) yield x;
}

export function syntheticRun(o: SyntheticOptions = {}): SyntheticRun {
  const run = o.id ?? "20240101-120000-abcd";
  const stopped = o.stopped ?? true;
  const withSamples = o.withSamples ?? true;
  const docs: RunDocument[] = [];
  docs.push({
    type: "run-start",
    run,
    time: T0,
    protocol: 'name: "Classic, with a comma"\nsteps:\n  - Press to 250 MPa\n',
    sha256: "ab".repeat(32),
    name: 'Classic, "quoted"',
    die: { "Diameter [mm]": 10, "Area [mm2]": AREA_MM2, "Rating [MPa]": 740 },
    press: "sim",
    map: null,
    operator: "Ada",
    version: "0.1.0",
    steps: 4,
    options: { speed: 60 },
  });
  let t = 0;
  const sample = (
    step: number,
    sp: number | null,
    force: number | null,
    position: number | null,
    temperature: number | null = null,
    extra: Partial<SampleDocument> = {},
  ) => {
    if (withSamples)
      docs.push({
        type: "sample",
        run,
        time: T0 + t,
        step,
        "Test time [s]": +t.toFixed(3),
        "Force setpoint [kN]": sp,
        "Force [kN]": force,
        "Pressure [MPa]": force === null ? null : (force * 1000) / AREA_MM2,
        "Position [mm]": position,
        "Temperature [degC]": temperature,
        ...extra,
      });
    t = +(t + 0.1).toFixed(3);
  };
  const step = (n: number, text: string, body: () => void, ends = true) => {
    docs.push({ type: "step-start", run, time: T0 + t, step: n, text });
    body();
    if (ends) docs.push({ type: "step-end", run, time: T0 + t, step: n, text });
  };
  step(1, "Add separator: 80 mg Li6PS5Cl", () => {
    for (let i = 0; i < 20; i++) sample(1, 0, 0, i % 5 === 0 ? null : 12);
  });
  step(2, "Press to 250 MPa at 25 MPa/s, hold 20 s", () => {
    for (let i = 1; i <= 100; i++)
      sample(2, (HOLD_KN * i) / 100, (HOLD_KN * Math.max(0, i - 2)) / 100, 12 - i * 0.01);
    docs.push({
      type: "event",
      run,
      time: T0 + t,
      kind: "note",
      message: "ramp done, <hold> & wait",
      step: 2,
    });
    // the force settles over 5 samples, then holds with ±0.2 % noise
    for (let i = 0; i < 200; i++) {
      const settle = i < 5 ? 0.95 + i * 0.008 : 1 + (i % 2 ? 0.002 : -0.002);
      sample(2, HOLD_KN, HOLD_KN * settle, 11 - i * 0.001);
    }
  });
  step(3, "Release at 50 MPa/s", () => {
    for (let i = 49; i >= 0; i--) sample(3, (HOLD_KN * i) / 50, (HOLD_KN * i) / 50, 10.8 + (50 - i) * 0.001);
  });
  step(
    4,
    "Operate at 5 MPa",
    () => {
      const f = (5 * AREA_MM2) / 1000;
      for (let i = 0; i < 10; i++) {
        sample(4, f, f, 10.85, 25 + i * 0.1, { "Force min [kN]": f * 0.98, "Force max [kN]": f * 1.05 });
        t = +(t + 0.9).toFixed(3);
      }
      docs.push({
        type: "event",
        run,
        time: T0 + t,
        kind: "band",
        message: "stack pressure left its band",
        step: 4,
      });
    },
    stopped,
  );
  if (stopped)
    docs.push({ type: "run-stop", run, time: T0 + t, status: "completed", reason: "all steps done" });
  return { docs, ...recordOf(docs, stopped ? "completed" : "interrupted") };
}

/** What a store returns for these documents. */
function recordOf(docs: RunDocument[], status: RunRecord["summary"]["status"]) {
  const start = docs[0];
  if (start?.type !== "run-start") throw new Error("a run starts with run-start");
  const record: RunRecord = {
    summary: {
      id: start.run,
      name: start.name,
      status,
      started: new Date(start.time * 1000).toISOString(),
      press: start.press,
      steps: start.steps,
    },
    start,
    stop: null,
    steps: [],
    events: [],
  };
  const samples: SampleDocument[] = [];
  for (const d of docs) {
    if (d.type === "sample") samples.push(d);
    else if (d.type === "step-start") record.steps.push({ start: d, end: null });
    else if (d.type === "step-end") record.steps.find((s) => s.start.step === d.step)!.end = d;
    else if (d.type === "event") record.events.push(d);
    else if (d.type === "run-stop") record.stop = d;
  }
  return { record, samples };
}
