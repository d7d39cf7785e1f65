/**
 * Fracture of an electrolyte (or other powder) layer during a press step: Weibull weakest-link
 * probability from the stress the step causes. Physics only: every function takes the parameter values
 * explicitly (./index.ts is the public API with the fitted defaults). SI at the boundary.
 *
 * Two kinds of layer:
 *  - cold-pressed compacts (sulfide and halide electrolytes, composite electrodes): the failure stress is
 *    expressed on the pressing-pressure axis, P = 1 − exp(−(p_eff/p₀)^m), with p₀ fitted on pellets
 *    that survived or fractured in the die (densification.csv, Yan2026);
 *  - sintered oxides (LLZO, LLZTO): P = 1 − exp(−(ξ·p_eff/σ_f(ρ))^m) with the flexural strength σ_f
 *    scaled by the fracture toughness at the layer's relative density.
 * p_eff adds to the applied pressure the extra loading of a soft metal layer flowing sideways and of a
 * fast release (docs/models/fracture.md).
 */
import { SsbError } from "../../core/errors.js";
import { isComposite, layerClass, type LayerMaterial, type MaterialClass } from "../../materials/index.js";
import { get, type Values } from "../params.js";
import { FRACTURE } from "./keys.js";

const MPA = 1e6;

/** How a layer breaks: as a cold-pressed compact, as a sintered ceramic, or not at all (metals, binders). */
export type FractureKind = "compact" | "sintered" | "ductile";

const ELECTROLYTES: ReadonlySet<MaterialClass> = new Set<MaterialClass>([
  "sulfide-electrolyte",
  "halide-electrolyte",
  "oxide-electrolyte",
]);

/**
 * The fracture behaviour of a layer. A composite breaks like its largest electrolyte component (the
 * phase that holds a composite electrode together); otherwise like its class: sulfides, halides, cathode
 * and anode actives → compact; oxides → sintered; metals, alloys, additives, binders → ductile.
 */
export function fractureKind(material: LayerMaterial | MaterialClass): FractureKind {
  let cls: MaterialClass;
  if (typeof material === "string") cls = material;
  else if (isComposite(material)) {
    let best: { cls: MaterialClass; fraction: number } | undefined;
    for (const c of material.components) {
      if (ELECTROLYTES.has(c.material.class) && (best === undefined || c.fraction > best.fraction)) {
        best = { cls: c.material.class, fraction: c.fraction };
      }
    }
    cls = best?.cls ?? layerClass(material);
  } else cls = material.class;
  switch (cls) {
    case "oxide-electrolyte":
      return "sintered";
    case "sulfide-electrolyte":
    case "halide-electrolyte":
    case "cathode-active":
    case "anode-active":
      return "compact";
    default:
      return "ductile";
  }
}

/** A press step as the fracture model sees it (SI units). */
export interface FractureConditions {
  /** The layer: a material record, a composite, or a material class. */
  material: LayerMaterial | MaterialClass;
  /** Pressure applied in the step [Pa]. */
  pressure: number;
  /** True when a soft metal layer (Li, In, Li–In) is in the stack being pressed. */
  softLayerInStack: boolean;
  /** Pressure up to which the soft layer stays put [Pa]; default: Li's assembly limit (50 MPa). */
  softLayerLimit?: number;
  /** Release rate at the end of the step [Pa/s]; omitted or 0: a slow release (no extra stress). */
  releaseRate?: number;
  /** Relative density of the layer, 0..1 (used for sintered oxides; default: dense). */
  relativeDensity?: number;
}

function usage(message: string): never {
  throw new SsbError("usage", `fractureProbability: ${message}`);
}

/**
 * Effective pressing pressure of a step [Pa]:
 *   p_eff = p·(1 + κ_r·ṗτ/(ṗτ + p)) + (κ_c − 1)·(p − p_soft)⁺·[soft layer in the stack]
 * - Soft layer: a metal layer pressed above its limit p_soft flows sideways; with sticking friction its
 *   pressure forms a friction hill whose centre carries up to 3× the mean (slab method), loading the
 *   pellet unevenly. κ_c is that peak-to-mean ratio (assumption 1.5–3).
 * - Release: springback of the compact (1–3 % of its thickness) is held back by die-wall friction; when
 *   the release time p/ṗ is short compared with the compact's relaxation time τ, a fraction κ_r of the
 *   pressure returns as tensile (lamination) stress (assumption).
 * References: Weibull1951, Doux2020, Yan2026
 */
