/**
 * The live trace: measured force (or pressure) and its setpoint against the run's test time, and
 * the ram position on a second axis, drawn with uPlot. The chart is driven by the feed directly
 * (not through React): the feed calls it once per animation frame with the samples of that frame,
 * and the chart redraws once. Each redraw records its latency for the benchmark (issue #9: twin
 * sample → chart, p95 < 250 ms at 100 Hz) into window.__ssbpressChartLatencies.
 */
import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { RunFeed } from "./run-feed";
import { RadioChoice } from "../charts/RadioChoice";

type Quantity = "force" | "pressure";
const LIVE_QUANTITIES: readonly { value: Quantity; label: string }[] = [
  { value: "force", label: "Force [kN]" },
  { value: "pressure", label: "Pressure [MPa]" },
];

const LATENCY_CAP = 10_000;

declare global {
  interface Window {
    __ssbpressChartLatencies?: number[];
  }
}

/** Date.now() − the newest sample's Unix time: meaningful at speed 1, where the twin's clock is real. */
function recordLatency(sampleTime: number): void {
  const list = (window.__ssbpressChartLatencies ??= []);
  list.push(Date.now() - sampleTime * 1000);
  if (list.length > LATENCY_CAP) list.splice(0, list.length - LATENCY_CAP);
}

function options(quantity: Quantity, width: number): uPlot.Options {
  const unit = quantity === "force" ? "Force [kN]" : "Pressure [MPa]";
  return {
    width,
    height: 320,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false },
      y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max * 1.05)] },
    },
    series: [
      { label: "Test time [s]" },
      {
        label: quantity === "force" ? "Force" : "Pressure",
        stroke: "#0b4fa8",
        width: 2,
        scale: "y",
        points: { show: false },
      },
      { label: "Setpoint", stroke: "#b35c00", width: 2, dash: [8, 5], scale: "y", points: { show: false } },
      { label: "Position", stroke: "#5a5f66", width: 1.5, scale: "mm", points: { show: false } },
    ],
    axes: [
      { label: "Test time [s]", stroke: "#111", grid: { stroke: "#d7dae0" } },
      { label: unit, stroke: "#111", scale: "y", grid: { stroke: "#d7dae0" } },
      { label: "Position [mm]", stroke: "#3d3d3d", scale: "mm", side: 1, grid: { show: false } },
    ],
  };
}

export function LiveChart({ feed }: { feed: RunFeed }) {
  const [quantity, setQuantity] = useState<Quantity>("force");
  const holder = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const c = feed.trace.columns;
    const data = (): uPlot.AlignedData => [
      c.time,
      quantity === "force" ? c.force : c.pressure,
      quantity === "force" ? c.forceSetpoint : c.pressureSetpoint,
      c.position,
    ];
    const plot = new uPlot(options(quantity, Math.max(300, el.clientWidth)), data(), el);
    const mark = () => {
      el.dataset.points = String(feed.trace.length);
      el.dataset.received = String(feed.trace.received);
    };
    mark();
    const stop = feed.onFrame(({ samples, newest }) => {
      if (samples === 0) return;
      // The buffer may have replaced its arrays while thinning: hand uPlot the current ones.
      plot.setData(data());
      mark();
      if (newest) recordLatency(newest.time);
    });
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(300, el.clientWidth), height: 320 }),
    );
    resize.observe(el);
    return () => {
      stop();
      resize.disconnect();
      plot.destroy();
    };
  }, [feed, quantity]);

  const name = quantity === "force" ? "force" : "pressure";
  return (
    <figure className="run-chart">
      <RadioChoice<Quantity>
        className="run-chart-toggle"
        legend="Trace"
        name="run-quantity"
        options={LIVE_QUANTITIES}
        value={quantity}
        onChange={setQuantity}
      />
      <div
        ref={holder}
        className="run-chart-plot"
        role="img"
        aria-label={`Live ${name} (solid blue), its setpoint (dashed orange) and the ram position (grey, right axis) against test time`}
      />
      <figcaption className="muted">
        <span className="key measured" aria-hidden="true" /> measured {name}{" "}
        <span className="key setpoint" aria-hidden="true" /> setpoint{" "}
        <span className="key position" aria-hidden="true" /> position (right axis)
      </figcaption>
    </figure>
  );
}
