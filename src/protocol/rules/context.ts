import type { CompiledProtocol, StepState } from "../compile.js";
import type { DiagnosticSink } from "../diagnostics.js";
import type { OperateStep } from "../types.js";

/**
 * Answers from the physics models, injected by a higher layer (the models sit above the protocol
 * layer, so the checker cannot import them). Rules use them where they answer better than a fixed
 * threshold, and fall back to the threshold without them.
 */
export interface CheckAdvisors {
  /** Predicted short circuit during an operate step: median time [s] (Infinity: none) and probability within the step's duration. */
  operationShort?(
    protocol: CompiledProtocol,
    step: OperateStep,
  ): { timeToShort: number; probability: number; citations: string[] } | undefined;
}

/** What every rule sees: the compiled protocol, its step states, and where to report. */
export interface RuleContext {
  protocol: CompiledProtocol;
  trace: StepState[];
  sink: DiagnosticSink;
  /** Step numbers of Add steps the loader left out (their layer's definition was reported wrong). */
  skippedAdds?: readonly number[];
  advisors?: CheckAdvisors;
}

export interface RuleInfo {
  id: string;
  severity: "error" | "warning" | "info";
  summary: string;
}

/** Pressures and forces in messages: "250 MPa", "39.3 kN (4.00 t)". */
export const mpa = (pa: number): string => `${+(pa / 1e6).toPrecision(4)} MPa`;
export const kn = (n: number): string =>
  `${+(n / 1e3).toPrecision(4)} kN (${+(n / 9806.65).toPrecision(3)} t)`;
export const mm = (m: number): string => `${+(m * 1e3).toPrecision(4)} mm`;
export const um = (m: number): string => `${Math.round(m * 1e6)} µm`;
export const degC = (k: number): string => `${+(k - 273.15).toPrecision(4)} °C`;
export const duration = (s: number): string =>
  s < 120
    ? `${+s.toPrecision(3)} s`
    : s < 7200
      ? `${+(s / 60).toPrecision(3)} min`
      : `${+(s / 3600).toPrecision(3)} h`;
