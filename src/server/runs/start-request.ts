/**
 * The body of `POST /api/runs` (CONTRACTS §8), checked field by field before anything is compiled
 * or connected: which press, how fast the twin runs, how long an Operate step lasts, who operates,
 * whether Add/Ask prompts are answered for the operator, and the twin's injected faults.
 */
import { parseQuantity } from "../../core/units.js";
import { SsbError } from "../../core/errors.js";
import { pressChoiceOf, parseFaults, type PressChoice } from "../../devices/factory.js";
import { parsePressUrl } from "../../devices/modbus/url.js";
import type { Fault } from "../../devices/sim/index.js";
import { HttpError, shown } from "./http-error.js";

export interface StartRequest {
  protocol: string;
  /** The press as named in the request ("sim", "manual", "modbus-tcp://…"): also its lock key. */
  pressName: string;
  choice: PressChoice;
  /** How many times faster than real time the twin runs (1 for every real press). */
  speed: number;
  /** Every Operate step shortened to this [s], when given. */
  operateFor?: number;
  operator: string | null;
  yes: boolean;
  faults: Fault[];
  /** The fault specs as given, for the run-start options. */
  faultSpecs: string[];
  /** Control loop and telemetry rate [Hz] (the CLI's --rate: 1 to 200, default 10). */
  rate: number;
}

export const START_FIELDS = ["protocol", "press", "speed", "operate_for", "operator", "yes", "fault", "rate"];
/** The twin cannot usefully run faster than this (the control loop is then CPU-bound anyway). */
const MAX_SPEED = 1e6;

const bad = (message: string) => new HttpError(400, message);

export function parseStartRequest(body: unknown, defaultPress: string): StartRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw bad('the body must be a JSON object such as {"protocol": "…YAML…", "press": "sim"}');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !START_FIELDS.includes(k));
  if (unknown.length)
    throw bad(
      `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${shown(k, 30)}"`).join(", ")}: use ${START_FIELDS.join(", ")}`,
    );

  if (typeof b.protocol !== "string" || b.protocol.trim() === "")
    throw bad('"protocol" must be the protocol file\'s YAML text (a non-empty string)');

  const pressName = b.press === undefined || b.press === null ? defaultPress : b.press;
  if (typeof pressName !== "string") throw bad('"press" must be "sim", "manual" or "modbus-tcp://HOST:PORT"');
  const choice = pressChoiceOf(pressName);
  if (choice?.kind === "modbus") return finish(b, modbusPress(pressName, defaultPress));
  if (!choice)
    throw bad(
      `"press": "${shown(pressName)}" is not a press ssbpress knows: use "sim", "manual" or "modbus-tcp://HOST:PORT"`,
    );

  return finish(b, { pressName, choice });
}

/** A Modbus press named in a request: a TCP address (normalized, it is the press's lock), or the server's own serial press. */
function modbusPress(text: string, defaultPress: string): { pressName: string; choice: PressChoice } {
  let url;
  try {
    url = parsePressUrl(text);
  } catch (e) {
    throw bad(
      `"press": ${e instanceof SsbError ? e.message.replace(/^--press /, "") : "not a Modbus address"}; e.g. "modbus-tcp://192.168.0.10:502"`,
    );
  }
  if (url.kind === "rtu") {
    // a serial device is opened only when the person who started the server chose it (--press)
    if (text !== defaultPress)
      throw bad(
        '"press": a serial (modbus-rtu) press is run with `ssbpress run`, or chosen with `ssbpress serve --press`',
      );
    return { pressName: text, choice: { kind: "modbus", url: text } };
  }
  const host = url.host.includes(":") ? `[${url.host.toLowerCase()}]` : url.host.toLowerCase();
  const name = `modbus-tcp://${host}:${url.port}`;
  return { pressName: name, choice: { kind: "modbus", url: name } };
}

function finish(b: Record<string, unknown>, press: { pressName: string; choice: PressChoice }): StartRequest {
  const { pressName, choice } = press;
  let speed = 1;
  if (b.speed !== undefined && b.speed !== null) {
    if (typeof b.speed !== "number" || !Number.isFinite(b.speed) || b.speed <= 0 || b.speed > MAX_SPEED)
      throw bad(
        `"speed" must be a number above 0 and at most ${MAX_SPEED} (times real time), got ${shown(b.speed)}`,
      );
    if (choice.kind !== "sim")
      throw bad(
        '"speed" runs the digital twin faster than real time; a real press runs in real time: drop "speed" or use "press": "sim"',
      );
    speed = b.speed;
  }

  // The same bounds as the CLI's --rate: below 1 Hz a hold is not watched, above 200 Hz the loop
  // outruns what a Modbus link answers.
  let rate = 10;
  if (b.rate !== undefined && b.rate !== null) {
    if (typeof b.rate !== "number" || !Number.isFinite(b.rate) || b.rate < 1 || b.rate > 200)
      throw bad(`"rate" must be a number of samples per second from 1 to 200 [Hz], got ${shown(b.rate)}`);
    rate = b.rate;
  }

  let operateFor: number | undefined;
  if (b.operate_for !== undefined && b.operate_for !== null) {
    const q = parseQuantity(b.operate_for, { dims: ["time"], role: "operate_for" });
    if (!q.ok) throw bad(`"operate_for": ${q.error.message}`);
    if (!(q.value.value > 0)) throw bad(`"operate_for" must be more than zero, e.g. "2 min"`);
    operateFor = q.value.value;
  }

  let operator: string | null = null;
  if (b.operator !== undefined && b.operator !== null) {
    if (typeof b.operator !== "string" || b.operator.length > 200)
      throw bad('"operator" must be a name (a string of at most 200 characters)');
    operator = b.operator.trim() || null;
  }

  if (b.yes !== undefined && typeof b.yes !== "boolean") throw bad('"yes" must be true or false');

  let faultSpecs: string[] = [];
  if (b.fault !== undefined && b.fault !== null) {
    const list = typeof b.fault === "string" ? [b.fault] : b.fault;
    if (!Array.isArray(list) || !list.every((f) => typeof f === "string") || list.length > 20)
      throw bad('"fault" must be a fault spec or a list of them, e.g. "link-loss@30s"');
    if (choice.kind !== "sim")
      throw bad('"fault" injects faults into the digital twin only: use "press": "sim"');
    faultSpecs = list as string[];
  }
  let faults: Fault[];
  try {
    faults = parseFaults(faultSpecs);
  } catch (e) {
    throw bad(`"fault": ${e instanceof SsbError ? e.message : shown(String(e), 200)}`);
  }

  return {
    protocol: b.protocol as string, // checked by parseStartRequest
    pressName,
    choice,
    speed,
    ...(operateFor !== undefined ? { operateFor } : {}),
    operator,
    yes: b.yes === true,
    faults,
    faultSpecs,
    rate,
  };
}
