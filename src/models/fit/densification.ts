/**
 * Fit of the densification model (MODELS.md item 1) on data/published/densification.csv.
 *
 * Per material, under load: ln(1/(1 − D)) = ln(1/(1 − D₀)) + B·(1 − e^(−P/P_r)) + K·P — the poured
 * powder D₀, particle rearrangement over P_r, Heckel's plastic line (Heckel1961) — written through a
 * reference point (P_ref, D_ref) so that D_ref and K are nearly uncorrelated. Rows measured after
 * release spring back by r = P/E(ε_load), E(ε) = E₀·(1 − ε/ε_c)^n the porous pellet's modulus
 * (PhaniNiyogi1987) with n anchored on a 13 %-porous cold-pressed Li6PS5Cl pellet (4.7 GPa against
 * 22.1 GPa dense; materials.csv), capped at r_max. Least squares in density (residuals read as density
 * error). Composites: the electrolyte's curve at the share of the pressure it carries,
 * s = (1 − v_rigid)^m, with m calibrated on the NCM–Li6PS5Cl point (Minnmann2021) and on the
 * NMC811–halide composite (Varkey2026).
 */
import { sourceKeys } from "../../materials/index.js";
import {
  DENSIFICATION_KEYS as K,
  densityReleased,
  densityUnderLoad,
  heckelState,
  loadShare,
  springbackStrain,
} from "../densification/heckel.js";
import { isHeldOut } from "../densification/held-out.js";
import { bisectRoot, leastSquares } from "../densification/least-squares.js";
import type { Parameter, ParameterSet, Values } from "../params.js";
import { num, readCsv, type Row } from "./data.js";
import type { FitReport, Residual } from "./report.js";

/**
 * Uncertainty floor of one transcribed density [-]: the rows are read off figures (F, ±5–10 % of
 * the value per data/published/README.md), quoted by reviews (S) or are band ends; 0.02 absolute is
 * about ±2.5 % of a typical 0.8. With two points per material a fit has no scatter of its own.
 */
const DENSITY_SIGMA_FLOOR = 0.02;

/** Assumed composition of the calibration composites (neither is in data/published). */
export const ASSUMED_ACTIVE_WEIGHT_FRACTION = { value: 0.7, min: 0.6, max: 0.8 };

const WARM: Parameter = {
  value: 0.002,
  min: 0,
  max: 0.004,
  citations: ["Sakuda2013"],
  source: "assumption",
  note: "no warm-pressing data in data/published. The flow stress of sulfide glasses and argyrodites falls as they are heated, and hot pressing gave the 75Li2S-25P2S5 glass a denser, more conductive body (0.34 vs 0.31 mS/cm cold pressed, Sakuda2013); kept modest on purpose: +0.2 %/K acts like ~15 % more pressure at 100 °C. Not for pressing above ~150 °C",
};

/** Poured density of a cold-pressable electrolyte powder without data at P = 0 (assumption). */
const POURED_SULFIDE: Parameter = {
  value: 0.4,
  min: 0.3,
  max: 0.5,
  citations: ["Heckel1961", "Sakuda2013"],
  source: "assumption",
  note: "no poured or tapped density of an argyrodite powder in data/published. Fine (1-20 um), cohesive ceramic powders fill a die at 30-50 % of their crystal density; the sulfide glass is already 0.50 dense under 30 MPa (Sakuda2013), so its poured density lies below that. Range 0.30-0.50 covers loose to tapped fill. Before this, the single Heckel line put Li6PS5Cl at 0.64 at zero pressure",
};

/** Pressure over which rearrangement runs its course (assumption). */
const REARRANGEMENT: Parameter = {
  value: 60,
  min: 20,
  max: 120,
  citations: ["Heckel1961", "Sakuda2013"],
  source: "assumption",
  note: "Heckel1961: before plastic flow, particles slide and rearrange at low pressure (his intercept A = ln(1/(1 - D0)) + B); 1 - e^(-P/P_r) lets that stage run its course over P_r. No in-situ argyrodite curve below 150 MPa is in data/published: P_r = 60 MPa (20-120) is an assumption: it keeps Li6PS5Cl near the only in-situ sulfide curve in the data at low pressure (the 75Li2S-25P2S5 glass, 0.50/0.62 at 30/75 MPa, Sakuda2013; Li6PS5Cl ≈ 0.50 under 10 MPa, 0.71 under 50, 0.83 under 150 MPa). The glass itself follows its Heckel line from 30 MPa on, so this stage barely changes its fit",
};

