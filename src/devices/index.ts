/**
 * Presses, for library users: the interface, the digital twin, the manual press and its scripted
 * operator, Modbus TCP/RTU, and the scripted fake for testing code that drives a press.
 */
export * from "./press.js";
export * from "./sim/index.js";
export * from "./manual/index.js";
export * from "./modbus/index.js";
export { ScriptedPress } from "./fake/scripted-press.js";
