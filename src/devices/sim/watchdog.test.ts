import { describe, expect, it } from "vitest";
import { VirtualScheduler } from "../../core/clock.js";
import { parseFault } from "./faults.js";
import { createTwin, type TwinOptions } from "./twin.js";

const T0 = 1_700_000_000_000;
const CAP = 10 * 9806.65;

async function loaded(o: Partial<TwinOptions> = {}, force = 20e3) {
  const s = new VirtualScheduler(T0);
  const twin = createTwin({ scheduler: s, dieDiameter: 10e-3, capacity: CAP, seed: 2, ...o });
  await twin.connect();
  await twin.setForce(force, 10e3);
  return { s, twin };
}

/** Reads every `period` seconds for `seconds`, as the engine does. */
async function poll(twin: { read(): Promise<unknown> }, s: VirtualScheduler, seconds: number, period = 0.1) {
  for (let t = 0; t < seconds - 1e-9; t += period) {
    await twin.read();
    s.advance(period * 1000);
  }
}

describe("the twin's watchdog (CONTRACTS §5)", () => {
  it("calls at the control rate keep it fed: a long hold stays loaded", async () => {
    const { s, twin } = await loaded();
    await poll(twin, s, 60, 0.5);
    const st = twin.state();
    expect(st.watchdog).toBe("ok");
    expect(st.force).toBeCloseTo(20e3, -2);
    expect((await twin.read()).status.fault).toBe(false);
  });

  it("after a link loss during a ramp: stops loading after one period, releases at 1 kN/s after the second", async () => {
    const { s, twin } = await loaded({ faults: [parseFault("link-loss@1s")] }, 60e3);
    await poll(twin, s, 1);
    await expect(twin.read()).rejects.toMatchObject({ code: "link-lost" });
    // the last call that reached the press was at 0.9 s: the watchdog trips at 2.9 s
    s.advance(1800);
    const before = twin.state();
    expect(before.watchdog).toBe("ok");
    expect(before.phase).toBe("ramp");
    s.advance(200);
    const tripped = twin.state();
    expect(tripped.watchdog).toBe("tripped");
    // the force never rises again: frozen where the ramp was (about 20 kN at 10 kN/s with the lag)
    expect(tripped.force).toBeGreaterThan(10e3);
    expect(tripped.force).toBeLessThan(30e3);
    s.advance(1500);
    const frozen = twin.state();
    expect(frozen.watchdog).toBe("tripped");
    expect(frozen.force).toBeLessThanOrEqual(tripped.force);
    expect(frozen.force).toBeCloseTo(tripped.force, 0);
    // second period over (~5 s): releasing at 1 kN/s
    s.advance(1000);
    const a = twin.state();
    expect(a.watchdog).toBe("releasing");
    s.advance(2000);
    const b = twin.state();
    expect(a.force - b.force).toBeCloseTo(2000, 0);
    s.advance(60_000);
    const end = twin.state();
    expect(end.force).toBe(0);
    expect(end.phase).toBe("idle");
  });

  it("silence while loaded shows the fault bit, refuses loading until reset, and releases", async () => {
    const { s, twin } = await loaded();
    await poll(twin, s, 5);
    s.advance(2500);
    const r = await twin.read();
    expect(r.status.fault).toBe(true);
    expect(twin.state().watchdog).toBe("tripped");
    await expect(twin.setForce(30e3, 10e3)).rejects.toMatchObject({ code: "device-fault" });
    await twin.release();
    await poll(twin, s, 5);
    expect(twin.state().force).toBe(0);
    expect((await twin.read()).status.fault).toBe(true);
    await twin.reset();
    expect((await twin.read()).status.fault).toBe(false);
    await twin.setForce(5e3, 10e3);
    await poll(twin, s, 3);
    expect(twin.state().force).toBeCloseTo(5e3, -2);
  });

  it("an unloaded press does not trip however long it is left alone", async () => {
    const s = new VirtualScheduler(T0);
    const twin = createTwin({ scheduler: s, dieDiameter: 10e-3, capacity: CAP });
    await twin.connect();
    s.advance(3600_000);
    expect((await twin.read()).status.fault).toBe(false);
    await twin.setForce(10e3, 10e3);
    await poll(twin, s, 3);
    await twin.release();
    await poll(twin, s, 3);
    s.advance(3600_000);
    expect((await twin.read()).status.fault).toBe(false);
  });

  it("a watchdog of 0 is off: the press holds its load without calls", async () => {
    const { s, twin } = await loaded({ watchdog: 0 });
    s.advance(600_000);
    const st = twin.state();
    expect(st.watchdog).toBe("ok");
    expect(st.force).toBeCloseTo(20e3, -2);
  });

  it("a longer watchdog waits longer", async () => {
    const { s, twin } = await loaded({ watchdog: 10 });
    await poll(twin, s, 3);
    s.advance(9000);
    expect(twin.state().watchdog).toBe("ok");
    s.advance(1200);
    expect(twin.state().watchdog).toBe("tripped");
  });

  it.each([-1, Number.NaN, Infinity])("refuses a watchdog of %s", (w) => {
    const s = new VirtualScheduler(T0);
    expect(() => createTwin({ scheduler: s, dieDiameter: 10e-3, capacity: CAP, watchdog: w })).toThrow(
      /watchdog must be a duration ≥ 0 s/,
    );
  });
});