/** Cap of the springback strain (assumption). */
const SPRINGBACK_CAP: Parameter = {
  value: 0.1,
  min: 0.06,
  max: 0.15,
  citations: ["PhaniNiyogi1987", "Schneider2023"],
  source: "assumption",
  note: "r = P/E(ε) diverges as the compact's porosity nears the poured one (E → 0). A porous compact's contacts yield as they load, so the elastic strain they store saturates at about hardness/modulus of the particles, a few to ~10 % (t-Li7SiPS8 recovers ~4 % from 1 GPa, Schneider2023). Cap 0.10 (0.06-0.15), an assumption; it binds only below ~250 MPa for Li6PS5Cl",
};

interface Modulus {
  /** Dense Young's modulus [GPa]. */
  e0: Parameter;
  /** Porosity exponent n (0: the modulus does not depend on porosity). */
  n: Parameter;
}

interface MaterialSpec {
  /** Export name in src/models/parameters/densification.ts. */
  name: string;
  /** `material` cells of densification.csv pooled into this fit. */
  rows: string[];
  /** Dense modulus entry in materials.csv and its citation. */
  modulusMaterial: string;
  label: string;
}

const FITTED: MaterialSpec[] = [
  {
    name: "li6ps5cl",
    rows: ["Li6PS5Cl"],
    modulusMaterial: "Li6PS5Cl",
    label: "Li6PS5Cl",
  },
  {
    name: "li6ps5clMicrocrystalline",
    rows: ["Li6PS5Cl-microcrystalline"],
    modulusMaterial: "Li6PS5Cl",
    label: "Li6PS5Cl microcrystalline",
  },
  {
    name: "li6ps5clGlassCeramic",
    rows: ["Li6PS5Cl-glass-ceramic"],
    modulusMaterial: "Li6PS5Cl",
    label: "Li6PS5Cl glass-ceramic",
  },
  {
    name: "glass75Li2S25P2S5",
    rows: ["75Li2S-25P2S5-glass"],
    modulusMaterial: "75Li2S-25P2S5-glass",
    label: "75Li2S-25P2S5 glass (under load)",
  },
  {
    name: "li3ybrcl6",
    rows: ["Li3YBrCl6+3wt%SBR"],
    modulusMaterial: "Li3YBrCl6",
    label: "Li3YBrCl6 + 3 wt% SBR",
  },
];

function rowsOf(all: Row[], names: string[]): Row[] {
  return all.filter(
    (r) => names.includes(r.material ?? "") && num(r.relative_density) !== undefined && !isHeldOut(r),
  );
}

function citationsOf(rows: Row[]): string[] {
  return [...new Set(rows.flatMap((r) => sourceKeys(r.source ?? "")))].sort();
}

interface Shape {
  poured: number;
  pR: number;
  e0: number;
  n: number;
  rMax: number;
}

function values(pRef: number, dRef: number, slope: number, sh: Shape): Values {
  return {
    [K.referencePressure]: pRef,
    [K.referenceDensity]: dRef,
    [K.heckelSlope]: slope,
    [K.pouredDensity]: sh.poured,
    [K.rearrangementPressure]: sh.pR,
    [K.denseModulus]: sh.e0,
    [K.pelletModulusExponent]: sh.n,
    [K.maxSpringback]: sh.rMax,
    [K.warmSoftening]: 0,
  };
}

/** Predicted density of one data row for a parameter set, pressure scaled by `share`. */
function predictRow(v: Values, row: Row, share = 1): number {
  const s = heckelState(v);
  const p = (num(row.pressure_MPa) ?? 0) * share;
  return row.state === "under load" ? densityUnderLoad(s, p) : densityReleased(s, p);
}

const round = (x: number, digits = 4): number => Number(x.toPrecision(digits));

// ---- pellet modulus ----------------------------------------------------------------------------

interface PelletAnchor {
  e0: number;
  ePellet: number;
  porosity: number;
}

/** "DFT; cold-pressed pellet (13 % porosity) measured 4.7 GPa in bending" (materials.csv). */
function pelletAnchor(mats: Row[]): PelletAnchor {
  const r = mats.find((x) => x.material === "Li6PS5Cl" && x.property === "Young's modulus");
  const e0 = num(r?.value);
  const m = /\((\d+) % porosity\) measured ([\d.]+) GPa/.exec(r?.note ?? "");
  if (e0 === undefined || !m)
    throw new Error("densification fit: Li6PS5Cl pellet modulus note not found in materials.csv");
  return { e0, ePellet: Number(m[2]), porosity: Number(m[1]) / 100 };
}

/** n of E = E₀(1 − ε/ε_c)^n through the anchor. */
function exponentFor(a: PelletAnchor, epsC: number, porosity = a.porosity, ePellet = a.ePellet): number {
  return Math.log(ePellet / a.e0) / Math.log(1 - porosity / epsC);
}

