/**
 * Counting validation points: how many measurements the models reproduce within the data's own
 * scatter, calibration and independent points apart (a calibration point agreeing says only that the
 * fit converged; an independent one is evidence).
 */
import { withinScatter, type PointRole, type ValidationPoint } from "./point.js";

interface Tally {
  total: number;
  within: number;
}

export interface Summary {
  calibration: Tally;
  independent: Tally;
  /** Per model, in the order models first appear. */
  byModel: { model: string; calibration: Tally; independent: Tally }[];
}

function tally(points: ValidationPoint[], role: PointRole): Tally {
  const of = points.filter((p) => p.role === role);
  return { total: of.length, within: of.filter(withinScatter).length };
}

export function summarize(points: ValidationPoint[]): Summary {
  const models = [...new Set(points.map((p) => p.model))];
  return {
    calibration: tally(points, "calibration"),
    independent: tally(points, "independent"),
    byModel: models.map((model) => {
      const of = points.filter((p) => p.model === model);
      return { model, calibration: tally(of, "calibration"), independent: tally(of, "independent") };
    }),
  };
}

/** The sentence the README quotes; one place so the README test and the report cannot disagree. */
export function headline(s: Summary): string {
  return (
    `${s.independent.within} of ${s.independent.total} independent published measurements ` +
    `fall within their scatter (calibration points: ${s.calibration.within} of ${s.calibration.total})`
  );
}

/** predicted / measured, the number the report and the plot show (NaN when the measurement is 0). */
export function ratio(p: ValidationPoint): number {
  return p.measured !== 0 ? p.predicted / p.measured : NaN;
}
