/**
 * Axes and colours every chart shares: labels carry their units ("Force [kN]"), text is dark on
 * white for a bright lab, and the palette stays distinguishable for the common colour-vision
 * deficiencies (Okabe–Ito).
 */
import type uPlot from "uplot";

export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];
export const INTERLOCK = "#c00000";

const FONT = "14px system-ui, sans-serif";
const LABEL_FONT = "bold 14px system-ui, sans-serif";

/** An axis with its label (with unit), legible text and a light grid. */
export function axis(label: string, opts: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    label,
    stroke: "#111",
    font: FONT,
    labelFont: LABEL_FONT,
    grid: { stroke: "#e1e4e8", width: 1 },
    ticks: { stroke: "#8a8f98", width: 1 },
    ...opts,
  };
}

/** A second y axis on the right, for a quantity with another unit. */
export function rightAxis(label: string, scale: string, opts: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return axis(label, { scale, side: 1, grid: { show: false }, ...opts });
}

/** Colour with transparency, for the fill of a band. */
export function alpha(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
