/**
 * One fault-injected run on the digital twin in virtual time, and the invariants of issue #7 checked
 * on it (used by test/fault-injection*.test.ts):
 *
 *   a. no force setpoint is ever commanded above the limit in force at that moment;
 *   b. the true force (the twin's, not the noisy reading) never stays above the limit in force by
 *      more than the contract's 2 % (plus the engine's documented noise margin) for longer than one
 *      control period + the press's release time; without an overshoot fault it never exceeds the
 *      limit at all (the true force has no noise);
 *   c. exactly one run-stop, last; a completed run had no interlock and no fault that must trip
 *      (e-stop, link loss, garbage), and a run without faults completes (no false trips); afterwards the press is released — or, for a completed run
 *      ending in Operate, held in the Operate band, as CONTRACTS §6 says;
 *   d. every sample document the engine emitted is in the store, in order, key for key.
 *
 * The limit in force is computed here from the compiled protocol, independently of the engine's own
 * bookkeeping: the segment being executed (from the engine's onState snapshots, which announce a
 * segment before anything is sent for it) gives `limits.maxForce`, lowered by the press capacity.
 * For an Operate segment the compiler's limits already hold the band maximum; it is applied again
 * here so that a compiler that forgot it would fail this test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualScheduler } from "../../src/core/clock.js";
import type { Layer } from "../../src/protocol/types.js";
import type { Press, PressCapabilities, PressSample, SpecimenAware } from "../../src/devices/press.js";
import { createTwin, FAULT_KINDS, parseFault, type TwinPress } from "../../src/devices/sim/index.js";
import { runProtocol } from "../../src/engine/index.js";
import type { RunDocument, SampleDocument } from "../../src/engine/documents.js";
import { ScriptedOperator } from "../../src/engine/testing.js";
import { checkText } from "../../src/protocol/check.js";
import type { CompiledProtocol, Segment } from "../../src/protocol/compile.js";
import { planProtocol, type PlanGoal } from "../../src/protocol/plan/index.js";
import type { OpenedStore } from "../../src/store/open.js";
import { newRunId, openStore } from "../../src/store/index.js";

const SEPARATORS = ["Li6PS5Cl", "Li3PS4", "Li3InCl6", "75Li2S-25P2S5 glass"] as const;
const CATHODES = ["NMC811:70,Li6PS5Cl:30", "LiCoO2:70,Li3PS4:30", "LiFePO4:60,Li6PS5Cl:35,VGCF:5"] as const;
const ANODES = ["Li", "LiIn", "In", "graphite:60,Li6PS5Cl:40"] as const;
const GOALS: readonly PlanGoal[] = ["densify", "integrate-anode", "cycling"];

type FaultKind = (typeof FAULT_KINDS)[number];
const TONNE = 9806.65;
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

/** A fault as generated: fractions that are mapped onto the protocol once it is compiled. */
interface FaultDraw {
  kind: FaultKind;
  /** Step-relative (`@stepN+T`) or a time since the start. */
  stepRelative: boolean;
  /** Where in the run: a fraction of the run's duration, or of its steps. */
  at: number;
  /** Step-relative: seconds after the step starts. */
  after: number;
  /** Size within the kind's range (leak rate, overshoot, fracture drop, extrusion jump), 0..1. */
  size: number;
  /** Leak and overshoot: from a moment (true) or from the start. */
  timed: boolean;
}

interface RunCase {
  separator: string;
  cathode: string;
  anode: string;
  /** [mm] */
  die: number;
  /** [t] */
  capacity: number;
  goal: PlanGoal;
  /** Separator, co-press and anode holds [s]. */
  holds: [number, number, number];
  faults: FaultDraw[];
  /** [s] */
  controlPeriod: number;
  /** [s] */
  operateFor: number;
  seed: number;
}

interface Prepared {
  compiled: CompiledProtocol;
  text: string;
}

/**
 * Virtual time as fast as the computer goes, like VirtualScheduler(…, Infinity), but yielding to the
 * event loop (timers, I/O) once per millisecond of wall time instead of on every sleep: a
 * setImmediate per control period costs as much as the whole period's work. Between yields a sleep
 * still returns a promise, so the engine's awaits and the store's promise chains interleave as
 * they do on the plain scheduler.
 */
