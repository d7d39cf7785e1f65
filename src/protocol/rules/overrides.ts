/** limit-override: say so whenever a protocol replaces a material's limit, so reviewers see it. */
import { limitOf } from "../limits.js";
import type { LayerLimits } from "../types.js";
import { degC, mpa, type RuleContext } from "./context.js";

const NAMES: Record<keyof LayerLimits, string> = {
  assemblyPressureMax: "assembly pressure limit",
  densificationPressure: "densification pressure",
  operatingPressureMax: "operating pressure limit",
  temperatureMax: "temperature limit",
};

export function checkOverrides({ protocol, sink }: RuleContext): void {
  for (const layer of protocol.layers.values()) {
    for (const field of Object.keys(NAMES) as (keyof LayerLimits)[]) {
      const lim = limitOf(layer, field);
      if (!lim?.overridden) continue;
      const f = field === "temperatureMax" ? degC : mpa;
      const was =
        lim.defaultValue !== undefined
          ? ` (the ${layer.material.name} default is ${f(lim.defaultValue)})`
          : "";
      sink.info(
        "limit-override",
        `layer "${layer.id}": ${NAMES[field]} set to ${f(lim.value)} by this protocol${was}`,
        lim.pos ?? layer.pos,
      );
    }
  }
}
