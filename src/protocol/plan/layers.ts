/**
 * Which materials the stack is made of: the command-line specs read into materials, each checked for
 * the role it is asked to play.
 */
import { err, ok, SsbError, type Result } from "../../core/errors.js";
import { echo } from "../../core/text.js";
import {
  findMaterial,
  layerClass,
  makeComposite,
  type LayerMaterial,
  type Material,
  type MaterialClass,
} from "../../materials/index.js";
import type { PlanRequest } from "./types.js";

export interface PlanLayers {
  separator: LayerMaterial;
  separatorClass: MaterialClass;
  /** An oxide separator is a pellet sintered beforehand: cold pressing does not densify it. */
  oxideSeparator: boolean;
  cathode?: LayerMaterial;
  anode?: LayerMaterial;
  anodeClass?: MaterialClass;
}

const ANODE_CLASSES: MaterialClass[] = ["metal-anode", "alloy-anode", "anode-active"];

/** The separator and, if there is one, the cathode: the layers densified at high pressure. */
export function hardLayers(layers: PlanLayers): LayerMaterial[] {
  return [layers.separator, ...(layers.cathode ? [layers.cathode] : [])];
}

/** Read and check the materials of the request's layers. */
export function chooseLayers(req: PlanRequest): Result<PlanLayers> {
  const sepR = parseCompositeSpec(req.separator, "separator");
  if (!sepR.ok) return sepR;
  const separator = sepR.value;
  const separatorClass = layerClass(separator);
  if (!separatorClass.endsWith("electrolyte"))
    return usage(
      `--separator: ${separator.name} is a ${separatorClass}, not a solid electrolyte; pass e.g. --separator Li6PS5Cl`,
    );

  let cathode: LayerMaterial | undefined;
  if (req.cathode) {
    const r = parseCompositeSpec(req.cathode, "cathode");
    if (!r.ok) return r;
    cathode = r.value;
    if (layerClass(cathode) !== "cathode-active")
      return usage(
        `--cathode: "${req.cathode}" has no cathode active material (e.g. NMC811, NCA, LiCoO2, LiFePO4)`,
      );
  }

  // A densify-only plan ignores the anode it was given.
  const wantsAnode = req.goal !== "densify";
  let anode: LayerMaterial | undefined;
  let anodeClass: MaterialClass | undefined;
  if (req.anode && wantsAnode) {
    const r = parseCompositeSpec(req.anode, "anode");
    if (!r.ok) return r;
    anode = r.value;
    anodeClass = layerClass(anode);
    if (!ANODE_CLASSES.includes(anodeClass))
      return usage(
        `--anode: ${anode.name} is a ${anodeClass}, not an anode (e.g. Li, LiIn, In, graphite, Si)`,
      );
  }
  if (wantsAnode && !anode)
    return usage(
      `the goal "${req.goal}" needs an anode: add --anode Li (or LiIn, In, graphite), or use --goal densify`,
    );

  return ok({
    separator,
    separatorClass,
    oxideSeparator: separatorClass === "oxide-electrolyte",
    cathode,
    anode,
    anodeClass,
  });
}

/** "NMC811:70,Li6PS5Cl:30" or "NMC811:70wt%,..." or "...vol%" → composite (wt% by default). */
export function parseCompositeSpec(spec: string, role: string): Result<LayerMaterial> {
  const parts = spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 1 && !parts[0]!.includes(":")) return material(parts[0]!, role);
  const comps: { material: Material; fraction: number }[] = [];
  let basis: "weight" | "volume" = "weight";
  for (const [i, p] of parts.entries()) {
    const m = /^(.+?):\s*([\d.]+)\s*(wt%|vol%|%)?$/.exec(p);
    if (!m) {
      // the comma separates components, so a decimal comma ("70,5") leaves a bare number behind
      const prev = i > 0 ? /:\s*(\d+)$/.exec(parts[i - 1]!) : null;
      const comma =
        prev && /^\d/.test(p)
          ? `; a comma separates the components, so for ${prev[1]},${p} write a decimal point: ${prev[1]}.${p}`
          : "";
      return usage(
        `--${role}: cannot read "${echo(p, 40)}"${comma}; write components as NAME:PERCENT, e.g. "NMC811:70,Li6PS5Cl:30"`,
      );
    }
    const mat = material(m[1]!, role);
    if (!mat.ok) return mat;
    if (m[3] === "vol%") basis = "volume";
    comps.push({ material: mat.value, fraction: Number(m[2]) / 100 });
  }
  try {
    return ok(makeComposite(spec, comps, basis));
  } catch (e) {
    return usage(`--${role}: ${(e as Error).message}`);
  }
}

function material(name: string, role: string): Result<Material> {
  const r = findMaterial(name);
  if (!r.ok) return usage(`--${role}: ${r.error.message}`);
  return ok(r.value);
}

function usage(message: string): Result<never> {
  return err(new SsbError("usage", message));
}
