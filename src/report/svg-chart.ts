/**
 * Small, dependency-free SVG line charts for reports: one or more panels stacked vertically, each
 * with a left and an optional right axis. Enough for a pressure programme with densities, and the
 * stack pressure during cycling; not a general plotting library.
 */

interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  axis?: "left" | "right";
  color?: string;
  /** Draw as a staircase (value holds until the next point). */
  step?: boolean;
  dashed?: boolean;
}

interface Band {
  name: string;
  x: ArrayLike<number>;
  lo: ArrayLike<number>;
  hi: ArrayLike<number>;
  axis?: "left" | "right";
  color?: string;
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  y2Label?: string;
  series: Series[];
  bands?: Band[];
  /** Vertical markers, e.g. a predicted short. */
  vlines?: { x: number; label: string; color?: string }[];
  /** Shaded spans of x with a label, e.g. the time a cell is shorted. */
  spans?: { x1: number; x2: number; label: string; color?: string }[];
  /** Horizontal reference lines, e.g. a pressure limit. */
  hlines?: { y: number; label: string; axis?: "left" | "right"; color?: string }[];
  yMin?: number;
  y2Min?: number;
  y2Max?: number;
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** "Nice" tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

function extent(values: number[], min?: number, max?: number): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = min ?? Math.min(...finite);
  let hi = max ?? Math.max(...finite);
  if (!finite.length) return [0, 1];
  if (hi === lo) {
    hi = lo + (Math.abs(lo) || 1) * 0.1;
    lo = lo - (Math.abs(lo) || 1) * 0.1;
  }
  const pad = (hi - lo) * 0.05;
  return [min ?? lo - pad, max ?? hi + pad];
}

const fmt = (v: number) =>
  Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(1) : `${+v.toPrecision(4)}`;

