/**
 * The limits that apply to a layer: the protocol's explicit override if there is one, else the
 * material's value. SI inside (Pa, K); the database stores MPa and °C in its keys.
 */
import {
  isComposite,
  layerClass,
  layerLimit,
  PROP,
  type LayerMaterial,
  type MaterialClass,
  type Property,
} from "../materials/index.js";
import type { SourcePos } from "./diagnostics.js";
import type { Layer, LayerLimits } from "./types.js";

export interface Limit {
  /** SI value (Pa or K). */
  value: number;
  citations: string[];
  /** True when the protocol wrote this limit explicitly. */
  overridden: boolean;
  /** The database default, when overridden. */
  defaultValue?: number;
  pos?: SourcePos;
  note?: string;
}

const KEY: Record<keyof LayerLimits, string> = {
  assemblyPressureMax: PROP.assemblyPressureMax,
  densificationPressure: PROP.densificationPressure,
  operatingPressureMax: PROP.operatingPressureMax,
  temperatureMax: PROP.temperatureMax,
};

const toSI = (field: keyof LayerLimits, v: number) => (field === "temperatureMax" ? v + 273.15 : v * 1e6);

function propOf(material: LayerMaterial, key: string): Property | undefined {
  return layerLimit(material, key)?.property;
}

export function limitOf(layer: Layer, field: keyof LayerLimits): Limit | undefined {
  const prop = propOf(layer.material, KEY[field]);
  const dflt = prop && prop.value !== null ? toSI(field, prop.value) : undefined;
  const own = layer.limits[field];
  if (own !== undefined) {
    const l: Limit = { value: own, citations: [], overridden: true };
    if (dflt !== undefined) l.defaultValue = dflt;
    const pos = layer.limitPos[field];
    if (pos) l.pos = pos;
    return l;
  }
  if (dflt === undefined || !prop) return undefined;
  const l: Limit = { value: dflt, citations: prop.citations, overridden: false };
  if (prop.note) l.note = prop.note;
  return l;
}

/** A raw material property (not a limit) in its database unit. */
export function propertyOf(material: LayerMaterial, key: string): Property | undefined {
  return propOf(material, key);
}

export const classOf = (layer: Layer): MaterialClass => layerClass(layer.material);

/** Hard powder layers that need densifying: electrolytes, composite electrodes. */
export function isCeramicLayer(layer: Layer): boolean {
  const c = classOf(layer);
  return (
    c.endsWith("electrolyte") ||
    c === "cathode-active" ||
    (c === "anode-active" && isComposite(layer.material))
  );
}

export function isOxide(layer: Layer): boolean {
  return classOf(layer) === "oxide-electrolyte";
}

/** Soft metal layers (Li, In, Li–In foil) that creep under pressure. */
export function isSoftMetal(layer: Layer): boolean {
  const c = classOf(layer);
  return c === "metal-anode" || c === "alloy-anode";
}

export function materialName(layer: Layer): string {
  return layer.material.name;
}
