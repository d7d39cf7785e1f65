/**
 * Fit of the electrolyte fracture model (MODELS.md item 5) on data/published:
 *  - Weibull scale p₀ of cold-pressed sulfide pellets on the pressing-pressure axis, by maximum
 *    likelihood with the Weibull modulus fixed: pellets that came out of the die intact
 *    (densification.csv, "after release") are right-censored survivals, the Yan2026 pellet that survived
 *    625 MPa and fractured at 750 MPa is an interval-censored failure (materials.csv);
 *  - oxide flexural strength and fracture toughness vs density read from materials.csv.
 */
import { brent } from "../../numerics/index.js";
import { findMaterial, sourceKeys } from "../../materials/index.js";
import type { ParameterSet } from "../params.js";
import { FRACTURE } from "../fracture/keys.js";
import { num, readCsv, type Row } from "./data.js";
import type { FitReport, Residual } from "./report.js";

function need<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null)
    throw new Error(`fitFracture: ${what} not found in data/published`);
  return value;
}

const round = (x: number, digits = 4): number => Number(x.toPrecision(digits));

/** Weibull failure probability at pressure p. */
const weibull = (p: number, scale: number, m: number): number => -Math.expm1(-((p / scale) ** m));

interface Survival {
  pressure: number;
  label: string;
  citations: string[];
}

/**
 * Log-likelihood of the Weibull scale given survivals (strength > p) and interval failures
 * (lo < strength ≤ hi).
 */
function logLikelihood(scale: number, m: number, survivals: number[], failures: [number, number][]): number {
  let l = 0;
  for (const p of survivals) l -= (p / scale) ** m;
  for (const [lo, hi] of failures) {
    const sLo = Math.exp(-((lo / scale) ** m));
    const sHi = Math.exp(-((hi / scale) ** m));
    l += Math.log(Math.max(1e-300, sLo - sHi));
  }
  return l;
}

/** Golden-section search for the maximum of a unimodal f on [a, b]. */
function argmax(f: (x: number) => number, a: number, b: number, tol = 1e-10): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (Math.abs(b - a) > tol * (Math.abs(a) + Math.abs(b))) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

