/**
 * Two ways a pressed cell breaks in the die, each a Weibull weakest-link law with a load history
 * (docs/models/fracture.md). Physics only: every function takes the parameter values explicitly
 * (./index.ts is the public API with the fitted defaults). SI at the boundary.
 *
 * 1. Catastrophic fracture of a layer or co-pressed body under load (the pellet breaks through):
 *    - cold-pressed compacts (sulfide and halide electrolytes, composite electrodes): cumulative hazard
 *      H = (p_eff/p₀)^m on the pressing-pressure axis, p₀ and m fitted on pellets that survived or
 *      fractured (densification.csv, fracture.csv);
 *    - sintered oxides (LLZO, LLZTO): H = (ξ·p_eff/σ_f(ρ))^m with the flexural strength σ_f scaled by
 *      the fracture toughness at the layer's relative density.
 *    p_eff adds to the applied pressure the load concentration of a soft metal layer flowing sideways.
 * 2. Lamination of a co-pressed interface on release: the springback mismatch between the layers and
 *    the residual die-wall stress pull the layers apart; a fast release and a weak bond (the older
 *    layer already pressed to the co-pressing pressure) make it worse.
 * 3. Capping and lamination on ejection: the radial stress the die locked in is set free plane by
 *    plane as the body leaves the die ({@link ejectionProbability}).
 * A body that survived a load is not at new risk under the same or a lower load: the probability of a
 * step is the conditional 1 − S(now)/S(worst before) = 1 − exp(−(H_now − max H_before)⁺).
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

/** One press a layer went through: the load part of {@link FractureConditions} (SI units). */
export interface PressLoad {
  /** Pressure applied in the step [Pa]. */
  pressure: number;
  /** True when a soft metal layer (Li, In, Li–In) is in the stack being pressed. */
  softLayerInStack: boolean;
  /** Pressure up to which the soft layer stays put [Pa]; default: Li's assembly limit (50 MPa). */
  softLayerLimit?: number;
}

/** A press step as the fracture model sees it (SI units). */
export interface FractureConditions extends PressLoad {
  /** The layer: a material record, a composite, or a material class. */
  material: LayerMaterial | MaterialClass;
  /** Relative density of the layer, 0..1 (used for sintered oxides; default: dense). */
  relativeDensity?: number;
  /** Earlier presses this layer already survived (any order); none: a fresh layer. */
  history?: readonly PressLoad[];
}

function usage(message: string): never {
  throw new SsbError("usage", `fractureProbability: ${message}`);
}

function checkLoad(c: PressLoad): void {
  if (!Number.isFinite(c.pressure)) usage(`pressure must be a finite number of Pa, got ${c.pressure}`);
  if (c.softLayerLimit !== undefined && !(c.softLayerLimit >= 0)) {
    usage(`softLayerLimit must be >= 0 Pa, got ${c.softLayerLimit}`);
  }
}

/**
 * Effective pressing pressure of a step [Pa]:
 *   p_eff = p + (κ_c − 1)·(p − p_soft)⁺·[soft layer in the stack]
 * A metal layer pressed above its limit p_soft flows sideways; with sticking friction its pressure forms
 * a friction hill whose centre carries up to 3× the mean (slab method), loading the pellet unevenly.
 * κ_c is that peak-to-mean ratio (assumption 1.5–3). The release does not enter: it loads the interfaces
 * between co-pressed layers, not the body under load ({@link laminationProbability}).
 * References: Weibull1951, Doux2020
 */
