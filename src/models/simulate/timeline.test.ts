import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkText } from "../../protocol/check.js";
import type { CompiledProtocol } from "../../protocol/compile.js";
import { physicsSource, simulationCsv, simulationJson, simulationTable } from "./index.js";
import { simulateProtocol } from "./simulate.js";
import { cutAtShort, POINTS_PER_RAMP, predictedShort } from "./timeline.js";

const example = (name: string): CompiledProtocol => {
  const r = checkText(name, readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8"));
  if (!r.compiled) throw new Error(`${name} did not compile`);
  return r.compiled;
};
const nominal = physicsSource().nominal();
const shown = (p: CompiledProtocol, physics = nominal) => simulateProtocol(p, physics, { timeline: true });

/** Indices of the timeline's points that belong to `step`, with the pressure rising. */
function rampOf(sim: ReturnType<typeof shown>, step: number): number[] {
  const tl = sim.timeline!;
  const out: number[] = [];
  for (let i = 1; i < tl.time.length; i++)
    if (tl.step[i] === step && tl.pressure[i]! > tl.pressure[i - 1]!) out.push(i);
  return out;
}

describe("assembly timeline: density as it happens", () => {
  const sim = shown(example("classic-li-lpscl-nmc811.yaml"));
  const tl = sim.timeline!;

  it("rises smoothly through a ramp: many distinct, increasing densities, not a step at the end", () => {
    const ramp = rampOf(sim, 2); // separator alone, 0 → 250 MPa
    expect(ramp.length).toBe(POINTS_PER_RAMP);
    const d = ramp.map((i) => tl.layers.separator!.relativeDensity[i]!);
    for (let k = 1; k < d.length; k++) expect(d[k]!).toBeGreaterThan(d[k - 1]!);
    expect(new Set(d.map((x) => x.toFixed(4))).size).toBeGreaterThanOrEqual(10);
    // half way up the ramp the powder is already well above its poured density and below its peak
    const poured = tl.layers.separator!.relativeDensity[ramp[0]! - 1]!;
    const mid = d[Math.floor(d.length / 2)]!;
    expect(mid - poured).toBeGreaterThan(0.3 * (d[d.length - 1]! - poured));
    expect(mid).toBeLessThan(d[d.length - 1]! - 0.01);
  });

  it("ends each part where the step results are: under load at the top, released after the release", () => {
    const s2 = sim.steps.find((s) => s.step === 2)!;
    const ramp = rampOf(sim, 2);
    const top = tl.layers.separator!.relativeDensity[ramp[ramp.length - 1]!]!;
    expect(top).toBeCloseTo(s2.layers.separator!.relativeDensityUnderLoad, 6);
    const last = tl.step.lastIndexOf(2);
    expect(tl.pressure[last]).toBe(0);
    expect(tl.layers.separator!.relativeDensity[last]).toBeCloseTo(s2.layers.separator!.relativeDensity, 6);
    // the thickness follows the density of the moment (mass-given layer)
    expect(tl.layers.separator!.thickness[last]! * 1e6).toBeCloseTo(s2.layers.separator!.thickness! * 1e6, 3);
  });

  it("re-pressing below the earlier maximum moves the density elastically, above it along the compaction curve", () => {
    // The slopes of the two branches are the physics' business (a porous pellet's modulus makes the
    // elastic reload about as steep as late compaction); what the timeline must do is follow the right
    // branch at each pressure: the reload of the pellet last pressed to 250 MPa below 250 MPa, the virgin
    // compaction curve under load above it.
    const layer = sim.steps.find((s) => s.step === 4)!;
    const sep = example("classic-li-lpscl-nmc811.yaml").layers.find((l) => l.id === "separator")!;
    const T = layer.temperature;
    const ramp = rampOf(sim, 4);
    let below = 0;
    let above = 0;
    for (const i of ramp) {
      const p = tl.pressure[i]!;
      const d = tl.layers.separator!.relativeDensity[i]!;
      if (p < 250e6) {
        below++;
        expect(d).toBeCloseTo(nominal.relativeDensity(sep, 250e6, T, false, p), 6);
      } else {
        above++;
        expect(d).toBeCloseTo(nominal.relativeDensity(sep, p, T, false, p), 6);
      }
    }
    expect(below).toBeGreaterThan(3);
    expect(above).toBeGreaterThan(3);
    // and the two branches meet at 250 MPa (no jump when the earlier maximum is passed)
    expect(nominal.relativeDensity(sep, 250e6, T, false, 250e6)).toBeCloseTo(
      nominal.relativeDensity(sep, 250e6 * (1 + 1e-9), T, false, 250e6 * (1 + 1e-9)),
      6,
    );
  });

  it("holds at most 50 points per step and is absent unless asked for (Monte Carlo samples)", () => {
    const counts = new Map<number, number>();
    for (const s of tl.step) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const n of counts.values()) expect(n).toBeLessThanOrEqual(50);
    expect(simulateProtocol(example("classic-li-lpscl-nmc811.yaml"), nominal).timeline).toBeUndefined();
  });

  it("a layer has no density before it is in the die", () => {
    const first = tl.layers.cathode!.relativeDensity.findIndex((v) => v !== null);
    expect(tl.step[first]).toBe(3); // "Add cathode on top"
    expect(tl.layers.cathode!.relativeDensity.slice(0, first).every((v) => v === null)).toBe(true);
  });

  it("writes the timeline to JSON (with --series) and to timeline.csv", () => {
    const j = simulationJson(sim, undefined, { series: true }) as { timeline: Record<string, unknown[]> };
    expect(j.timeline["Time [min]"]!.length).toBe(tl.time.length);
    const csv = simulationCsv(sim)["timeline.csv"]!.split("\n");
    expect(csv[0]).toMatch(/^Time \[min\],Step,Pressure \[MPa\],separator relative density \[-\]/);
    expect(csv.length - 2).toBe(tl.time.length);
  });
});