export function fitFracture(): FitReport {
  const residuals: Residual[] = [];
  const notes: string[] = [];
  const MODULUS = 10; // nominal Weibull modulus of the pellets (assumption, see the parameter note)

  // ---- survivals: sulfide pellets measured after release ----
  const survivals: Survival[] = [];
  for (const r of readCsv("densification.csv")) {
    const p = num(r.pressure_MPa);
    if (p === undefined || (r.state ?? "") !== "after release") continue;
    const found = findMaterial(r.material ?? "");
    if (!found.ok || found.value.class !== "sulfide-electrolyte") continue;
    survivals.push({
      pressure: p,
      label: `${r.material} pellet intact after ${p} MPa`,
      citations: sourceKeys(r.source ?? ""),
    });
  }

  // ---- the failure: a Li6PS5Cl pellet fractured at 750 MPa after surviving the previous step ----
  const materials = readCsv("materials.csv");
  const fractureRow: Row = need(
    materials.find((r) => r.material === "Li6PS5Cl" && r.property === "pellet fracture"),
    "Li6PS5Cl pellet fracture",
  );
  const pFail = need(num(fractureRow.value), "pellet fracture pressure");
  const before = /(\d+)\s*MPa caused delamination/.exec(fractureRow.note ?? "");
  const pBefore = before ? Number(before[1]) : 0; // delamination is damage, not fracture: the pellet was whole
  const failures: [number, number][] = [[pBefore, pFail]];
  const sp = survivals.map((s) => s.pressure);

  const ll = (lnScale: number): number => logLikelihood(Math.exp(lnScale), MODULUS, sp, failures);
  const lnBest = argmax(ll, Math.log(100), Math.log(5000));
  const best = ll(lnBest);
  // 95 % profile-likelihood interval: ln L drops by χ²₁(0.95)/2 = 1.92.
  const drop = (x: number): number => ll(x) - (best - 1.92);
  const lnLo = brent(drop, Math.log(50), lnBest);
  const lnHi = brent(drop, lnBest, Math.log(1e5));
  const scale = Math.exp(lnBest);

  for (const s of survivals) {
    residuals.push({
      label: s.label,
      observed: 0,
      predicted: weibull(s.pressure, scale, MODULUS),
      unit: "P(fracture)",
    });
  }
  if (pBefore > 0) {
    residuals.push({
      label: `Li6PS5Cl pellet intact after ${pBefore} MPa (Yan2026)`,
      observed: 0,
      predicted: weibull(pBefore, scale, MODULUS),
      unit: "P(fracture)",
    });
  }
  residuals.push({
    label: `Li6PS5Cl pellet fractured at ${pFail} MPa (Yan2026)`,
    observed: 1,
    predicted: weibull(pFail, scale, MODULUS),
    unit: "P(fracture)",
  });

  // ---- oxides ----
  const oxideRow = (material: string, property: string): Row =>
    need(
      materials.find((r) => (r.material ?? "").startsWith(material) && r.property === property),
      `${material} ${property}`,
    );
  const flex = oxideRow("LLZO", "flexural strength");
  const flexValue = need(num(flex.value), "LLZO flexural strength");
  const tough = oxideRow("LLZTO", "fracture toughness");
  const [k0, k1] = need(/([\d.]+)\s*-\s*([\d.]+)/.exec(tough.value ?? ""), "LLZTO toughness range")
    .slice(1)
    .map(Number) as [number, number];
  const [r0, r1] = need(/([\d.]+)\s*->\s*([\d.]+)\s*%/.exec(tough.note ?? ""), "LLZTO density range")
    .slice(1)
    .map((x) => Number(x) / 100) as [number, number];
  const toughCite = sourceKeys(tough.source ?? "");
  const flexCite = sourceKeys(flex.source ?? "");

  const parameters: ParameterSet = {
    [FRACTURE.compactScale]: {
      value: round(scale),
      min: round(Math.exp(lnLo)),
      max: round(Math.exp(lnHi)),
      citations: ["Yan2026", ...new Set(survivals.flatMap((s) => s.citations))].sort(),
      source: "fit",
      note: `Weibull scale on the pressing-pressure axis (63 % of pellets fracture). Maximum likelihood with the modulus at ${MODULUS}: ${survivals.length} sulfide pellets intact after release (right-censored) and one Li6PS5Cl pellet that fractured between ${pBefore} and ${pFail} MPa in a stepwise protocol (vendor summary of Yan2026, low confidence; ${pBefore} MPa delaminated the stack but did not break the pellet). Range: 95 % profile-likelihood interval`,
    },
    [FRACTURE.compactModulus]: {
      value: MODULUS,
      min: 5,
      max: 15,
      citations: ["Weibull1951"],
      source: "assumption",
      note: "no measured Weibull modulus for cold-pressed sulfide pellets in data/published; 5-15 spans porous compacts and technical ceramics. Sets how fast the risk rises below the scale: at the nominal value a 500 MPa press carries a few per cent",
    },
    [FRACTURE.softLayerConcentration]: {
      value: 2,
      min: 1.5,
      max: 3,
      citations: [],
      source: "assumption",
      note: "peak-to-mean pressure under a soft metal layer that flows sideways above its limit: 3 for a fully developed sticking-friction hill (slab method, cone-shaped pressure), less with slip or die-wall confinement. No fracture data for pressing with Li in the stack",
    },
    [FRACTURE.releaseFactor]: {
      value: 0.2,
      min: 0,
      max: 0.5,
      citations: [],
      source: "assumption",
      note: "fraction of the pressure that returns as tensile (lamination) stress when the pellet is unloaded much faster than it relaxes: springback of 1-3 % of the thickness held back by die-wall friction. No release-rate data in data/published",
    },
    [FRACTURE.relaxationTime]: {
      value: 1,
      min: 0.1,
      max: 10,
      citations: [],
      source: "assumption",
      note: "stress-relaxation time of a cold-pressed electrolyte compact after the pressure drops; not measured here. A release slower than pressure/(rate) >> this time adds no stress",
      log: true,
    },
    [FRACTURE.oxideStrength]: {
      value: flexValue,
      min: round(flexValue * 0.8),
      max: round(flexValue * 1.2),
      citations: flexCite,
      source: "data",
      note: `flexural strength of dense LLZO (${flex.note ?? ""}), used as the Weibull scale of sintered oxides; single value, ±20 % assumed`,
    },
    [FRACTURE.oxideModulus]: {
      value: 8,
      min: 5,
      max: 12,
      citations: ["Weibull1951"],
      source: "assumption",
      note: "typical of sintered technical ceramics; no Weibull modulus for garnets in data/published",
    },
    [FRACTURE.oxideStressRatio]: {
      value: 0.1,
      min: 0.03,
      max: 0.3,
      citations: [],
      source: "assumption",
      note: "tensile (bending) stress in a sintered disc per unit pressing pressure, from imperfect flatness and parallelism of the disc and the punches; a die loads a flat disc in compression, so only a fraction turns into tension",
    },
    [FRACTURE.oxideToughnessDense]: {
      value: k1,
      min: k1,
      max: k1,
      citations: toughCite,
      source: "data",
      note: `LLZTO at ${r1} relative density (nanoindentation, hot-pressed)`,
    },
    [FRACTURE.oxideToughnessPorous]: {
      value: k0,
      min: k0,
      max: k0,
      citations: toughCite,
      source: "data",
      note: `LLZTO at ${r0} relative density; strength is scaled by toughness in between (same flaw size)`,
    },
    [FRACTURE.oxideDensityDense]: {
      value: r1,
      min: r1,
      max: r1,
      citations: toughCite,
      source: "data",
    },
    [FRACTURE.oxideDensityPorous]: {
      value: r0,
      min: r0,
      max: r0,
      citations: toughCite,
      source: "data",
    },
  };

  notes.push(
    `pellet Weibull scale ${round(scale)} MPa (95 % ${round(Math.exp(lnLo))}-${round(Math.exp(lnHi))}) at modulus ${MODULUS}: P(250) = ${weibull(250, scale, MODULUS).toExponential(2)}, P(500) = ${weibull(500, scale, MODULUS).toFixed(3)}, P(750) = ${weibull(750, scale, MODULUS).toFixed(3)}`,
    `one fracture observation (vendor summary): the scale is only as good as that report; the modulus is an assumption`,
  );

  return { name: "fracture", parameters: { fractureParameters: parameters }, residuals, notes };
}
