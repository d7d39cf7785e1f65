/**
 * The cell as a spring: its layers (pressed pellets, composite electrodes, metal foils, current
 * collectors) compress elastically under the stack pressure and sit in series with the fixture. A
 * thickness change Δh of the electrodes is shared between the fixture and the cell's own elastic
 * squeeze, so the pressure change is ΔP = Δh / (A/k_fixture + C), with C the cell's compliance.
 */
import { get, type Values } from "../params.js";
import { KEYS } from "./thickness.js";

/** One layer of the stack, as its compliance needs it. */
export interface StackLayer {
  /** Layer thickness [m]. */
  thickness: number;
  /** Young's modulus of the dense material [Pa] (for a composite: the volume-weighted average). */
  denseModulus: number;
  /**
   * "pellet": a cold-pressed powder layer (separator, composite electrode), much softer than its
   * crystal (weak particle contacts); "foil": a dense metal (Li, In, a current collector).
   */
  form: "pellet" | "foil";
  /** Name for warnings. */
  name?: string;
}

/**
 * Compliance per unit area of the stack [m/Pa] (thickness lost per pascal of stack pressure):
 *
 *   C = Σ hᵢ/Eᵢ,   Eᵢ = r·E_dense,ᵢ for a pressed pellet, E_dense,ᵢ for a dense foil
 *
 * (uniaxial, layers in series). r is the pellet-to-crystal modulus ratio: a cold-pressed Li6PS5Cl
 * pellet with 13 % porosity measured 4.7 GPa in bending against 22.1 GPa for the crystal (DFT), r ≈ 0.21
 * (Deng2016 row of materials.csv). Porous pellets are soft because load passes through small necks
 * between particles, not because of the missing volume alone; the same ratio is taken for every
 * pressed layer (an assumption beyond Li6PS5Cl; see docs/models/stack.md). Layers with an unknown or
 * non-positive modulus are taken as rigid, with a warning.
 * References: Deng2016, Masias2019
 */
export function stackCompliance(
  layers: readonly StackLayer[],
  values: Values,
): { compliance: number; warnings: string[] } {
  const ratio = get(values, KEYS.pelletModulusRatio);
  const warnings: string[] = [];
  let c = 0;
  for (const l of layers) {
    if (!(l.thickness >= 0) || !Number.isFinite(l.thickness)) {
      throw new RangeError(`stackCompliance: layer thickness must be >= 0 m, got ${l.thickness}`);
    }
    if (!(l.denseModulus > 0) || !Number.isFinite(l.denseModulus)) {
      warnings.push(
        `no Young's modulus for layer ${l.name ?? "(unnamed)"}: its elastic compliance is left out of the stack (taken as rigid)`,
      );
      continue;
    }
    const e = l.form === "pellet" ? ratio * l.denseModulus : l.denseModulus;
    c += l.thickness / e;
  }
  return { compliance: c, warnings };
}
