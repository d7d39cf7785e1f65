/** The digital twin and its faults. */
export { createTwin, TwinPress, type TwinOptions } from "./twin.js";
export { FAULT_KINDS, parseFault, type Fault } from "./faults.js";
