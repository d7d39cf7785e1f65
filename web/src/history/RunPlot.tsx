/**
 * A run's trace from GET /api/runs/:id/series: the force (or pressure) as its min–max band per
 * pixel column, the setpoint, the ram position on a second axis; the steps shaded, the events
 * marked by kind and interlocks in red. The server decimates, so a run of a million samples is
 * drawn from a few thousand points.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { UPlotChart, type ChartOptions } from "../charts/UPlotChart";
import { alpha, axis, PALETTE, rightAxis } from "../charts/axes";
import { markersPlugin, spansPlugin } from "../charts/plugins";
import { useJson } from "./useJson";
import { eventMarkers, QUANTITY_OPTIONS, stepSpans, traceColumns, traceData, type Quantity } from "./trace";
import type { RunSeries, RunShow } from "./types";
import { RadioChoice } from "../charts/RadioChoice";

/** About one point per CSS pixel of a wide screen, never more than the server's cap. */
export function seriesPoints(): number {
  return Math.min(
    4000,
    Math.max(400, Math.round(window.innerWidth * Math.min(2, window.devicePixelRatio || 1))),
  );
}

export function RunPlot({ run, onLoaded }: { run: RunShow; onLoaded?: () => void }) {
  const [quantity, setQuantity] = useState<Quantity>("Force [kN]");
  const [points] = useState(seriesPoints);
  const series = useJson<RunSeries>(`/api/runs/${encodeURIComponent(run.id)}/series?points=${points}`);
  // the page asks for the statistics (a pass over every sample) only once the trace is in
  const settled = series.data !== null || series.error !== null;
  useEffect(() => {
    if (settled) onLoaded?.();
  }, [settled, onLoaded]);
  // A run still recording: its page refreshes the record, and the trace follows it.
  const { reload } = series;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else reload();
  }, [run.samples, run.status, reload]);
  const area = run.die?.["Area [mm2]"] ?? null;
  const data = useMemo(
    () => (series.data ? traceData(traceColumns(series.data, quantity, area)) : null),
    [series.data, quantity, area],
  );
  const options = useMemo<ChartOptions>(() => {
    const unit = quantity === "Force [kN]" ? "kN" : "MPa";
    const name = quantity === "Force [kN]" ? "Force" : "Pressure";
    return {
      scales: { x: { time: false }, y: {}, mm: {} },
      axes: [axis("Test time [s]"), axis(`${name} [${unit}]`), rightAxis("Position [mm]", "mm")],
      series: [
        { label: "Test time [s]" },
        { label: `${name} max [${unit}]`, stroke: PALETTE[0]!, width: 1.5 },
        { label: `${name} min [${unit}]`, stroke: PALETTE[0]!, width: 1 },
        { label: `${name} setpoint [${unit}]`, stroke: PALETTE[1]!, width: 2, dash: [8, 5] },
        { label: "Position [mm]", stroke: PALETTE[2]!, width: 1.5, scale: "mm" },
      ],
      bands: [{ series: [1, 2], fill: alpha(PALETTE[0]!, 0.25) }],
      plugins: [spansPlugin(stepSpans(run)), markersPlugin(eventMarkers(run))],
      cursor: { drag: { x: true, y: false } },
    };
  }, [run, quantity]);

  return (
    <section aria-labelledby="run-plot">
      <div className="row plot-head">
        <h2 id="run-plot" className="grow">
          Trace
        </h2>
        <RadioChoice<Quantity>
          className="inline-choice"
          legend="Plot"
          name="run-quantity"
          options={QUANTITY_OPTIONS}
          value={quantity}
          onChange={setQuantity}
        />
      </div>
      {series.error ? (
        <p className="banner error" role="alert">
          The trace could not be loaded: {series.error}
        </p>
      ) : null}
      {data ? (
        <UPlotChart
          title={`${run.name}: ${quantity} and position against time (min–max band per pixel column of ${series.data!["Sample count [-]"]} samples; steps shaded, events marked)`}
          options={options}
          data={data}
          height={360}
        />
      ) : null}
      {data ? (
        <p className="muted small">
          Drag across the chart to zoom into a time span; double-click to see the whole run again.
        </p>
      ) : series.loading ? (
        <p className="muted">Loading the trace…</p>
      ) : null}
    </section>
  );
}