class BatchedVirtualScheduler extends VirtualScheduler {
  private lastYield = performance.now();
  constructor(start: number) {
    super(start, Infinity);
  }
  override sleep(ms: number): Promise<void> {
    this.advance(ms);
    const wall = performance.now();
    if (wall - this.lastYield < 1) return Promise.resolve();
    this.lastYield = wall;
    return new Promise((resolve) => setImmediate(resolve));
  }
}

let cache: { key: string; prepared: Prepared | null } | undefined;

/** The planner's protocol for the case, checked and compiled; null when infeasible or refused. */
function prepare(c: RunCase): Prepared | null {
  const key = JSON.stringify([c.separator, c.cathode, c.anode, c.die, c.capacity, c.goal, c.holds]);
  if (cache?.key === key) return cache.prepared;
  let prepared: Prepared | null = null;
  const plan = planProtocol({
    separator: c.separator,
    cathode: c.cathode,
    anode: c.anode,
    dieDiameter: c.die / 1000,
    pressCapacity: c.capacity * TONNE,
    goal: c.goal,
    choose: { separatorHold: c.holds[0], coPressHold: c.holds[1], anodeHold: c.holds[2] },
  });
  if (plan.ok) {
    const r = checkText("plan.yaml", plan.value.yaml);
    if (r.compiled && r.runnable && r.errors === 0)
      prepared = { compiled: r.compiled, text: plan.value.yaml };
  }
  cache = { key, prepared };
  return prepared;
}

/** The run's nominal duration with Operate shortened as the run will shorten it [s]. */
function runDuration(c: CompiledProtocol, operateFor: number): number {
  let d = 0;
  for (const s of c.segments) {
    if (s.kind === "operate") d += Math.min(s.duration, operateFor);
    else if ("duration" in s) d += s.duration;
  }
  return d;
}

/** The `--fault` spec a draw stands for on this protocol. */
function faultSpec(f: FaultDraw, c: CompiledProtocol, operateFor: number): string {
  const when = f.stepRelative
    ? `step${1 + Math.min(c.steps.length - 1, Math.floor(f.at * c.steps.length))}+${f.after}s`
    : `${(f.at * runDuration(c, operateFor)).toFixed(2)}s`;
  switch (f.kind) {
    case "leak":
      return `leak:${(1 + 19 * f.size).toFixed(1)}%/min${f.timed ? `@${when}` : ""}`;
    case "overshoot":
      return `overshoot:${(1 + 29 * f.size).toFixed(1)}%${f.timed ? `@${when}` : ""}`;
    case "fracture":
      return `fracture:${(10 + 80 * f.size).toFixed(0)}%@${when}`;
    case "extrusion":
      return `extrusion:${(20 + 180 * f.size).toFixed(0)}um@${when}`;
    default:
      return `${f.kind}@${when}`;
  }
}

/** A press that passes every call to the twin and lets the test watch each one. */
class WatchedPress implements Press, SpecimenAware {
  readonly description: string;
  readonly capabilities: PressCapabilities;
  constructor(
    private readonly twin: TwinPress,
    private readonly watch: (verb: string, force?: number) => void,
  ) {
    this.description = twin.description;
    this.capabilities = twin.capabilities;
  }
  connect(): Promise<void> {
    this.watch("connect");
    return this.twin.connect();
  }
  read(): Promise<PressSample> {
    this.watch("read");
    return this.twin.read();
  }
  setForce(force: number, rate: number): Promise<void> {
    this.watch("setForce", force);
    return this.twin.setForce(force, rate);
  }
  setTemperature(t: number): Promise<void> {
    this.watch("setTemperature");
    return this.twin.setTemperature(t);
  }
  release(): Promise<void> {
    this.watch("release");
    return this.twin.release();
  }
  estop(): Promise<void> {
    this.watch("estop");
    return this.twin.estop();
  }
  reset(): Promise<void> {
    this.watch("reset");
    return this.twin.reset();
  }
  close(): Promise<void> {
    return this.twin.close();
  }
  placeLayer(layer: Layer, position: "top" | "bottom"): void {
    this.twin.placeLayer(layer, position);
  }
}

interface FaultRunResult {
  runId: string;
  specs: string[];
  kinds: FaultKind[];
  status: string;
  reason: string;
  /** The first interlock event's message (what tripped), if any. */
  interlock: string | null;
  samples: number;
  /** Broken invariants, in words; empty when the run is sound. */
  violations: string[];
}

