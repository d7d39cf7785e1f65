import { describe, expect, it } from "vitest";
import { VirtualScheduler } from "../core/clock.js";
import { ScriptedPress } from "../devices/fake/scripted-press.js";
import { runProtocol } from "./runner.js";
import {
  T0,
  example,
  setup,
  stops,
  events,
  expectWellFormed,
  expectReleased,
  onDoc,
  type Setup,
} from "./run-harness.case.js";

describe("runProtocol: interlocks", () => {
  /** Runs the classic recipe with a fault injected once step `step` has started (+ `after` s). */
  async function faulted(
    step: number,
    after: number,
    inject: (s: Setup) => void,
    o: Parameters<typeof setup>[0] = {},
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

  it("a sudden force drop while loading: fracture suspected, safe stop", async () => {
    const { s, outcome } = await faulted(4, 50, (s) => s.press.injectForce((_t, f) => f * 0.8));
    expect(outcome).toMatchObject({ status: "interlock", exitCode: 3 });
    expect(events(s.docs, "interlock")[0]!.message).toMatch(/while loading: pellet fracture suspected/);
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