function modulusOf(mats: Row[], material: string): { value: number; cites: string[] } {
  const r = mats.find((x) => x.material === material && x.property === "Young's modulus");
  const v = num(r?.value);
  if (v === undefined)
    throw new Error(`densification fit: no Young's modulus for ${material} in materials.csv`);
  return { value: v, cites: sourceKeys(r?.source ?? "") };
}

function pelletModulusSet(
  a: PelletAnchor,
  e0: { value: number; cites: string[] },
  material: string,
): Modulus {
  const epsC = 1 - POURED_SULFIDE.value;
  const n = exponentFor(a, epsC);
  // Range: the anchor's porosity ±2 % (a single pellet) and ε_c over the poured-density range.
  const corners = [1 - POURED_SULFIDE.min, 1 - POURED_SULFIDE.max].flatMap((ec) =>
    [a.porosity - 0.02, a.porosity + 0.02].map((p) => exponentFor(a, ec, p)),
  );
  return {
    e0: {
      value: e0.value,
      min: e0.value,
      max: e0.value,
      citations: e0.cites.length > 0 ? e0.cites : ["Deng2016"],
      source: "data",
      note: `Young's modulus of the pore-free ${material} (materials.csv); the pellet's modulus follows from its porosity`,
    },
    n: {
      value: round(n),
      min: round(Math.min(...corners)),
      max: round(Math.max(...corners)),
      citations: ["Deng2016", "PhaniNiyogi1987"],
      source: "fit",
      note: `E = E0·(1 - ε/ε_c)^n (PhaniNiyogi1987) with ε_c = the poured porosity (${round(epsC, 2)}), through the cold-pressed Li6PS5Cl pellet at ${a.porosity * 100} % porosity measured ${a.ePellet} GPa against ${a.e0} GPa dense: n = ${round(n, 3)}, E(13 %) is ${round(a.ePellet / a.e0, 2)} of the dense modulus. Range from porosity ±2 % and ε_c 0.50-0.70. One measurement; the same n is assumed for every cold-pressed electrolyte. Before this, springback used the dense modulus (about 5x too stiff)`,
    },
  };
}

/**
 * Glass-ceramic Li6PS5Cl (Cronau2021): pellets pressed at 487 MPa conduct almost alike from 49 to
 * 487 MPa stack pressure, unlike the microcrystalline powder; a large elastic recovery would make
 * them stack-sensitive. Its compact is taken to unload with the dense modulus (exponent 0).
 */
function stiffUnloading(e0: { value: number; cites: string[] }): Modulus {
  return {
    e0: {
      value: e0.value,
      min: e0.value,
      max: e0.value,
      citations: [...e0.cites, "Cronau2021"],
      source: "data",
      note: "dense Young's modulus of Li6PS5Cl; the glass-ceramic compact unloads nearly as stiff (see the exponent)",
    },
    n: {
      value: 0,
      min: 0,
      max: 0,
      citations: ["Cronau2021"],
      source: "assumption",
      note: "Cronau2021's glass-ceramic pellets keep their conductivity from 49 to 487 MPa stack pressure after pressing at 487 MPa, so their elastic recovery is small (~2 % with the dense modulus), unlike the microcrystalline powder's; the porosity law of the cold-pressed crystalline pellet is not applied to it",
    },
  };
}

interface FittedMaterial {
  set: ParameterSet;
  values: Values;
  residuals: Residual[];
  rmse: number;
}

function pouredFor(rows: Row[]): Parameter {
  const zero = rows.find((r) => num(r.pressure_MPa) === 0 && num(r.relative_density) !== undefined);
  if (!zero) return { ...POURED_SULFIDE };
  const d = num(zero.relative_density) ?? NaN;
  return {
    value: d,
    min: round(Math.max(0.2, d - 0.05)),
    max: round(Math.min(0.95, d + 0.05)),
    citations: sourceKeys(zero.source ?? ""),
    source: "data",
    note: `the layer's density at 0 MPa (${zero.source}); range ±0.05 for reading it off a figure`,
  };
}

/** Interlab spread of pellets of one material pressed alike (Ohno2020's six labs: 0.81-0.95). */
const INTERLAB_SIGMA = 0.05;

/**
 * Standard deviation of one density row: a primary measurement with its own band (e.g. Doux2020's
 * four pellets, 0.803-0.849) counts with that band (half-width/√3); a value quoted by a review or a
 * band end (S) stands for one lab's powder among many, so it counts with the interlab spread; figure
 * readings (F) and the rest with the transcription floor.
 */
function rowSigma(r: Row): number {
  const band = /\(([\d.]+)-([\d.]+)\)/.exec(r.note ?? "");
  const verif = (r.verif ?? "").trim();
  if ((verif === "D" || verif === "P") && band) {
    return Math.max(0.005, (Number(band[2]) - Number(band[1])) / 2 / Math.sqrt(3));
  }
  if (verif === "S") return INTERLAB_SIGMA;
  return DENSITY_SIGMA_FLOOR;
}

