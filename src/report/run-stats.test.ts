import { describe, expect, it } from "vitest";
import type { SampleDocument } from "../engine/documents.js";
import { AREA_MM2, HOLD_KN, iterate, syntheticRun, T0 } from "./run-fixture.case.js";
import { RunStatistics, stepStatistics } from "./run-stats.js";

describe("run statistics per step", () => {
  it("finds peaks, the hold after the force settles, the final position and durations", async () => {
    const { record, samples } = syntheticRun();
    const stats = await stepStatistics(record, iterate(samples));
    expect(stats.map((s) => s.step)).toEqual([1, 2, 3, 4]);
    const [add, press, release, operate] = stats as [
      (typeof stats)[0],
      (typeof stats)[0],
      (typeof stats)[0],
      (typeof stats)[0],
    ];

    expect(add.Samples).toBe(20);
    expect(add["Peak force [kN]"]).toBe(0);
    expect(add["Final position [mm]"]).toBe(12);
    expect(add["Hold force mean [kN]"]).toBeNull(); // a setpoint of 0 has no hold
    expect(add["Duration [s]"]).toBeCloseTo(2, 6);
    expect(add.started).toBe(new Date(T0 * 1000).toISOString());

    expect(press.Samples).toBe(300);
    expect(press["Peak force [kN]"]).toBeCloseTo(HOLD_KN * 1.002, 9);
    expect(press["Peak pressure [MPa]"]).toBeCloseTo(250 * 1.002, 6);
    // the hold starts at the 6th sample after the setpoint stopped (the first within 1 %): 195 samples
    // alternating +0.2 % (98 of them) and −0.2 % (97)
    expect(press["Hold force mean [kN]"]).toBeCloseTo(HOLD_KN * (1 + 0.002 / 195), 9);
    const held = Array.from({ length: 195 }, (_, i) => HOLD_KN * (1 + ((i + 5) % 2 ? 0.002 : -0.002)));
    const mean = held.reduce((a, b) => a + b, 0) / held.length;
    const std = Math.sqrt(held.reduce((a, b) => a + (b - mean) ** 2, 0) / (held.length - 1));
    expect(press["Hold force std [kN]"]).toBeCloseTo(std, 9);
    expect(press["Hold pressure mean [MPa]"]).toBeCloseTo(250 * (1 + 0.002 / 195), 6);
    expect(press["Hold pressure std [MPa]"]).toBeCloseTo((std * 1000) / AREA_MM2, 6);
    expect(press["Hold duration [s]"]).toBeCloseTo(19.4, 6);
    expect(press["Final position [mm]"]).toBeCloseTo(11 - 199 * 0.001, 9);
    expect(press["Duration [s]"]).toBeCloseTo(30, 6);

    expect(release["Hold force mean [kN]"]).toBeNull();
    expect(release["Peak force [kN]"]).toBeCloseTo((HOLD_KN * 49) / 50, 9);

    // per-second summaries: the peak comes from Force max
    const f = (5 * AREA_MM2) / 1000;
    expect(operate.Samples).toBe(10);
    expect(operate["Peak force [kN]"]).toBeCloseTo(f * 1.05, 9);
    expect(operate["Peak pressure [MPa]"]).toBeCloseTo(5 * 1.05, 9);
    expect(operate["Hold force mean [kN]"]).toBeCloseTo(f, 9);
    expect(operate["Hold force std [kN]"]).toBe(0);
    expect(operate["Max temperature [degC]"]).toBeCloseTo(25.9, 9);
    expect(operate.ended).not.toBeNull();
  });

  it("a run with no samples still lists its steps, with null statistics", async () => {
    const { record } = syntheticRun({ withSamples: false });
    const stats = await stepStatistics(record, iterate([]));
    expect(stats).toHaveLength(4);
    for (const s of stats) {
      expect(s.Samples).toBe(0);
      expect(s["Peak force [kN]"]).toBeNull();
      expect(s["Hold force std [kN]"]).toBeNull();
      expect(s["Final position [mm]"]).toBeNull();
      expect(s["Duration [s]"]).toBeGreaterThan(0); // from the step documents
    }
  });

  it("an interrupted run's last step lasts until its last sample", async () => {
    const { record, samples } = syntheticRun({ stopped: false });
    expect(record.stop).toBeNull();
    const stats = await stepStatistics(record, iterate(samples));
    const last = stats[3]!;
    expect(last.ended).toBeNull();
    const first = samples.filter((s) => s.step === 4)[0]!;
    const lastSample = samples.at(-1)!;
    expect(last["Duration [s]"]).toBeCloseTo(lastSample.time - record.steps[3]!.start.time, 9);
    expect(lastSample.time).toBeGreaterThan(first.time);
  });

  it("without a setpoint (manual press) the hold follows the force's peak and restarts when it climbs", () => {
    const { record } = syntheticRun({ withSamples: false });
    const stats = new RunStatistics(record);
    const s = (t: number, force: number | null): SampleDocument => ({
      type: "sample",
      run: record.start.run,
      time: T0 + t,
      step: 2,
      "Test time [s]": t,
      "Force setpoint [kN]": null,
      "Force [kN]": force,
      "Pressure [MPa]": force === null ? null : (force * 1000) / AREA_MM2,
      "Position [mm]": null,
      "Temperature [degC]": null,
    });
    // climbs to 10 kN, holds 10 ± 0.05, one null reading
    for (const [t, f] of [
      [0, 2],
      [1, 6],
      [2, 10],
      [3, 9.95],
      [4, null],
      [5, 10.05],
      [6, 10],
    ] as const)
      stats.add(s(t, f));
    const press = stats.result()[1]!;
    expect(press.Samples).toBe(7);
    expect(press["Peak force [kN]"]).toBe(10.05);
    expect(press["Hold force mean [kN]"]).toBeCloseTo(10, 9);
    expect(press["Hold duration [s]"]).toBe(4);
    // a null force is not a zero
    expect(press["Hold force std [kN]"]).toBeCloseTo(Math.sqrt((0.05 ** 2 * 2) / 3), 9);
  });

  it("a press step that ends with its own release ramp keeps the hold before the ramp", () => {
    const { record } = syntheticRun({ withSamples: false });
    const stats = new RunStatistics(record);
    const s = (t: number, setpoint: number, force: number): SampleDocument => ({
      type: "sample",
      run: record.start.run,
      time: T0 + t,
      step: 2,
      "Test time [s]": t,
      "Force setpoint [kN]": setpoint,
      "Force [kN]": force,
      "Pressure [MPa]": (force * 1000) / AREA_MM2,
      "Position [mm]": null,
      "Temperature [degC]": null,
    });
    // ramp 0 → 10 kN (streamed setpoints), hold 10 s at 10 ± 0.02, then the release ramp to 0
    for (let t = 0; t < 10; t++) stats.add(s(t, t + 1, t + 0.99));
    for (let t = 10; t <= 20; t++) stats.add(s(t, 10, t % 2 ? 10.02 : 9.98));
    for (let t = 21; t <= 30; t++) stats.add(s(t, 30 - t, 30 - t + 0.01));
    const press = stats.result()[1]!;
    // the hold starts at t = 9, where the ramp's last setpoint (10 kN) is reached within 1 %
    expect(press["Hold duration [s]"]).toBe(11);
    expect(press["Hold force mean [kN]"]).toBeCloseTo((9.99 + 6 * 9.98 + 5 * 10.02) / 12, 9);
  });

  it("samples of step 0 or of an unknown step do not disturb the statistics", async () => {
    const { record, samples } = syntheticRun();
    const stray = { ...samples[0]!, step: 0, "Force [kN]": 1e6 };
    const stats = await stepStatistics(record, iterate([stray, ...samples, { ...stray, step: 99 }]));
    expect(Math.max(...stats.map((s) => s["Peak force [kN]"] ?? 0))).toBeLessThan(HOLD_KN * 1.01);
  });
});
