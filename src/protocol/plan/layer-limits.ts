import { layerLimit, type LayerMaterial, type PropertyKey } from "../../materials/index.js";

/** A layer's pressure limit (materials record it in MPa) in Pa, with the sources behind it. */
export function pressureLimit(
  m: LayerMaterial,
  key: PropertyKey,
): { value: number; citations: string[] } | undefined {
  const p = layerLimit(m, key)?.property;
  return p && p.value !== null ? { value: p.value * 1e6, citations: p.citations } : undefined;
}
