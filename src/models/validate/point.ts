/**
 * One published measurement next to the models' prediction of it: the unit of the validation report
 * (`npm run validate` → docs/validation.md). Each model folder's validation list (./points/*.ts)
 * builds these from data/published with the public model API and the committed parameters.
 */

/** Whether the measurement was used to fit (or bound) a parameter, or was never seen by any fit. */
export type PointRole = "calibration" | "independent";

export interface ValidationPoint {
  /** Model that makes the prediction: densification, conductivity, contact, creep, fracture, stack, simulate. */
  model: string;
  /** What is compared, in words, e.g. "relative density after release". */
  quantity: string;
  /** The measurement's conditions, e.g. "Li6PS5Cl, 370 MPa, 13 mm die, 200 mg". */
  conditions: string;
  /** Unit of measured and predicted, as printed ("-", "h", "MPa", "mS/cm", "%"). */
  unit: string;
  /** The measured value (for a bound, the bound). */
  measured: number;
  /**
   * The data's own scatter around the measurement: the band a prediction must fall in to agree
   * (interlab spread, pellet-to-pellet range, read-off-a-figure error). For a bound, omit both.
   */
  low?: number;
  high?: number;
  /** The measurement is a bound: "lower" means the true value is ≥ measured (e.g. "> 1000 h"). */
  bound?: "lower" | "upper";
  /** The models' nominal prediction, in `unit`. */
  predicted: number;
  /** Citation key of the measurement (data/published/references.csv). */
  source: string;
  role: PointRole;
  /** How the scatter band was set, and for a point outside it, why the models miss it. */
  note: string;
}

/** True when the prediction agrees with the measurement within the data's scatter (or satisfies its bound). */
export function withinScatter(p: ValidationPoint): boolean {
  if (!Number.isFinite(p.predicted) && !(p.predicted === Infinity && p.bound === "lower")) return false;
  if (p.bound === "lower") return p.predicted >= p.measured;
  if (p.bound === "upper") return p.predicted <= p.measured;
  const low = p.low ?? p.measured;
  const high = p.high ?? p.measured;
  return p.predicted >= low && p.predicted <= high;
}