/** The engine's documented over-force margin: 2 % (CONTRACTS §6), or 4 σ of a 0.05 %-of-full-scale load cell where larger. */
const OVER_FRACTION = 0.02;
const NOISE_SIGMAS = 4;
const NOISE_FRACTION = 0.0005;
/** The twin's watchdog (its default) [s]. */
const WATCHDOG = 2;
/** The twin's watchdog release rate [N/s]. */
const WATCHDOG_RATE = 1000;
/** Faults the engine must stop for when they fire before the run ends. */
const MUST_TRIP: ReadonlySet<string> = new Set(["estop", "link-loss", "garbage"]);

/** Runs one case; never throws for a broken invariant (it is listed in `violations`). */
async function faultRun(c: RunCase, p: Prepared, store: OpenedStore): Promise<FaultRunResult> {
  const { compiled } = p;
  const specs = c.faults.map((f) => faultSpec(f, compiled, c.operateFor));
  const faults = specs.map((s) => parseFault(s));
  const scheduler = new BatchedVirtualScheduler(T0);
  const capacity = compiled.press?.capacity ?? c.capacity * TONNE;
  const area = compiled.die.area;
  const twin = createTwin({
    scheduler,
    dieDiameter: compiled.die.diameter,
    capacity,
    heated: compiled.segments.some((s) => s.kind === "heat"),
    faults,
    seed: c.seed,
    watchdog: WATCHDOG,
  });
  const violations: string[] = [];
  const now = () => scheduler.now() / 1000;
  const period = c.controlPeriod;
  const releaseTime = twin.capabilities.releaseTime;
  const fullScale = capacity;

  // the limit in force, from the segment the engine announced
  let segment: Segment | undefined;
  const limitOf = (s: Segment | undefined): number => {
    let f = capacity;
    if (s?.limits.maxForce != null) f = Math.min(f, s.limits.maxForce);
    if (s?.kind === "operate") f = Math.min(f, s.max * area);
    return f;
  };
  let limit = limitOf(undefined);
  const overforce = (l: number) => l + Math.max(l * OVER_FRACTION, NOISE_SIGMAS * NOISE_FRACTION * fullScale);
  const overshootInjected = faults.some((f) => f.kind === "overshoot");

  // (b) episodes of the true force above the limit in force
  let overSince: number | null = null;
  let longestOver = 0;
  let worstExcess = 0;
  let worstExcessAt = 0;
  const observe = () => {
    const t = now();
    const f = twin.trueForce();
    if (f - limit > worstExcess) {
      worstExcess = f - limit;
      worstExcessAt = t;
    }
    if (f > overforce(limit)) overSince ??= t;
    else if (overSince !== null) {
      longestOver = Math.max(longestOver, t - overSince);
      overSince = null;
    }
  };

  const press = new WatchedPress(twin, (verb, force) => {
    observe();
    if (verb === "setForce" && force !== undefined && !(force <= limit * (1 + 1e-9)))
      violations.push(
        `(a) setpoint ${(force / 1000).toFixed(3)} kN commanded at ${(now() - T0 / 1000).toFixed(2)} s above the limit in force ${(limit / 1000).toFixed(3)} kN (segment ${segment?.kind} of step ${segment?.step})`,
      );
  });

  // the CLI's fan-out: store writes serialized in one promise chain, the twin's step marker, a collector
  const runId = newRunId(scheduler);
  const docs: RunDocument[] = [];
  let pending: Promise<void> = Promise.resolve();
  let storeFailure: unknown;
  const sinks: ((d: RunDocument) => void)[] = [
    (doc) => {
      pending = pending
        .then(() => store.write(doc))
        .catch((e: unknown) => {
          storeFailure ??= e;
        });
    },
    (doc) => void docs.push(doc),
    (doc) => doc.type === "step-start" && twin.markStep(doc.step),
  ];
  const outcome = await runProtocol({
    compiled,
    protocolText: p.text,
    press,
    operator: new ScriptedOperator(scheduler),
    scheduler,
    sink: (doc) => {
      for (const s of sinks) s(doc);
    },
    runId,
    version: "test",
    controlPeriod: period,
    operateFor: c.operateFor,
    yes: true,
    options: { faults: specs.join(" ") || null, seed: c.seed },
    onState: (snap) => {
      segment = snap.segment >= 0 ? compiled.segments[snap.segment] : undefined;
      // the new segment's limit applies from now; the force that is there is judged against it
      observe();
      limit = limitOf(segment);
    },
  });
  observe();
  const end = now();
  const fired = twin.state().activeFaults.map((s) => parseFault(s).kind);

  // (c) the documents' end
  const stops = docs.filter((d) => d.type === "run-stop");
  if (stops.length !== 1 || docs[docs.length - 1]?.type !== "run-stop")
    violations.push(
      `(c) ${stops.length} run-stop documents, the last document is ${docs[docs.length - 1]?.type}`,
    );
  const events = docs.filter((d) => d.type === "event");
  const interlock = events.find((e) => e.kind === "interlock")?.message ?? null;
  // no false trips: a run without faults completes
  if (faults.length === 0 && outcome.status !== "completed")
    violations.push(`(c) no fault was injected but the run ended ${outcome.status}: ${outcome.reason}`);
  if (outcome.status === "completed") {
    if (interlock !== null) violations.push(`(c) completed with an interlock event: ${interlock}`);
    const tripping = fired.filter((k) => MUST_TRIP.has(k));
    if (tripping.length > 0) violations.push(`(c) completed although ${tripping.join(", ")} fired`);
  }

  // (c) the press afterwards: held in the Operate band, or released once the press has had its time
  const last = compiled.segments[compiled.segments.length - 1];
  const heldOperate = outcome.status === "completed" && last?.kind === "operate";
  if (heldOperate) {
    const f = twin.trueForce();
    const tol = 0.01 * last.force + 50;
    if (f < last.min * area - tol || f > last.max * area + tol)
      violations.push(
        `(c) completed in Operate but the true force is ${(f / 1000).toFixed(3)} kN, outside the band ${((last.min * area) / 1000).toFixed(3)}..${((last.max * area) / 1000).toFixed(3)} kN`,
      );
  } else {
    // the slowest way down: the press's watchdog (two periods, then 1 kN/s) when the link is gone
    const settle = releaseTime + 2 * WATCHDOG + twin.trueForce() / WATCHDOG_RATE + 1;
    for (let t = 0; t < settle; t += period) {
      scheduler.advance(period * 1000);
      observe();
    }
    const f = twin.trueForce();
    if (f > 1)
      violations.push(
        `(c) ${outcome.status} run: ${(f / 1000).toFixed(3)} kN still on the pellet ${settle.toFixed(1)} s after the run-stop`,
      );
  }
  if (overSince !== null) longestOver = Math.max(longestOver, now() - overSince);

  // (b)
  // the true force is sampled at every call (one per control period), so an episode is seen at most one period late
  const budget = period + releaseTime + period;
  if (longestOver > budget)
    violations.push(
      `(b) the true force stayed above the limit in force (+2 %, or the noise margin where larger) for ${longestOver.toFixed(2)} s > ${budget.toFixed(2)} s`,
    );
  const noiseTolerance = 1e-6 * limit + 1;
  if (!overshootInjected && worstExcess > noiseTolerance)
    violations.push(
      `(b) without an overshoot fault the true force exceeded the limit in force by ${worstExcess.toFixed(1)} N at ${(worstExcessAt - T0 / 1000).toFixed(2)} s`,
    );

  // (d) every sample in the store, in order, key for key
  await pending;
  await store.flush();
  if (storeFailure !== undefined) violations.push(`(d) the store failed: ${String(storeFailure)}`);
  const emitted = docs.filter((d): d is SampleDocument => d.type === "sample");
  const stored: SampleDocument[] = [];
  for await (const s of store.samples(runId)) stored.push(s);
  if (stored.length !== emitted.length)
    violations.push(`(d) ${emitted.length} samples emitted, ${stored.length} stored`);
  else if (!isDeepStrictEqual(stored, emitted)) {
    const i = stored.findIndex((s, k) => !isDeepStrictEqual(s, emitted[k]));
    violations.push(
      `(d) sample ${i} differs: emitted ${JSON.stringify(emitted[i])}, stored ${JSON.stringify(stored[i])}`,
    );
  }
  const record = await store.get(runId);
  if (record?.stop?.status !== outcome.status)
    violations.push(`(d) the store has run-stop ${record?.stop?.status}, the engine ${outcome.status}`);

  void end;
  return {
    runId,
    specs,
    kinds: faults.map((f) => f.kind),
    status: outcome.status,
    reason: outcome.reason,
    interlock,
    samples: emitted.length,
    violations,
  };
}