export function effectivePressure(c: FractureConditions, values: Values, defaultSoftLimit: number): number {
  const p = Math.max(0, c.pressure);
  let pEff = p;
  const rate = c.releaseRate ?? 0;
  if (rate > 0 && p > 0) {
    const tau = get(values, FRACTURE.relaxationTime);
    pEff +=
      get(values, FRACTURE.releaseFactor) * p * (rate === Infinity ? 1 : (rate * tau) / (rate * tau + p));
  }
  if (c.softLayerInStack) {
    const limit = c.softLayerLimit ?? defaultSoftLimit;
    pEff += (get(values, FRACTURE.softLayerConcentration) - 1) * Math.max(0, p - limit);
  }
  return pEff;
}

/**
 * Fracture toughness of a sintered oxide at relative density ρ [MPa·m^0.5]: linear between the
 * low-density and high-density measurements, constant outside them.
 * References: Hu2021
 */
function oxideToughness(relativeDensity: number, values: Values): number {
  const r0 = get(values, FRACTURE.oxideDensityPorous);
  const r1 = get(values, FRACTURE.oxideDensityDense);
  const k0 = get(values, FRACTURE.oxideToughnessPorous);
  const k1 = get(values, FRACTURE.oxideToughnessDense);
  const x = Math.min(1, Math.max(0, (relativeDensity - r0) / (r1 - r0)));
  return k0 + x * (k1 - k0);
}

/**
 * Probability that the layer fractures in the step (Weibull weakest link):
 *   compact:  P = 1 − exp(−(p_eff/p₀)^m)
 *   sintered: P = 1 − exp(−(ξ·p_eff/σ_f(ρ))^m_ox),  σ_f(ρ) = σ_f·K_IC(ρ)/K_IC(dense)
 *   ductile:  0 (metals flow instead of breaking)
 * with p_eff from {@link effectivePressure}. `defaultSoftLimit` [Pa] applies when the conditions give
 * no soft-layer limit.
 * References: Weibull1951, Yan2026, Doux2020, GarnetAbstract, Hu2021
 */
export function fractureProbability(c: FractureConditions, values: Values, defaultSoftLimit: number): number {
  if (!Number.isFinite(c.pressure)) usage(`pressure must be a finite number of Pa, got ${c.pressure}`);
  if (c.releaseRate !== undefined && !(c.releaseRate >= 0))
    usage(`releaseRate must be >= 0 Pa/s, got ${c.releaseRate}`);
  if (c.softLayerLimit !== undefined && !(c.softLayerLimit >= 0)) {
    usage(`softLayerLimit must be >= 0 Pa, got ${c.softLayerLimit}`);
  }
  if (c.relativeDensity !== undefined && !(c.relativeDensity > 0 && c.relativeDensity <= 1)) {
    usage(`relativeDensity must be in (0, 1], got ${c.relativeDensity}`);
  }
  const kind = fractureKind(c.material);
  if (kind === "ductile") return 0;
  const pEff = effectivePressure(c, values, defaultSoftLimit) / MPA;
  if (pEff <= 0) return 0;
  let x: number;
  if (kind === "compact") {
    x = (pEff / get(values, FRACTURE.compactScale)) ** get(values, FRACTURE.compactModulus);
  } else {
    const dense = get(values, FRACTURE.oxideDensityDense);
    const rho = c.relativeDensity ?? dense;
    const strength =
      (get(values, FRACTURE.oxideStrength) * oxideToughness(rho, values)) / oxideToughness(dense, values);
    x = ((get(values, FRACTURE.oxideStressRatio) * pEff) / strength) ** get(values, FRACTURE.oxideModulus);
  }
  return -Math.expm1(-x);
}
