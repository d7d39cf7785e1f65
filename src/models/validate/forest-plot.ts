/**
 * The validation report's figure: one row per published measurement, the ratio predicted/measured on
 * a log axis, the data's scatter band drawn as a bar around 1 (low/measured … high/measured) and the
 * prediction as a dot — filled when it lies inside the band, hollow when outside. A bound ("> 1000 h")
 * is drawn as an arrow from the bound. Self-contained SVG (no fonts or scripts fetched).
 */
import { withinScatter, type ValidationPoint } from "./point.js";
import { ratio } from "./summary.js";

const ROW = 18;
const LEFT = 430;
const PLOT = 360;
const TOP = 40;
const RIGHT_PAD = 20;
/** Ratios shown on the axis; anything beyond is drawn at the edge with an arrow. */
const RMIN = 1 / 100;
const RMAX = 100;

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function xOf(r: number): number {
  const c = Math.min(RMAX, Math.max(RMIN, r));
  return LEFT + ((Math.log10(c) - Math.log10(RMIN)) / (Math.log10(RMAX) - Math.log10(RMIN))) * PLOT;
}

function label(p: ValidationPoint): string {
  const s = `${p.model}: ${p.quantity}, ${p.conditions} (${p.source})`;
  return s.length > 78 ? s.slice(0, 77) + "…" : s;
}

export function forestPlot(title: string, points: ValidationPoint[]): string {
  const height = TOP + points.length * ROW + 40;
  const width = LEFT + PLOT + RIGHT_PAD;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`,
  ];
  for (const t of [0.01, 0.1, 0.5, 1, 2, 10, 100]) {
    const x = xOf(t).toFixed(1);
    out.push(
      `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${height - 34}" stroke="${t === 1 ? "#444" : "#ddd"}"/>`,
      `<text x="${x}" y="${height - 20}" text-anchor="middle">${t}</text>`,
    );
  }
  out.push(
    `<text x="${LEFT + PLOT / 2}" y="${height - 6}" text-anchor="middle">predicted / measured (log scale; bar: the data's scatter)</text>`,
  );
  points.forEach((p, i) => {
    const y = TOP + i * ROW + ROW / 2;
    out.push(`<text x="${LEFT - 8}" y="${y + 4}" text-anchor="end">${esc(label(p))}</text>`);
    const ok = withinScatter(p);
    const color = ok ? "#1a7f37" : "#cf222e";
    if (p.bound) {
      // the measurement is a bound: the bar runs from the bound towards the allowed side
      const x0 = xOf(1);
      const x1 = xOf(p.bound === "lower" ? RMAX : RMIN);
      out.push(`<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="#bbb" stroke-width="5"/>`);
    } else if (p.measured !== 0) {
      const lo = xOf((p.low ?? p.measured) / p.measured);
      const hi = xOf((p.high ?? p.measured) / p.measured);
      out.push(
        `<line x1="${Math.min(lo, hi)}" y1="${y}" x2="${Math.max(lo, hi) + 0.01}" y2="${y}" stroke="#bbb" stroke-width="5"/>`,
      );
    }
    const r = p.predicted === Infinity ? RMAX : ratio(p);
    if (Number.isFinite(r) || p.predicted === Infinity) {
      const x = xOf(r).toFixed(1);
      out.push(
        `<circle cx="${x}" cy="${y}" r="4" fill="${ok ? color : "white"}" stroke="${color}" stroke-width="1.5"/>`,
      );
    }
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}
