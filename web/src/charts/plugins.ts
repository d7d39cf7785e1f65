/**
 * Small uPlot plugins shared by the charts: shaded spans (the steps of a protocol or a run) and
 * vertical markers (events, interlocks, a predicted short). They draw on the chart's own canvas,
 * so a 1,000,000-sample run costs no more than its few thousand decimated points.
 */
import type uPlot from "uplot";

export interface Span {
  from: number;
  to: number;
  /** Drawn at the top of the span when there is room, e.g. "3". */
  label?: string;
}

export interface Marker {
  at: number;
  /** Short text drawn next to the line, e.g. "interlock". */
  label?: string;
  color: string;
  /** Thicker and solid (an interlock, a short); otherwise thin and dashed. */
  strong?: boolean;
}

const SHADES = ["rgba(11, 79, 168, 0.07)", "rgba(11, 79, 168, 0.15)"];

/** Alternating light bands behind the series, one per span, with its label at the top. */
export function spansPlugin(spans: readonly Span[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const { ctx, bbox } = u;
        const pr = devicePixelRatioOf(u);
        ctx.save();
        ctx.font = `${Math.round(12 * pr)}px system-ui, sans-serif`;
        ctx.textBaseline = "top";
        spans.forEach((s, i) => {
          const x0 = Math.max(bbox.left, u.valToPos(s.from, "x", true));
          const x1 = Math.min(bbox.left + bbox.width, u.valToPos(s.to, "x", true));
          if (!(x1 > x0)) return;
          ctx.fillStyle = SHADES[i % 2]!;
          ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
          if (s.label && x1 - x0 > ctx.measureText(s.label).width + 6 * pr) {
            ctx.fillStyle = "#2c3440";
            ctx.fillText(s.label, x0 + 3 * pr, bbox.top + 3 * pr);
          }
        });
        ctx.restore();
      },
    },
  };
}

/** Vertical lines at given x values, each with a short label, drawn over the series. */
export function markersPlugin(markers: readonly Marker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx, bbox } = u;
        const pr = devicePixelRatioOf(u);
        ctx.save();
        ctx.font = `${Math.round(12 * pr)}px system-ui, sans-serif`;
        ctx.textBaseline = "bottom";
        const inside = markers
          .map((m) => ({ m, x: u.valToPos(m.at, "x", true) }))
          .filter(({ x }) => x >= bbox.left && x <= bbox.left + bbox.width);
        // strong markers (interlocks) last, so that no dashed line hides them
        const byWeight = [...inside.filter((p) => !p.m.strong), ...inside.filter((p) => p.m.strong)];
        for (const { m, x } of byWeight) {
          ctx.strokeStyle = m.color;
          ctx.lineWidth = (m.strong ? 3 : 1.5) * pr;
          ctx.setLineDash(m.strong ? [] : [5 * pr, 4 * pr]);
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
        }
        // Labels go on up to four rows, strong ones first; a label that finds no free room is left
        // out (its line stays), so a cluster of events at one moment does not become a smear.
        const rowEnds = [-Infinity, -Infinity, -Infinity, -Infinity];
        const labelOrder = [...inside].sort(
          (a, b) => Number(!!b.m.strong) - Number(!!a.m.strong) || a.x - b.x,
        );
        for (const { m, x } of labelOrder) {
          if (!m.label) continue;
          const w = ctx.measureText(m.label).width;
          const tx = x + 4 * pr + w > bbox.left + bbox.width ? x - 4 * pr - w : x + 4 * pr;
          const row = rowEnds.findIndex((end) => tx - 4 * pr > end);
          if (row < 0) continue;
          rowEnds[row] = tx + w;
          const y = bbox.top + bbox.height - (4 + row * 16) * pr;
          ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
          ctx.fillRect(tx - 2 * pr, y - 15 * pr, w + 4 * pr, 15 * pr);
          ctx.fillStyle = m.color;
          ctx.fillText(m.label, tx, y);
        }
        ctx.restore();
      },
    },
  };
}

/** uPlot draws in device pixels; the ratio turns CSS sizes into canvas sizes. */
function devicePixelRatioOf(u: uPlot): number {
  return u.ctx.canvas.width / Math.max(1, u.ctx.canvas.clientWidth || u.width) || 1;
}

export interface Whisker {
  at: number;
  low: number;
  high: number;
  color: string;
  /** The y scale the range is measured on. */
  scale: string;
}

/** Vertical ranges with caps (e.g. a Monte Carlo 5–95 % band at the end of a step). */
export function whiskersPlugin(whiskers: readonly Whisker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx, bbox } = u;
        const pr = devicePixelRatioOf(u);
        ctx.save();
        ctx.setLineDash([]);
        ctx.lineWidth = 2 * pr;
        for (const w of whiskers) {
          const x = u.valToPos(w.at, "x", true);
          if (!(x >= bbox.left && x <= bbox.left + bbox.width)) continue;
          const y0 = u.valToPos(w.low, w.scale, true);
          const y1 = u.valToPos(w.high, w.scale, true);
          const cap = 4 * pr;
          ctx.strokeStyle = w.color;
          ctx.beginPath();
          ctx.moveTo(x, y0);
          ctx.lineTo(x, y1);
          ctx.moveTo(x - cap, y0);
          ctx.lineTo(x + cap, y0);
          ctx.moveTo(x - cap, y1);
          ctx.lineTo(x + cap, y1);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}
