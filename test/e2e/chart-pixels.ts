/**
 * What the browser tests read from a drawn chart: how many of its canvas pixels are coloured (the
 * series: the palette's hues, not the grey axes, grid and text), and the axis labels the chart
 * writes out next to its canvas.
 */
import type { Locator } from "playwright-core";

/** Coloured (saturated) pixels on the chart's canvas: zero when no series was drawn. */
export async function colouredPixels(figure: Locator): Promise<number> {
  return figure
    .locator("canvas")
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext("2d");
      if (!ctx || c.width === 0 || c.height === 0) return 0;
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) {
        const r = px[i]!,
          g = px[i + 1]!,
          b = px[i + 2]!,
          a = px[i + 3]!;
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
      }
      return n;
    });
}

/** The axis labels of a chart, as written next to its canvas ("Time [min]; Pressure [MPa]; …"). */
export async function axisLabels(figure: Locator): Promise<string> {
  return (await figure.locator(".chart-axes").textContent()) ?? "";
}