function fitMaterial(spec: MaterialSpec, rows: Row[], modulus: Modulus): FittedMaterial {
  if (rows.length < 2) throw new Error(`densification fit ${spec.name}: needs at least 2 rows`);
  const poured = pouredFor(rows);
  const sh: Shape = {
    poured: poured.value,
    pR: REARRANGEMENT.value,
    e0: modulus.e0.value,
    n: modulus.n.value,
    rMax: SPRINGBACK_CAP.value,
  };
  const pressed = rows.filter((r) => (num(r.pressure_MPa) ?? 0) > 0);
  const pressures = pressed.map((r) => num(r.pressure_MPa) ?? 0);
  const pRef = Math.round(pressures.reduce((a, b) => a + b, 0) / pressures.length / 10) * 10;
  const obs = rows.map((r) => num(r.relative_density) ?? NaN);
  const sig = rows.map(rowSigma);
  const fit = leastSquares({
    residuals: ([d, k]) =>
      rows.map(
        (r, i) =>
          ((predictRow(values(pRef, d ?? 0.8, k ?? 0, sh), r) - (obs[i] ?? 0)) * DENSITY_SIGMA_FLOOR) /
          (sig[i] ?? 1),
      ),
    p0: [0.85, 0.003],
    lower: [0.3, 1e-5],
    upper: [0.995, 0.05],
    sigmaFloor: DENSITY_SIGMA_FLOOR,
  });
  const [dRef = NaN, slope = NaN] = fit.p;
  const [, seK = NaN] = fit.stderr;
  const cites = citationsOf(rows);
  // The data's own scatter around the fit (unweighted, in density): for pooled labs, the interlab spread.
  const raw = rows.map((r, i) => predictRow(values(pRef, dRef, slope, sh), r) - (obs[i] ?? 0));
  const scatter = Math.max(
    DENSITY_SIGMA_FLOOR,
    Math.sqrt(raw.reduce((a, x) => a + x * x, 0) / Math.max(1, rows.length - 2)),
  );
  const weighted = new Set(sig).size > 1;
  // Uniform sampling over ±√3·σ has standard deviation σ: the range reproduces the data's scatter.
  // Pooled labs: the residuals around one weighted curve also carry the curve's misfit at pressures
  // far from the weighting's anchor, so they overstate the labs' spread; no more than the interlab
  // spread the data themselves show (six labs, Ohno2020) is sampled.
  const spread = weighted ? Math.min(scatter, INTERLAB_SIGMA) : scatter;
  const half = Math.sqrt(3) * spread;
  const dMin = Math.max(0.3, dRef - half);
  const dMax = Math.min(0.995, dRef + half);
  const dNote = weighted
    ? `weighted least squares on ${rows.length} rows: ${rows.map((r, i) => `${r.source} σ ${round(sig[i] ?? NaN, 2)}`).join(", ")} (a primary pellet measurement with its own band counts with that band; a review-quoted value or a band end stands for one lab's powder among six, σ ${INTERLAB_SIGMA}, Ohno2020); range ±√3·σ with σ = ${round(spread, 3)}: the rows' scatter around the fit (${round(scatter, 3)}), at most the interlab spread ${INTERLAB_SIGMA} (Ohno2020), so Monte Carlo spans the other labs' powders and no more`
    : `least squares on ${rows.length} rows; range ±√3·σ (a uniform draw with standard deviation σ) with σ = ${round(scatter, 2)}, the data's scatter (floor ${DENSITY_SIGMA_FLOOR})`;
  const v = values(pRef, dRef, slope, sh);
  const set: ParameterSet = {
    [K.referencePressure]: {
      value: pRef,
      min: pRef,
      max: pRef,
      citations: cites,
      source: "data",
      note: "centroid of the fitted pressures (a parameterisation: the density here and the slope are then nearly uncorrelated, so they can be sampled independently)",
    },
    [K.referenceDensity]: {
      value: round(dRef),
      min: round(dMin),
      max: round(dMax),
      citations: cites,
      source: "fit",
      stderr: round(fit.stderr[0] ?? NaN, 3),
      note: dNote,
    },
    [K.heckelSlope]: {
      value: round(slope),
      min: round(Math.max(slope / 2, slope - Math.sqrt(3) * seK)),
      max: round(Math.min(slope * 2, slope + Math.sqrt(3) * seK)),
      citations: cites,
      source: "fit",
      stderr: round(seK, 3),
      note: `Heckel yield pressure 1/K = ${Math.round(1 / slope)} MPa; range ±√3 standard errors, kept within K/2..2K (the Heckel slopes of all sulfide data sets span a factor of 4)`,
    },
    [K.pouredDensity]: { ...poured },
    [K.rearrangementPressure]: { ...REARRANGEMENT },
    [K.denseModulus]: { ...modulus.e0 },
    [K.pelletModulusExponent]: { ...modulus.n },
    [K.maxSpringback]: { ...SPRINGBACK_CAP },
    [K.warmSoftening]: { ...WARM },
  };
  const residuals: Residual[] = rows.map((r, i) => ({
    label: `${spec.label}: ${r.pressure_MPa} MPa, ${r.state} (${r.source})`,
    observed: obs[i] ?? NaN,
    predicted: round(predictRow(v, r), 5),
    unit: "-",
  }));
  return { set, values: v, residuals, rmse: fit.rmse };
}

