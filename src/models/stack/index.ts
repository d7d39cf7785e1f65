/** Stack pressure during cycling (MODELS.md item 6). */
export {
  simulateOperation,
  anodeContactThreshold,
  stackPressureFunction,
  maxStackPressure,
  summarizeStackPressure,
  type OperationInput,
} from "./simulate.js";
export { defaultCycling } from "./cycling.js";
export { KEYS as STACK_KEYS, MAH_PER_CM2 } from "./thickness.js";
export { stackParameters, stackCalibrationCell, volumeChangeCurves } from "../parameters/stack.js";
