export * from "./types.js";
export * from "./diagnostics.js";
export { loadProtocolText, loadProtocolBytes, type LoadResult } from "./load.js";
export {
  checkProtocol,
  checkText,
  checkBytes,
  checkOrThrow,
  formatDiagnostic,
  type CheckResult,
} from "./check.js";
export {
  compileProtocol,
  findLayer,
  layersIn,
  type CompiledProtocol,
  type Segment,
  type SegmentKind,
  type StepState,
  type LimitsInForce,
} from "./compile.js";
export { RULE_CATALOGUE } from "./rules/index.js";
export {
  planProtocol,
  parseCompositeSpec,
  planQuantity,
  PLAN_DEFAULTS,
  type PlanRequest,
  type Plan,
  type PlanGoal,
} from "./plan/index.js";
export { methodsText } from "./methods.js";
export { limitOf, type LimitSource, type LimitBasis } from "./limits.js";
export type { CheckAdvisors } from "./rules/context.js";