/** Numbers in a note such as "Heckel yield pressure 0.95 GPa; 90-95 % dense above ~1 GPa". */
function parseLi7SiPS8(rows: Row[]): { py: number[]; dense: [number, number]; recovery: number } {
  const py: number[] = [];
  let dense: [number, number] | undefined;
  let recovery: number | undefined;
  for (const r of rows) {
    const note = r.note ?? "";
    const m = /Heckel yield pressure ([\d.]+) GPa/.exec(note);
    if (m) py.push(Number(m[1]) * 1000);
    const d = /(\d+)-(\d+) % dense above ~([\d.]+) GPa/.exec(note);
    if (d) dense = [Number(d[1]) / 100, Number(d[2]) / 100];
    const rec = /~([\d.]+) % thickness recovery/.exec(note);
    if (rec) recovery = Number(rec[1]) / 100;
  }
  if (py.length < 2 || !dense || recovery === undefined) {
    throw new Error("densification fit: t-Li7SiPS8 notes no longer carry the expected numbers");
  }
  return { py, dense, recovery };
}

function li7SiPS8Set(rows: Row[]): { set: ParameterSet; notes: string[] } {
  const { py, dense, recovery } = parseLi7SiPS8(rows);
  const pyFine = Math.min(...py);
  const pyCoarse = Math.max(...py);
  const pRef = 1000; // "above ~1 GPa"
  const E = pRef / recovery / 1000; // GPa
  const cites = ["Schneider2023"];
  const set: ParameterSet = {
    [K.referencePressure]: {
      value: pRef,
      min: pRef,
      max: pRef,
      citations: cites,
      source: "data",
      note: "Schneider2023 quotes the density above ~1 GPa",
    },
    [K.referenceDensity]: {
      value: round((dense[0] + dense[1]) / 2),
      min: dense[0],
      max: dense[1],
      citations: cites,
      source: "data",
      note: "90-95 % dense above ~1 GPa; taken as the density under load (in-die compaction study)",
    },
    [K.heckelSlope]: {
      value: round(1 / pyFine),
      min: round(1 / pyCoarse),
      max: round(1 / pyFine),
      citations: cites,
      source: "data",
      note: `1/(Heckel yield pressure): ${pyFine} MPa for < 50 um powder (nominal), ${pyCoarse} MPa for > 50 um`,
    },
    [K.pouredDensity]: { ...POURED_SULFIDE },
    [K.rearrangementPressure]: { ...REARRANGEMENT },
    [K.denseModulus]: {
      value: round(E),
      min: round(E * 0.8),
      max: round(E * 1.2),
      citations: cites,
      source: "data",
      note: `${recovery * 100} % thickness recovery on release from ~1 GPa gives the unloading modulus E = P/r = ${round(E)} GPa directly (±20 % for "~1 GPa" and "~4 %"); measured on the pellet itself, so no porosity correction (exponent 0)`,
    },
    [K.pelletModulusExponent]: {
      value: 0,
      min: 0,
      max: 0,
      citations: cites,
      source: "data",
      note: "the unloading modulus above is the compact's own (measured springback), not the dense crystal's",
    },
    [K.maxSpringback]: { ...SPRINGBACK_CAP },
    [K.warmSoftening]: { ...WARM },
  };
  const v: Values = Object.fromEntries(Object.entries(set).map(([k, p]) => [k, p.value]));
  const s = heckelState(v);
  const notes = [
    `t-Li7SiPS8 (not fitted; Schneider2023 numbers): under load ${round(densityUnderLoad(s, 500), 3)} at 500 MPa, ${round(densityUnderLoad(s, 1000), 3)} at 1 GPa; released from 1 GPa ${round(densityReleased(s, 1000), 3)}`,
  ];
  return { set, notes };
}

