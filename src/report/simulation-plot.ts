/**
 * The simulation's plot: the pressure programme with each layer's relative density as it evolves
 * through every ramp, hold and release, and the stack pressure during cycling with its band. A cell
 * the nominal prediction shorts is drawn shorted: a marker at the short, the time after it shaded,
 * and no cycling after it. A risk that is only a probability (no short at the median) is named in the
 * panel's title.
 */
import { renderChart, type Panel } from "./svg-chart.js";
import type { Simulation } from "../models/simulate/simulate.js";

const sig = (x: number) => +x.toPrecision(3);
const pct = (p: number) => (p > 0.999 ? ">99.9 %" : `${sig(p * 100)} %`);

/** Each layer's density against time [min]: the recorded timeline, else the value at each step's end. */
function densitySeries(sim: Simulation): Map<string, { x: number[]; y: number[]; step: boolean }> {
  const out = new Map<string, { x: number[]; y: number[]; step: boolean }>();
  const tl = sim.timeline;
  if (tl) {
    for (const [id, l] of Object.entries(tl.layers)) {
      const d = { x: [] as number[], y: [] as number[], step: false };
      l.relativeDensity.forEach((v, i) => {
        if (v === null) return;
        d.x.push(tl.time[i]! / 60);
        d.y.push(v);
      });
      out.set(id, d);
    }
    return out;
  }
  for (const s of sim.steps) {
    for (const [id, l] of Object.entries(s.layers)) {
      const d = out.get(id) ?? { x: [], y: [], step: true };
      d.x.push(s.end / 60);
      d.y.push(l.relativeDensity);
      out.set(id, d);
    }
  }
  return out;
}

/** The assembly's own short risk (probability after the last step before operation). */
function assemblyRisk(sim: Simulation): number {
  const before = sim.steps.filter((s) => s.kind !== "operate");
  return before[before.length - 1]?.shortProbability ?? 0;
}

export function simulationSvg(sim: Simulation, title: string): string {
  const panels: Panel[] = [];
  const t = sim.programme.time.map((s) => s / 60);
  const p = sim.programme.pressure.map((x) => x / 1e6);
  const short = sim.short;
  const assemblyEnd = t[t.length - 1] ?? 0;
  const assembly: Panel = {
    title: "Pressure programme and relative density of each layer",
    xLabel: "Time [min]",
    yLabel: "Pressure [MPa]",
    y2Label: "Relative density [-]",
    yMin: 0,
    y2Min: 0.4,
    y2Max: 1.02,
    series: [
      { name: "Pressure", x: t, y: p, color: "#333" },
      ...[...densitySeries(sim)].map(([id, d]) => ({
        name: `${id} density`,
        x: d.x,
        y: d.y,
        axis: "right" as const,
        step: d.step,
        dashed: true,
      })),
    ],
  };
  if (short?.phase === "assembly") {
    const at = short.time / 60;
    assembly.vlines = [{ x: at, label: `short at ${sig(at)} min (step ${short.step})` }];
    if (assemblyEnd > at) assembly.spans = [{ x1: at, x2: assemblyEnd, label: "shorted" }];
  } else if (!short && assemblyRisk(sim) > 0.001) {
    assembly.title += ` (short risk ${pct(assemblyRisk(sim))}, none at the median)`;
  }
  panels.push(assembly);
  const o = sim.operation;
  if (o) {
    const step = sim.steps.find((s) => s.step === o.step);
    const end = (o.duration ?? o.series.time[o.series.time.length - 1] ?? 0) / 3600;
    const panel: Panel = {
      title: `Stack pressure during cycling (${o.fixture} fixture${step ? `, step ${step.step}` : ""})`,
      xLabel: "Time [h]",
      yLabel: "Stack pressure [MPa]",
      series: [
        {
          name: short ? "Stack pressure (until the short)" : "Stack pressure",
          x: Array.from(o.series.time, (x) => x / 3600),
          y: Array.from(o.series.pressure, (x) => x / 1e6),
          color: "#1f77b4",
        },
      ],
    };
    if (short) {
      const at = short.phase === "operation" ? short.time / 3600 : 0;
      const label =
        short.phase === "operation"
          ? `short at ${sig(at)} h`
          : `shorted in assembly (step ${short.step}): short at 0 h`;
      panel.vlines = [{ x: at, label }];
      panel.spans = [{ x1: at, x2: Math.max(end, at), label: "cell shorted: no cycling" }];
      panel.title += `: shorted at ${sig(at)} h of ${sig(end)} h`;
      panel.yMin = 0; // the short trace alone would blow a few kPa up to the whole height
    } else if (o.shortProbability > 0.001) {
      panel.title += ` (short risk ${pct(o.shortProbability)} within ${sig(end)} h, none at the median)`;
    }
    panels.push(panel);
  }
  return renderChart(panels, { title });
}
