import { describe, expect, it } from "vitest";
import { checkText } from "../protocol/check.js";
import { RunControl } from "./control.js";
import { runProtocol } from "./runner.js";
import { ScriptedOperator } from "./testing.js";
import {
  classic,
  AREA,
  setup,
  stops,
  events,
  samples,
  setForces,
  t,
  expectWellFormed,
  expectReleased,
  onDoc,
} from "./run-harness.case.js";

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