/** Volume fraction of the active material in the solids for an active weight fraction w. */
function rigidFraction(w: number, rhoActive: number, rhoElectrolyte: number): number {
  const va = w / rhoActive;
  return va / (va + (1 - w) / rhoElectrolyte);
}

function materialDensity(rows: Row[], material: string, fallback?: number): number {
  const r = rows.find((x) => x.material === material && x.property === "density");
  const m = /^([\d.]+)(?:-([\d.]+))?$/.exec((r?.value ?? "").trim());
  if (m) return m[2] !== undefined ? (Number(m[1]) + Number(m[2])) / 2 : Number(m[1]);
  if (fallback !== undefined) return fallback;
  throw new Error(`densification fit: no density for ${material} in materials.csv`);
}

function theoreticalDensity(rows: Row[], material: string): number {
  const r = rows.find((x) => x.material === material && x.property === "theoretical density");
  const v = num(r?.value);
  if (v === undefined) throw new Error(`densification fit: no theoretical density for ${material}`);
  return v;
}

const assumedCompositionNote = (w: typeof ASSUMED_ACTIVE_WEIGHT_FRACTION) =>
  `composition not in data/published: assumed ${w.value * 100} wt% active (${w.min * 100}-${w.max * 100} wt% in the range), the usual lab composite`;

