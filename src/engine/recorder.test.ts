import { describe, expect, it } from "vitest";
import { describeCommands, formatCommand } from "./commands.js";
import { RunControl } from "./control.js";
import type { SampleDocument } from "./documents.js";
import { forceLimit } from "./limit.js";
import { OperateRecorder, sampleDocument } from "./recorder.js";
import { StateMachine } from "./state.js";
import { readFileSync } from "node:fs";
import { checkText } from "../protocol/check.js";

const AREA = Math.PI * 0.005 ** 2;
const ctx = { run: "r", start: 1000, area: AREA };

function doc(t: number, force: number): SampleDocument {
  return sampleDocument(
    ctx,
    {
      time: 1000 + t,
      force,
      setpoint: null,
      position: null,
      temperature: null,
      status: { ready: true, moving: false, atSetpoint: true, fault: false, estop: false },
    },
    7,
    5.89e3,
  );
}

describe("sampleDocument", () => {
  it("carries §6 keys and units, null for what is not measured", () => {
    const d = sampleDocument(
      ctx,
      {
        time: 1012.5,
        force: 19635,
        setpoint: 19635,
        position: 0.98e-3,
        temperature: 393.15,
        status: { ready: true, moving: false, atSetpoint: true, fault: false, estop: false },
      },
      2,
      19635,
    );
    expect(d).toEqual({
      type: "sample",
      run: "r",
      time: 1012.5,
      step: 2,
      "Test time [s]": 12.5,
      "Force setpoint [kN]": 19.635,
      "Force [kN]": 19.635,
      "Pressure [MPa]": 250.0006,
      "Position [mm]": 0.98,
      "Temperature [degC]": 120,
    });
    expect(doc(1, 0)["Position [mm]"]).toBeNull();
  });
});

describe("OperateRecorder", () => {
  it("records one summary a second (mean, min, max) in the band", () => {
    const out: SampleDocument[] = [];
    const rec = new OperateRecorder((d) => out.push(d), AREA);
    for (let i = 1; i <= 36000; i++) rec.add(doc(i / 10, 5890 + (i % 2 ? 10 : -10)));
    rec.flush();
    // one per whole second of test time (0.1–0.9 s, 1.0–1.9 s, …, 3600.0 s)
    expect(out.length).toBe(3601);
    expect(out[1]).toMatchObject({
      "Test time [s]": 1.9,
      "Force [kN]": 5.89,
      "Force min [kN]": 5.88,
      "Force max [kN]": 5.9,
    });
    expect(out[1]!["Pressure [MPa]"]).toBeCloseTo(5890 / AREA / 1e6, 3);
  });

  it("keeps every reading from 5 s before an excursion to 5 s after, once", () => {
    const out: SampleDocument[] = [];
    const rec = new OperateRecorder((d) => out.push(d), AREA);
    for (let i = 1; i <= 600; i++) {
      rec.add(doc(i / 10, 5890));
      if (i === 300) rec.leave();
      if (i === 400) rec.back(40);
    }
    rec.flush();
    const full = out.filter((d) => d["Force min [kN]"] === undefined);
    const times = full.map((d) => d["Test time [s]"]);
    expect(Math.min(...times)).toBeCloseTo(25, 6);
    expect(Math.max(...times)).toBeCloseTo(45, 6);
    expect(new Set(times).size).toBe(times.length);
    // 25..45 s at 10 Hz, and summaries for the rest (0–30 s before and 45–60 s after)
    expect(full.length).toBe(201);
    expect(out.length - full.length).toBeGreaterThanOrEqual(44);
    expect(out.length - full.length).toBeLessThanOrEqual(46);
  });
  it("summarises a long excursion again after 60 s at full rate, then full rate around its end", () => {
    const out: SampleDocument[] = [];
    const rec = new OperateRecorder((d) => out.push(d), AREA);
    // out of the band from 100 s to 1100 s (e.g. a drifting press): 1000 s of excursion
    for (let i = 1; i <= 12_000; i++) {
      rec.add(doc(i / 10, 5890));
      if (i === 1000) rec.leave();
      if (i === 11_000) rec.back(1100);
    }
    rec.flush();
    const full = out.filter((d) => d["Force min [kN]"] === undefined).map((d) => d["Test time [s]"]);
    // 95–160 s (5 s before, 60 s after leaving) and 1100–1105 s (the return): ~701 readings, not 10,000
    expect(full.length).toBeGreaterThan(690);
    expect(full.length).toBeLessThan(720);
    expect(full.filter((t) => t > 161 && t < 1099)).toEqual([]);
    expect(full.filter((t) => t >= 1100 && t <= 1105).length).toBeGreaterThanOrEqual(50);
    // the seconds in between are still there, as summaries
    const summaries = out.filter((d) => d["Force min [kN]"] !== undefined).map((d) => d["Test time [s]"]);
    expect(summaries.filter((t) => t > 161 && t < 1099).length).toBeGreaterThan(930);
  });
});

