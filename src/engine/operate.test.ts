import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VirtualScheduler } from "../core/clock.js";
import { ScriptedPress } from "../devices/fake/scripted-press.js";
import { checkText } from "../protocol/check.js";
import type { EventDocument, RunDocument, SampleDocument } from "./documents.js";
import { runProtocol } from "./runner.js";
import { collectingSink, ScriptedOperator } from "./testing.js";

const text = readFileSync("examples/classic-li-lpscl-nmc811.yaml", "utf8");
const compiled = checkText("classic.yaml", text).compiled!;
const T0 = 1_700_000_000_000;

async function operateFor(seconds: number, inject?: (press: ScriptedPress, docs: RunDocument[]) => void) {
  const scheduler = new VirtualScheduler(T0);
  const press = new ScriptedPress({ scheduler, capacity: 100e3 });
  const { sink, docs } = collectingSink();
  inject?.(press, docs);
  const outcome = await runProtocol({
    compiled,
    protocolText: text,
    press,
    operator: new ScriptedOperator(scheduler),
    scheduler,
    sink,
    runId: "op",
    version: "test",
    yes: true,
    operateFor: seconds,
  });
  const operate = docs.filter((d): d is SampleDocument => d.type === "sample" && d.step === 7);
  const bands = docs.filter((d): d is EventDocument => d.type === "event" && d.kind === "band");
  return { outcome, docs, operate, bands, press };
}

describe("Operate supervision", () => {
  it("records a 1 h Operate at 10 Hz as ~3600 per-second summaries, not 36000 readings", async () => {
    const { outcome, operate, bands } = await operateFor(3600);
    expect(outcome.status).toBe("completed");
    const summaries = operate.filter((d) => d["Force min [kN]"] !== undefined);
    expect(summaries.length).toBeGreaterThanOrEqual(3599);
    expect(summaries.length).toBeLessThanOrEqual(3602);
    // plus the ramp up to 75 MPa at full rate (5.89 kN at 0.393 kN/s: 15 s)
    expect(operate.length).toBeLessThan(3602 + 160);
    expect(operate.length - summaries.length).toBeGreaterThanOrEqual(149);
    expect(bands).toEqual([]);
    const s = summaries[100]!;
    expect(s["Pressure [MPa]"]).toBeCloseTo(75, 3);
    expect(s["Force min [kN]"]).toBeLessThanOrEqual(s["Force [kN]"]!);
  });

  it("raises band events when the stack pressure leaves its band and returns, with full-rate readings around it", async () => {
    let from = 0;
    const { outcome, operate, bands } = await operateFor(600, (press, docs) => {
      press.injectForce((time, f) => {
        if (from === 0) {
          const op = docs.find((d) => d.type === "step-start" && d.step === 7);
          if (op) from = op.time + 200;
          return f;
        }
        // a slow sag to 85 % (0.5 %/s, far from a fracture's suddenness), 30 s there, and back
        const dt = time - from;
        if (dt < 0) return f;
        const down = Math.min(0.15, 0.005 * dt);
        const up = Math.max(0, 0.005 * (dt - 60));
        return f * (1 - Math.max(0, down - up));
      });
    });
    expect(outcome.status).toBe("completed");
    expect(bands.map((b) => b.message)).toEqual([
      expect.stringMatching(/^stack pressure 6\d\.\d MPa left the band 70\.\.80 MPa$/),
      expect.stringMatching(
        /^stack pressure back in the band 70\.\.80 MPa after \d+\.\d s \(furthest 63\.\d MPa\)$/,
      ),
    ]);
    const [leave, back] = bands as [EventDocument, EventDocument];
    const full = operate.filter((d) => d["Force min [kN]"] === undefined && d.time > from - 50);
    const first = Math.min(...full.map((d) => d.time));
    const last = Math.max(...full.map((d) => d.time));
    expect(leave.time - first).toBeGreaterThanOrEqual(4.9);
    expect(leave.time - first).toBeLessThanOrEqual(5.1);
    expect(last - back.time).toBeGreaterThanOrEqual(4.9);
    expect(last - back.time).toBeLessThanOrEqual(5.2);
    expect(full.length).toBeGreaterThanOrEqual(Math.floor((last - first) * 10));
  });
});
