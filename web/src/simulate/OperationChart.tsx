/**
 * The stack pressure while the cell cycles (the Operate step), with the predicted short, the loss
 * of contact and the exit from the band marked. Uses the operation series when the server sends
 * it; otherwise the lowest and highest stack pressure over the predicted operating time.
 */
import { useMemo } from "react";
import type uPlot from "uplot";
import { UPlotChart, type ChartOptions } from "../charts/UPlotChart";
import { axis, INTERLOCK, PALETTE } from "../charts/axes";
import { markersPlugin, type Marker } from "../charts/plugins";
import { withUnit } from "../charts/format";
import type { Operation } from "./types";

export function OperationChart({ op }: { op: Operation }) {
  const { data, fromSeries } = useMemo(() => {
    const s = op.series;
    if (s && s["Time [h]"].length > 1)
      return { data: [s["Time [h]"], s["Stack pressure [MPa]"]] as uPlot.AlignedData, fromSeries: true };
    const end = op["Shorted from [h]"] ?? op["Duration [h]"] ?? op["Time to short [h]"] ?? 1;
    const lo = op["Stack pressure min [MPa]"];
    const hi = op["Stack pressure max [MPa]"];
    return {
      data: [
        [0, Math.max(end, 1e-3)],
        [hi, hi],
        [lo, lo],
      ] as uPlot.AlignedData,
      fromSeries: false,
    };
  }, [op]);

  const options = useMemo<ChartOptions>(() => {
    const markers: Marker[] = [];
    const short = op["Shorted from [h]"] ?? op["Time to short [h]"];
    if (short !== null && short !== undefined)
      markers.push({
        at: short,
        label: `short at ${withUnit(short, "h", 3)}`,
        color: INTERLOCK,
        strong: true,
      });
    const loss = op["Contact loss [h]"];
    if (loss !== null && loss !== undefined)
      markers.push({ at: loss, label: `contact lost at ${withUnit(loss, "h", 3)}`, color: "#7a4a00" });
    const over = op["Above band [h]"];
    if (over !== null && over !== undefined)
      markers.push({ at: over, label: `above band at ${withUnit(over, "h", 3)}`, color: "#7a4a00" });
    return {
      scales: { x: { time: false } },
      axes: [axis("Operation time [h]"), axis("Stack pressure [MPa]")],
      series: fromSeries
        ? [{ label: "Operation time [h]" }, { label: "Stack pressure [MPa]", stroke: PALETTE[0]!, width: 2 }]
        : [
            { label: "Operation time [h]" },
            { label: "Stack pressure max [MPa]", stroke: PALETTE[1]!, width: 2 },
            { label: "Stack pressure min [MPa]", stroke: PALETTE[0]!, width: 2 },
          ],
      plugins: [markersPlugin(markers)],
    };
  }, [op, fromSeries]);

  return (
    <UPlotChart
      title={`Stack pressure during cycling (step ${op.step}${op.fixture ? `, ${op.fixture} fixture` : ""})`}
      options={options}
      data={data}
      height={260}
      summary={`Stack pressure from ${withUnit(op["Stack pressure min [MPa]"], "MPa")} to ${withUnit(
        op["Stack pressure max [MPa]"],
        "MPa",
      )}; time to short ${op["Time to short [h]"] === null ? "none predicted" : withUnit(op["Time to short [h]"], "h")}.`}
    />
  );
}