export function fitDensification(): FitReport {
  const data = readCsv("densification.csv");
  const mats = readCsv("materials.csv");
  const parameters: Record<string, ParameterSet> = {};
  const residuals: Residual[] = [];
  const notes: string[] = [];
  const fitted = new Map<string, FittedMaterial>();

  const anchorModulus = pelletAnchor(mats);
  for (const spec of FITTED) {
    const rows = rowsOf(data, spec.rows);
    const modulus =
      spec.name === "li6ps5clGlassCeramic"
        ? stiffUnloading(modulusOf(mats, spec.modulusMaterial))
        : pelletModulusSet(anchorModulus, modulusOf(mats, spec.modulusMaterial), spec.modulusMaterial);
    const f = fitMaterial(spec, rows, modulus);
    fitted.set(spec.name, f);
    parameters[spec.name] = f.set;
    residuals.push(...f.residuals);
    const st = heckelState(f.values);
    notes.push(
      `${spec.label}: D_ref ${f.set[K.referenceDensity]?.value} at ${f.set[K.referencePressure]?.value} MPa, K ${f.set[K.heckelSlope]?.value} /MPa, rmse ${round(f.rmse, 2)}; poured ${f.set[K.pouredDensity]?.value}, under load at 10/50/150 MPa ${[10, 50, 150].map((p) => round(densityUnderLoad(st, p), 3)).join("/")}; springback from 370 MPa ${round(springbackStrain(st, 370) * 100, 2)} %`,
    );
  }

  const si = data.filter((r) => (r.material ?? "").startsWith("t-Li7SiPS8"));
  const t = li7SiPS8Set(si);
  parameters.tLi7SiPS8 = t.set;
  notes.push(...t.notes);

  // ---- composites ---------------------------------------------------------------------------
  const rhoNmc = materialDensity(mats, "NMC811");
  const rhoLpscl = theoreticalDensity(mats, "Li6PS5Cl");
  const rhoHalide = materialDensity(mats, "Li3YBrCl6");
  const w = ASSUMED_ACTIVE_WEIGHT_FRACTION;

  // Sulfide: NCM–Li6PS5Cl, one point (porosity 14 %, 13–17 %).
  const lpscl = fitted.get("li6ps5cl");
  const minn = data.find((r) => r.material === "NCM-Li6PS5Cl composite");
  if (!lpscl || !minn) throw new Error("densification fit: Li6PS5Cl or the NCM-Li6PS5Cl row is missing");
  const pMinn = num(minn.pressure_MPa) ?? NaN;
  const dMinn = num(minn.relative_density) ?? NaN;
  const band = /\((\d+)-(\d+) %\)/.exec(minn.note ?? "");
  const dMinnLo = band ? 1 - Number(band[2]) / 100 : dMinn - 0.02;
  const dMinnHi = band ? 1 - Number(band[1]) / 100 : dMinn + 0.02;
  const solveM = (dTarget: number, vr: number): number => {
    const s = heckelState(lpscl.values);
    const g = (m: number) => densityReleased(s, pMinn * loadShare(vr, m)) - dTarget;
    if (g(0) <= 0) return 0; // the electrolyte alone is not denser: no shielding needed
    if (g(10) > 0) return 10;
    return bisectRoot(g, 0, 10);
  };
  const vrMinn = rigidFraction(w.value, rhoNmc, rhoLpscl);
  const mSulfide = solveM(dMinn, vrMinn);
  const mCorners = [w.min, w.max].flatMap((ww) =>
    [dMinnLo, dMinnHi].map((d) => solveM(d, rigidFraction(ww, rhoNmc, rhoLpscl))),
  );
  parameters.compositeSulfide = {
    [K.loadShareExponent]: {
      value: round(mSulfide),
      min: round(Math.min(...mCorners, mSulfide)),
      max: round(Math.max(...mCorners, mSulfide)),
      citations: ["Minnmann2021", "Ohno2020", "Doux2020", "Adeli2019", "Song2025"],
      source: "fit",
      note: `solves D(composite) = ${dMinn} at ${pMinn} MPa (Minnmann2021) with the pooled Li6PS5Cl curve and v_rigid = ${round(vrMinn, 3)} (NCM density ${rhoNmc} g/cm3); ${assumedCompositionNote(w)}; range from porosity 13-17 % and the composition range`,
    },
  };
  const sMinn = heckelState(lpscl.values);
  residuals.push({
    label: `NCM-Li6PS5Cl composite: ${pMinn} MPa, after release (Minnmann2021)`,
    observed: dMinn,
    predicted: round(densityReleased(sMinn, pMinn * loadShare(vrMinn, mSulfide)), 5),
    unit: "-",
  });

  // Halide: NMC811 + Li3YBrCl6/SBR/CB composite, five points.
  const halide = fitted.get("li3ybrcl6");
  const vark = rowsOf(data, ["NMC811-composite(halide SE+SBR+CB)"]);
  if (!halide || vark.length === 0) throw new Error("densification fit: Varkey2026 composite rows missing");
  const vrVark = rigidFraction(w.value, rhoNmc, rhoHalide);
  const varkObs = vark.map((r) => num(r.relative_density) ?? NaN);
  const fitM = (vr: number) =>
    leastSquares({
      residuals: ([m]) =>
        vark.map((r, i) => predictRow(halide.values, r, loadShare(vr, m ?? 0)) - (varkObs[i] ?? 0)),
      p0: [1],
      lower: [0],
      upper: [10],
      sigmaFloor: DENSITY_SIGMA_FLOOR,
    });
  const fv = fitM(vrVark);
  const mHalide = fv.p[0] ?? NaN;
  const mHalideCorners = [w.min, w.max].map((ww) => fitM(rigidFraction(ww, rhoNmc, rhoHalide)).p[0] ?? NaN);
  const seM = fv.stderr[0] ?? 0;
  parameters.compositeHalide = {
    [K.loadShareExponent]: {
      value: round(mHalide),
      min: round(Math.max(0, Math.min(mHalide - Math.sqrt(3) * seM, ...mHalideCorners))),
      max: round(Math.max(mHalide + Math.sqrt(3) * seM, ...mHalideCorners)),
      citations: ["Varkey2026"],
      source: "fit",
      stderr: round(seM, 3),
      note: `least squares on the ${vark.length} NMC811 composite rows (Varkey2026) with the Li3YBrCl6+SBR curve and v_rigid = ${round(vrVark, 3)} (NMC811 ${rhoNmc}, halide ${rhoHalide} g/cm3); ${assumedCompositionNote(w)}. Binder and carbon in this composite make it far harder to densify than the NCM-Li6PS5Cl one`,
    },
  };
  vark.forEach((r, i) =>
    residuals.push({
      label: `NMC811 composite (halide): ${r.pressure_MPa} MPa, after release (Varkey2026)`,
      observed: varkObs[i] ?? NaN,
      predicted: round(predictRow(halide.values, r, loadShare(vrVark, mHalide)), 5),
      unit: "-",
    }),
  );
  notes.push(
    `composite load-share exponent: sulfide ${round(mSulfide, 3)} (v_rigid ${round(vrMinn, 3)}), halide ${round(mHalide, 3)} (v_rigid ${round(vrVark, 3)}); at v_rigid 0.5 the electrolyte carries ${round(loadShare(0.5, mSulfide), 2)} and ${round(loadShare(0.5, mHalide), 2)} of the pressure`,
  );

  // ---- classes without data -------------------------------------------------------------------
  parameters.garnetOxide = assumedHardPowder({
    density: 0.6,
    densityRange: [0.5, 0.7],
    hardnessGPa: 6.3,
    springGPa: 149.8,
    cites: ["Ni2012", "Hu2021"],
    what: "garnet oxide (LLZO, LLZTO)",
    why: "garnet pellets reach high density only by sintering or hot pressing (Ni2012, Hu2021 hot-pressed); a cold-pressed garnet layer stays a porous green body. Green density 0.5-0.7 is the usual range for cold-pressed ceramic powders (no number in data/published)",
  });
  parameters.hardActivePowder = assumedHardPowder({
    density: 0.6,
    densityRange: [0.5, 0.7],
    hardnessGPa: 6.3,
    springGPa: 138,
    cites: ["Varkey2026", "Ni2012"],
    what: "cathode active powder without electrolyte",
    why: "hard oxide particles (E ≈ 140 GPa, Varkey2026) barely deform; a layer of them alone packs like a ceramic green body (same assumption as for garnets)",
  });
  parameters.softMetal = {
    [K.referencePressure]: {
      value: 10,
      min: 10,
      max: 10,
      citations: ["Masias2019"],
      source: "assumption",
      note: "metal foils and soft metal powders (Li, In, Li-In) deform plastically at a few MPa (Li yields at 0.8 MPa)",
    },
    [K.referenceDensity]: {
      value: 0.99,
      min: 0.98,
      max: 0.995,
      citations: ["Masias2019"],
      source: "assumption",
      note: "a foil is dense; a soft metal powder closes its pores far below the pressures used for ceramics",
    },
    [K.heckelSlope]: {
      value: 0.1,
      min: 0.05,
      max: 0.2,
      citations: ["Masias2019"],
      source: "assumption",
      note: "≈ 1/(3 σ_y) for a yield strength of a few MPa",
    },
    [K.pouredDensity]: {
      value: 0.98,
      min: 0.98,
      max: 0.98,
      citations: ["Masias2019"],
      source: "assumption",
      note: "a metal foil is dense as laid in the die; no rearrangement stage",
    },
    [K.rearrangementPressure]: {
      ...REARRANGEMENT,
      value: 1,
      min: 1,
      max: 1,
      note: "not used: a foil has no rearrangement stage",
    },
    [K.denseModulus]: {
      value: 7.82,
      min: 7.82,
      max: 7.82,
      citations: ["Masias2019"],
      source: "data",
      note: "Young's modulus of Li",
    },
    [K.pelletModulusExponent]: {
      value: 0,
      min: 0,
      max: 0,
      citations: ["Masias2019"],
      source: "assumption",
      note: "a foil is dense: its own modulus",
    },
    [K.maxSpringback]: { ...SPRINGBACK_CAP },
    [K.warmSoftening]: { ...WARM, value: 0, min: 0, max: 0, note: "no effect modelled for metals" },
  };

  return { name: "densification", parameters, residuals, notes };
}

