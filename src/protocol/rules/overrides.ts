/**
 * limit-override: every limit a protocol changes is shown with its old and new value, so no limit
 * is lifted silently. A change that loosens a limit (a higher maximum, a lower densification
 * pressure) is a warning; one that adds caution is information. Redefining a database material's
 * name, or basing a material on one, is reported too.
 */
import { distance } from "fastest-levenshtein";
import {
  findMaterial,
  isComposite,
  normalizeName,
  PROP,
  type LayerMaterial,
  type Material,
} from "../../materials/index.js";
import {
  defaultLimit,
  isTemperatureField,
  LIMIT_NAMES,
  limitOf,
  limitToSI,
  loosens,
  type LimitField,
} from "../limits.js";
import type { LayerLimits } from "../types.js";
import { degC, mpa, type RuleContext } from "./context.js";

const LAYER_FIELDS: (keyof LayerLimits)[] = [
  "assemblyPressureMax",
  "densificationPressure",
  "operatingPressureMax",
  "temperatureMax",
];
const MATERIAL_FIELDS: LimitField[] = [...LAYER_FIELDS, "assemblyTemperatureMax"];
const KEY_OF: Record<LimitField, string> = {
  assemblyPressureMax: PROP.assemblyPressureMax,
  densificationPressure: PROP.densificationPressure,
  operatingPressureMax: PROP.operatingPressureMax,
  temperatureMax: PROP.temperatureMax,
  assemblyTemperatureMax: PROP.assemblyTemperatureMax,
};

const show = (field: LimitField, v: number) => (isTemperatureField(field) ? degC(v) : mpa(v));

export function checkOverrides({ protocol, sink }: RuleContext): void {
  for (const m of inlineMaterials(protocol.layers.map((l) => l.material))) checkMaterial(m, sink);
  for (const layer of protocol.layers) {
    for (const field of LAYER_FIELDS) {
      if (layer.limits[field] === undefined) continue;
      const lim = limitOf(layer, field);
      if (!lim) continue;
      const was = lim.replaced;
      const message = `layer "${layer.id}": ${LIMIT_NAMES[field]} set to ${show(field, lim.value)} by this protocol${
        was ? `, replacing ${show(field, was.value)} of ${was.from}` : " (the material defines none)"
      }`;
      emit(sink, loosens(field, was?.value, lim.value), message, lim.pos ?? layer.pos, was?.citations);
    }
  }
}

/** Inline materials used by the layers (components of mixtures included), each once. */
function inlineMaterials(materials: LayerMaterial[]): Material[] {
  const out: Material[] = [];
  for (const m of materials) {
    const parts = isComposite(m) ? m.components.map((c) => c.material) : [m];
    for (const p of parts) if (p.inline && !out.some((o) => o.name === p.name)) out.push(p);
  }
  return out;
}

/** The database material whose name this one differs from by one character, if any. */
function lookAlike(name: string): string | undefined {
  const r = findMaterial(name);
  if (r.ok) return undefined;
  const key = normalizeName(name);
  return r.error.suggestions.find((s) => distance(key, normalizeName(s)) <= 1);
}

function checkMaterial(m: Material, sink: RuleContext["sink"]): void {
  const at = m.definedAt ?? { line: 1, column: 1 };
  const from = m.derivedFrom;
  const written = MATERIAL_FIELDS.filter((f) => m.propertyPos?.[KEY_OF[f]] !== undefined);
  if (from?.how === "redefines") {
    sink.warning(
      "limit-override",
      `material "${m.name}" is defined in this protocol although the database has ${from.material}: its limits stay those of ${from.material}${written.length ? " except the ones written here" : ""} — give a new material its own name`,
      at,
    );
  }
  const near = from?.how === "redefines" ? undefined : lookAlike(m.name);
  if (near) {
    // "Lі" with a Cyrillic і, "Li " with a typo: a new material that a reader takes for a database one
    sink.warning(
      "limit-override",
      `material "${m.name}" is defined in this protocol and looks like the database's ${near}, but is not it: it does not take ${near}'s limits${from ? ` (it takes those of ${from.material})` : ""}. Use the name ${near} if you mean it, or a clearly different name`,
      at,
    );
  }
  if (from?.how === "based_on") {
    sink.info(
      "limit-override",
      `material "${m.name}" is based on ${from.material} and takes its limits${written.length ? " except the ones written here" : ""}`,
      at,
    );
  } else if (from?.how === "class") {
    sink.info(
      "limit-override",
      `material "${m.name}" (${m.class}) takes the limits of ${from.material}, the most cautious of its class, where it does not write its own`,
      at,
    );
  }
  for (const field of written) {
    const p = m.properties[KEY_OF[field]];
    if (!p || p.value === null) continue;
    const value = limitToSI(field, p.value);
    const was = defaultLimit({ ...m, inline: true }, field);
    const message = `material "${m.name}": ${LIMIT_NAMES[field]} set to ${show(field, value)} by this protocol${
      was ? `, replacing ${show(field, was.value)} of ${was.from}` : ""
    }`;
    emit(sink, loosens(field, was?.value, value), message, m.propertyPos![KEY_OF[field]]!, was?.citations);
  }
}

function emit(
  sink: RuleContext["sink"],
  loosened: boolean,
  message: string,
  pos: { line: number; column: number },
  citations?: string[],
): void {
  if (loosened)
    sink.warning(
      "limit-override",
      `${message}; this loosens the limit, and the checker and the run's interlocks now use the new value — keep it only with evidence for it`,
      pos,
      null,
      citations,
    );
  else sink.info("limit-override", message, pos, null, citations);
}
