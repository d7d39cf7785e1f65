/**
 * Public conductivity model: the ionic conductivity of a pressed layer from its relative density and
 * the stack pressure it is held at.
 */
import type { LayerMaterial } from "../../materials/index.js";
import { compositionOf } from "../densification/composition.js";
import type { Values } from "../params.js";
import { conductivityMScm, lawState } from "./law.js";
import { conductivityParameters, nominalConductivityValues } from "./mapping.js";

export interface IonicConductivityInput {
  material: LayerMaterial;
  /** Relative density of the layer (0, 1]; porosity ε = 1 − D. */
  relativeDensity: number;
  /** Stack pressure at which the layer is measured or operated [Pa]. */
  stackPressure: number;
  /** Electrolyte volume share of the solids (default: from the composition; 1 for an electrolyte). */
  electrolyteFraction?: number;
}

/** 1 mS/cm = 0.1 S/m. */
const MS_PER_CM_TO_S_PER_M = 0.1;

/**
 * Ionic conductivity [S/m]:
 *   σ = σ₀ (1 − ε)^1.5 · C(ε) · S(P) · exp(−P ΔV/RT) · v_e^(1+β)
 * with the Bruggeman-type porosity law (valid for ε < ~0.17), the contact-limited factor
 * C(ε) = R^(−min(1, (ε − ε_c)/Δε)) that takes the conductivity up to R ≈ 4× below the law at higher
 * porosity, the stack-pressure factor S(P) = 1/(1 + (P_g/(P + P_0))^m) of grain contacts (strong for
 * microcrystalline powders, weak for glass and glass-ceramic), the lattice's activation volume
 * (t-Li7SiPS8 only) and, in a composite, the tortuosity of the electrolyte network (v_e = electrolyte
 * share of the solids). Never above σ₀; never rising with porosity. 0 for layers without electrolyte.
 * References: Miss2026, Cronau2021, Doux2020, Sakuda2013, Schneider2023, Minnmann2021, Ohno2020.
 */
export function ionicConductivity(input: IonicConductivityInput, values?: Values): number {
  const { material, relativeDensity: d, stackPressure } = input;
  if (!(d > 0 && d <= 1)) throw new RangeError(`relativeDensity must be in (0, 1], got ${d}`);
  if (!Number.isFinite(stackPressure) || stackPressure < 0) {
    throw new RangeError(`stackPressure must be a finite pressure >= 0 Pa, got ${stackPressure}`);
  }
  if (!conductivityParameters(material).conductor) return 0;
  const v = values ?? nominalConductivityValues(material);
  const ve = input.electrolyteFraction ?? compositionOf(material).electrolyteFraction;
  return conductivityMScm(lawState(v), 1 - d, stackPressure / 1e6, ve) * MS_PER_CM_TO_S_PER_M;
}
