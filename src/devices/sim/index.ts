/** The digital twin and its faults. */
export { createTwin, TwinPress, type TwinOptions, type TwinState } from "./twin.js";
export { FAULT_KINDS, parseFault, type Fault, type FaultKind, type FaultWhen } from "./faults.js";
