import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VirtualScheduler } from "../../core/clock.js";
import { simulate } from "../../models/simulate/index.js";
import { checkText } from "../../protocol/check.js";
import { findLayer, type CompiledProtocol } from "../../protocol/compile.js";
import { createTwin, type TwinPress, type TwinState } from "./twin.js";

const T0 = 1_700_000_000_000;

const example = (name: string): CompiledProtocol => {
  const file = new URL(`../../../examples/${name}`, import.meta.url);
  const r = checkText(name, readFileSync(file, "utf8"));
  if (!r.compiled) throw new Error(`${name} did not compile`);
  return r.compiled;
};

/**
 * Runs a compiled protocol's segments on the twin the simplest way (no engine): ramps and holds as
 * setpoints and sleeps, layers placed at place segments. Returns the twin's state at the end of every
 * press step's hold, and the number of reads taken at `hz`.
 */
async function runOnTwin(
  c: CompiledProtocol,
  twin: TwinPress,
  s: VirtualScheduler,
  hz = 0,
  operateFor = 600,
): Promise<{
  holds: Map<number, TwinState>;
  reads: number;
  trace: { force: number; position: number; step: number }[];
}> {
  const holds = new Map<number, TwinState>();
  const trace: { force: number; position: number; step: number }[] = [];
  let reads = 0;
  let step = 0;
  await twin.connect();
  const wait = async (seconds: number): Promise<void> => {
    if (hz <= 0) return s.sleep(seconds * 1000);
    const period = 1000 / hz;
    for (let t = 0; t < seconds * 1000; t += period) {
      const r = await twin.read();
      reads++;
      trace.push({ force: r.force, position: r.position!, step });
      await s.sleep(period);
    }
  };
  for (const seg of c.segments) {
    if (seg.step !== step) twin.markStep((step = seg.step));
    switch (seg.kind) {
      case "place":
        twin.placeLayer(findLayer(c, seg.layer)!, seg.position);
        break;
      case "ramp":
        await twin.setForce(seg.toForce, seg.forceRate);
        await wait(seg.duration + 2); // the lag closes in within a few time constants
        break;
      case "hold":
        await wait(seg.duration);
        holds.set(seg.step, twin.state());
        break;
      case "release":
        await twin.release();
        await wait(twin.capabilities.releaseTime);
        break;
      case "heat":
        await twin.setTemperature(seg.to);
        await wait(seg.duration);
        break;
      case "wait":
        await wait(seg.duration);
        break;
      case "operate":
        await twin.setForce(seg.force, seg.force / 10);
        await wait(Math.min(seg.duration, operateFor));
        break;
      case "prompt":
        break;
    }
  }
  await twin.close();
  return { holds, reads, trace };
}

describe("digital twin and simulate agree on the same protocol", () => {
  it("relative densities and stack thickness at the end of every press step's hold, within 1 %", async () => {
    const c = example("classic-li-lpscl-nmc811.yaml");
    const sim = simulate(c);
    const s = new VirtualScheduler(T0);
    const twin = createTwin({
      scheduler: s,
      dieDiameter: c.die.diameter,
      capacity: c.press!.capacity!,
      seed: 3,
    });
    const { holds } = await runOnTwin(c, twin, s);
    const pressSteps = c.steps.filter((x) => x.kind === "press");
    expect(pressSteps.length).toBe(3);
    for (const step of pressSteps) {
      const at = holds.get(step.step)!;
      const result = sim.steps.find((x) => x.step === step.step)!;
      let stack = 0;
      for (const l of at.layers) {
        const predicted = result.layers[l.id]!;
        expect(l.relativeDensity, `step ${step.step} ${l.id}`).toBeGreaterThan(
          predicted.relativeDensityUnderLoad * 0.99,
        );
        expect(l.relativeDensity, `step ${step.step} ${l.id}`).toBeLessThan(
          predicted.relativeDensityUnderLoad * 1.01,
        );
        // simulate reports thicknesses once released: scale to the density under load (h ∝ 1/D).
        const released = predicted.thickness!;
        const underLoad =
          findLayer(c, l.id)!.mass !== undefined
            ? (released * predicted.relativeDensity) / predicted.relativeDensityUnderLoad
            : released;
        expect(l.thickness / underLoad, `step ${step.step} ${l.id} thickness`).toBeCloseTo(1, 2);
        stack += underLoad;
      }
      const force = step.pressure! * c.die.area;
      const expected = stack + force / 5e8;
      expect(Math.abs(at.position / expected - 1), `step ${step.step} position`).toBeLessThan(0.01);
    }
  });

  it("shows the separator densifying in the position trace", async () => {
    const c = example("classic-li-lpscl-nmc811.yaml");
    const s = new VirtualScheduler(T0);
    const twin = createTwin({
      scheduler: s,
      dieDiameter: c.die.diameter,
      capacity: c.press!.capacity!,
      seed: 3,
    });
    const { trace } = await runOnTwin(c, twin, s, 10, 30);
    const step2 = trace.filter((p) => p.step === 2);
    const loose = step2[0]!;
    const peak = step2.reduce((a, b) => (b.force > a.force ? b : a));
    const released = step2[step2.length - 1]!;
    expect(loose.force).toBeLessThan(100);
    expect(released.force).toBeLessThan(100);
    // 80 mg of Li6PS5Cl on 10 mm: ~1 mm loose, ~0.7 mm at 250 MPa (the frame's 0.04 mm included).
    expect(loose.position - peak.position).toBeGreaterThan(150e-6);
    // Densification is irreversible: unloaded again, the pellet stays thin (springback only).
    expect(released.position).toBeLessThan(loose.position - 150e-6);
    // ...thicker than under load, once the frame's deflection is taken off the loaded reading.
    expect(released.position).toBeGreaterThan(peak.position - peak.force / 5e8);
    // While the force rises, the ram goes down (the stack shrinks faster than the frame stretches).
    const ramp = step2.slice(0, step2.indexOf(peak));
    for (let i = 1; i < ramp.length; i++)
      expect(ramp[i]!.position).toBeLessThanOrEqual(ramp[i - 1]!.position + 1e-7);
  });

  it("runs a 10-minute protocol in virtual time far faster than real time, at 10 and 100 Hz reads", async () => {
    const c = example("classic-li-lpscl-nmc811.yaml");
    // Bounds leave room for a loaded CI machine; on an idle one this takes ~0.1 s and ~0.8 s (most of
    // it the scheduler's event-loop yields, not the twin).
    for (const [hz, budget] of [
      [10, 1],
      [100, 4],
    ] as const) {
      const s = new VirtualScheduler(T0);
      const twin = createTwin({ scheduler: s, dieDiameter: c.die.diameter, capacity: c.press!.capacity! });
      const wall = performance.now();
      const { reads } = await runOnTwin(c, twin, s, hz, 0);
      const seconds = (performance.now() - wall) / 1000;
      expect(reads).toBeGreaterThan(600 * hz);
      expect(seconds, `${hz} Hz`).toBeLessThan(budget);
    }
  });
});
