/**
 * A ready pellet (`form: pellet`, e.g. a sintered garnet separator) put into the die: pressing does
 * not densify it further and it has no powder-compaction springback, so its relative density is its
 * own at every step. No record in the materials database carries a pellet's density, so it is an
 * assumption with a range (sampled in Monte Carlo).
 */
import { layerClass } from "../../materials/index.js";
import type { Layer } from "../../protocol/types.js";
import type { ParameterSet, Values } from "../params.js";
import { get } from "../params.js";

const PELLET_DENSITY_KEY = "Ready-pellet relative density [-]";

/**
 * Sintered or hot-pressed garnet pellets: porosity 0.03–0.06 (Ni2012), 0.83–0.98 relative density
 * (Hu2021, 0.98 the densest); labs separate with pellets of ≥ 0.90. Nominal 0.95, range 0.90–0.99.
 */
export const readyPellet: ParameterSet = {
  [PELLET_DENSITY_KEY]: {
    value: 0.95,
    min: 0.9,
    max: 0.99,
    citations: ["Ni2012", "Hu2021"],
    source: "assumption",
    note: "a ready (sintered or hot-pressed) pellet keeps its own density in the die; hot-pressed LLZO at porosity 0.03-0.06 (Ni2012), LLZTO up to 0.98 relative density (Hu2021); 0.95 assumed, 0.90-0.99",
  },
};

/**
 * Relative density [-] of a ready pellet: the same at every pressure, loaded or released.
 * References: Ni2012, Hu2021 (assumption, see `readyPellet`).
 */
export function pelletRelativeDensity(values?: Values): number {
  const d = get(
    values ?? { [PELLET_DENSITY_KEY]: readyPellet[PELLET_DENSITY_KEY]!.value },
    PELLET_DENSITY_KEY,
  );
  if (!(d > 0 && d <= 1)) throw new RangeError(`pellet relative density must be in (0, 1], got ${d}`);
  return d;
}

/**
 * Whether a layer is a ready pellet whose density is its own: `form: pellet` of an oxide electrolyte
 * (sintered or hot-pressed, the case the assumed 0.90–0.99 is for). A pellet of another class (a
 * sulfide or halide pellet pressed beforehand) has an unknown pressing history: it stays on the
 * powder-compaction law, which densifies it only beyond the highest pressure it sees here — the
 * conservative choice, since a denser separator would hide short-circuit risk.
 */
export function isReadyPellet(layer: Pick<Layer, "form" | "material">): boolean {
  return layer.form === "pellet" && layerClass(layer.material) === "oxide-electrolyte";
}