/** Counts for the report line: runs, faults injected by kind, interlocks by reason, statuses. */
class Tally {
  runs = 0;
  samples = 0;
  readonly faults: Record<string, number> = {};
  readonly interlocks: Record<string, number> = {};
  readonly statuses: Record<string, number> = {};
  add(r: FaultRunResult): void {
    this.runs += 1;
    this.samples += r.samples;
    for (const k of r.kinds) this.faults[k] = (this.faults[k] ?? 0) + 1;
    this.statuses[r.status] = (this.statuses[r.status] ?? 0) + 1;
    if (r.interlock !== null) {
      const why = interlockReason(r.interlock);
      this.interlocks[why] = (this.interlocks[why] ?? 0) + 1;
    }
  }
  toJSON(): object {
    return {
      runs: this.runs,
      samples: this.samples,
      faults: this.faults,
      interlocks: this.interlocks,
      statuses: this.statuses,
    };
  }
}

/** An interlock message in a word. */
function interlockReason(message: string): string {
  const rules: [RegExp, string][] = [
    [/above the limit in force/, "over-force"],
    [/fracture/, "fracture"],
    [/extrusion/, "extrusion"],
    [/lost communication|no valid reading/, "link"],
    [/e-stop latched/, "e-stop"],
    [/reports a fault/, "device-fault"],
    [/did not reach|did not settle/, "not-reached"],
    [/did not release/, "not-released"],
    [/refused/, "refused"],
    [/temperature/, "over-temperature"],
  ];
  for (const [re, name] of rules) if (re.test(message)) return name;
  return "other";
}

