/** temperature-limit and press-not-heated. */
import { layersIn, ROOM_TEMPERATURE } from "../walk.js";
import { limitOf } from "../limits.js";
import { degC, type RuleContext } from "./context.js";

export function checkTemperature({ protocol, trace, sink }: RuleContext): void {
  const press = protocol.press;
  for (const t of trace) {
    const s = t.step;
    const explicit = s.kind === "heat" ? s.temperaturePos : s.kind === "press" ? s.temperaturePos : undefined;
    const at = explicit ?? s.pos;
    if (explicit && (s.kind === "heat" || s.kind === "press")) {
      const wanted = t.temperature;
      if (press?.maxTemperature !== undefined && wanted > press.maxTemperature + 1e-9) {
        sink.error(
          "temperature-limit",
          `${degC(wanted)} is above the press's maximum platen temperature of ${degC(press.maxTemperature)}`,
          at,
          s.index,
        );
      } else if (
        press &&
        press.kind &&
        press.kind !== "heated" &&
        press.maxTemperature === undefined &&
        wanted > ROOM_TEMPERATURE + 5
      ) {
        sink.error(
          "press-not-heated",
          `the press is declared "${press.kind}", which cannot heat to ${degC(wanted)}; declare "type: heated" with its "max_temperature", or remove the heating`,
          at,
          s.index,
        );
      }
    }
    if (t.temperature <= ROOM_TEMPERATURE + 5) continue;
    const ids = t.after;
    for (const layer of layersIn(protocol, ids)) {
      const lim = limitOf(layer, "temperatureMax");
      if (!lim || t.temperature <= lim.value + 1e-9) continue;
      if (s.kind !== "add" && s.kind !== "press" && s.kind !== "heat" && s.kind !== "operate") continue;
      sink.error(
        "temperature-limit",
        `${degC(t.temperature)} is above the ${degC(lim.value)} limit of layer "${layer.id}" (${layer.material.name})${lim.note ? ` — ${lim.note}` : ""}; ${s.kind === "add" ? `cool the die before adding "${layer.id}"` : `stay below ${degC(lim.value)} while "${layer.id}" is in the die`}`,
        at,
        s.index,
        lim.citations,
      );
    }
  }
}
