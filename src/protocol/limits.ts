/**
 * The limits that apply to a layer, and where each comes from: the database (with the evidence's
 * confidence), an inline material's explicit definition, or a layer's explicit override. SI inside
 * (Pa, K); the database stores MPa and °C in its keys.
 *
 * A limit's basis decides how the checker treats a step beyond it: "evidence" (a cited observation)
 * and "protocol" (written explicitly in the protocol) are errors; "assumption" (our engineering
 * judgement, confidence A, U or V) is a warning that says so; "equipment" (die, press) is an error.
 */
import {
  findMaterial,
  isComposite,
  layerClass,
  layerLimit,
  PROP,
  type LayerMaterial,
  type Material,
  type MaterialClass,
  type Property,
} from "../materials/index.js";
import type { SourcePos } from "./diagnostics.js";
import type { Layer, LayerLimits } from "./types.js";

export type LimitBasis = "evidence" | "assumption" | "protocol" | "equipment";

/** A layer limit field: the four a layer may override, and the hot-die temperature. */
export type LimitField = keyof LayerLimits | "assemblyTemperatureMax";

export interface LimitSource {
  quantity: "pressure" | "temperature";
  /** SI value: Pa or K. */
  value: number;
  /** What sets it, in words: 'assembly limit of layer "anode" (Li)'. */
  what: string;
  basis: LimitBasis;
  citations: string[];
  layer?: string;
  field?: LimitField;
  /** Where the protocol wrote it (protocol limits) or declared the equipment. */
  pos?: SourcePos;
  note?: string;
  /** For a limit the protocol set: the value it replaced [SI] and whose that was. */
  replaced?: { value: number; from: string; citations: string[] };
}

const KEY: Record<LimitField, string> = {
  assemblyPressureMax: PROP.assemblyPressureMax,
  densificationPressure: PROP.densificationPressure,
  operatingPressureMax: PROP.operatingPressureMax,
  temperatureMax: PROP.temperatureMax,
  assemblyTemperatureMax: PROP.assemblyTemperatureMax,
};

export const LIMIT_NAMES: Record<LimitField, string> = {
  assemblyPressureMax: "assembly pressure limit",
  densificationPressure: "densification pressure",
  operatingPressureMax: "operating pressure limit",
  temperatureMax: "temperature limit",
  assemblyTemperatureMax: "hot-die limit",
};

export const isTemperatureField = (f: LimitField): boolean =>
  f === "temperatureMax" || f === "assemblyTemperatureMax";

/** Database value (MPa or °C) → SI. */
export const limitToSI = (field: LimitField, v: number): number =>
  isTemperatureField(field) ? v + 273.15 : v * 1e6;

/** True when a new value of the field is less cautious than the old one. */
export function loosens(field: LimitField, from: number | undefined, to: number): boolean {
  if (from === undefined) return false; // a limit where there was none only adds caution
  return field === "densificationPressure" ? to < from : to > from;
}

const ASSUMED = new Set(["A", "U", "V"]);

function basisOf(p: Property): LimitBasis {
  return ASSUMED.has(p.confidence) ? "assumption" : "evidence";
}

/** The database material an inline material's limits default to, and its value for the field [SI]. */
export function defaultLimit(
  m: Material,
  field: LimitField,
): { value: number; from: string; citations: string[] } | undefined {
  if (!m.inline) {
    const p = m.properties[KEY[field]];
    return p && p.value !== null
      ? { value: limitToSI(field, p.value), from: m.name, citations: p.citations }
      : undefined;
  }
  if (!m.derivedFrom) return undefined;
  const base = findMaterial(m.derivedFrom.material);
  if (!base.ok) return undefined;
  const p = base.value.properties[KEY[field]];
  return p && p.value !== null
    ? { value: limitToSI(field, p.value), from: base.value.name, citations: p.citations }
    : undefined;
}

/** Limits looked up per layer object: the rules ask for the same ones at every step. */
const CACHE = new WeakMap<Layer, Map<LimitField, LimitSource | undefined>>();

/** The limit of `field` for a layer, or undefined when none applies. */
export function limitOf(layer: Layer, field: LimitField): LimitSource | undefined {
  let byField = CACHE.get(layer);
  if (!byField) CACHE.set(layer, (byField = new Map()));
  if (byField.has(field)) return byField.get(field);
  const l = findLimit(layer, field);
  byField.set(field, l);
  return l;
}

function findLimit(layer: Layer, field: LimitField): LimitSource | undefined {
  const governing = layerLimit(layer.material, KEY[field]);
  const quantity = isTemperatureField(field) ? "temperature" : "pressure";
  const what = `${LIMIT_NAMES[field]} of layer "${layer.id}" (${layer.material.name})`;
  const own = field === "assemblyTemperatureMax" ? undefined : layer.limits[field];
  if (own !== undefined) {
    const pos = field === "assemblyTemperatureMax" ? undefined : layer.limitPos[field];
    const replaced =
      governing && governing.property.value !== null
        ? {
            value: limitToSI(field, governing.property.value),
            from: governing.material.name,
            citations: governing.property.citations,
          }
        : undefined;
    return {
      quantity,
      value: own,
      what,
      basis: "protocol",
      citations: [],
      layer: layer.id,
      field,
      ...(pos ? { pos } : {}),
      ...(replaced ? { replaced } : {}),
    };
  }
  if (!governing || governing.property.value === null) return undefined;
  const { material, property } = governing;
  const written = material.inline ? material.propertyPos?.[KEY[field]] : undefined;
  const src: LimitSource = {
    quantity,
    value: limitToSI(field, property.value!),
    what,
    basis: written ? "protocol" : basisOf(property),
    citations: property.citations,
    layer: layer.id,
    field,
  };
  if (written) {
    src.pos = written;
    const d = defaultLimit(material, field);
    if (d) src.replaced = d;
  }
  if (property.note) src.note = property.note;
  return src;
}

/** Every limit of a layer that the compiled protocol tracks. */
export function layerLimits(layer: Layer): Partial<Record<LimitField, LimitSource>> {
  const out: Partial<Record<LimitField, LimitSource>> = {};
  for (const f of Object.keys(KEY) as LimitField[]) {
    const l = limitOf(layer, f);
    if (l) out[f] = l;
  }
  return out;
}

/** A raw material property (not a limit) in its database unit. */
export function propertyOf(material: LayerMaterial, key: string): Property | undefined {
  return layerLimit(material, key)?.property;
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
