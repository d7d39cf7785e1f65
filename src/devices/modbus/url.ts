/**
 * `--press` addresses of Modbus presses (CONTRACTS §6): `modbus-tcp://HOST:PORT` and
 * `modbus-rtu:/dev/ttyUSB0?baud=19200&parity=even`. Wrong addresses are usage errors that say what
 * a right one looks like; nothing connects before the address is understood.
 */
import { SsbError } from "../../core/errors.js";
import { echo } from "../../core/text.js";

export type PressUrl =
  | { kind: "tcp"; host: string; port: number; text: string }
  | {
      kind: "rtu";
      path: string;
      baudRate: number;
      parity: "none" | "even" | "odd";
      dataBits: 7 | 8;
      stopBits: 1 | 2;
      text: string;
    };

const TCP_EXAMPLE = "modbus-tcp://192.168.0.10:502";
const RTU_EXAMPLE = "modbus-rtu:/dev/ttyUSB0?baud=19200&parity=even";
const BAUDS = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

export function parsePressUrl(text: string): PressUrl {
  const shown = `"${echo(text, 120)}"`;
  const bad = (why: string, example: string) =>
    new SsbError("usage", `--press ${shown}: ${why}`, { hint: `write it like ${example}` });
  if (text.startsWith("modbus-tcp:")) {
    const m = /^modbus-tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^/:?#\s[\]]+)(?::(\d+))?\/?$/.exec(text);
    if (!m) throw bad("not a Modbus TCP address (host and optional port, nothing else)", TCP_EXAMPLE);
    const host = m[1]!.replace(/^\[|\]$/g, "");
    const port = m[2] === undefined ? 502 : Number(m[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw bad(`port ${m[2]} is not 1–65535 (Modbus TCP uses 502)`, TCP_EXAMPLE);
    return { kind: "tcp", host, port, text };
  }
  if (text.startsWith("modbus-rtu:")) {
    const rest = text.slice("modbus-rtu:".length).replace(/^\/\/(?=\/)/, "");
    const [path = "", query = ""] = rest.split("?", 2);
    if (!path.startsWith("/") && !/^COM\d+$/i.test(path))
      throw bad("needs the serial device's path after modbus-rtu:", RTU_EXAMPLE);
    const out: Extract<PressUrl, { kind: "rtu" }> = {
      kind: "rtu",
      path,
      baudRate: 19200,
      parity: "even",
      dataBits: 8,
      stopBits: 1,
      text,
    };
    for (const part of query.split("&").filter((p) => p !== "")) {
      const [key = "", value = ""] = part.split("=", 2);
      switch (key) {
        case "baud": {
          const b = Number(value);
          if (!BAUDS.includes(b))
            throw bad(`baud=${echo(value, 20)} is not one of ${BAUDS.join(", ")}`, RTU_EXAMPLE);
          out.baudRate = b;
          break;
        }
        case "parity":
          if (value !== "none" && value !== "even" && value !== "odd")
            throw bad(`parity=${echo(value, 20)} must be none, even or odd`, RTU_EXAMPLE);
          out.parity = value;
          break;
        case "data":
        case "databits":
          if (value !== "7" && value !== "8")
            throw bad(`${key}=${echo(value, 20)} must be 7 or 8`, RTU_EXAMPLE);
          out.dataBits = value === "7" ? 7 : 8;
          break;
        case "stop":
        case "stopbits":
          if (value !== "1" && value !== "2")
            throw bad(`${key}=${echo(value, 20)} must be 1 or 2`, RTU_EXAMPLE);
          out.stopBits = value === "1" ? 1 : 2;
          break;
        default:
          throw bad(
            `unknown setting "${echo(key, 30)}" (known: baud, parity, databits, stopbits)`,
            RTU_EXAMPLE,
          );
      }
    }
    return out;
  }
  throw bad(
    "a Modbus press address starts with modbus-tcp:// or modbus-rtu:",
    `${TCP_EXAMPLE} or ${RTU_EXAMPLE}`,
  );
}
