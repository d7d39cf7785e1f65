/**
 * What the die, the press and the materials allow: the highest pressure any step may use, and a clear
 * refusal (with the die or press that would do) when the layers need more than that.
 */
import { SsbError } from "../../core/errors.js";
import { roundSig } from "../../core/units.js";
import { isComposite, PROP, type LayerMaterial } from "../../materials/index.js";
import { PLAN_DEFAULTS } from "./defaults.js";
import { MPa, NEWTONS_PER_TONNE, round5 } from "./format.js";
import type { DieFace, PlanRequest } from "./types.js";

/** The lowest of the upper bounds on a press step [Pa], with the reason for it. */
export interface Ceiling {
  value: number;
  why: string;
}

/** The highest pressure a step may use, from the die's rating, the press and the hard layers' fracture. */
export function pressureCeiling(
  req: PlanRequest,
  die: DieFace,
  hardLayers: LayerMaterial[],
): { ceiling: Ceiling; citations: string[] } {
  const bounds: Ceiling[] = [];
  const citations: string[] = [];
  if (req.dieRating !== undefined)
    bounds.push({ value: req.dieRating, why: `the die's ${MPa(req.dieRating)} MPa rating` });
  if (req.pressCapacity !== undefined)
    bounds.push({
      value: (req.pressCapacity * PLAN_DEFAULTS.pressMargin) / die.area,
      why: `${PLAN_DEFAULTS.pressMargin * 100} % of the press's ${roundSig(req.pressCapacity / NEWTONS_PER_TONNE, 3)} t on a ${die.mm} mm die`,
    });
  for (const m of hardLayers) {
    const mats = isComposite(m) ? m.components.map((c) => c.material) : [m];
    for (const mat of mats) {
      const f = mat.properties[PROP.fracturePressure];
      if (f && f.value !== null) {
        // Electrolyte pellets: keep a margin under the (low-confidence) fracture report. Cathode
        // particles: the value is where cracking is already heavy, so stay just below it.
        const particle = mat.class === "cathode-active";
        const bound = particle ? round5(f.value * 1e6 - 1) : f.value * 1e6 * PLAN_DEFAULTS.fractureMargin;
        const why = particle
          ? `below the ${f.value} MPa at which ${mat.name} particles are reported to crack`
          : `${PLAN_DEFAULTS.fractureMargin * 100} % of the ${f.value} MPa at which ${mat.name} pellets are reported to fracture`;
        bounds.push({ value: bound, why });
        citations.push(...f.citations);
      }
    }
  }
  const ceiling = bounds.reduce((a, b) => (b.value < a.value ? b : a), { value: Infinity, why: "" });
  return { ceiling, citations };
}

/**
 * Why the set-up cannot reach the `needed` pressure [Pa]; when the press is what falls short, also
 * the largest die it can serve and the smallest press that would do on this die.
 */
export function infeasibleError(req: PlanRequest, die: DieFace, needed: number, ceiling: Ceiling): SsbError {
  const force = needed * die.area;
  const lines = [
    `cannot densify on this set-up: the layers need ≥ ${MPa(needed)} MPa, but ${ceiling.why} allows only ${MPa(ceiling.value)} MPa.`,
  ];
  const usable = req.pressCapacity !== undefined ? req.pressCapacity * PLAN_DEFAULTS.pressMargin : undefined;
  if (usable !== undefined && usable / die.area < needed) {
    const dmax = Math.sqrt((4 * usable) / (Math.PI * needed));
    lines.push(
      `${MPa(needed)} MPa on a ${die.mm} mm die needs ${roundSig(force / 1e3, 4)} kN (${roundSig(force / NEWTONS_PER_TONNE, 3)} t); the largest die this press can serve at ${MPa(needed)} MPa is ${roundSig(dmax * 1e3, 3)} mm (use a ${Math.floor(dmax * 1e3)} mm die or smaller, or a press of at least ${Math.ceil(force / PLAN_DEFAULTS.pressMargin / NEWTONS_PER_TONNE)} t; plans use ${PLAN_DEFAULTS.pressMargin * 100} % of a press's rating).`,
    );
  }
  return new SsbError("infeasible", lines.join(" "));
}
