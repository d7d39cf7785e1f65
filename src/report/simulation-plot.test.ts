import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulate } from "../models/simulate/index.js";
import { checkText } from "../protocol/check.js";
import { simulationSvg } from "./simulation-plot.js";
import { ticks } from "./svg-chart.js";

describe("simulation plot", () => {
  it("draws the pressure programme with densities and the stack pressure in cycling", () => {
    const file = new URL("../../examples/classic-li-lpscl-nmc811.yaml", import.meta.url);
    const p = checkText("classic.yaml", readFileSync(file, "utf8")).compiled!;
    const svg = simulationSvg(simulate(p), "classic");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/Pressure programme and relative density/);
    expect(svg).toMatch(/separator density/);
    expect(svg).toMatch(/Stack pressure during cycling/);
    expect(svg).toMatch(/short predicted at/);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("picks round tick values that cover the range", () => {
    expect(ticks(0, 500)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(ticks(70.1, 75)).toEqual([71, 72, 73, 74, 75]);
  });
});
