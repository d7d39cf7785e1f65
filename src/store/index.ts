/** The run record: runs, steps, events and samples in SQLite or PostgreSQL (CONTRACTS §7). */
export type { RunRecord, RunStore, RunSummary } from "./types.js";
export {
  dataFolder,
  describeStoreLocation,
  openStore,
  type OpenedStore,
  type OpenStoreOptions,
} from "./open.js";
export { newRunId } from "./run-id.js";
