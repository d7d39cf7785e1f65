/**
 * What a layer is made of, as the densification, conductivity and contact models need it: the
 * electrolyte that forms the deformable, ion-conducting matrix, and the volume fraction of the solids
 * taken by hard particles (active materials, carbon) that barely deform.
 */
import {
  findMaterial,
  isComposite,
  toVolumeFractions,
  type LayerMaterial,
  type Material,
  type MaterialClass,
} from "../../materials/index.js";

const ELECTROLYTE: ReadonlySet<MaterialClass> = new Set<MaterialClass>([
  "sulfide-electrolyte",
  "oxide-electrolyte",
  "halide-electrolyte",
]);
const RIGID: ReadonlySet<MaterialClass> = new Set<MaterialClass>([
  "cathode-active",
  "anode-active",
  "additive",
]);
const SOFT_METAL: ReadonlySet<MaterialClass> = new Set<MaterialClass>(["metal-anode", "alloy-anode"]);

export const isElectrolyte = (m: Material): boolean => ELECTROLYTE.has(m.class);
const isRigidFiller = (m: Material): boolean => RIGID.has(m.class);
const isSoftMetal = (m: Material): boolean => SOFT_METAL.has(m.class);

/** The database's canonical name for a material (an inline material named like one maps to it). */
export function canonicalName(m: Material): string {
  const hit = findMaterial(m.name);
  return hit.ok ? hit.value.name : m.name;
}

export interface Composition {
  /** The electrolyte forming the matrix (the largest electrolyte component), if any. */
  electrolyte?: Material;
  /** Volume fraction of the solids that is electrolyte (all electrolyte components). */
  electrolyteFraction: number;
  /** Volume fraction of the solids that is hard filler (active materials, carbon). */
  rigidFraction: number;
  /** True when a soft metal (Li, In, Li-In) is the largest component. */
  softMetal: boolean;
  /** Set when the fractions had to be taken on a weight basis (a component density is unknown). */
  note?: string;
}

const cache = new WeakMap<object, Composition>();

/** Electrolyte, rigid and metal shares of a layer's solids (cached per material object). */
export function compositionOf(material: LayerMaterial): Composition {
  const hit = cache.get(material);
  if (hit) return hit;
  let out: Composition;
  if (!isComposite(material)) {
    out = {
      electrolyte: isElectrolyte(material) ? material : undefined,
      electrolyteFraction: isElectrolyte(material) ? 1 : 0,
      rigidFraction: isRigidFiller(material) ? 1 : 0,
      softMetal: isSoftMetal(material),
    };
  } else {
    const vol = toVolumeFractions(material);
    const parts = vol ?? material;
    let note: string | undefined;
    if (!vol) note = "a component density is unknown: weight fractions used as volume fractions";
    let electrolyte: Material | undefined;
    let eBest = -1;
    let electrolyteFraction = 0;
    let rigidFraction = 0;
    let largest: Material | undefined;
    let lBest = -1;
    for (const { material: m, fraction } of parts.components) {
      if (isElectrolyte(m)) {
        electrolyteFraction += fraction;
        if (fraction > eBest) {
          eBest = fraction;
          electrolyte = m;
        }
      }
      if (isRigidFiller(m)) rigidFraction += fraction;
      if (fraction > lBest) {
        lBest = fraction;
        largest = m;
      }
    }
    out = {
      electrolyte,
      electrolyteFraction,
      rigidFraction,
      softMetal: largest !== undefined && isSoftMetal(largest),
      ...(note ? { note } : {}),
    };
  }
  cache.set(material, out);
  return out;
}
