/**
 * The pressure programme against time with each layer's relative density on a second axis, the
 * steps shaded behind. Drawn from the simulation's timeline (every ramp and hold) when the server
 * sends one, otherwise from the per-step summary (pressure held over each step, density at its end).
 */
import { useMemo } from "react";
import type uPlot from "uplot";
import { UPlotChart, type ChartOptions } from "../charts/UPlotChart";
import { axis, rightAxis, PALETTE } from "../charts/axes";
import { spansPlugin, whiskersPlugin, type Whisker } from "../charts/plugins";
import { band, lastStepWithLayers } from "./bands";
import type { SimulationResult } from "./types";

interface Built {
  data: uPlot.AlignedData;
  layers: string[];
  fromTimeline: boolean;
}

function build(sim: SimulationResult): Built {
  const tl = sim.timeline;
  if (tl && tl["Time [min]"].length > 1) {
    const layers = Object.keys(tl.layers);
    return {
      data: [
        tl["Time [min]"],
        tl["Pressure [MPa]"],
        ...layers.map((id) => tl.layers[id]!["Relative density [-]"]),
      ] as uPlot.AlignedData,
      layers,
      fromTimeline: true,
    };
  }
  // The step summary: the step's pressure over its span, each layer's density from the step's end.
  const layers = [...new Set(sim.steps.flatMap((s) => Object.keys(s.layers)))];
  const x: number[] = [];
  const p: number[] = [];
  const rho: (number | null)[][] = layers.map(() => []);
  for (const s of sim.steps) {
    const start = s["Start [min]"] ?? 0;
    const end = s["End [min]"] ?? start;
    const pressure = s["Max pressure [MPa]"] ?? 0;
    for (const t of end > start ? [start, end] : [start]) {
      x.push(t);
      p.push(pressure);
      layers.forEach((id, i) => rho[i]!.push(s.layers[id]?.["Relative density [-]"] ?? null));
    }
  }
  return { data: [x, p, ...rho] as uPlot.AlignedData, layers, fromTimeline: false };
}

export function ProgrammeChart({ sim }: { sim: SimulationResult }) {
  const built = useMemo(() => build(sim), [sim]);
  const options = useMemo<ChartOptions>(() => {
    const spans = sim.steps
      .filter((s) => s["Start [min]"] !== undefined && s["End [min]"] !== undefined)
      .map((s) => ({ from: s["Start [min]"]!, to: s["End [min]"]!, label: String(s.step) }));
    // Monte Carlo: each layer's 5–95 % density range at the end of each step, a whisker in its colour
    const whiskers: Whisker[] = [];
    for (const s of sim.steps) {
      const end = s["End [min]"];
      if (end === undefined || s.kind === "add") continue;
      built.layers.forEach((id, i) => {
        const r = band(sim, `steps.${s.step}.layers.${id}.relativeDensity`);
        if (r && r.high > r.low)
          whiskers.push({
            at: end,
            low: r.low,
            high: r.high,
            color: PALETTE[i % PALETTE.length]!,
            scale: "rho",
          });
      });
    }
    return {
      scales: {
        x: { time: false },
        MPa: { range: (_u, _min, max) => [0, Math.max(1, max * 1.08)] },
        rho: { range: [0, 1] },
      },
      axes: [
        axis("Time [min]"),
        axis("Pressure [MPa]", { scale: "MPa" }),
        rightAxis("Relative density [-]", "rho"),
      ],
      series: [
        { label: "Time [min]" },
        { label: "Pressure [MPa]", scale: "MPa", stroke: "#111", width: 2.5 },
        ...built.layers.map((id, i) => ({
          label: `${id} relative density [-]`,
          scale: "rho",
          stroke: PALETTE[i % PALETTE.length]!,
          width: 2,
          dash: [8, 4],
        })),
      ],
      plugins: [spansPlugin(spans), whiskersPlugin(whiskers)],
      cursor: { drag: { x: true, y: false } },
    };
  }, [sim, built]);
  const peak = Math.max(0, ...sim.steps.map((s) => s["Max pressure [MPa]"] ?? 0));
  return (
    <UPlotChart
      title={`Pressure programme and relative density of each layer${built.fromTimeline ? "" : " (from the step summary)"}${
        sim["Monte Carlo"] ? "; whiskers: 5–95 % density range at the end of each step" : ""
      }`}
      options={options}
      data={built.data}
      summary={`Peak pressure ${peak} MPa over ${sim.steps.length} steps; final relative densities: ${built.layers
        .map((id) => `${id} ${lastStepWithLayers(sim)?.layers[id]?.["Relative density [-]"] ?? "unknown"}`)
        .join(", ")}.`}
    />
  );
}
