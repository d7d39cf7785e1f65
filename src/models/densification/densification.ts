/**
 * Public densification model: relative density of a powder layer from the highest pressure it has
 * seen (irreversible), the pressing temperature and the release, and the layer's thickness.
 */
import type { LayerMaterial } from "../../materials/index.js";
import type { Values } from "../params.js";
import { compositionOf } from "./composition.js";
import {
  DENSIFICATION_KEYS,
  densityAt,
  heckelState,
  loadShare,
  springbackStrain,
  warmFactor,
} from "./heckel.js";
import { nominalDensificationValues } from "./mapping.js";

export interface RelativeDensityInput {
  material: LayerMaterial;
  /** Highest pressure the layer has seen [Pa]; pressing later at a lower pressure changes nothing. */
  maxPressure: number;
  /** Temperature of the pressing that reached maxPressure [K]. */
  temperature: number;
  /** True once the load is off (elastic springback applied). */
  released: boolean;
  /** Current pressure when not released [Pa], ≤ maxPressure (default: maxPressure). */
  pressure?: number;
  /** Hard-particle volume fraction of the solids (default: from the material's composition). */
  rigidFraction?: number;
}

const MPA = 1e6;

function checkPressure(name: string, p: number): void {
  if (!Number.isFinite(p) || p < 0)
    throw new RangeError(`${name} must be a finite pressure >= 0 Pa, got ${p}`);
}

/**
 * Relative density D ∈ (0, 1) of a layer.
 *
 * Under load: ln(1/(1 − D)) = ln(1/(1 − D₀)) + B·(1 − e^(−p/P_r)) + K·p at the effective pressure
 * p = τ·λ·P_max: the poured powder D₀, particle rearrangement that runs its course over P_r, then
 * Heckel's plastic line (Heckel1961). τ = 1 + α·(T − 298 K) for warm pressing and λ = (1 − v_rigid)^m
 * the share of the pressure the electrolyte carries in a composite (λ = 1 for a single material).
 * On release the compact springs back by r = p/E(ε) of its thickness, E(ε) = E₀·(1 − ε/ε_c)^n the
 * modulus of the porous pellet at its porosity under load (PhaniNiyogi1987; anchored on a 13 %-porous
 * Li6PS5Cl pellet at 4.7 GPa), capped at r_max: D_rel = D_load/(1 + r) (upper envelope, so more
 * pressure never lowers the density). At a current pressure P ≤ P_max the released compact is
 * re-compressed elastically along its unloading line.
 *
 * `values` default to the nominal parameters of `densificationParameters(material)`; pass a sample of
 * the same set for Monte Carlo.
 * References: Heckel1961, PhaniNiyogi1987, Sakuda2013, Cronau2021, Varkey2026, Schneider2023,
 * Doux2020, Adeli2019, Ohno2020, Song2025, Minnmann2021, Deng2016.
 */
export function relativeDensity(input: RelativeDensityInput, values?: Values): number {
  const { material, maxPressure, temperature, released } = input;
  checkPressure("maxPressure", maxPressure);
  if (!Number.isFinite(temperature) || temperature <= 0) {
    throw new RangeError(`temperature must be in kelvin (> 0), got ${temperature}`);
  }
  const v = values ?? nominalDensificationValues(material);
  const s = heckelState(v);
  const exponent = v[DENSIFICATION_KEYS.loadShareExponent];
  const share =
    exponent === undefined
      ? 1
      : loadShare(input.rigidFraction ?? compositionOf(material).rigidFraction, exponent);
  const tau = warmFactor(temperature, s.warm);
  const current = released ? 0 : (input.pressure ?? maxPressure);
  checkPressure("pressure", current);
  return densityAt(s, (share * maxPressure) / MPA, (share * Math.min(current, maxPressure)) / MPA, tau);
}

/**
 * Fraction of its loaded thickness a layer recovers on release, r = λ·P_max/E(ε_load) with the
 * porous pellet's modulus at its porosity under load, capped at r_max (≈ 8 % for Li6PS5Cl at 370 MPa).
 * References: PhaniNiyogi1987, Deng2016, Schneider2023.
 */
export function springback(
  input: Omit<RelativeDensityInput, "released" | "temperature">,
  values?: Values,
): number {
  checkPressure("maxPressure", input.maxPressure);
  const v = values ?? nominalDensificationValues(input.material);
  const exponent = v[DENSIFICATION_KEYS.loadShareExponent];
  const share =
    exponent === undefined
      ? 1
      : loadShare(input.rigidFraction ?? compositionOf(input.material).rigidFraction, exponent);
  return springbackStrain(heckelState(v), (share * input.maxPressure) / MPA);
}

export interface LayerThicknessInput {
  /** Powder mass [kg]. */
  mass: number;
  /** Pore-free density of the layer's material [kg/m3]. */
  theoreticalDensity: number;
  /** Relative density (0, 1]. */
  relativeDensity: number;
  /** Die (pellet) diameter [m]. */
  dieDiameter: number;
}

/**
 * Layer thickness [m]: h = m / (ρ_th · D · π d²/4).
 * References: none (geometry).
 */
export function layerThickness({
  mass,
  theoreticalDensity,
  relativeDensity: d,
  dieDiameter,
}: LayerThicknessInput): number {
  if (!(mass >= 0) || !(theoreticalDensity > 0) || !(d > 0 && d <= 1) || !(dieDiameter > 0)) {
    throw new RangeError(
      `layerThickness needs mass >= 0, theoreticalDensity > 0, 0 < relativeDensity <= 1, dieDiameter > 0 (got ${mass}, ${theoreticalDensity}, ${d}, ${dieDiameter})`,
    );
  }
  return mass / (theoreticalDensity * d * ((Math.PI * dieDiameter * dieDiameter) / 4));
}
