import { err, ok, SsbError, type Result } from "../../core/errors.js";
import { parseQuantity } from "../../core/units.js";

/** Hottest platen temperature a heated lab press reaches [K] (600 °C). */
const MAX_PRESS_TEMPERATURE = 873.15;

/** Parse a length/pressure/force/mass option for the planner, with a clear message. */
export function planQuantity(
  text: string,
  dims: ("length" | "pressure" | "force" | "mass" | "temperature")[],
  role: string,
): Result<number> {
  // "10mm" → "10 mm": the units parser wants a space between number and unit.
  // (an exponent is part of the number: "1e3mm" is not "1 e3mm")
  const r = parseQuantity(text.replace(/^(\d+(?:\.\d+)?)(?![eE][+-]?\d)([a-zA-Zµ])/, "$1 $2"), {
    dims,
    role,
  });
  if (!r.ok) return err(new SsbError("usage", r.error.message));
  if (!(r.value.value > 0)) return err(new SsbError("usage", `${role} must be positive, got "${text}"`));
  if (r.value.dim === "temperature" && r.value.value > MAX_PRESS_TEMPERATURE)
    return err(
      new SsbError(
        "usage",
        `${role} of ${text} is beyond what a heated lab press does (≤ 600 °C); check the unit`,
      ),
    );
  return ok(r.value.value);
}
