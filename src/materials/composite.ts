/**
 * Mixtures (composite cathodes, binder-containing separators) and the rules that turn component
 * properties into a layer's class, density and governing limits.
 */
import { getProperty, propertyValue } from "./lookup.js";
import type {
  Composite,
  CompositeComponent,
  FractionBasisKind,
  LayerMaterial,
  Material,
  MaterialClass,
  Property,
  PropertyKey,
} from "./types.js";
import { PROP, isComposite } from "./types.js";

/**
 * Builds a composite with fractions normalised to sum to 1. Parts naming the same material are
 * merged and zero parts dropped, so a 0 % component can never govern a limit.
 * Throws on an empty list, a negative or non-finite fraction, or fractions that are all zero.
 */
export function makeComposite(
  name: string,
  parts: readonly CompositeComponent[],
  basis: FractionBasisKind,
): Composite {
  if (basis !== "weight" && basis !== "volume") {
    throw new Error(`composite "${name}": basis must be "weight" or "volume", not "${String(basis)}"`);
  }
  if (parts.length === 0) throw new Error(`composite "${name}" has no components`);
  const merged = new Map<Material, number>();
  for (const p of parts) {
    if (!Number.isFinite(p.fraction)) {
      throw new Error(`composite "${name}": fraction of ${p.material.name} is not a number (${p.fraction})`);
    }
    if (p.fraction < 0) {
      throw new Error(`composite "${name}": fraction of ${p.material.name} is negative (${p.fraction})`);
    }
    merged.set(p.material, (merged.get(p.material) ?? 0) + p.fraction);
  }
  const total = [...merged.values()].reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error(`composite "${name}": all fractions are zero`);
  const components = [...merged.entries()]
    .filter(([, f]) => f > 0)
    .map(([material, f]) => ({ material, fraction: f / total }));
  return { name, components, basis };
}

/** Component densities [g/cm3] in order, or undefined when any is unknown. */
function densities(c: Composite): number[] | undefined {
  const out: number[] = [];
  for (const { material } of c.components) {
    const rho = propertyValue(material, PROP.density);
    if (rho === undefined || !(rho > 0)) return undefined;
    out.push(rho);
  }
  return out;
}

/**
 * Theoretical (pore-free) density [g/cm3]: 1/ρ = Σ wᵢ/ρᵢ on a weight basis, ρ = Σ vᵢ ρᵢ on a volume
 * basis. Undefined when a component's density is unknown.
 */
export function compositeDensity(c: Composite): number | undefined {
  const rho = densities(c);
  if (rho === undefined) return undefined;
  if (c.basis === "volume") return c.components.reduce((s, p, i) => s + p.fraction * (rho[i] ?? 0), 0);
  const specificVolume = c.components.reduce((s, p, i) => s + p.fraction / (rho[i] ?? 1), 0);
  return 1 / specificVolume;
}

/** Same composite with volume fractions; undefined when a density needed for the conversion is unknown. */
export function toVolumeFractions(c: Composite): Composite | undefined {
  if (c.basis === "volume") return { ...c, components: c.components.map((p) => ({ ...p })) };
  const rho = densities(c);
  if (rho === undefined) return undefined;
  const vols = c.components.map((p, i) => p.fraction / (rho[i] ?? 1));
  const sum = vols.reduce((a, b) => a + b, 0);
  return {
    name: c.name,
    basis: "volume",
    components: c.components.map((p, i) => ({ material: p.material, fraction: (vols[i] ?? 0) / sum })),
  };
}

/** Same composite with weight fractions; undefined when a density needed for the conversion is unknown. */
export function toWeightFractions(c: Composite): Composite | undefined {
  if (c.basis === "weight") return { ...c, components: c.components.map((p) => ({ ...p })) };
  const rho = densities(c);
  if (rho === undefined) return undefined;
  const masses = c.components.map((p, i) => p.fraction * (rho[i] ?? 0));
  const sum = masses.reduce((a, b) => a + b, 0);
  return {
    name: c.name,
    basis: "weight",
    components: c.components.map((p, i) => ({ material: p.material, fraction: (masses[i] ?? 0) / sum })),
  };
}

/** The materials a layer is made of (one for a plain material). */
export function materialsOf(m: LayerMaterial): Material[] {
  return isComposite(m) ? m.components.map((p) => p.material) : [m];
}

const CERAMIC_CLASSES: ReadonlySet<MaterialClass> = new Set<MaterialClass>([
  "sulfide-electrolyte",
  "oxide-electrolyte",
  "halide-electrolyte",
  "cathode-active",
]);

/** Electrolytes and cathode actives: the powders a layer must be densified from. */
export function isCeramic(m: Material): boolean {
  return CERAMIC_CLASSES.has(m.class);
}

/**
 * A layer's class: a composite containing a cathode active is a cathode ("cathode-active");
 * otherwise it takes the class of its largest component (first one on a tie).
 */
export function layerClass(m: LayerMaterial): MaterialClass {
  if (!isComposite(m)) return m.class;
  if (m.components.some((p) => p.material.class === "cathode-active")) return "cathode-active";
  let largest: CompositeComponent | undefined;
  for (const p of m.components) if (largest === undefined || p.fraction > largest.fraction) largest = p;
  if (largest === undefined) throw new Error(`composite "${m.name}" has no components`);
  return largest.material.class;
}

/** Theoretical density [g/cm3] of a layer's material, or undefined when unknown. */
export function layerDensity(m: LayerMaterial): number | undefined {
  return isComposite(m) ? compositeDensity(m) : propertyValue(m, PROP.density);
}

/**
 * How a limit combines over a mixture. "largest": the layer is densified only once its hardest
 * ceramic component is (densification pressure). "smallest": every other limit (…max, fracture,
 * melting, cold-pressable) is set by the weakest component present, which is the safe reading.
 */
export function limitKind(key: PropertyKey): "largest" | "smallest" {
  return key === PROP.densificationPressure ? "largest" : "smallest";
}

export interface LayerLimit {
  value: number;
  /** The component whose property governs (the layer's material itself when not a composite). */
  material: Material;
  /** That component's property, with its citations, confidence and note. */
  property: Property;
}

/**
 * The governing limit of a layer for `key`, with the component that sets it: the smallest value
 * among components that define it, or, for `Densification pressure [MPa]`, the largest among the
 * ceramic components. Unknown (null) values are skipped; undefined when no component defines it.
 */
export function layerLimit(m: LayerMaterial, key: PropertyKey): LayerLimit | undefined {
  const kind = limitKind(key);
  let best: LayerLimit | undefined;
  for (const material of materialsOf(m)) {
    if (kind === "largest" && isComposite(m) && !isCeramic(material)) continue;
    const property = getProperty(material, key);
    const value = property?.value;
    if (property === undefined || value === null || value === undefined) continue;
    const better = best === undefined || (kind === "largest" ? value > best.value : value < best.value);
    if (better) best = { value, material, property };
  }
  return best;
}

/** The value of `layerLimit`, for callers that only need the number. */
export function layerLimitValue(m: LayerMaterial, key: PropertyKey): number | undefined {
  return layerLimit(m, key)?.value;
}
