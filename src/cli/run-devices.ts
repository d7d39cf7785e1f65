/**
 * The CLI's side of choosing a press: reading `--map` and `--answers` files, Ctrl-C. The press
 * factory itself (shared with the web server) is src/devices/factory.ts, re-exported here.
 */
import type { Clock } from "../core/clock.js";
import { SsbError } from "../core/errors.js";
import { parseQuantity, type Dimension } from "../core/units.js";
import { findInvalidUtf8 } from "../core/utf8.js";
import { oneLine } from "./safe.js";
import type { Operator } from "../devices/press.js";
import { AnswersOperator, parseAnswers } from "../devices/manual/index.js";
import { DEFAULT_PRESS_MAP, loadPressMap, type PressMap } from "../devices/modbus/map.js";
import { RunControl } from "../engine/index.js";
export {
  capabilitiesFor,
  connectError,
  makePress,
  parseFaults,
  recordingOperator,
  shortenedDuration,
  stepMarker,
} from "../devices/factory.js";
import { describeFsError, rethrowUnlessFsError, type Io } from "./io.js";

/**
 * A quantity given on the command line (`--operate-for "2 min"`, `--die 10mm`) in SI, with the option
 * named in the message; more than zero (or zero, when `allowZero`).
 */
export function quantityOption(
  text: string,
  dim: Dimension,
  option: string,
  example: string,
  allowZero = false,
): number {
  const q = parseQuantity(text, { dims: [dim], role: option });
  const hint = `e.g. ${option} ${example}`;
  if (!q.ok) throw new SsbError("usage", `${option}: ${q.error.message}`, { hint });
  const v = q.value.value;
  if (!(v > 0 || (allowZero && v === 0)))
    throw new SsbError("usage", `${option} must be more than zero, got "${oneLine(text).slice(0, 40)}"`, {
      hint,
    });
  return v;
}

async function readText(file: string, what: string, kind: string, io: Io): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (e) {
    rethrowUnlessFsError(e);
    throw new SsbError("io", `${what}: ${describeFsError(file, e, kind)}`);
  }
  // refused where it stops being UTF-8, not decoded into U+FFFD that later reads as "binary"
  const bad = bytes.includes(0) ? undefined : findInvalidUtf8(bytes);
  if (bad)
    throw new SsbError(
      "parse",
      `${file}:${bad.line}:${bad.column}: the file is not UTF-8 text: ${bad.what} is not UTF-8; save ${kind} as UTF-8 (in most editors: Save As → UTF-8)`,
    );
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

export async function loadMap(file: string | undefined, io: Io): Promise<PressMap> {
  if (file === undefined) return DEFAULT_PRESS_MAP;
  return loadPressMap(file, await readText(file, "--map", "a press map", io));
}

/** The scripted operator of `--answers FILE`, checked now; bound to the run's clock later. */
export async function loadAnswers(file: string, io: Io): Promise<(clock: Clock) => Operator> {
  const answers = parseAnswers(file, await readText(file, "--answers", "an answers file", io));
  return (clock) => new AnswersOperator(answers, clock);
}

export function stopSignal(): RunControl {
  return new RunControl();
}

/** Ctrl-C once: finish safely; twice: release at once. */
export function onInterrupt(signal: RunControl, say: (t: string) => void): { dispose(): void } {
  let count = 0;
  const handler = () => {
    count += 1;
    if (count === 1) {
      say(
        "Ctrl-C: finishing safely (ramping down at the release rate); press Ctrl-C again to release at once",
      );
      signal.requestStop("safe", "stopped by the operator (Ctrl-C): finished safely");
    } else {
      say("Ctrl-C again: releasing at once");
      signal.requestStop("now", "stopped by the operator (Ctrl-C twice): released at once");
    }
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
