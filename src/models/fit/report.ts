import type { ParameterSet } from "../params.js";

/** One data point compared with the fitted model. */
export interface Residual {
  label: string;
  observed: number;
  predicted: number;
  unit: string;
}

/** What each fit returns: its parameters (written to src/models/parameters/NAME.ts) and residuals. */
export interface FitReport {
  name: string;
  parameters: Record<string, ParameterSet>;
  residuals: Residual[];
  /** Tables needed at run time (e.g. digitised curves), exported as plain constants. */
  tables?: Record<string, unknown>;
  notes?: string[];
}
