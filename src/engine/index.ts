/**
 * The run engine's public API: run a compiled protocol on a Press, steer it, list its commands.
 */
export { runProtocol } from "./runner.js";
export type { RunOptions, RunOutcome } from "./types.js";
export { RunControl, type RunSignal, type StopMode } from "./control.js";
export { describeCommands, formatCommand, type PlannedCommand } from "./commands.js";
export { THRESHOLDS } from "./thresholds.js";
export { forceLimit, type ForceLimit } from "./limit.js";
export { OperateRecorder, sampleDocument } from "./recorder.js";
export type { EngineState, EngineSnapshot } from "./state.js";
export * from "./documents.js";
