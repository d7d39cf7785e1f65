/**
 * Public conductivity model: the ionic conductivity of a pressed layer from its relative density and
 * the stack pressure it is held at.
 */
import { SsbError } from "../../core/errors.js";
import type { LayerMaterial } from "../../materials/index.js";
import { compositionOf } from "../densification/composition.js";
import type { Values } from "../params.js";
import { conductivityMScm, lawState, REFERENCE_TEMPERATURE } from "./law.js";
import { conductivityParameters, nominalConductivityValues } from "./mapping.js";

export interface IonicConductivityInput {
  material: LayerMaterial;
  /** Relative density of the layer (0, 1]; porosity ε = 1 − D. */
  relativeDensity: number;
  /** Stack pressure at which the layer is measured or operated [Pa]. */
  stackPressure: number;
  /** Electrolyte volume share of the solids (default: from the composition; 1 for an electrolyte). */
  electrolyteFraction?: number;
  /** Temperature of the layer [K] (default 298.15 K, where σ₀ is given). */
  temperature?: number;
  /**
   * True for a ready (sintered or hot-pressed) pellet: it keeps the conductivity of the body σ₀ was
   * measured on, without the cold-press factor a powder of a sintered material gets. Default false.
   */
  readyPellet?: boolean;
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
 * share of the solids), the cold-press factor F of a σ₀ measured on a sintered or heat-treated body
 * and the temperature: σ(T) = σ(T_ref)·(T_ref/T)·exp(−E_a/k_B·(1/T − 1/T_ref)) (σT Arrhenius form).
 * Never above σ₀ at 25 °C; never rising with porosity. 0 for layers without electrolyte. Throws an
 * SsbError("usage") when σ₀ is unknown for the layer (check `conductivityParameters(m).known`).
 * References: Miss2026, Cronau2021, Doux2020, Sakuda2013, Schneider2023, Minnmann2021, Ohno2020,
 * Famprikis2019, Seino2014, Kuhn2013.
 */
export function ionicConductivity(input: IonicConductivityInput, values?: Values): number {
  const { material, relativeDensity: d, stackPressure } = input;
  if (!(d > 0 && d <= 1)) throw new RangeError(`relativeDensity must be in (0, 1], got ${d}`);
  if (!Number.isFinite(stackPressure) || stackPressure < 0) {
    throw new RangeError(`stackPressure must be a finite pressure >= 0 Pa, got ${stackPressure}`);
  }
  const t = input.temperature ?? REFERENCE_TEMPERATURE;
  if (!(Number.isFinite(t) && t > 0)) {
    throw new SsbError("usage", `temperature must be a finite absolute temperature > 0 K, got ${t}`);
  }
  const map = conductivityParameters(material);
  if (!map.conductor) return 0;
  if (!map.known) {
    throw new SsbError("usage", `the ionic conductivity of ${material.name} is unknown: ${map.basis}`, {
      hint: "add a measured conductivity (with the form of the sample) to its material record, or use an electrolyte whose conductivity is known",
    });
  }
  const v = values ?? nominalConductivityValues(material);
  const ve = input.electrolyteFraction ?? compositionOf(material).electrolyteFraction;
  const cold = input.readyPellet !== true;
  return conductivityMScm(lawState(v), 1 - d, stackPressure / 1e6, ve, t, cold) * MS_PER_CM_TO_S_PER_M;
}