interface HardPowder {
  density: number;
  densityRange: [number, number];
  hardnessGPa: number;
  springGPa: number;
  cites: string[];
  what: string;
  why: string;
}

/** A hard powder that barely densifies: Heckel slope ≈ 1/(3σ_y) ≈ 1/H_V (σ_y ≈ H_V/3). */
function assumedHardPowder(h: HardPowder): ParameterSet {
  const k = 1 / (h.hardnessGPa * 1000);
  return {
    [K.referencePressure]: {
      value: 300,
      min: 300,
      max: 300,
      citations: h.cites,
      source: "assumption",
      note: "middle of the lab pressure range",
    },
    [K.referenceDensity]: {
      value: h.density,
      min: h.densityRange[0],
      max: h.densityRange[1],
      citations: h.cites,
      source: "assumption",
      note: `${h.what}: ${h.why}`,
    },
    [K.heckelSlope]: {
      value: round(k),
      min: round(k / 2),
      max: round(k * 2),
      citations: h.cites,
      source: "assumption",
      note: `Heckel slope 1/(3σ_y) with σ_y ≈ H_V/3 from a Vickers hardness of ${h.hardnessGPa} GPa: yield pressure ~${h.hardnessGPa} GPa, i.e. almost no densification at lab pressures`,
    },
    [K.pouredDensity]: {
      value: 0.5,
      min: 0.4,
      max: 0.6,
      citations: h.cites,
      source: "assumption",
      note: `${h.what}: poured hard ceramic powder, 40-60 % of its crystal density (no number in data/published); the green body gains little above it`,
    },
    [K.rearrangementPressure]: { ...REARRANGEMENT },
    [K.denseModulus]: {
      value: h.springGPa,
      min: h.springGPa / 2,
      max: h.springGPa,
      citations: h.cites,
      source: "assumption",
      note: "dense Young's modulus; a green body is more compliant, hence the lower end",
    },
    [K.pelletModulusExponent]: {
      value: 0,
      min: 0,
      max: 0,
      citations: h.cites,
      source: "assumption",
      note: "hard particles barely deform, so springback stays small whatever the porosity law; the range of the modulus above covers the green body's compliance",
    },
    [K.maxSpringback]: { ...SPRINGBACK_CAP },
    [K.warmSoftening]: {
      ...WARM,
      value: 0,
      min: 0,
      max: 0.001,
      note: "hard oxides do not soften at warm-pressing temperatures",
    },
  };
}
