/** Stack pressure during cycling (MODELS.md item 6). */
export {
  simulateOperation,
  stackPressureFunction,
  maxStackPressure,
  summarizeStackPressure,
  type FixtureSpec,
  type CyclingConditions,
  type OutputOptions,
  type OperationInput,
  type OperationResult,
  type StackPressureSummary,
} from "./simulate.js";
export { defaultCycling, DEFAULT_C_RATE, type CathodeLoading } from "./cycling.js";
export {
  KEYS as STACK_KEYS,
  FARADAY,
  MAH_PER_CM2,
  MAH_PER_G,
  curveName,
  compositeThicknessChange,
  metalThicknessPerCharge,
  thicknessProfile,
  type AnodeKind,
  type AnodeSpec,
  type CathodeSpec,
  type ProfileInput,
  type ThicknessProfile,
  type VolumeCurve,
  type VolumeCurves,
} from "./thickness.js";
export { stackParameters, stackCalibrationCell, volumeChangeCurves } from "../parameters/stack.js";