describe("RunControl", () => {
  it("escalates like Ctrl-C: safe, then now; never back", () => {
    const c = new RunControl();
    expect(c.stopRequested).toBeNull();
    c.requestStop();
    expect(c.stopRequested).toBe("safe");
    c.requestStop();
    expect(c.stopRequested).toBe("now");
    c.requestStop("safe");
    expect(c.stopRequested).toBe("now");
    c.pause();
    expect(c.pauseRequested).toBe(true);
    c.resume();
    expect(c.pauseRequested).toBe(false);
  });
});

describe("StateMachine", () => {
  it("allows the documented transitions and refuses others", () => {
    const seen: string[] = [];
    const m = new StateMachine((_f, t) => seen.push(t));
    m.to("connecting");
    m.to("running");
    m.to("pausing");
    m.to("paused");
    m.to("running");
    m.to("finishing");
    m.to("stopped");
    expect(seen).toEqual(["connecting", "running", "pausing", "paused", "running", "finishing", "stopped"]);
    expect(() => m.to("running")).toThrow(/no transition from stopped to running/);
  });
});

describe("forceLimit", () => {
  it("takes the lowest of the protocol's limit and the capacities known outside it", () => {
    const limits = {
      maxPressure: 500e6,
      maxForce: 500e6 * AREA,
      maxTemperature: null,
      sources: [
        {
          quantity: "pressure" as const,
          value: 500e6,
          what: "die rating",
          basis: "equipment" as const,
          citations: [],
        },
      ],
    };
    expect(forceLimit(limits, [{ force: null, what: "x" }])).toEqual({
      force: 500e6 * AREA,
      what: "die rating",
    });
    expect(forceLimit(limits, [{ force: 30e3, what: "press capacity" }])).toEqual({
      force: 30e3,
      what: "press capacity",
    });
    expect(forceLimit({ ...limits, maxPressure: null, maxForce: null }, []).force).toBe(Infinity);
  });
});

describe("describeCommands", () => {
  const text = readFileSync("examples/classic-li-lpscl-nmc811.yaml", "utf8");
  const compiled = checkText("classic.yaml", text).compiled!;
  const caps = {
    ramp: true,
    heating: false,
    position: true,
    temperature: true,
    manual: false,
    capacity: 98e3,
    releaseTime: 5,
  };

  it("lists what the engine would send, with units and nominal times", () => {
    const cmds = describeCommands(compiled, caps, { operateFor: 120 });
    expect(cmds[0]).toMatchObject({
      "Time [s]": 0,
      step: 1,
      verb: "ask",
      text: "ask: Put the separator in the die and confirm",
    });
    expect(cmds[1]).toMatchObject({
      step: 2,
      verb: "setForce",
      args: { "Force [kN]": 19.635, "Rate [kN/s]": 0.393 },
    });
    expect(cmds.find((c) => c.verb === "hold")).toMatchObject({
      "Time [s]": 50,
      args: { "Duration [s]": 120 },
    });
    expect(cmds.filter((c) => c.verb === "release")).toHaveLength(3);
    const last = cmds[cmds.length - 1]!;
    expect(last).toMatchObject({ step: 7, verb: "hold", args: { "Duration [s]": 120 } });
    expect(formatCommand(cmds[1]!)).toMatch(/^\s+0\.0 s {2}step 2 {3}setForce 19\.635 kN at 0\.393 kN\/s$/);
  });

  it("says the setpoints are streamed when the press cannot ramp", () => {
    const cmds = describeCommands(compiled, { ...caps, ramp: false }, { yes: true });
    expect(cmds[1]!.text).toBe(
      "setForce streamed: 500 setpoints every 0.1 s from 0 to 19.635 kN (0.393 kN/s)",
    );
    expect(cmds[0]!.text).toMatch(/^ask \(answered by --yes\)/);
  });
});
