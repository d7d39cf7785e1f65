/**
 * One uPlot chart as a React component, reusable by every page that draws a trace against time
 * (simulate, history, the run console). The chart fills its container's width and redraws when the
 * container is resized (ResizeObserver), so it stays legible from a desktop down to an 800 px tablet.
 * The options are rebuilt only when the caller's `options` object changes; new data alone is handed
 * to uPlot's setData, which is what keeps a live trace cheap.
 */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ChartOptions = Omit<uPlot.Options, "width" | "height">;

export interface UPlotChartProps {
  /** What the chart shows, for screen readers and as the visible caption. */
  title: string;
  options: ChartOptions;
  data: uPlot.AlignedData;
  /** Plot height in CSS pixels (the legend comes below it). */
  height?: number;
  /** A text alternative: the numbers a screen-reader user needs instead of the picture. */
  summary?: string;
  /** Keep the x and y scales as they are when new data arrives (e.g. after the user zoomed). */
  keepScales?: boolean;
}

export function UPlotChart({ title, options, data, height = 320, summary, keepScales }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(300, el.clientWidth);
    const u = new uPlot({ ...options, width, height }, latest.current, el);
    chart.current = u;
    // Follow the container: a rotated tablet or a resized window redraws at the new width.
    let last = width;
    const observer = new ResizeObserver(() => {
      const w = Math.max(300, Math.floor(el.clientWidth));
      if (w !== last) {
        last = w;
        u.setSize({ width: w, height });
      }
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
      chart.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    const u = chart.current;
    if (u && u.data !== data) u.setData(data, !keepScales);
  }, [data, keepScales]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} className="chart-canvas" />
      {/* The axes are drawn on the canvas; their labels (with units) are written out for screen readers. */}
      <p className="visually-hidden chart-axes">
        Axes:{" "}
        {(options.axes ?? [])
          .map((a) => (a.side === 1 ? `${String(a.label)} (right)` : String(a.label)))
          .join("; ")}
        .
      </p>
      {summary ? <p className="visually-hidden">{summary}</p> : null}
    </figure>
  );
}