export function renderChart(
  panels: Panel[],
  opts: { width?: number; panelHeight?: number; title?: string } = {},
): string {
  const W = opts.width ?? 860;
  const H = opts.panelHeight ?? 300;
  const m = { l: 70, r: 70, t: 30, b: 48 };
  const titleH = opts.title ? 30 : 0;
  const total = titleH + panels.length * H;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${total}" viewBox="0 0 ${W} ${total}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${total}" fill="white"/>`);
  if (opts.title)
    out.push(
      `<text x="${W / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${esc(opts.title)}</text>`,
    );
  panels.forEach((p, pi) => {
    const y0 = titleH + pi * H;
    const pw = W - m.l - m.r;
    // the legend sits between the panel title and the plot box
    const legendRows = Math.ceil(p.series.length / 3);
    const top = m.t + legendRows * 16;
    const ph = H - top - m.b;
    const all = (axis: "left" | "right") => [
      ...p.series.filter((s) => (s.axis ?? "left") === axis).flatMap((s) => Array.from(s.y)),
      ...(p.bands ?? [])
        .filter((b) => (b.axis ?? "left") === axis)
        .flatMap((b) => [...Array.from(b.lo), ...Array.from(b.hi)]),
      ...(p.hlines ?? []).filter((h) => (h.axis ?? "left") === axis).map((h) => h.y),
    ];
    const xs = [
      ...p.series.flatMap((s) => Array.from(s.x)),
      ...(p.bands ?? []).flatMap((b) => Array.from(b.x)),
      ...(p.spans ?? []).flatMap((s) => [s.x1, s.x2]),
    ];
    const [xl, xh] = extent(xs);
    const [yl, yh] = extent(all("left"), p.yMin);
    const hasRight =
      p.series.some((s) => s.axis === "right") || (p.bands ?? []).some((b) => b.axis === "right");
    const [rl, rh] = hasRight ? extent(all("right"), p.y2Min, p.y2Max) : [0, 1];
    const X = (x: number) => m.l + ((x - xl) / (xh - xl)) * pw;
    const Y = (y: number, axis: "left" | "right" = "left") =>
      y0 +
      top +
      ph -
      ((y - (axis === "left" ? yl : rl)) / ((axis === "left" ? yh : rh) - (axis === "left" ? yl : rl))) * ph;
    out.push(`<g>`);
    out.push(`<text x="${m.l}" y="${y0 + 20}" font-size="13" font-weight="bold">${esc(p.title)}</text>`);
    out.push(`<rect x="${m.l}" y="${y0 + top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
    for (const t of ticks(xl, xh)) {
      if (t < xl || t > xh) continue;
      out.push(
        `<line x1="${X(t)}" x2="${X(t)}" y1="${y0 + top + ph}" y2="${y0 + top + ph + 4}" stroke="#333"/>`,
      );
      out.push(`<text x="${X(t)}" y="${y0 + top + ph + 16}" text-anchor="middle">${fmt(t)}</text>`);
    }
    for (const t of ticks(yl, yh)) {
      if (t < yl || t > yh) continue;
      out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${Y(t)}" y2="${Y(t)}" stroke="#eee"/>`);
      out.push(`<text x="${m.l - 6}" y="${Y(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
    }
    if (hasRight) {
      for (const t of ticks(rl, rh)) {
        if (t < rl || t > rh) continue;
        out.push(`<text x="${m.l + pw + 6}" y="${Y(t, "right") + 4}">${fmt(t)}</text>`);
      }
      out.push(
        `<text transform="translate(${W - 14},${y0 + top + ph / 2}) rotate(90)" text-anchor="middle">${esc(p.y2Label ?? "")}</text>`,
      );
    }
    out.push(`<text x="${m.l + pw / 2}" y="${y0 + H - 10}" text-anchor="middle">${esc(p.xLabel)}</text>`);
    out.push(
      `<text transform="translate(16,${y0 + top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`,
    );
    let ci = 0;
    for (const b of p.bands ?? []) {
      const color = b.color ?? PALETTE[ci++ % PALETTE.length]!;
      const axis = b.axis ?? "left";
      const up = Array.from(b.x).map((x, i) => `${X(x).toFixed(1)},${Y(b.hi[i]!, axis).toFixed(1)}`);
      const down = Array.from(b.x)
        .map((x, i) => `${X(x).toFixed(1)},${Y(b.lo[i]!, axis).toFixed(1)}`)
        .reverse();
      out.push(
        `<polygon points="${[...up, ...down].join(" ")}" fill="${color}" fill-opacity="0.15" stroke="none"><title>${esc(b.name)}</title></polygon>`,
      );
    }
    for (const s of p.spans ?? []) {
      const color = s.color ?? "#d62728";
      const a = Math.max(m.l, X(s.x1));
      const b = Math.min(m.l + pw, X(s.x2));
      out.push(
        `<rect x="${a.toFixed(1)}" y="${y0 + top}" width="${Math.max(0, b - a).toFixed(1)}" height="${ph}" fill="${color}" fill-opacity="0.12" stroke="none"><title>${esc(s.label)}</title></rect>`,
      );
      out.push(
        `<text x="${((a + b) / 2).toFixed(1)}" y="${y0 + top + ph / 2}" text-anchor="middle" fill="${color}">${esc(s.label)}</text>`,
      );
    }
    for (const h of p.hlines ?? []) {
      const y = Y(h.y, h.axis ?? "left");
      out.push(
        `<line x1="${m.l}" x2="${m.l + pw}" y1="${y}" y2="${y}" stroke="${h.color ?? "#d62728"}" stroke-dasharray="2,3"/>`,
      );
      out.push(
        `<text x="${m.l + pw - 4}" y="${y - 4}" text-anchor="end" fill="${h.color ?? "#d62728"}">${esc(h.label)}</text>`,
      );
    }
    for (const v of p.vlines ?? []) {
      const x = X(v.x);
      out.push(
        `<line x1="${x}" x2="${x}" y1="${y0 + top}" y2="${y0 + top + ph}" stroke="${v.color ?? "#d62728"}" stroke-dasharray="4,3"/>`,
      );
      out.push(
        `<text x="${x + 4}" y="${y0 + top + 14}" fill="${v.color ?? "#d62728"}">${esc(v.label)}</text>`,
      );
    }
    const legend: string[] = [];
    p.series.forEach((s, si) => {
      const color = s.color ?? PALETTE[(ci + si) % PALETTE.length]!;
      const axis = s.axis ?? "left";
      const pts: string[] = [];
      for (let i = 0; i < s.x.length; i++) {
        const x = X(s.x[i]!);
        const y = Y(s.y[i]!, axis);
        if (!Number.isFinite(y)) continue;
        if (s.step && i > 0 && pts.length) pts.push(`${x.toFixed(1)},${Y(s.y[i - 1]!, axis).toFixed(1)}`);
        pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
      }
      out.push(
        `<polyline points="${pts.join(" ")}" fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6,4"' : ""}><title>${esc(s.name)}</title></polyline>`,
      );
      legend.push(
        `<g transform="translate(${m.l + 10 + (si % 3) * 230},${y0 + m.t + 12 + Math.floor(si / 3) * 16})"><line x1="0" x2="18" y1="-4" y2="-4" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6,4"' : ""}/><text x="24" y="0">${esc(s.name)}${axis === "right" ? " (right)" : ""}</text></g>`,
      );
    });
    out.push(...legend);
    out.push(`</g>`);
  });
  out.push(`</svg>`);
  return out.join("\n");
}
