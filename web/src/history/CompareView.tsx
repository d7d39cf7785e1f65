/**
 * Two runs overlaid (#/history/compare/ID1/ID2): the pressure (or force) of each against its own
 * test time, one colour per run, with a legend naming them.
 */
import { useMemo, useState } from "react";
import uPlot from "uplot";
import { UPlotChart, type ChartOptions } from "../charts/UPlotChart";
import { axis, PALETTE } from "../charts/axes";
import { useJson } from "./useJson";
import { middleLine, QUANTITY_OPTIONS, type Quantity } from "./trace";

/** Two runs are compared on pressure first (dies may differ), so it leads the choice. */
const OVERLAY_OPTIONS = [...QUANTITY_OPTIONS].reverse();
import { seriesPoints } from "./RunPlot";
import { StatusBadge, when } from "./StatusBadge";
import type { RunSeries, RunShow } from "./types";
import { RadioChoice } from "../charts/RadioChoice";

const path = (id: string) => `/api/runs/${encodeURIComponent(id)}`;

export function CompareView({ a, b }: { a: string; b: string }) {
  const [quantity, setQuantity] = useState<Quantity>("Pressure [MPa]");
  const [points] = useState(seriesPoints);
  const runA = useJson<RunShow>(path(a));
  const runB = useJson<RunShow>(path(b));
  const seriesA = useJson<RunSeries>(`${path(a)}/series?points=${points}`);
  const seriesB = useJson<RunSeries>(`${path(b)}/series?points=${points}`);
  const error = runA.error ?? runB.error ?? seriesA.error ?? seriesB.error;
  const nameA = runA.data ? `A: ${runA.data.name} (${a})` : `A: ${a}`;
  const nameB = runB.data ? `B: ${runB.data.name} (${b})` : `B: ${b}`;

  const data = useMemo(() => {
    if (!seriesA.data || !seriesB.data) return null;
    // Two runs sample different moments: join them on the union of their time columns.
    return uPlot.join([
      middleLine(seriesA.data, quantity) as uPlot.AlignedData,
      middleLine(seriesB.data, quantity) as uPlot.AlignedData,
    ]);
  }, [seriesA.data, seriesB.data, quantity]);
  const options = useMemo<ChartOptions>(
    () => ({
      scales: { x: { time: false } },
      axes: [axis("Test time [s]"), axis(quantity)],
      series: [
        { label: "Test time [s]" },
        { label: `${nameA} ${quantity}`, stroke: PALETTE[0]!, width: 2, spanGaps: true },
        { label: `${nameB} ${quantity}`, stroke: PALETTE[1]!, width: 2, dash: [10, 5], spanGaps: true },
      ],
      cursor: { drag: { x: true, y: false } },
    }),
    [quantity, nameA, nameB],
  );

  return (
    <>
      <p>
        <a href="#/history">← All runs</a>
      </p>
      <h1>Compare two runs</h1>
      <table>
        <caption>The runs compared</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Press</th>
          </tr>
        </thead>
        <tbody>
          {(
            [
              ["A (solid)", a, runA.data],
              ["B (dashed)", b, runB.data],
            ] as const
          ).map(([line, id, r]) => (
            <tr key={line}>
              <th scope="row">{line}</th>
              <td>
                <a href={`#/history/${encodeURIComponent(id)}`}>{r?.name ?? id}</a>{" "}
                <span className="muted small">{id}</span>
              </td>
              <td>{r ? <StatusBadge status={r.status} /> : "…"}</td>
              <td>{when(r?.started)}</td>
              <td>{r?.press ?? "…"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <RadioChoice<Quantity>
        className="inline-choice"
        legend="Overlay"
        name="compare-quantity"
        options={OVERLAY_OPTIONS}
        value={quantity}
        onChange={setQuantity}
      />
      {error ? (
        <p className="banner error" role="alert">
          {error}
        </p>
      ) : null}
      {data ? (
        <UPlotChart
          title={`${quantity} of two runs against test time`}
          options={options}
          data={data}
          height={380}
        />
      ) : error ? null : (
        <p className="muted">Loading the traces…</p>
      )}
    </>
  );
}
