import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VirtualScheduler } from "../core/clock.js";
import { ScriptedPress, type CommandRecord } from "../devices/fake/scripted-press.js";
import { checkText } from "../protocol/check.js";
import type { CompiledProtocol } from "../protocol/compile.js";
import { RunControl } from "./control.js";
import type { EventDocument, RunDocument, RunStopDocument, SampleDocument } from "./documents.js";
import { runProtocol } from "./runner.js";
import { collectingSink, ScriptedOperator, withoutRamp } from "./testing.js";
import type { RunOptions } from "./types.js";

const T0 = 1_700_000_000_000;

function example(name: string): { compiled: CompiledProtocol; text: string } {
  const file = `examples/${name}.yaml`;
  const text = readFileSync(file, "utf8");
  const compiled = checkText(file, text).compiled;
  if (!compiled) throw new Error(`${file} did not compile`);
  return { compiled, text };
}

const classic = example("classic-li-lpscl-nmc811");
const AREA = classic.compiled.die.area;

interface Setup {
  press: ScriptedPress;
  scheduler: VirtualScheduler;
  operator: ScriptedOperator;
  docs: RunDocument[];
  options: RunOptions;
}

function setup(overrides: Partial<RunOptions> & { heated?: boolean; ramp?: boolean } = {}): Setup {
  const scheduler = new VirtualScheduler(T0);
  const press = new ScriptedPress({ scheduler, capacity: 100e3, heated: overrides.heated ?? false });
  const operator = new ScriptedOperator(scheduler);
  const { sink, docs } = collectingSink();
  const { heated: _h, ramp, ...rest } = overrides;
  const options: RunOptions = {
    compiled: classic.compiled,
    protocolText: classic.text,
    press: ramp === false ? withoutRamp(press) : press,
    operator,
    scheduler,
    sink,
    runId: "run-1",
    version: "test",
    operateFor: 60,
    ...rest,
  };
  return { press, scheduler, operator, docs, options };
}

const stops = (docs: RunDocument[]) => docs.filter((d): d is RunStopDocument => d.type === "run-stop");
const events = (docs: RunDocument[], kind?: string) =>
  docs.filter((d): d is EventDocument => d.type === "event" && (kind === undefined || d.kind === kind));
const samples = (docs: RunDocument[]) => docs.filter((d): d is SampleDocument => d.type === "sample");
const setForces = (cmds: CommandRecord[]) => cmds.filter((c) => c.verb === "setForce" && c.outcome === "ok");
const t = (s: Setup, seconds: number) => T0 / 1000 + seconds;

/** The invariants of every run: one run-stop, last; step-start/end paired; no setpoint above the limit in force. */
function expectWellFormed(s: Setup): void {
  const { docs } = s;
  expect(docs[0]?.type).toBe("run-start");
  expect(stops(docs)).toHaveLength(1);
  expect(docs[docs.length - 1]?.type).toBe("run-stop");
  const starts = docs.filter((d) => d.type === "step-start").map((d) => (d as { step: number }).step);
  const ends = docs.filter((d) => d.type === "step-end").map((d) => (d as { step: number }).step);
  expect(ends).toEqual(starts);
  // every setpoint sent was within the limit in force of the step it was sent in (the step's segments' limits)
  const limitAt = new Map<number, number>();
  for (const seg of s.options.compiled.segments)
    limitAt.set(seg.step, Math.min(limitAt.get(seg.step) ?? Infinity, seg.limits.maxForce ?? Infinity));
  const stepAt = (time: number) => {
    let step = 0;
    for (const d of docs) if (d.type === "step-start" && d.time <= time) step = d.step;
    return step;
  };
  for (const c of setForces(s.press.commands)) {
    const limit = Math.min(limitAt.get(stepAt(c.time)) ?? Infinity, 100e3);
    expect(c.args[0]).toBeLessThanOrEqual(limit * (1 + 1e-9));
  }
}

function expectReleased(s: Setup): void {
  const st = s.press.state();
  expect(st.setpoint).toBe(0);
  expect(st.force).toBeLessThan(100);
}

