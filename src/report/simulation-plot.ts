/**
 * The simulation's plot: the pressure programme with each layer's relative density, and the stack
 * pressure during cycling with its band.
 */
import { renderChart, type Panel } from "./svg-chart.js";
import type { Simulation } from "../models/simulate/simulate.js";

export function simulationSvg(sim: Simulation, title: string): string {
  const panels: Panel[] = [];
  const t = sim.programme.time.map((s) => s / 60);
  const p = sim.programme.pressure.map((x) => x / 1e6);
  const density = new Map<string, { x: number[]; y: number[] }>();
  for (const s of sim.steps) {
    for (const [id, l] of Object.entries(s.layers)) {
      const d = density.get(id) ?? { x: [], y: [] };
      d.x.push(s.end / 60);
      d.y.push(l.relativeDensity);
      density.set(id, d);
    }
  }
  panels.push({
    title: "Pressure programme and relative density of each layer",
    xLabel: "Time [min]",
    yLabel: "Pressure [MPa]",
    y2Label: "Relative density [-]",
    yMin: 0,
    y2Min: 0.4,
    y2Max: 1.02,
    series: [
      { name: "Pressure", x: t, y: p, color: "#333" },
      ...[...density].map(([id, d]) => ({
        name: `${id} density`,
        x: d.x,
        y: d.y,
        axis: "right" as const,
        step: true,
        dashed: true,
      })),
    ],
  });
  const o = sim.operation;
  if (o) {
    const step = sim.steps.find((s) => s.step === o.step);
    const vl: Panel["vlines"] = [];
    if (Number.isFinite(o.timeToShort))
      vl.push({
        x: o.timeToShort / 3600,
        label: `short predicted at ${+(o.timeToShort / 3600).toPrecision(3)} h`,
      });
    panels.push({
      title: `Stack pressure during cycling (${o.fixture} fixture${step ? `, step ${step.step}` : ""})`,
      xLabel: "Time [h]",
      yLabel: "Stack pressure [MPa]",
      series: [
        {
          name: "Stack pressure",
          x: Array.from(o.series.time, (x) => x / 3600),
          y: Array.from(o.series.pressure, (x) => x / 1e6),
          color: "#1f77b4",
        },
      ],
      vlines: vl,
    });
  }
  return renderChart(panels, { title });
}
