/**
 * How much of each layer goes into the die: the separator's powder mass for its target thickness, the
 * cathode's mass for the target areal capacity, and the anode foil's thickness or composite's mass.
 */
import { roundSig } from "../../core/units.js";
import { isComposite, layerDensity, PROP, type LayerMaterial, type Material } from "../../materials/index.js";
import { PLAN_DEFAULTS } from "./defaults.js";
import { fmtMass } from "./format.js";
import type { PlanLayers } from "./layers.js";
import type { DieFace, PlanRequest } from "./types.js";

export interface LayerAmounts {
  /** The separator's amount as written in the protocol, e.g. "mass: 80 mg". */
  separator: string;
  /** [kg] (with a cathode). */
  cathodeMass?: number;
  /** Practical capacity of the cathode per die area [C/m2], when its active material's is known. */
  capacityPerArea?: number;
  /** The anode's amount as written in the protocol (with an anode). */
  anode?: string;
}

export function layerAmounts(req: PlanRequest, layers: PlanLayers, die: DieFace): LayerAmounts {
  return {
    separator: separatorAmount(req, layers, die),
    ...cathodeAmount(req, layers.cathode, die),
    ...(layers.anode ? { anode: anodeAmount(req, layers, die) } : {}),
  };
}

function separatorAmount(req: PlanRequest, layers: PlanLayers, die: DieFace): string {
  if (req.separatorMass !== undefined) return `mass: ${fmtMass(req.separatorMass)}`;
  const rho = layerDensity(layers.separator);
  if (rho !== undefined && !layers.oxideSeparator) {
    const m =
      PLAN_DEFAULTS.separatorThickness * die.area * rho * 1000 * PLAN_DEFAULTS.separatorRelativeDensity;
    return `mass: ${Math.max(1, Math.round(m * 1e6))} mg`;
  }
  return `thickness: ${PLAN_DEFAULTS.separatorThickness * 1e6} um`;
}

function cathodeAmount(
  req: PlanRequest,
  cathode: LayerMaterial | undefined,
  die: DieFace,
): Pick<LayerAmounts, "cathodeMass" | "capacityPerArea"> {
  if (!cathode) return {};
  const act = activeOf(cathode);
  const theoretical = act?.material.properties[PROP.specificCapacity]?.value; // mAh/g
  const practical = theoretical ? theoretical * PLAN_DEFAULTS.practicalCapacityFraction : undefined;
  let cathodeMass = req.cathodeMass;
  if (cathodeMass === undefined) {
    if (act && practical) {
      // practical [mAh/g] = practical · 3.6 C/g = practical · 3600 C/kg
      const activeKgPerM2 = PLAN_DEFAULTS.arealCapacity / (practical * 3600);
      cathodeMass = Math.round((activeKgPerM2 / act.weightFraction) * die.area * 1e7) / 1e7;
    } else cathodeMass = Math.round(PLAN_DEFAULTS.cathodeLoading * die.area * 1e7) / 1e7;
  }
  const capacityPerArea =
    act && practical ? (cathodeMass * act.weightFraction * practical * 3600) / die.area : undefined;
  return { cathodeMass, capacityPerArea };
}

function anodeAmount(req: PlanRequest, layers: PlanLayers, die: DieFace): string {
  const { anodeClass } = layers;
  if (anodeClass === "metal-anode" || anodeClass === "alloy-anode") {
    const t =
      req.anodeThickness ??
      (anodeClass === "metal-anode" ? PLAN_DEFAULTS.liThickness : PLAN_DEFAULTS.alloyThickness);
    return `thickness: ${roundSig(t * 1e6, 3)} um`;
  }
  return `mass: ${fmtMass(PLAN_DEFAULTS.anodeCompositeLoading * die.area)}`;
}

/** The cathode's active material and its weight fraction in the layer (converted from vol% if needed). */
function activeOf(m: LayerMaterial): { material: Material; weightFraction: number } | undefined {
  if (!isComposite(m)) return m.class === "cathode-active" ? { material: m, weightFraction: 1 } : undefined;
  const comp = m.components.find((c) => c.material.class === "cathode-active");
  if (!comp) return undefined;
  if (m.basis === "weight") return { material: comp.material, weightFraction: comp.fraction };
  const rhos = m.components.map((c) => c.material.properties[PROP.density]?.value ?? NaN);
  const mass = m.components.map((c, i) => c.fraction * rhos[i]!);
  const total = mass.reduce((a, b) => a + b, 0);
  const i = m.components.indexOf(comp);
  return Number.isFinite(total) ? { material: comp.material, weightFraction: mass[i]! / total } : undefined;
}
