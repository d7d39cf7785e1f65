/** The run record: runs, steps, events and samples in SQLite or PostgreSQL (CONTRACTS §7). */
export { describeStoreLocation, openStore } from "./open.js";
export { newRunId } from "./run-id.js";