/** fast-check's picture of a run: a planner request, 0–3 faults, a control period and an Operate length. */
function runCaseArbitrary(): fc.Arbitrary<RunCase> {
  const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  const fault: fc.Arbitrary<FaultDraw> = fc.record({
    kind: fc.constantFrom(...FAULT_KINDS),
    stepRelative: fc.boolean(),
    at: fraction,
    after: fc.integer({ min: 0, max: 30 }),
    size: fraction,
    timed: fc.boolean(),
  });
  const hold = fc.integer({ min: 5, max: 60 });
  return fc
    .record({
      separator: fc.constantFrom(...SEPARATORS),
      cathode: fc.constantFrom(...CATHODES),
      anode: fc.constantFrom(...ANODES),
      die: fc.integer({ min: 6, max: 16 }),
      capacity: fc.integer({ min: 5, max: 25 }),
      goal: fc.constantFrom(...GOALS),
      holds: fc.tuple(hold, hold, hold),
      faults: fc.array(fault, { minLength: 0, maxLength: 3 }),
      controlPeriod: fc.constantFrom(0.1, 0.05),
      operateFor: fc.integer({ min: 5, max: 30 }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .filter((c) => prepare(c) !== null);
}

/**
 * Registers one fault-injection test: `runs` randomized runs on the twin, every one into a real
 * SQLite store in a temporary folder, each run checked against the invariants above. The seed is
 * the suite's (FC_SEED, test/setup.ts) plus `part`, so the files that split the work differ.
 */
export function faultInjectionSuite(part: number, runs: number): void {
  describe(`fault injection on the twin (part ${part})`, () => {
    let dir: string;
    let store: OpenedStore;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "ssbpress-faults-"));
      store = await openStore(join(dir, "runs.sqlite"));
    });
    afterAll(async () => {
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it(`${runs} randomized runs keep every invariant`, { timeout: 120_000 }, async () => {
      const tally = new Tally();
      const base = process.env.FC_SEED === undefined ? 20261125 : Number(process.env.FC_SEED);
      await fc.assert(
        fc.asyncProperty(runCaseArbitrary(), async (c) => {
          const p = prepare(c);
          if (!p) throw new Error("unreachable: the arbitrary filters infeasible plans");
          const r = await faultRun(c, p, store);
          tally.add(r);
          if (r.violations.length > 0)
            throw new Error(
              `${r.violations.join("\n")}\nfaults: ${r.specs.join(" ") || "none"}; ${r.status}: ${r.reason}\nprotocol:\n${p.text}`,
            );
        }),
        { numRuns: runs, seed: base + part, endOnFailure: false },
      );
      console.log(JSON.stringify({ "fault injection": part, ...tally.toJSON() }));
      expect(tally.runs).toBeGreaterThanOrEqual(runs);
      // every kind was injected, and the interlocks did trip
      for (const k of FAULT_KINDS) expect(tally.faults[k] ?? 0, k).toBeGreaterThan(0);
    });
  });
}