describe("after a predicted short the cell is shorted", () => {
  const at = 10 * 3600;
  const shorting = { ...nominal, timeToShort: () => at };
  const never = { ...nominal, timeToShort: () => Infinity, shortProbability: () => 0 };

  it("a Li cell that shorts at t does not cycle after t", () => {
    const sim = shown(example("classic-li-lpscl-nmc811.yaml"), shorting);
    expect(sim.short).toEqual({ phase: "operation", step: 7, time: at });
    const t = Array.from(sim.operation!.series.time);
    expect(Math.max(...t)).toBe(at);
    expect(t.length).toBeGreaterThan(2); // it cycled before the short
    expect(sim.operation!.duration).toBe(500 * 3600);
    const j = simulationJson(sim) as { operation: Record<string, unknown>; "Predicted short": unknown };
    expect(j.operation["Shorted from [h]"]).toBe(10);
    expect(j["Predicted short"]).toEqual({ Phase: "operation", Step: 7, "Operation time [h]": 10 });
    expect(simulationTable(sim)).toMatch(/cell shorted at 10 h: cycling stops there/);
    const rows = simulationCsv(sim)["operation.csv"]!.trim().split("\n");
    expect(rows[rows.length - 1]).toMatch(/^10,.*,shorted$/);
  });

  it("an unshorted cell cycles for the whole operation", () => {
    const sim = shown(example("classic-li-lpscl-nmc811.yaml"), never);
    expect(sim.short).toBeUndefined();
    const t = sim.operation!.series.time;
    expect(t[t.length - 1]).toBeCloseTo(500 * 3600, 3);
    expect(
      (simulationJson(sim) as { operation: Record<string, unknown> }).operation["Shorted from [h]"],
    ).toBe(null);
  });

  it("a short in assembly leaves the operation no cycling at all", () => {
    const intruding = {
      ...never,
      assemblyIntrusion: (i: Parameters<typeof nominal.assemblyIntrusion>[0]) => ({
        ...nominal.assemblyIntrusion(i),
        shortProbability: 0.9,
      }),
    };
    const sim = shown(example("classic-li-lpscl-nmc811.yaml"), intruding);
    const s6 = sim.steps.find((s) => s.step === 6)!;
    expect(sim.short).toEqual({ phase: "assembly", step: 6, time: s6.end });
    expect(Array.from(sim.operation!.series.time)).toEqual([0]);
    expect(simulationTable(sim)).toMatch(/cell shorted in assembly \(step 6\)/);
  });
});

describe("predictedShort and cutAtShort", () => {
  const steps = [
    { step: 2, kind: "press", end: 100, stepShortProbability: 0.2 },
    { step: 7, kind: "operate", end: 100, stepShortProbability: 1 },
  ];
  it("takes the median: a risk below 1/2 with no time to short is no predicted short", () => {
    expect(predictedShort(steps, { step: 7, timeToShort: Infinity }, 3600)).toBeNull();
    expect(predictedShort(steps, { step: 7, timeToShort: 7200 }, 3600)).toBeNull(); // after the end
    expect(predictedShort(steps, { step: 7, timeToShort: 1800 }, 3600)).toEqual({
      phase: "operation",
      step: 7,
      time: 1800,
    });
  });

  it("ends the trace at the short with an interpolated last point", () => {
    const cut = cutAtShort({ time: [0, 10, 20, 30], pressure: [5, 7, 5, 7] }, 15);
    expect(Array.from(cut.time)).toEqual([0, 10, 15]);
    expect(Array.from(cut.pressure)).toEqual([5, 7, 6]);
    expect(Array.from(cutAtShort({ time: [0, 10], pressure: [5, 7] }, 0).time)).toEqual([0]);
  });
});
