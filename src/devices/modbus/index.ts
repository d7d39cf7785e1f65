/** Modbus presses: the driver, the simulated press server, press maps and press addresses. */
export { ModbusPress, type ModbusPressOptions } from "./driver.js";
export {
  startPressServer,
  type PressServer,
  type PressServerOptions,
  type PressServerState,
  type ServedPress,
} from "./server.js";
export {
  DEFAULT_PRESS_MAP,
  DEFAULT_PRESS_MAP_YAML,
  loadPressMap,
  type MappedValue,
  type PressMap,
} from "./map.js";
export { parsePressUrl, type PressUrl } from "./url.js";
