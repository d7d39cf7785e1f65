/**
 * `run --dry-run`: the commands the engine would send for a compiled protocol on a press with
 * these capabilities, at their nominal times, without connecting. Mirrors the runner's choices
 * (the press's own ramp or streamed setpoints, when it releases, what it asks the operator).
 */
import type { PressCapabilities } from "../devices/press.js";
import { DEFAULT_RAMP_RATE, type CompiledProtocol } from "../protocol/compile.js";

export interface PlannedCommand {
  /** Nominal time since the start [s] (holds start when the force is reached, so a real run is a little longer). */
  "Time [s]": number;
  step: number;
  /** A Press verb (setForce, release, setTemperature), an operator request (ask), or what the engine does meanwhile (hold, wait). */
  verb: "ask" | "placeLayer" | "setForce" | "release" | "setTemperature" | "hold" | "wait";
  /** The arguments, in the units their keys name. */
  args: Record<string, number | string>;
  /** One line for people. */
  text: string;
}

const kN = (n: number) => Math.round(n) / 1000;

/**
 * What the operator is asked at an Eject, the same words in the dry run and the run: the die comes
 * out of the press (it is unloaded by then) and the whole stack is pushed out as one body.
 */
export function ejectInstruction(layers: readonly string[]): string {
  const what = layers.length > 1 ? `${layers.join(", ")}, bottom to top` : layers.join("");
  return `Take the die out of the press and push the pellet out (${what}); confirm when it is out`;
}
const degC = (k: number) => Math.round((k - 273.15) * 100) / 100;

export function describeCommands(
  compiled: CompiledProtocol,
  capabilities: PressCapabilities,
  options: { operateFor?: number; controlPeriod?: number; yes?: boolean } = {},
): PlannedCommand[] {
  const out: PlannedCommand[] = [];
  const period = options.controlPeriod ?? 0.1;
  const stream = !capabilities.ramp && !capabilities.manual;
  const area = compiled.die.area;
  let t = 0;
  let load = 0;
  const add = (step: number, verb: PlannedCommand["verb"], args: PlannedCommand["args"], text: string) =>
    out.push({ "Time [s]": Math.round(t * 1000) / 1000, step, verb, args, text });
  const ramp = (step: number, to: number, rate: number) => {
    const duration = Math.abs(to - load) / rate;
    if (stream) {
      const n = Math.max(1, Math.ceil(duration / period));
      add(
        step,
        "setForce",
        { "Force [kN]": kN(to), "Rate [kN/s]": kN(rate), setpoints: n },
        `setForce streamed: ${n} setpoints every ${period} s from ${kN(load)} to ${kN(to)} kN (${kN(rate)} kN/s)`,
      );
    } else
      add(
        step,
        "setForce",
        { "Force [kN]": kN(to), "Rate [kN/s]": kN(rate) },
        `setForce ${kN(to)} kN at ${kN(rate)} kN/s`,
      );
    t += duration;
    load = to;
  };
  // an automatic press's questions are answered by --yes; a manual press's operator answers them
  const ask = (step: number, text: string) =>
    add(
      step,
      "ask",
      { text },
      options.yes && !capabilities.manual ? `ask (answered by --yes): ${text}` : `ask: ${text}`,
    );
  for (const seg of compiled.segments) {
    switch (seg.kind) {
      case "place": {
        const where = seg.stack.length > 1 ? ` (on ${seg.position})` : "";
        ask(seg.step, `Put the ${seg.layer} in the die${where} and confirm`);
        break;
      }
      case "prompt":
        ask(seg.step, seg.text);
        break;
      case "eject":
        ask(seg.step, ejectInstruction(seg.layers));
        break;
      case "ramp":
        ramp(seg.step, seg.toForce, seg.forceRate);
        break;
      case "hold":
        add(
          seg.step,
          "hold",
          { "Force [kN]": kN(seg.force), "Duration [s]": seg.duration, mode: seg.mode },
          `hold ${kN(seg.force)} kN for ${seg.duration} s${seg.mode === "position" ? " at constant ram position" : ""} (setpoint re-sent every 1 s)`,
        );
        t += seg.duration;
        break;
      case "release":
        ramp(seg.step, 0, seg.rate * area);
        add(seg.step, "release", {}, "release");
        break;
      case "heat":
        add(
          seg.step,
          "setTemperature",
          { "Temperature [degC]": degC(seg.to), "Rate [degC/s]": seg.rate },
          `setTemperature streamed once a second from ${degC(seg.from)} to ${degC(seg.to)} °C (${(seg.rate * 60).toFixed(1)} °C/min), then wait until within 2 °C`,
        );
        t += seg.duration;
        break;
      case "wait":
        add(
          seg.step,
          "wait",
          { "Duration [s]": seg.duration },
          `wait ${seg.duration} s${load > 0 ? ` holding ${kN(load)} kN` : ""}`,
        );
        t += seg.duration;
        break;
      case "operate": {
        ramp(seg.step, seg.force, DEFAULT_RAMP_RATE * area);
        const d = options.operateFor ?? seg.duration;
        add(
          seg.step,
          "hold",
          {
            "Force [kN]": kN(seg.force),
            "Duration [s]": d,
            "Band min [kN]": kN(seg.min * area),
            "Band max [kN]": kN(seg.max * area),
          },
          `operate: hold ${kN(seg.force)} kN for ${d} s, band ${kN(seg.min * area)}..${kN(seg.max * area)} kN (summaries once a second)`,
        );
        t += d;
        break;
      }
    }
  }
  const last = compiled.segments[compiled.segments.length - 1];
  // as the runner: a held Operate stays loaded, and a manual press is not asked to release a die
  // that was taken out of it at a final Eject
  if (last?.kind !== "operate" && !(last?.kind === "eject" && capabilities.manual))
    add(last?.step ?? 0, "release", {}, "release (end of the run)");
  return out;
}

/** "12.5 s  step 2  setForce 19.635 kN at 0.393 kN/s". */
export function formatCommand(c: PlannedCommand): string {
  return `${c["Time [s]"].toFixed(1).padStart(9)} s  step ${String(c.step).padEnd(3)} ${c.text}`;
}
