import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { physicsSource, simulate } from "../models/simulate/index.js";
import { simulateProtocol } from "../models/simulate/simulate.js";
import { checkText } from "../protocol/check.js";
import { simulationSvg } from "./simulation-plot.js";
import { ticks } from "./svg-chart.js";

const example = (name: string) =>
  checkText(name, readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8")).compiled!;
const nominal = physicsSource().nominal();

/** The points of the polyline whose <title> is `name`, as [x, y] in SVG coordinates. */
function polyline(svg: string, name: string): number[][] {
  const m = new RegExp(`<polyline points="([^"]*)"[^>]*><title>${name}</title>`).exec(svg);
  if (!m) throw new Error(`no polyline ${name}`);
  return m[1]!
    .trim()
    .split(" ")
    .map((p) => p.split(",").map(Number));
}

describe("simulation plot", () => {
  it("draws the pressure programme with densities and the stack pressure in cycling", () => {
    const svg = simulationSvg(simulate(example("classic-li-lpscl-nmc811.yaml")), "classic");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/Pressure programme and relative density/);
    expect(svg).toMatch(/separator density/);
    expect(svg).toMatch(/Stack pressure during cycling/);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("draws the density through each ramp as a curve, not a staircase at the step's end", () => {
    const svg = simulationSvg(simulate(example("classic-li-lpscl-nmc811.yaml")), "classic");
    const pts = polyline(svg, "separator density");
    // far more points than the 7 step ends, and many distinct heights (SVG y grows downwards)
    expect(pts.length).toBeGreaterThan(40);
    expect(new Set(pts.map((p) => p[1])).size).toBeGreaterThan(20);
  });

  it("a Li cell that shorts at 10 h: the trace stops there, the rest is shaded as shorted", () => {
    const at = 10 * 3600;
    const sim = simulateProtocol(
      example("classic-li-lpscl-nmc811.yaml"),
      { ...nominal, timeToShort: () => at },
      { timeline: true },
    );
    const svg = simulationSvg(sim, "classic");
    expect(svg).toMatch(/short at 10 h/);
    expect(svg).toMatch(/cell shorted: no cycling/);
    const trace = polyline(svg, "Stack pressure \\(until the short\\)");
    const unshorted = simulationSvg(
      simulateProtocol(
        example("classic-li-lpscl-nmc811.yaml"),
        { ...nominal, timeToShort: () => Infinity, shortProbability: () => 0 },
        { timeline: true },
      ),
      "classic",
    );
    const full = polyline(unshorted, "Stack pressure");
    // same x axis (0–500 h): the shorted trace ends at 10/500 of the width the full one spans
    const span = (p: number[][]) => p[p.length - 1]![0]! - p[0]![0]!;
    expect(span(trace) / span(full)).toBeCloseTo(10 / 500, 2);
    expect(unshorted).not.toMatch(/shorted/);
  });

  it("names a short risk that is only a probability, and draws the cycling as usual", () => {
    const sim = simulateProtocol(
      example("classic-li-lpscl-nmc811.yaml"),
      { ...nominal, timeToShort: () => Infinity, shortProbability: () => 0.2 },
      { timeline: true },
    );
    const svg = simulationSvg(sim, "classic");
    expect(svg).toMatch(/short risk 20 % within 500 h, none at the median/);
    expect(svg).not.toMatch(/cell shorted/);
  });

  it("picks round tick values that cover the range", () => {
    expect(ticks(0, 500)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(ticks(70.1, 75)).toEqual([71, 72, 73, 74, 75]);
  });
});