export function effectivePressure(c: PressLoad, values: Values, defaultSoftLimit: number): number {
  const p = Math.max(0, c.pressure);
  if (!c.softLayerInStack) return p;
  const limit = c.softLayerLimit ?? defaultSoftLimit;
  return p + (get(values, FRACTURE.softLayerConcentration) - 1) * Math.max(0, p - limit);
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
 * Cumulative Weibull hazard of one load on the layer (survival S = exp(−H)):
 *   compact:  H = (p_eff/p₀)^m
 *   sintered: H = (ξ·p_eff/σ_f(ρ))^m_ox,  σ_f(ρ) = σ_f·K_IC(ρ)/K_IC(dense)
 *   ductile:  0 (metals flow instead of breaking)
 */
function hazard(
  kind: FractureKind,
  load: PressLoad,
  relativeDensity: number | undefined,
  values: Values,
  defaultSoftLimit: number,
): number {
  if (kind === "ductile") return 0;
  const pEff = effectivePressure(load, values, defaultSoftLimit) / MPA;
  if (pEff <= 0) return 0;
  if (kind === "compact") {
    return (pEff / get(values, FRACTURE.compactScale)) ** get(values, FRACTURE.compactModulus);
  }
  const dense = get(values, FRACTURE.oxideDensityDense);
  const rho = relativeDensity ?? dense;
  const strength =
    (get(values, FRACTURE.oxideStrength) * oxideToughness(rho, values)) / oxideToughness(dense, values);
  return ((get(values, FRACTURE.oxideStressRatio) * pEff) / strength) ** get(values, FRACTURE.oxideModulus);
}

/**
 * Probability that the layer fractures in this step, given that it survived its earlier presses
 * (Weibull weakest link with a load history):
 *   P = 1 − exp(−(H(now) − max H(before))⁺)
 * A flaw population that held the worst earlier load holds any load up to it, so pressing again to the
 * same or a lower pressure adds no risk, and a step-by-step programme ends with the probability of its
 * highest load: 1 − Π(1 − P_step) = 1 − exp(−max H). `defaultSoftLimit` [Pa] applies when a load gives
 * no soft-layer limit.
 * References: Weibull1951, Yan2026, Schneider2023, Doux2020, GarnetAbstract, Hu2021
 */
export function fractureProbability(c: FractureConditions, values: Values, defaultSoftLimit: number): number {
  checkLoad(c);
  if (c.relativeDensity !== undefined && !(c.relativeDensity > 0 && c.relativeDensity <= 1)) {
    usage(`relativeDensity must be in (0, 1], got ${c.relativeDensity}`);
  }
  const kind = fractureKind(c.material);
  if (kind === "ductile") return 0;
  let before = 0;
  for (const h of c.history ?? []) {
    checkLoad(h);
    before = Math.max(before, hazard(kind, h, c.relativeDensity, values, defaultSoftLimit));
  }
  const now = hazard(kind, c, c.relativeDensity, values, defaultSoftLimit);
  return -Math.expm1(-Math.max(0, now - before));
}

/** One release of a co-pressed interface (SI units). */
export interface InterfaceRelease {
  /** Pressure released [Pa]: the co-pressing pressure of the step. */
  pressure: number;
  /** Release rate [Pa/s]; omitted or 0: a slow release. */
  releaseRate?: number;
}

/** A co-pressed interface between two compact layers as the lamination model sees it (SI units). */
export interface LaminationConditions {
  /**
   * Highest pressure either layer had seen before they were first pressed together [Pa]: the
   * separator's pre-pressing pressure when a cathode powder is pressed onto it; 0 when both were loose.
   */
  formationPressure: number;
  /** The interface's releases in order, this step's last; the earlier ones it survived. */
  releases: readonly InterfaceRelease[];
}

function laminationUsage(message: string): never {
  throw new SsbError("usage", `laminationProbability: ${message}`);
}

/**
 * Bond fraction of a co-pressed interface, b = b₀ + (1 − b₀)·(1 − p_form/p_max)⁺: the older layer
 * interlocks with the newer only where it deforms plastically again, above the pressure it had seen
 * (see {@link laminationLoad}). Shared by the release and the ejection.
 */
function bondFraction(formationPressure: number, pMax: number, values: Values): number {
  const b0 = get(values, FRACTURE.interfaceBondFloor);
  const fresh = pMax > 0 ? Math.max(0, 1 - formationPressure / pMax) : 0;
  return b0 + (1 - b0) * fresh;
}

/**
 * Lamination load of one release [MPa], the stress that opens the interface on the pressing-pressure
 * axis:
 *   L = p·(1 + κ_r·ṗτ/(ṗτ + p)) / b,   b = b₀ + (1 − b₀)·(1 − p_form/p_max)⁺
 * - Springback: on release the compact recovers elastically (≈ 4 % of its thickness for t-Li7SiPS8,
 *   Schneider2023; a 13 %-porous Li6PS5Cl pellet is ≈ 5× softer than the crystal, Deng2016), the two
 *   layers by different amounts, while die-wall friction holds back the radial recovery; the mismatch
 *   stress scales with the pressure released.
 * - Rate: when the release time p/ṗ is short compared with the compact's stress-relaxation time τ, a
 *   fraction κ_r of the pressure more returns as tensile stress (faster unloading caps tablets more).
 * - Bond: a layer pressed onto an earlier-pressed one interlocks only where the older layer deforms
 *   plastically again, which begins once the pressure exceeds its earlier maximum (the same load-history
 *   rule as densification). With the older layer already at the co-pressing pressure, only the bond
 *   fraction b₀ forms: Yan2026 (separator pre-pressed at 625 MPa delaminated, at 375 MPa did not) and
 *   bilayer tablets (Akseli2013: a first layer pressed to low porosity no longer bonds).
 * References: Yan2026, Akseli2013, Schneider2023, Deng2016
 */
export function laminationLoad(
  formationPressure: number,
  pMax: number,
  r: InterfaceRelease,
  values: Values,
): number {
  const p = Math.max(0, r.pressure);
  if (p <= 0) return 0;
  const rate = r.releaseRate ?? 0;
  const tau = get(values, FRACTURE.relaxationTime);
  const fast = rate <= 0 ? 0 : rate === Infinity ? 1 : (rate * tau) / (rate * tau + p);
  const bond = bondFraction(formationPressure, pMax, values);
  return (p * (1 + get(values, FRACTURE.releaseFactor) * fast)) / bond / MPA;
}

/**
 * Probability that a co-pressed interface between two compact layers delaminates on this step's
 * release, given that it held on its earlier releases:
 *   P = 1 − exp(−(H_last − max H_earlier)⁺),  H = (L/p_L)^m_L
 * with the lamination load L of {@link laminationLoad}; the bond b of each release uses the highest
 * pressure the interface had seen up to it. Releasing again from the same pressure at the same rate adds
 * no risk. References: Yan2026, Akseli2013, Weibull1951
 */
export function laminationProbability(c: LaminationConditions, values: Values): number {
  if (!(c.formationPressure >= 0 && Number.isFinite(c.formationPressure))) {
    laminationUsage(`formationPressure must be a finite number >= 0 Pa, got ${c.formationPressure}`);
  }
  if (c.releases.length === 0) return 0;
  const scale = get(values, FRACTURE.laminationScale);
  const m = get(values, FRACTURE.laminationModulus);
  let pMax = 0;
  let before = 0;
  let now = 0;
  c.releases.forEach((r, i) => {
    if (!Number.isFinite(r.pressure))
      laminationUsage(`pressure must be a finite number of Pa, got ${r.pressure}`);
    if (r.releaseRate !== undefined && !(r.releaseRate >= 0)) {
      laminationUsage(`releaseRate must be >= 0 Pa/s, got ${r.releaseRate}`);
    }
    pMax = Math.max(pMax, r.pressure);
    const h = (laminationLoad(c.formationPressure, pMax, r, values) / scale) ** m;
    if (i === c.releases.length - 1) now = h;
    else before = Math.max(before, h);
  });
  return -Math.expm1(-Math.max(0, now - before));
}

/** One layer of a body pushed out of the die (SI units). */
export interface EjectedLayer {
  /** The layer: a material record, a composite, or a material class. */
  material: LayerMaterial | MaterialClass;
  /** Highest pressure the layer has seen in the die [Pa]. */
  maxPressure: number;
}

/** A co-pressed interface of the body pushed out (SI units), as {@link LaminationConditions} tracks it. */
export interface EjectedInterface {
  /** Highest pressure either layer had seen before they were first pressed together [Pa]. */
  formationPressure: number;
  /** Highest pressure the interface has seen [Pa]. */
  maxPressure: number;
}

function ejectionUsage(message: string): never {
  throw new SsbError("usage", `ejectionProbability: ${message}`);
}

/**
 * Probability that a pressed body caps (a layer breaks across, parallel to its faces) or a co-pressed
 * interface delaminates while the body is pushed out of the die:
 *   σ_w = κ_w·p_max                       residual die-wall stress of a compact
 *   H = Σ_layers (σ_w/p_L)^m_L + Σ_interfaces (σ_w/(b·p_L))^m_L,   P = 1 − exp(−H)
 * - After the axial load comes off, a compact that yielded in the die keeps a radial stress: the die
 *   blocks its radial elastic recovery. As each plane passes the die's mouth, the part outside expands
 *   while the part inside is still held, and the plane at the mouth is sheared and pulled open by a
 *   stress of the order of that residual stress (capping of pharmaceutical tablets, lamination of
 *   bilayer tablets: Akseli2013). κ_w is an assumption (no die-wall measurement for electrolytes).
 * - Planes open against the same strength population as interfaces on release (scale p_L, modulus m_L,
 *   fitted on Yan2026); an interface formed on an already pressed layer holds only its bond fraction b
 *   (as in {@link laminationLoad}), the inside of a layer holds the full bond.
 * - A different stress state from the release's axial springback, so not conditional on the releases
 *   survived. Metals flow instead (no term); a sintered oxide placed ready into the die was never
 *   compacted in it and keeps no residual stress (no term).
 * References: Akseli2013, Yan2026, Weibull1951
 */
export function ejectionProbability(
  body: { layers: readonly EjectedLayer[]; interfaces: readonly EjectedInterface[] },
  values: Values,
): number {
  const kw = get(values, FRACTURE.residualWallStress);
  const scale = get(values, FRACTURE.laminationScale);
  const m = get(values, FRACTURE.laminationModulus);
  let hazard = 0;
  for (const l of body.layers) {
    if (!(Number.isFinite(l.maxPressure) && l.maxPressure >= 0))
      ejectionUsage(`maxPressure must be a finite number >= 0 Pa, got ${l.maxPressure}`);
    if (fractureKind(l.material) !== "compact") continue;
    hazard += ((kw * l.maxPressure) / MPA / scale) ** m;
  }
  for (const i of body.interfaces) {
    if (!(Number.isFinite(i.maxPressure) && i.maxPressure >= 0))
      ejectionUsage(`interface maxPressure must be a finite number >= 0 Pa, got ${i.maxPressure}`);
    if (!(Number.isFinite(i.formationPressure) && i.formationPressure >= 0))
      ejectionUsage(`formationPressure must be a finite number >= 0 Pa, got ${i.formationPressure}`);
    if (i.maxPressure <= 0) continue;
    hazard +=
      ((kw * i.maxPressure) / bondFraction(i.formationPressure, i.maxPressure, values) / MPA / scale) ** m;
  }
  return -Math.expm1(-hazard);
}
