/** Every file of the validation report, by path relative to docs/. */
import { forestPlot } from "./forest-plot.js";
import { FIGURES, validationMarkdown } from "./markdown.js";
import type { ValidationPoint } from "./point.js";

export function renderReport(points: ValidationPoint[]): Record<string, string> {
  return {
    "validation.md": validationMarkdown(points),
    [FIGURES.independent]: forestPlot(
      "Independent points",
      points.filter((p) => p.role === "independent"),
    ),
    [FIGURES.calibration]: forestPlot(
      "Calibration points",
      points.filter((p) => p.role === "calibration"),
    ),
  };
}
