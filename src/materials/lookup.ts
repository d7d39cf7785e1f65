/**
 * Finding materials by the names people type, and reading their properties.
 */
import { distance } from "fastest-levenshtein";
import { MATERIALS } from "./database.js";
import type { Material, Property, PropertyKey } from "./types.js";

export interface MaterialLookupError {
  message: string;
  /** Up to 3 canonical names closest to the input, best first. */
  suggestions: string[];
}

export type MaterialLookupResult = { ok: true; value: Material } | { ok: false; error: MaterialLookupError };

/**
 * Canonical form for matching: Unicode-compatible forms (so "Li₆PS₅Cl" = "Li6PS5Cl"), lower case,
 * and no spaces, underscores, hyphens or dashes, so "Li-In" = "Li–In" = "Li In" = "LiIn".
 */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-\u2010-\u2015\u2212]+/g, "");
}

interface IndexEntry {
  key: string;
  material: Material;
}

// Built once: the database is frozen, so the index cannot go stale.
const ENTRIES: IndexEntry[] = MATERIALS.flatMap((m) =>
  [m.name, ...m.aliases].map((n) => ({ key: normalizeName(n), material: m })),
);
const INDEX = new Map<string, Material>(ENTRIES.map((e) => [e.key, e.material]));

/**
 * Edit distance within which a name counts as a plausible misspelling: about one edit in three
 * characters, and never a complete rewrite of a short input.
 */
function closeEnough(input: string, d: number): boolean {
  return d <= Math.max(2, Math.ceil(input.length / 3)) && d < input.length;
}

/** A typed prefix ("NMC", "LL") ranks as close as a one-character typo, so it gets suggestions. */
function score(input: string, key: string): number {
  const d = distance(input, key);
  return input.length >= 2 && key.startsWith(input) ? Math.min(d, 1) : d;
}

/** Up to `limit` canonical names closest to `name` (by its nearest name or alias), best first. */
export function suggestMaterials(name: string, limit = 3): string[] {
  const input = normalizeName(name);
  if (input === "") return [];
  const best = new Map<Material, number>();
  for (const e of ENTRIES) {
    const d = score(input, e.key);
    const prev = best.get(e.material);
    if (prev === undefined || d < prev) best.set(e.material, d);
  }
  return [...best.entries()]
    .filter(([, d]) => closeEnough(input, d))
    .sort((a, b) => a[1] - b[1] || a[0].name.localeCompare(b[0].name))
    .slice(0, limit)
    .map(([m]) => m.name);
}

/** Looks a material up by name or alias, case-insensitively and tolerant of dashes and spaces. */
export function findMaterial(name: string): MaterialLookupResult {
  const hit = INDEX.get(normalizeName(name));
  if (hit !== undefined) return { ok: true, value: hit };
  const suggestions = suggestMaterials(name);
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(", ")}?` : "";
  const what = name.trim() === "" ? "empty material name" : `unknown material "${name}"`;
  return { ok: false, error: { message: `${what}${hint}`, suggestions } };
}

/** Every material of the database, in database order. */
export function listMaterials(): readonly Material[] {
  return MATERIALS;
}

export function getProperty(m: Material, key: PropertyKey): Property | undefined {
  return Object.hasOwn(m.properties, key) ? m.properties[key] : undefined;
}

/** The property's best value, or undefined when absent or unknown (null). */
export function propertyValue(m: Material, key: PropertyKey): number | undefined {
  return getProperty(m, key)?.value ?? undefined;
}
