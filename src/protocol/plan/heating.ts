/**
 * The heated path: warm pressing of the hard layers on a heated press. The anode side (cooling the die
 * before a soft metal goes in) is written with the steps, see yaml.ts.
 */
import { err, ok, SsbError, type Result } from "../../core/errors.js";
import { roundSig } from "../../core/units.js";
import { layerLimit, PROP, type LayerMaterial } from "../../materials/index.js";
import type { PlanRequest } from "./types.js";

/** Platen temperatures up to this [K] (30 °C) count as room temperature: no warm pressing. */
const WARM_THRESHOLD = 303.15;

/**
 * The warm-pressing temperature [K], or undefined for pressing at room temperature. Only a heated
 * press can do it, and never above a hard layer's own temperature limit.
 */
export function chooseWarmTemperature(
  req: PlanRequest,
  hardLayers: LayerMaterial[],
): Result<number | undefined> {
  const warm =
    req.temperature !== undefined && req.temperature > WARM_THRESHOLD ? req.temperature : undefined;
  if (warm === undefined) return ok(undefined);
  if (req.pressType && req.pressType !== "heated")
    return err(
      new SsbError(
        "usage",
        `--temperature needs a heated press; this one is "${req.pressType}" (use --press-type heated)`,
      ),
    );
  for (const m of hardLayers) {
    const lim = layerLimit(m, PROP.temperatureMax)?.property;
    if (lim && lim.value !== null && warm - 273.15 > lim.value)
      return err(
        new SsbError(
          "usage",
          `--temperature ${roundSig(warm - 273.15, 4)} °C is above the ${lim.value} °C limit of ${m.name}`,
        ),
      );
  }
  return ok(warm);
}
