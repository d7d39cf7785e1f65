import { describe, expect, it } from "vitest";
import type { SampleDocument } from "../engine/documents.js";
import { iterate, syntheticRun, T0 } from "./run-fixture.case.js";
import { Decimator, runPlotSvg } from "./run-plot.js";

/**
 * A small XML well-formedness check: every tag closes in order, attributes are quoted, text holds no
 * raw `<` or a bare `&`. Enough to catch an unescaped message or a broken element.
 */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = token.exec(xml))) {
    const [, close, name, , selfClose, text, stray] = m;
    if (stray) throw new Error(`stray < at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(text)) throw new Error(`bare & in ${text}`);
      if (!stack.length && text.trim()) throw new Error(`text outside the root: ${text}`);
      continue;
    }
    if (close) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClose) {
      if (!stack.length) roots++;
      stack.push(name!);
    } else if (!stack.length) roots++;
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(", ")}`);
  expect(roots).toBe(1);
}

const polylines = (svg: string) =>
  [...svg.matchAll(/<polyline points="([^"]*)"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({
    name: m[2]!,
    points: m[1]!.trim() ? m[1]!.trim().split(" ").length : 0,
  }));

describe("run plot", () => {
  it("draws pressure and position against time, steps shaded and labelled, events marked", async () => {
    const { record, samples } = syntheticRun();
    const svg = await runPlotSvg(record, iterate(samples));
    assertWellFormed(svg);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).toContain("Pressure [MPa]");
    expect(svg).toContain("Position [mm]");
    expect(svg).toContain("Time [s]");
    const names = polylines(svg).map((p) => p.name);
    expect(names).toEqual(["Pressure commanded", "Pressure measured", "Position", "Temperature"]);
    // each step is a shaded band whose tooltip names it, in both panels
    for (const s of record.steps) {
      const tip = `<title>Step ${s.start.step}: ${s.start.text}</title>`;
      expect(svg.split(tip)).toHaveLength(3);
    }
    // events: a tooltip with the (escaped) message; interlocks and band excursions are also labelled
    // (notes and operator answers sit at step starts, where the step number is)
    expect(svg).toContain("ramp done, &lt;hold&gt; &amp; wait");
    expect(svg).not.toMatch(/>note<\/text>/);
    expect(svg).toMatch(/>band<\/text>/);
    // the title names the run, escaped
    expect(svg).toContain("Classic, &quot;quoted&quot;");
  });

  it("plots force on request", async () => {
    const { record, samples } = syntheticRun();
    const svg = await runPlotSvg(record, iterate(samples), { y: "force" });
    assertWellFormed(svg);
    expect(svg).toContain("Force [kN]");
    expect(polylines(svg).map((p) => p.name)).toContain("Force measured");
  });

  it("a run without samples and without a stop still gives a valid plot", async () => {
    const { record } = syntheticRun({ withSamples: false, stopped: false });
    const svg = await runPlotSvg(record, iterate([]));
    assertWellFormed(svg);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).toContain("(interrupted)");
    expect(polylines(svg).every((p) => p.points === 0)).toBe(true);
  });

  it("a 500 h run at 10 Hz streams into a few thousand points, keeping spikes", async () => {
    const { record } = syntheticRun({ withSamples: false, stopped: false });
    const hours = 500;
    const n = hours * 3600 * 10;
    // generated on the fly (never an array): 18 M samples would not fit; test a tenth of the rate
    const sample = (i: number): SampleDocument => {
      const t = (i / (n / 10)) * hours * 3600;
      return {
        type: "sample",
        run: record.start.run,
        time: T0 + t,
        step: 4,
        "Test time [s]": t,
        "Force setpoint [kN]": 0.4,
        "Force [kN]": i === 900_000 ? 3.14 : 0.4,
        "Pressure [MPa]": i === 900_000 ? 40 : 5,
        "Position [mm]": 10,
        "Temperature [degC]": null,
      };
    };
    async function* stream(): AsyncIterable<SampleDocument> {
      for (let i = 0; i < n / 10; i++) yield sample(i);
    }
    const svg = await runPlotSvg(record, stream());
    assertWellFormed(svg);
    expect(svg).toContain("Time [h]");
    const lines = polylines(svg);
    for (const p of lines) expect(p.points).toBeLessThanOrEqual(2000);
    expect(lines.find((p) => p.name === "Pressure measured")!.points).toBeGreaterThan(500);
    expect(svg.length).toBeLessThan(400_000);
    // the single spike survives decimation: the axis reaches it
    expect(svg).toMatch(/>40<\/text>/);
  }, 20_000);

  it("the decimator keeps each bucket's extremes in time order and merges buckets past its limit", () => {
    const d = new Decimator(1, 4);
    for (const [t, v] of [
      [0, 1],
      [0.5, 3],
      [1.2, -1],
      [1.7, 0],
    ] as const)
      d.add(t, v);
    expect(d.points()).toEqual({ t: [0, 0.5, 1.2, 1.7], v: [1, 3, -1, 0] });
    d.add(9, 5); // past 4 buckets of 1 s: width doubles, then doubles again (4 s buckets: 9 s is bucket 2)
    const p = d.points();
    expect(p.t).toEqual([0.5, 1.2, 9]);
    expect(p.v).toEqual([3, -1, 5]);
    d.add(9.5, null);
    d.add(Number.NaN, 1);
    expect(d.points().t).toHaveLength(3);
    const ranged = new Decimator(1);
    ranged.add(0, 5, 4, 7);
    expect(ranged.points()).toEqual({ t: [0, 0], v: [4, 7] });
  });
});
