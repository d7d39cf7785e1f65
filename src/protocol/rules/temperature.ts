/** temperature-limit (melting, hot die) and press-not-heated. */
import { layersIn, ROOM_TEMPERATURE, type StepState } from "../compile.js";
import { limitOf } from "../limits.js";
import type { Layer } from "../types.js";
import { degC, type RuleContext } from "./context.js";

/** Platen or die warmer than this counts as heated (a die warms a few kelvin in a lab by itself). */
const HEATED_ABOVE = ROOM_TEMPERATURE + 5;

export function checkTemperature(ctx: RuleContext): void {
  for (const t of ctx.trace) {
    checkPlaten(ctx, t);
    checkMelting(ctx, t);
    checkHotDie(ctx, t);
  }
}

/** Where a step's temperature is written, else the step itself. */
function temperatureAt(t: StepState) {
  const s = t.source;
  return (s.kind === "heat" || s.kind === "press" ? s.temperaturePos : undefined) ?? s.pos;
}

/** A step that heats: within the press's platen limit, and only on a press that can heat. */
function checkPlaten({ protocol, sink }: RuleContext, t: StepState): void {
  const s = t.source;
  const explicit = s.kind === "heat" ? s.temperaturePos : s.kind === "press" ? s.temperaturePos : undefined;
  if (!explicit) return;
  const press = protocol.press;
  const wanted = t.temperature;
  if (press?.maxTemperature !== undefined && wanted > press.maxTemperature + 1e-9) {
    sink.error(
      "temperature-limit",
      `${degC(wanted)} is above the press's maximum platen temperature of ${degC(press.maxTemperature)}`,
      explicit,
      t.step,
    );
  } else if (
    press?.kind &&
    press.kind !== "heated" &&
    press.maxTemperature === undefined &&
    wanted > HEATED_ABOVE
  ) {
    sink.error(
      "press-not-heated",
      `the press is declared "${press.kind}", which cannot heat to ${degC(wanted)}; declare "type: heated" with its "max_temperature", or remove the heating`,
      explicit,
      t.step,
    );
  }
}

/** No layer in the die above its own temperature limit (Li melts at 180.5 °C). */
function checkMelting({ protocol, sink }: RuleContext, t: StepState): void {
  if (t.temperature <= HEATED_ABOVE) return;
  const s = t.source;
  if (s.kind !== "add" && s.kind !== "press" && s.kind !== "heat" && s.kind !== "operate") return;
  for (const layer of layersIn(protocol, t.after)) {
    const lim = limitOf(layer, "temperatureMax");
    if (!lim || t.temperature <= lim.value + 1e-9) continue;
    const fix =
      s.kind === "add"
        ? `cool the die before adding "${layer.id}"`
        : `stay below ${degC(lim.value)} while "${layer.id}" is in the die`;
    report(
      sink,
      lim.basis === "assumption",
      `${degC(t.temperature)} is above the ${degC(lim.value)} temperature limit of layer "${layer.id}" (${layer.material.name})${lim.note ? ` — ${lim.note}` : ""}; ${fix}`,
      temperatureAt(t),
      t.step,
      lim.citations,
    );
  }
}

/**
 * A soft metal added to, or pressed in, a die still warm from an earlier step: its pressure limit was
 * established at room temperature and creep is thermally activated, so no pressure is known to be
 * safe. The die temperature carries forward from every heat step and heated press step until a step
 * cools it.
 */
function checkHotDie({ protocol, sink }: RuleContext, t: StepState): void {
  const s = t.source;
  if (s.kind !== "add" && s.kind !== "press") return;
  const candidates: Layer[] = s.kind === "add" ? layersIn(protocol, [s.layer]) : layersIn(protocol, t.after);
  for (const layer of candidates) {
    const lim = limitOf(layer, "assemblyTemperatureMax");
    if (!lim || t.temperature <= lim.value + 1e-9) continue;
    const what =
      s.kind === "add"
        ? `adding "${layer.id}" (${layer.material.name}) to a die at ${degC(t.temperature)}`
        : `pressing with "${layer.id}" (${layer.material.name}) in a die at ${degC(t.temperature)}`;
    report(
      sink,
      lim.basis === "assumption",
      `${what}: above ${degC(lim.value)} its pressure limit no longer holds — the soft metal creeps through the separator's pores far faster when warm and shorts the cell. Cool the die first (e.g. "Cool to 25 °C") before "${layer.id}" goes in`,
      s.kind === "add" ? s.layerPos : temperatureAt(t),
      t.step,
      lim.citations,
    );
  }
}

function report(
  sink: RuleContext["sink"],
  assumed: boolean,
  message: string,
  pos: { line: number; column: number },
  step: number,
  citations: string[],
): void {
  if (assumed)
    sink.warning(
      "temperature-limit",
      `${message} (the limit is an assumption, not a measured value)`,
      pos,
      step,
      citations,
    );
  else sink.error("temperature-limit", message, pos, step, citations);
}