/** Runs until `when(docs)` is first true, then calls `act`. */
function onDoc(s: Setup, when: (d: RunDocument) => boolean, act: () => void): void {
  const inner = s.options.sink;
  let done = false;
  s.options.sink = (d) => {
    inner(d);
    if (!done && when(d)) {
      done = true;
      act();
    }
  };
}

describe("runProtocol: a full protocol on an ideal press", () => {
  it("completes the classic recipe with the documents of §6, holding the cell at the Operate pressure", async () => {
    const s = setup();
    const outcome = await runProtocol(s.options);
    expect(outcome).toMatchObject({ status: "completed", exitCode: 0 });
    expectWellFormed(s);
    const start = s.docs[0];
    expect(start).toMatchObject({
      type: "run-start",
      run: "run-1",
      name: classic.compiled.name,
      die: { "Diameter [mm]": 10, "Rating [MPa]": 740 },
      press: "scripted (ideal press)",
      steps: 7,
      version: "test",
    });
    expect((start as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((start as { options: Record<string, unknown> }).options["Operate for [s]"]).toBe(60);
    expect(s.docs.filter((d) => d.type === "step-start").map((d) => (d as { step: number }).step)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    // the operator was asked for each layer, in the protocol's words
    expect(s.operator.asked.map((r) => r.text)).toEqual([
      "Put the separator in the die and confirm",
      "Put the cathode in the die (on top) and confirm",
      "Put the anode in the die (on bottom) and confirm",
    ]);
    // ≥ 10 samples per second while pressing: step 2 lasts 50 s ramp + 120 s hold + release
    const step2 = samples(s.docs).filter((d) => d.step === 2);
    const span = step2[step2.length - 1]!["Test time [s]"] - step2[0]!["Test time [s]"];
    expect(step2.length / span).toBeGreaterThanOrEqual(9.9);
    const atHold = step2.find((d) => d["Force [kN]"] !== null && Math.abs(d["Force [kN]"] - 19.635) < 0.01)!;
    expect(atHold["Pressure [MPa]"]).toBeCloseTo(250, 1);
    expect(atHold["Position [mm]"]).toBeCloseTo(1 - 19.635 / 1000, 6);
    expect(atHold["Temperature [degC]"]).toBeCloseTo(25, 6);
    // the hold lasted its 2 min at the target
    const held = step2.filter((d) => Math.abs((d["Force [kN]"] ?? 0) - 19.635) < 0.06);
    expect(held.length).toBeGreaterThanOrEqual(1200);
    // at the end the cell is under the Operate pressure, as the contract says
    expect(s.press.state().setpoint).toBeCloseTo(75e6 * AREA, 6);
    expect(events(s.docs, "note").some((e) => /stays under 75 MPa/.test(e.message))).toBe(true);
  });

  it("lowers the limit in force as the Li enters the die: nothing above 50 MPa is commanded after it", async () => {
    const s = setup();
    await runProtocol(s.options);
    const liIn = s.docs.find((d) => d.type === "event" && /^--yes|confirmed: Put the anode/.test(d.message))!;
    expect(liIn).toBeDefined();
    const after = setForces(s.press.commands).filter((c) => c.time >= liIn.time && c.time < t(s, 1e9));
    const before = setForces(s.press.commands).filter((c) => c.time < liIn.time);
    expect(Math.max(...before.map((c) => c.args[0]!))).toBeCloseTo(500e6 * AREA, 3);
    // until the Operate step, whose limit is its band maximum
    const operateStart = s.docs.find((d) => d.type === "step-start" && d.step === 7)!.time;
    const pressLi = after.filter((c) => c.time < operateStart);
    expect(pressLi.length).toBeGreaterThan(0);
    for (const c of pressLi) expect(c.args[0]!).toBeLessThanOrEqual(50e6 * AREA * (1 + 1e-9));
    expect(
      events(s.docs, "note").some((e) => /limit in force from step 5: 3\.927 kN \(50 MPa/.test(e.message)),
    ).toBe(true);
  });

  it("trips when the force goes 10 % above 50 MPa with the Li in, though it would be nothing at step 4", async () => {
    const s = setup();
    let inStep6 = false;
    onDoc(
      s,
      (d) => d.type === "step-start" && d.step === 6,
      () => (inStep6 = true),
    );
    s.press.injectForce((_time, f) => (inStep6 && f > 3000 ? f * 1.1 : f));
    const outcome = await runProtocol(s.options);
    expect(outcome).toMatchObject({ status: "interlock", exitCode: 3 });
    expect(events(s.docs, "interlock")[0]!.message).toMatch(/above the limit in force 3\.927 kN \(50 MPa/);
    expect(events(s.docs, "interlock")[0]!.step).toBe(6);
    expectWellFormed(s);
    s.press.injectForce(null);
    expectReleased(s);
  });

  it("answers Add prompts with --yes and records that it did", async () => {
    const s = setup({ yes: true });
    await runProtocol(s.options);
    expect(s.operator.asked).toHaveLength(0);
    expect(events(s.docs, "operator").map((e) => e.message)).toContain(
      "--yes answered: Put the separator in the die and confirm",
    );
  });

  it("streams setpoints along the ramp when the press cannot ramp, never faster than the rate", async () => {
    const s = setup({ ramp: false, operateFor: 5 });
    const outcome = await runProtocol(s.options);
    expect(outcome.status).toBe("completed");
    expectWellFormed(s);
    const firstRamp = setForces(s.press.commands).filter((c) => c.time <= t(s, 60));
    // 250 MPa at 5 MPa/s: 50 s of setpoints at 10 Hz
    expect(firstRamp.length).toBeGreaterThanOrEqual(490);
    const rate = 5e6 * AREA;
    for (let i = 1; i < firstRamp.length; i++) {
      const a = firstRamp[i - 1]!;
      const b = firstRamp[i]!;
      expect(b.args[0]! - a.args[0]!).toBeLessThanOrEqual(rate * Math.max(0.1, b.time - a.time) + 1e-6);
    }
    expect(Math.max(...firstRamp.map((c) => c.args[0]!))).toBeCloseTo(250e6 * AREA, 6);
  });

  it("runs at 100 Hz", async () => {
    const text = [
      "name: quick",
      "die: { diameter: 10 mm, rating: 740 MPa }",
      "layers:",
      "  separator: { material: Li6PS5Cl, mass: 80 mg }",
      "steps:",
      "  - Add separator",
      "  - Press to 100 MPa at 20 MPa/s, hold 10 s",
    ].join("\n");
    const compiled = checkText("quick.yaml", text).compiled!;
    const s = setup({ controlPeriod: 0.01, compiled, protocolText: text });
    const outcome = await runProtocol(s.options);
    expect(outcome).toMatchObject({ status: "completed", reason: "completed; the press is released" });
    expectReleased(s);
    const step2 = samples(s.docs).filter((d) => d.step === 2);
    const span = step2[step2.length - 1]!["Test time [s]"] - step2[0]!["Test time [s]"];
    expect(step2.length / span).toBeGreaterThan(99);
  });
});

describe("runProtocol: interlocks", () => {
  /** Runs the classic recipe with a fault injected once step `step` has started (+ `after` s). */
  async function faulted(
    step: number,
    after: number,
    inject: (s: Setup) => void,
    o: Partial<RunOptions> = {},
  ) {
    const s = setup(o);
    onDoc(
      s,
      (d) => d.type === "step-start" && d.step === step,
      () => {
        const at = s.scheduler.now() + after * 1000;
        s.press.injectForce((time, f) => f);
        const check = () => s.scheduler.now() >= at;
        const wrapped = s.press.read.bind(s.press);
        let fired = false;
        s.press.read = async () => {
          if (!fired && check()) {
            fired = true;
            inject(s);
          }
          return wrapped();
        };
      },
    );
    const outcome = await runProtocol(s.options);
    expectWellFormed(s);
    return { s, outcome };
  }

  it("overshoot above the limit: releases within 0.25 s, run-stop interlock, exit 3", async () => {
    let overAt = 0;
    // with the cathode in, the limit at step 4 is the die's 740 MPa (58.119 kN); 1.6 × 39.27 kN is above it
    const { s, outcome } = await faulted(4, 150, (s) =>
      s.press.injectForce((time, f) => {
        const over = f * 1.6;
        if (overAt === 0) overAt = time;
        return over;
      }),
    );
    expect(outcome).toMatchObject({ status: "interlock", exitCode: 3 });
    const msg = events(s.docs, "interlock")[0]!.message;
    expect(msg).toMatch(
      /measured force 62\.83\d* kN is above the limit in force 58\.119 kN \(740 MPa on this die: die rating\) by 8\.1 %/,
    );
    const release = s.press.commands.find((c) => c.verb === "release" && c.time >= overAt)!;
    expect(release.time - overAt).toBeLessThanOrEqual(0.25);
    expect(stops(s.docs)[0]!.reason).toBe(msg);
    s.press.injectForce(null);
    expectReleased(s);
  });

  it("a force that does not fall within 1 s of the release: e-stop", async () => {
    const { s, outcome } = await faulted(4, 150, (s) => s.press.injectForce(() => 62e3));
    expect(outcome.status).toBe("interlock");
    const release = s.press.commands.filter((c) => c.verb === "release").pop()!;
    const estop = s.press.commands.find((c) => c.verb === "estop")!;
    expect(estop.time - release.time).toBeGreaterThanOrEqual(1 - 1e-9);
    expect(estop.time - release.time).toBeLessThanOrEqual(1.15);
    expect(events(s.docs, "interlock").some((e) => /e-stop/.test(e.message))).toBe(true);
  });

  it("a sudden force drop during a hold: fracture suspected, safe stop", async () => {
    const { s, outcome } = await faulted(4, 150, (s) => s.press.injectForce((_t, f) => f * 0.8));
    expect(outcome).toMatchObject({ status: "interlock", exitCode: 3 });
    expect(events(s.docs, "interlock")[0]!.message).toMatch(/fracture suspected/);
    s.press.injectForce(null);
    expectReleased(s);
  });

  it("a slow leak (2 %/min) does not trip the fracture interlock, and is noted", async () => {
    const s = setup();
    let leakFrom = 0;
    onDoc(
      s,
      (d) => d.type === "step-start" && d.step === 4,
      () => (leakFrom = s.scheduler.now() / 1000 + 110),
    );
    // the leak lasts until the hold ends (the release then vents as usual)
    onDoc(
      s,
      (d) =>
        d.type === "sample" &&
        d.step === 4 &&
        d["Force setpoint [kN]"] !== null &&
        d["Force setpoint [kN]"] < 39 &&
        d.time > leakFrom,
      () => (leakFrom = 0),
    );
    s.press.injectForce((time, f) =>
      leakFrom && time > leakFrom ? f * Math.max(0.8, 1 - (0.02 / 60) * (time - leakFrom)) : f,
    );
    const outcome = await runProtocol(s.options);
    expect(outcome.reason).toBe("completed; the cell is held at the Operate pressure");
    expect(events(s.docs, "note").some((e) => /below the target .* leak\?/.test(e.message))).toBe(true);
  });

  it("a ram jump at constant force: extrusion suspected, safe stop", async () => {
    const { s, outcome } = await faulted(2, 100, (s) =>
      s.press.override({ position: 1e-3 - 19.635e-6 - 60e-6 }),
    );
    expect(outcome).toMatchObject({ status: "interlock", exitCode: 3 });
    expect(events(s.docs, "interlock")[0]!.message).toMatch(/ram moved 60\.0 µm .*extrusion suspected/);
    s.press.override(null);
    expectReleased(s);
  });

  it("lost communication: fault, release tried once and recorded", async () => {
    const { s, outcome } = await faulted(4, 30, (s) => s.press.script.failReadsAfter(0, "link-lost"));
    expect(outcome).toMatchObject({ status: "fault", exitCode: 3 });
    const ev = events(s.docs, "interlock")[0]!;
    expect(ev.message).toMatch(/lost communication/);
    expect(s.press.commands.filter((c) => c.verb === "release" && c.time >= ev.time)).toHaveLength(1);
    expect(
      events(s.docs, "note").some((e) => /release sent after the communication failure/.test(e.message)),
    ).toBe(true);
    expectReleased(s);
  });

  it("a dead link where release fails too: e-stop tried, recorded", async () => {
    const { s, outcome } = await faulted(4, 30, (s) => s.press.script.failAll("link-lost"));
    expect(outcome.status).toBe("fault");
    const ev = events(s.docs, "interlock")[0]!;
    expect(s.press.commands.filter((c) => c.verb === "release" && c.time >= ev.time)).toHaveLength(1);
    expect(s.press.commands.filter((c) => c.verb === "estop")).toHaveLength(1);
    expect(
      events(s.docs, "note").some((e) => /estop failed .* use the press's own e-stop/.test(e.message)),
    ).toBe(true);
  });

  it("garbage readings: tolerated for 1 s, then a fault", async () => {
    let from = 0;
    const { s, outcome } = await faulted(4, 30, (s) => {
      from = s.scheduler.now() / 1000;
      s.press.script.failReadsAfter(0, "garbage");
    });
    expect(outcome.status).toBe("fault");
    const ev = events(s.docs, "interlock")[0]!;
    expect(ev.message).toMatch(/no valid reading for 1 s/);
    expect(ev.time - from).toBeGreaterThan(1);
    expect(ev.time - from).toBeLessThanOrEqual(1.25);
    expect(s.press.state().setpoint).toBe(0);
  });

  it("NaN in a reading is garbage", async () => {
    const { s, outcome } = await faulted(4, 30, (s) => s.press.override({ force: NaN }));
    expect(outcome.status).toBe("fault");
    expect(events(s.docs, "interlock")[0]!.message).toMatch(/no valid reading/);
  });

  it.each([
    ["estop", /e-stop latched/],
    ["fault", /reports a fault/],
  ] as const)("the %s status bit stops the run as a fault", async (bit, re) => {
    const { s, outcome } = await faulted(4, 30, (s) => s.press.override({ status: { [bit]: true } }));
    expect(outcome).toMatchObject({ status: "fault", exitCode: 3 });
    expect(events(s.docs, "interlock")[0]!.message).toMatch(re);
    s.press.override(null);
    expectReleased(s);
  });

  it("a temperature above the limit in force stops the run and cools the platen", async () => {
    const heated = example("heated-press");
    const seg = heated.compiled.segments.find((g) => g.step === 3 && g.kind === "hold")!;
    expect(seg.limits.maxTemperature).not.toBeNull();
    const { s, outcome } = await faulted(
      3,
      100,
      (s) => s.press.override({ temperature: seg.limits.maxTemperature! + 5 }),
      {
        compiled: heated.compiled,
        protocolText: heated.text,
        heated: true,
      },
    );
    expect(outcome).toMatchObject({ status: "interlock", exitCode: 3 });
    expect(events(s.docs, "interlock")[0]!.message).toMatch(/temperature .* °C is above the limit in force/);
    const last = s.press.commands.filter((c) => c.verb === "setTemperature").pop()!;
    expect(last.args[0]).toBeCloseTo(298.15, 6);
    s.press.override(null);
    expectReleased(s);
  });

  it("a protocol that asks for more than its limit is refused before anything is sent", async () => {
    const failure = example("classic-failure-whole-stack");
    const s = setup({ compiled: failure.compiled, protocolText: failure.text });
    const outcome = await runProtocol(s.options);
    expect(outcome).toMatchObject({ status: "interlock", exitCode: 3 });
    expect(stops(s.docs)[0]!.reason).toMatch(
      /step 5 asks for 31\.416 kN \(400 MPa\), above the limit in force 3\.927 kN .*nothing was loaded/,
    );
    expect(s.press.commands.filter((c) => c.verb !== "connect")).toEqual([]);
    expect(s.press.commands.filter((c) => c.verb === "connect")).toEqual([]);
    expectWellFormed(s);
  });

  it("a heated protocol on a press without heating is refused before anything is sent", async () => {
    const heated = example("heated-press");
    const s = setup({ compiled: heated.compiled, protocolText: heated.text });
    const outcome = await runProtocol(s.options);
    expect(outcome.status).toBe("fault");
    expect(outcome.reason).toMatch(/needs a heated press/);
    expect(s.press.commands).toEqual([]);
  });

  it("a press that refuses a command: fault, released", async () => {
    const { s, outcome } = await faulted(4, 0, (s) => s.press.script.failNext("setForce", "refused"));
    expect(outcome.status).toBe("fault");
    expect(outcome.reason).toMatch(/the press refused setForce/);
    expectReleased(s);
  });

  it("an unreachable press: fault, nothing else sent", async () => {
    const scheduler = new VirtualScheduler(T0);
    const s = setup({ scheduler });
    const press = new ScriptedPress({ scheduler, unreachable: true });
    s.options.press = press;
    const outcome = await runProtocol(s.options);
    expect(outcome).toMatchObject({ status: "fault", exitCode: 3 });
    expect(press.commands.map((c) => c.verb)).toEqual(["connect"]);
    expect(stops(s.docs)).toHaveLength(1);
  });
});

describe("runProtocol: stop, pause, failures around the engine", () => {
  it("a safe stop ramps down at the protocol's release rate, then releases: aborted, exit 3", async () => {
    const s = setup();
    const control = new RunControl();
    s.options.signal = control;
    onDoc(
      s,
      (d) => d.type === "sample" && d.step === 4 && (d["Force [kN]"] ?? 0) > 39.2,
      () => control.requestStop(),
    );
    const outcome = await runProtocol(s.options);
    expect(outcome).toMatchObject({
      status: "aborted",
      exitCode: 3,
      reason: "stop requested (finish safely)",
    });
    expectWellFormed(s);
    const down = setForces(s.press.commands).pop()!;
    expect(down.args).toEqual([0, expect.closeTo(5e6 * AREA, 6)]);
    const release = s.press.commands.filter((c) => c.verb === "release").pop()!;
    // 39.27 kN at 0.393 kN/s: 100 s, less the last 0.5 kN ("released" on a 100 kN press)
    expect(release.time - down.time).toBeGreaterThan(98);
    expect(release.time - down.time).toBeLessThan(102);
    expectReleased(s);
  });

  it("a second stop request releases at once", async () => {
    const s = setup();
    const control = new RunControl();
    s.options.signal = control;
    onDoc(
      s,
      (d) => d.type === "sample" && d.step === 4 && (d["Force [kN]"] ?? 0) > 39.2,
      () => control.requestStop(),
    );
    let second = 0;
    onDoc(
      s,
      (d) => d.type === "sample" && control.stopRequested === "safe" && (d["Force [kN]"] ?? 99) < 35,
      () => {
        second = s.scheduler.now() / 1000;
        control.requestStop();
      },
    );
    const outcome = await runProtocol(s.options);
    expect(outcome.status).toBe("aborted");
    const release = s.press.commands.filter((c) => c.verb === "release").pop()!;
    expect(release.time - second).toBeLessThanOrEqual(0.15);
    expect(events(s.docs, "operator").some((e) => /second stop request/.test(e.message))).toBe(true);
    expectReleased(s);
  });

  it('requestStop("now") releases at once without a ramp down', async () => {
    const s = setup();
    const control = new RunControl();
    s.options.signal = control;
    onDoc(
      s,
      (d) => d.type === "sample" && d.step === 4 && (d["Force [kN]"] ?? 0) > 39.2,
      () => control.requestStop("now"),
    );
    const outcome = await runProtocol(s.options);
    expect(outcome.status).toBe("aborted");
    const last = setForces(s.press.commands).pop()!;
    expect(last.args[0]).toBeGreaterThan(39e3);
    expectReleased(s);
  });

  it("an abort during Operate releases the cell and says so", async () => {
    const s = setup({ operateFor: 3600 });
    const control = new RunControl();
    s.options.signal = control;
    onDoc(
      s,
      (d) => d.type === "sample" && d.step === 7 && d["Test time [s]"] > 1200,
      () => control.requestStop(),
    );
    const outcome = await runProtocol(s.options);
    expect(outcome.status).toBe("aborted");
    expect(outcome.reason).toMatch(/the cell was released \(stack pressure removed\)/);
    expectReleased(s);
  });

  it("pause holds the load and freezes the hold timer; resume continues", async () => {
    const s = setup({ operateFor: 1 });
    const control = new RunControl();
    s.options.signal = control;
    let pausedAt = 0;
    onDoc(
      s,
      (d) => d.type === "sample" && d.step === 2 && d["Force [kN]"] !== null && d["Force [kN]"] > 19.6,
      () => {
        pausedAt = s.scheduler.now() / 1000;
        control.pause();
      },
    );
    onDoc(
      s,
      (d) => pausedAt > 0 && d.time > pausedAt + 30,
      () => control.resume(),
    );
    const outcome = await runProtocol(s.options);
    expect(outcome.status).toBe("completed");
    const ops = events(s.docs, "operator").map((e) => e.message);
    expect(ops.some((m) => /^paused at step 2/.test(m))).toBe(true);
    expect(ops.some((m) => /^resumed at step 2/.test(m))).toBe(true);
    const step2 = s.docs.filter((d) => (d.type === "step-start" || d.type === "step-end") && d.step === 2);
    const length = step2[1]!.time - step2[0]!.time;
    // 50 s ramp + 120 s hold + 50 s release + 30 s paused
    expect(length).toBeGreaterThan(249);
    expect(length).toBeLessThan(253);
    // samples kept coming while paused
    const during = samples(s.docs).filter((d) => d.time > pausedAt + 1 && d.time < pausedAt + 29);
    expect(during.length).toBeGreaterThanOrEqual(270);
  });

  it("pause during a ramp stops it where the force is; resume completes it", async () => {
    const s = setup({ operateFor: 1 });
    const control = new RunControl();
    s.options.signal = control;
    let pausedAt = 0;
    onDoc(
      s,
      (d) => d.type === "sample" && d.step === 2 && (d["Force [kN]"] ?? 0) > 10,
      () => {
        pausedAt = s.scheduler.now() / 1000;
        control.pause();
      },
    );
    onDoc(
      s,
      (d) => pausedAt > 0 && d.time > pausedAt + 10,
      () => control.resume(),
    );
    const outcome = await runProtocol(s.options);
    expect(outcome.status).toBe("completed");
    const during = samples(s.docs).filter((d) => d.time > pausedAt + 1 && d.time < pausedAt + 9);
    const forces = during.map((d) => d["Force [kN]"]!);
    expect(Math.max(...forces) - Math.min(...forces)).toBeLessThan(0.001);
    expect(Math.max(...forces)).toBeLessThan(10.2);
  });

  it("a sink that throws does not prevent the release", async () => {
    const s = setup();
    let n = 0;
    s.options.sink = (d) => {
      s.docs.push(d);
      if (d.type === "sample" && d.step === 4 && ++n > 300) throw new Error("disk full");
    };
    const outcome = await runProtocol(s.options);
    expect(outcome).toMatchObject({ status: "fault", exitCode: 3 });
    expect(outcome.reason).toMatch(/recording the run failed: disk full/);
    expect(stops(s.docs)).toHaveLength(1);
    expectReleased(s);
  });

  it("an operator who throws something unexpected (a bug) ends in a fault, released", async () => {
    const s = setup();
    s.options.operator = {
      ask: (r) => {
        if (/cathode/.test(r.text)) return Promise.reject(new TypeError("x is undefined"));
        return Promise.resolve({ confirmed: true, by: "t", time: 0 });
      },
      tell: () => {},
    };
    const outcome = await runProtocol(s.options);
    expect(outcome).toMatchObject({ status: "fault", exitCode: 3 });
    expect(outcome.reason).toMatch(/internal error: x is undefined/);
    expectWellFormed(s);
    expectReleased(s);
  });

  it("an operator who does not confirm aborts the run", async () => {
    const s = setup();
    s.options.operator = new ScriptedOperator(s.scheduler, (r) => !/anode/.test(r.text));
    const outcome = await runProtocol(s.options);
    expect(outcome.status).toBe("aborted");
    expect(outcome.reason).toMatch(/did not confirm "Put the anode/);
    expectWellFormed(s);
  });

  it("a press that throws a non-PressError from read: fault, run-stop last", async () => {
    const s = setup();
    onDoc(
      s,
      (d) => d.type === "step-start" && d.step === 4,
      () => {
        s.press.read = () => Promise.reject(new RangeError("boom"));
      },
    );
    const outcome = await runProtocol(s.options);
    expect(outcome.status).toBe("fault");
    expectWellFormed(s);
    expect(s.press.state().setpoint).toBe(0);
  });
});
