/**
 * Fit of the stack-pressure model (MODELS.md item 6) on data/published:
 * - volume-change.csv → the digitised ΔV/V(x) curves, stored as tables (x ascending);
 * - pressure-swing.csv, Koerver2018 empty casing → exponential relaxation of the fixture (fraction of the
 *   base pressure and time constant), through the 16 h and 69 h points;
 * - pressure-swing.csv, Zhang2017 In|LGPS|LCO → the rigid fixture's stiffness, with the cell's area and
 *   loading as stated assumptions (not in the data); the LTO|LCO control is predicted, not fitted;
 * - pressure-swing.csv, torque row → the preload scatter;
 * - materials.csv, Li6PS5Cl pellet vs crystal modulus → the pressed-pellet modulus ratio; with it the
 *   calibration cell's elastic compliance, which is taken out of the measured stiffness so that the
 *   fitted stiffness is the fixture's alone (the cell is added back, in series, for each cell simulated).
 */
import { brent } from "../../numerics/roots.js";
import { findMaterial, getProperty, PROP, type Material } from "../../materials/index.js";
import type { ParameterSet, Values } from "../params.js";
import { nominal } from "../params.js";
import {
  KEYS,
  MAH_PER_CM2,
  MAH_PER_G,
  metalThicknessPerCharge,
  thicknessProfile,
  type AnodeKind,
  type VolumeCurve,
} from "../stack/thickness.js";
import { num, readCsv, type Row } from "./data.js";
import { jointSpread } from "./joint-spread.js";
import type { FitReport, Residual } from "./report.js";

/** A draw-only input of the joint spread: the LTO|LCO control's reading as a factor. */
const CONTROL_READING = "Control swing reading factor [-]";
/** A draw-only input of the joint spread: LiIn's cubic lattice parameter. */
const LIIN_LATTICE = "LiIn lattice parameter [Angstrom]";

/** Avogadro constant [1/mol] (exact, SI 2019; Tiesinga2021). */
const AVOGADRO_PER_MOL = 6.02214076e23;
/** 1 Å³ in cm³. */
const CM3_PER_CUBIC_ANGSTROM = 1e-24;

/**
 * LiIn, the Li-rich phase of a Li–In anode: NaTl type (Strukturbericht B32, Fd-3m, Pearson cF16),
 * Li on 8a and In on 8b, so 8 formula units per cubic cell (Mehl2017). Lattice parameter
 * a ≈ 6.79 Å (ZintlBrauer1933; later room-temperature determinations lie within 6.78–6.80 Å, the
 * range sampled). Stated here, not in data/published/, because the shared data hold no structure
 * of LiIn.
 */
const LIIN = {
  latticeParameterAngstrom: 6.79,
  latticeParameterMinAngstrom: 6.78,
  latticeParameterMaxAngstrom: 6.8,
  formulaUnitsPerCell: 8,
  citations: ["ZintlBrauer1933", "Mehl2017"],
} as const;

/** Molar volume of LiIn [cm³ per mol of LiIn] from the cubic lattice parameter [Å]: V_m = a³·N_A/Z. */
export function liInMolarVolume(latticeParameterAngstrom: number): number {
  return (
    (latticeParameterAngstrom ** 3 * CM3_PER_CUBIC_ANGSTROM * AVOGADRO_PER_MOL) / LIIN.formulaUnitsPerCell
  );
}

/** Keys of the calibration cell (Zhang2017 In|LGPS|LCO and LTO|LCO), mostly assumptions. */
export const CAL = {
  diameter: "Cell diameter [mm]",
  capacity: "Areal capacity per charge [mAh/cm2]",
  activeFraction: "Cathode active volume fraction [-]",
  xEnd: "LiCoO2 lithiation at end of charge [-]",
  lcoDensity: "LiCoO2 density [g/cm3]",
  lcoCapacity: "LiCoO2 theoretical capacity [mAh/g]",
  basePressure: "Base pressure [MPa]",
  swing: "Swing per charge In|LGPS|LCO [MPa]",
  controlSwing: "Swing per charge LTO|LCO [MPa]",
  separatorThickness: "Separator thickness [um]",
} as const;

function material(name: string): Material {
  const r = findMaterial(name);
  if (!r.ok) throw new Error(`fitStack: material ${name} missing from src/materials`);
  return r.value;
}

function materialProp(name: string, key: string): { value: number; citations: string[] } {
  const p = getProperty(material(name), key);
  if (!p || p.value === null || p.value === undefined) throw new Error(`fitStack: ${name} has no ${key}`);
  return { value: p.value, citations: p.citations };
}

/** Digitised curves from volume-change.csv, x ascending; cathodes anchored at x = 1 (the reference state). */
function readVolumeCurves(rows: Row[]): Record<string, VolumeCurve> {
  const by = new Map<string, [number, number][]>();
  for (const r of rows) {
    const x = num(r.lithiation_x);
    const v = num(r.volume_change_percent);
    const m = r.material;
    if (x === undefined || v === undefined || !m) continue;
    if (!by.has(m)) by.set(m, []);
    by.get(m)?.push([x, v]);
  }
  const out: Record<string, VolumeCurve> = {};
  for (const [m, pts] of by) {
    pts.sort((a, b) => a[0] - b[0]);
    // Cathode curves are changes relative to the pristine, fully lithiated state: ΔV(1) = 0 by definition.
    if (m !== "graphite" && (pts[pts.length - 1]?.[0] ?? 1) < 1) pts.push([1, 0]);
    const x: number[] = [];
    const y: number[] = [];
    for (const [xi, yi] of pts) {
      if (x.length > 0 && xi <= (x[x.length - 1] as number)) throw new Error(`fitStack: duplicate x in ${m}`);
      x.push(xi);
      y.push(yi);
    }
    out[m] = { x, volumeChangePercent: y };
  }
  return out;
}

interface Relaxation {
  /** Drop [MPa] at t1, t2 [h] from base pressure P0 [MPa]. */
  d1: number;
  t1: number;
  d2: number;
  t2: number;
  p0: number;
}

/** Koerver2018 empty-casing rows: "-3.9 over 69 h", note "... -3.6 MPa over 16 h rest". */
function readRelaxation(rows: Row[]): Relaxation {
  const r = rows.find((x) => x.source === "Koerver2018" && /drift/i.test(x.cell ?? ""));
  if (!r) throw new Error("fitStack: fixture drift row missing from pressure-swing.csv");
  const a = /([-+]?\d+(?:\.\d+)?)\s*over\s*(\d+(?:\.\d+)?)\s*h/i.exec(r.pressure_change_per_charge_MPa ?? "");
  const b = /([-+]?\d+(?:\.\d+)?)\s*MPa\s*over\s*(\d+(?:\.\d+)?)\s*h/i.exec(r.note ?? "");
  const p0 = num(r.base_pressure_MPa);
  if (!a || !b || p0 === undefined) throw new Error("fitStack: cannot parse the fixture drift row");
  const pts = [
    { d: -Number(a[1]), t: Number(a[2]) },
    { d: -Number(b[1]), t: Number(b[2]) },
  ].sort((u, v) => u.t - v.t);
  const [p, q] = pts as [{ d: number; t: number }, { d: number; t: number }];
  return { d1: p.d, t1: p.t, d2: q.d, t2: q.t, p0 };
}

/** ΔP(t) = A (1 − e^(−t/τ)) through two points: τ from the ratio, then A. */
function fitExponentialRelaxation(r: Relaxation): { amplitude: number; tau: number } {
  const ratio = r.d1 / r.d2;
  const g = (lt: number) => {
    const tau = Math.exp(lt);
    return -Math.expm1(-r.t1 / tau) / -Math.expm1(-r.t2 / tau) - ratio;
  };
  const tau = Math.exp(brent(g, Math.log(1e-3), Math.log(1e5)));
  return { amplitude: r.d2 / -Math.expm1(-r.t2 / tau), tau };
}

/** ΔP(t) = b ln(1 + t/t0) through two points (the logarithmic alternative). */
function fitLogRelaxation(r: Relaxation): { b: number; t0: number } {
  const ratio = r.d1 / r.d2;
  const g = (lt: number) => {
    const t0 = Math.exp(lt);
    return Math.log1p(r.t1 / t0) / Math.log1p(r.t2 / t0) - ratio;
  };
  const t0 = Math.exp(brent(g, -60, 20));
  return { b: r.d2 / Math.log1p(r.t2 / t0), t0 };
}

interface SwingRow {
  cell: string;
  p0: number;
  swing: number;
}

function readSwings(rows: Row[]): { main: SwingRow; control: SwingRow } {
  const pick = (re: RegExp): SwingRow => {
    const r = rows.find((x) => re.test(x.cell ?? "") && x.source === "Zhang2017");
    const p0 = num(r?.base_pressure_MPa);
    const swing = num(r?.pressure_change_per_charge_MPa);
    if (!r || p0 === undefined || swing === undefined)
      throw new Error(`fitStack: Zhang2017 row ${re} missing`);
    return { cell: r.cell ?? "", p0, swing };
  };
  return { main: pick(/^In\|/), control: pick(/^LTO\|/) };
}

/** The preload scatter from the torque row's note "60 +-8 MPa". */
function readTorqueScatter(rows: Row[]): { mean: number; sd: number } {
  const r = rows.find((x) => /torque/i.test(x.cell ?? ""));
  const m = /(\d+(?:\.\d+)?)\s*\+-\s*(\d+(?:\.\d+)?)\s*MPa/.exec(r?.note ?? "");
  if (!m) throw new Error("fitStack: cannot parse the torque calibration row");
  return { mean: Number(m[1]), sd: Number(m[2]) };
}

/**
 * Peak-to-peak thickness change [m] over one half cycle of an X|SE|LiCoO2 cell built after the
 * calibration-cell assumptions (the same thickness law the simulator uses).
 */
function calibrationCellSwing(
  anode: AnodeKind,
  values: Values,
  cell: Values,
  curves: Record<string, VolumeCurve>,
  resolution = 4000,
): number {
  const Q = cell[CAL.capacity]! * MAH_PER_CM2; // C/m2 per charge
  const Qfull = Q / (1 - cell[CAL.xEnd]!); // C/m2 for x: 1 → 0
  const phi = cell[CAL.activeFraction]!;
  const rho = cell[CAL.lcoDensity]! * 1000; // kg/m3
  const cSp = cell[CAL.lcoCapacity]! * MAH_PER_G; // C/kg
  const thickness = Qfull / (cSp * rho * phi);
  const profile = thicknessProfile(
    {
      capacity: Q,
      cathode: { active: "LiCoO2", activeVolumeFraction: phi, thickness, capacity: Qfull },
      anode: { kind: anode, thickness: 100e-6 },
    },
    values,
    curves,
  );
  let lo = Infinity;
  let hi = -Infinity;
  const n = resolution;
  for (let i = 0; i <= n; i++) {
    const v = profile.dh((Q * i) / n);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi - lo;
}

/**
 * Pressed-pellet to crystal modulus ratio from the Li6PS5Cl row of materials.csv: the crystal's
 * Young's modulus (DFT) and, in its note, the modulus a cold-pressed pellet measured in bending.
 */
function readPelletModulusRatio(rows: Row[]): {
  ratio: number;
  crystal: number;
  pellet: number;
  porosity: number;
  source: string;
} {
  const r = rows.find(
    (x) => x.material === "Li6PS5Cl" && /young/i.test(x.property ?? "") && /pellet/i.test(x.note ?? ""),
  );
  const crystal = num(r?.value);
  const m = /\((\d+(?:\.\d+)?)\s*%\s*porosity\)\s*measured\s*(\d+(?:\.\d+)?)\s*GPa/i.exec(r?.note ?? "");
  if (!r || crystal === undefined || !m)
    throw new Error("fitStack: Li6PS5Cl pellet modulus row missing from materials.csv");
  const pellet = Number(m[2]);
  return { ratio: pellet / crystal, crystal, pellet, porosity: Number(m[1]) / 100, source: r.source ?? "" };
}

/**
 * Elastic compliance per area [m/Pa] of the calibration cell: the LGPS separator pellet and the
 * LiCoO2|LGPS composite, each a pressed pellet (modulus ratio × crystal; the composite's crystal modulus
 * the volume average). The In foil is left out (no modulus in the data; a dense metal foil of ~100 µm is
 * a few per cent of the separator's compliance).
 */
function calibrationCompliance(cell: Values, ratio: number, eLgps: number, eLco: number): number {
  const Qfull = (cell[CAL.capacity]! * MAH_PER_CM2) / (1 - cell[CAL.xEnd]!);
  const phi = cell[CAL.activeFraction]!;
  const hCathode = Qfull / (cell[CAL.lcoCapacity]! * MAH_PER_G * cell[CAL.lcoDensity]! * 1000 * phi);
  const eComposite = ratio * (phi * eLco + (1 - phi) * eLgps);
  return (cell[CAL.separatorThickness]! * 1e-6) / (ratio * eLgps) + hCathode / eComposite;
}

export function fitStack(): FitReport {
  const vc = readCsv("volume-change.csv");
  const ps = readCsv("pressure-swing.csv");
  const curves = readVolumeCurves(vc);
  const residuals: Residual[] = [];
  const notes: string[] = [];

  // --- smoothness check: leave-one-out interpolation error of each digitised curve (how smooth it is).
  for (const [m, c] of Object.entries(curves)) {
    let worst = 0;
    for (let i = 1; i < c.x.length - 1; i++) {
      const xs = c.x.filter((_, k) => k !== i);
      const ys = c.volumeChangePercent.filter((_, k) => k !== i);
      // Linear-in-neighbours is enough for this diagnostic; the simulator uses pchip through all nodes.
      const x = c.x[i] as number;
      const k = xs.findIndex((v) => v > x);
      const x0 = xs[k - 1] as number;
      const x1 = xs[k] as number;
      const y = (ys[k - 1] as number) + ((x - x0) * ((ys[k] as number) - (ys[k - 1] as number))) / (x1 - x0);
      worst = Math.max(worst, Math.abs(y - (c.volumeChangePercent[i] as number)));
    }
    notes.push(
      `${m}: ${c.x.length} nodes, x ${c.x[0]}–${c.x[c.x.length - 1]}; leave-one-out linear interpolation error ≤ ${worst.toFixed(2)} percentage points (digitising ±5–10 %)`,
    );
  }

  // --- fixture relaxation (Koerver2018, empty casing with plastic insulators)
  const rel = readRelaxation(ps);
  const ex = fitExponentialRelaxation(rel);
  const lg = fitLogRelaxation(rel);
  const frac = ex.amplitude / rel.p0;
  const expDrop = (t: number, e: { amplitude: number; tau: number }) => e.amplitude * -Math.expm1(-t / e.tau);
  residuals.push(
    {
      label: `Koerver2018 empty casing, drop after ${rel.t1} h`,
      observed: -rel.d1,
      predicted: -expDrop(rel.t1, ex),
      unit: "MPa",
    },
    {
      label: `Koerver2018 empty casing, drop after ${rel.t2} h`,
      observed: -rel.d2,
      predicted: -expDrop(rel.t2, ex),
      unit: "MPa",
    },
  );
  // Range: re-fit with each reading moved by ±0.1 MPa (the last reported digit), and the log law at one year.
  const perturbed = [
    fitExponentialRelaxation({ ...rel, d1: rel.d1 - 0.1, d2: rel.d2 + 0.1 }),
    fitExponentialRelaxation({ ...rel, d1: rel.d1 + 0.1, d2: rel.d2 - 0.1 }),
  ];
  const year = 8766;
  const logYear = lg.b * Math.log1p(year / lg.t0);
  const fracMin = Math.min(...perturbed.map((p) => p.amplitude)) / rel.p0;
  const fracMax = Math.max(logYear, ...perturbed.map((p) => p.amplitude)) / rel.p0;
  const tauMin = Math.min(...perturbed.map((p) => p.tau));
  const tauMax = Math.max(...perturbed.map((p) => p.tau));
  notes.push(
    `relaxation: exponential ΔP = −${ex.amplitude.toFixed(2)} MPa·(1 − e^(−t/${ex.tau.toFixed(2)} h)) at ${rel.p0} MPa, i.e. ${(frac * 100).toFixed(2)} % of the base pressure; two points, two parameters, so the residuals are zero by construction`,
    `relaxation, logarithmic alternative: ΔP = −${lg.b.toFixed(3)} MPa·ln(1 + t/${lg.t0.toExponential(2)} h) fits the same two points; it keeps falling: −${logYear.toFixed(2)} MPa after one year (used as the upper end of the fraction's range)`,
  );
  const zhangDrift = ps.find((r) => r.source === "Zhang2017" && /drifts to/i.test(r.note ?? ""));
  if (zhangDrift) {
    notes.push(
      `Zhang2017's In|LGPS|LCO trace "${zhangDrift.note}" is baseline-corrected (the casing's own drift removed), so it is not used for the fixture relaxation`,
    );
  }

  // --- preload scatter (Koerver2018 torque calibration)
  const torque = readTorqueScatter(ps);
  const scatter = torque.sd / torque.mean;

  // --- material constants for the thickness laws
  const li = materialProp("Li", PROP.density);
  const liPerCap = materialProp("Li", "Thickness per areal capacity [um cm2/mAh]");
  const inDensity = materialProp("In", PROP.density);
  const inReview = materialProp("In", PROP.volumeChange); // the data's "+106 %", kept only to report it
  const IN_MOLAR_MASS = 114.818; // g/mol, standard atomic weight
  const LI_MOLAR_MASS = 6.94;
  const inMolarVolume = IN_MOLAR_MASS / inDensity.value;
  const liComputed = (LI_MOLAR_MASS / li.value) * (3.6 / 96485.33212) * 1e4; // um per mAh/cm2
  // In → LiIn from the crystal structures: ΔV per mol Li = V_m(LiIn) − V_m(In), one Li per In.
  const liInVolumePerLi = (aAngstrom: number) => liInMolarVolume(aAngstrom) - inMolarVolume;
  const liInNominal = liInVolumePerLi(LIIN.latticeParameterAngstrom);
  // Range: the lattice parameter's spread and V_m(In) ±0.5 % (the density's last digit), extremes combined.
  const liInMin = liInMolarVolume(LIIN.latticeParameterMinAngstrom) - inMolarVolume * 1.005;
  const liInMax = liInMolarVolume(LIIN.latticeParameterMaxAngstrom) - inMolarVolume * 0.995;
  const umPerMahCm2 = (cm3PerMol: number) => cm3PerMol * (3.6 / 96485.33212) * 1e4;
  const graphiteCap = materialProp("graphite", PROP.specificCapacity);
  const lcoDensity = materialProp("LiCoO2", PROP.density);
  const lcoCap = materialProp("LiCoO2", PROP.specificCapacity);
  notes.push(
    `Li: ${liComputed.toFixed(3)} um per mAh/cm2 from the density ${li.value} g/cm3 (materials record: ${liPerCap.value}); In: molar volume ${inMolarVolume.toFixed(3)} cm3/mol; LiIn (NaTl type, a = ${LIIN.latticeParameterAngstrom} Å, ${LIIN.formulaUnitsPerCell} formula units per cell): ${liInMolarVolume(LIIN.latticeParameterAngstrom).toFixed(3)} cm3/mol → ΔV = ${liInNominal.toFixed(3)} cm3 per mol Li (+${((100 * liInNominal) / inMolarVolume).toFixed(1)} % of V(In), ${umPerMahCm2(liInNominal).toFixed(2)} um per mAh/cm2; Li metal ${umPerMahCm2(LI_MOLAR_MASS / li.value).toFixed(2)})`,
    `In → LiIn: the data's "about +${inReview.value} %" (${inReview.citations.join(", ")}) would be ${((inReview.value / 100) * inMolarVolume).toFixed(2)} cm3 per mol Li, more than Li metal's own ${(LI_MOLAR_MASS / li.value).toFixed(2)} cm3/mol; the crystal structures give ${liInNominal.toFixed(2)}, so the data's value is not used`,
  );

  // --- calibration cell (Zhang2017): assumptions where the data are silent
  const swings = readSwings(ps);
  const cell: ParameterSet = {
    [CAL.diameter]: {
      value: 10,
      min: 10,
      max: 13,
      citations: ["Zhang2017", "Koerver2018"],
      source: "assumption",
      note: "pellet diameter not in the data and not found by search; 10 mm assumed (a common lab pellet size, unverified for this paper), 13 mm as the alternative",
    },
    [CAL.capacity]: {
      value: 1.3,
      min: 0.65,
      max: 2.6,
      citations: ["Zhang2017"],
      source: "assumption",
      note: "areal capacity not in the data and not found by search; assumed ~9.5 mg/cm2 LiCoO2 charged to Li0.5CoO2 (137 mAh/g) ≈ 1.3 mAh/cm2, range a factor 2 either way",
    },
    [CAL.separatorThickness]: {
      value: 500,
      min: 300,
      max: 1000,
      citations: ["Zhang2017"],
      source: "assumption",
      note: "LGPS separator pellet thickness not in the data; 500 um assumed (typical lab separators are 0.3–1 mm), only enters the cell's elastic compliance",
    },
    [CAL.activeFraction]: {
      value: 0.45,
      min: 0.35,
      max: 0.55,
      citations: ["Zhang2017"],
      source: "assumption",
      note: "70:30 wt LiCoO2:LGPS composite at ~90 % density; only enters the cathode share, which depends on φ·h ∝ capacity, not on φ alone",
    },
    [CAL.xEnd]: {
      value: 0.5,
      min: 0.45,
      max: 0.55,
      citations: ["Koerver2018"],
      source: "assumption",
      note: "LiCoO2 charged to about Li0.5CoO2 (the usual reversible half of its capacity; the Koerver2018 curve spans x >= 0.43)",
    },
    [CAL.lcoDensity]: {
      value: lcoDensity.value,
      min: lcoDensity.value,
      max: lcoDensity.value,
      citations: lcoDensity.citations,
      source: "data",
    },
    [CAL.lcoCapacity]: {
      value: lcoCap.value,
      min: lcoCap.value,
      max: lcoCap.value,
      citations: lcoCap.citations.length ? lcoCap.citations : ["Tiesinga2021"],
      source: "data",
      note: "theoretical, one Li per LiCoO2",
    },
    [CAL.basePressure]: {
      value: swings.main.p0,
      min: swings.main.p0,
      max: swings.main.p0,
      citations: ["Zhang2017"],
      source: "data",
    },
    [CAL.swing]: {
      value: swings.main.swing,
      min: swings.main.swing,
      max: swings.main.swing,
      citations: ["Zhang2017"],
      source: "data",
    },
    [CAL.controlSwing]: {
      value: swings.control.swing,
      min: swings.control.swing,
      max: swings.control.swing,
      citations: ["Zhang2017"],
      source: "data",
    },
  };
  const cellValues = nominal(cell);

  // Parameter set without the stiffness yet (it does not enter the thickness laws).
  const params: ParameterSet = {
    [KEYS.rigidStiffness]: { value: NaN, min: NaN, max: NaN, citations: ["Zhang2017"], source: "fit" },
    [KEYS.springRate]: {
      value: 5e5,
      min: 1e5,
      max: 2e6,
      citations: [],
      source: "assumption",
      note: "used only when a spring fixture gives no rate: 500 N/mm, a typical die-spring or disc-spring stack for 10–13 mm cells; no measured value in the data",
      log: true,
    },
    [KEYS.strainShare]: {
      value: NaN,
      min: 0.3333,
      max: 1,
      citations: ["Zhang2017", "Koerver2018"],
      source: "fit",
      note: "set after the joint fit below",
    },
    [KEYS.liThickness]: {
      value: 4.85,
      min: 4.8,
      max: 4.9,
      citations: li.citations,
      source: "data",
      note: "dense Li per mAh/cm2, from the density of Li (V_m/F)",
    },
    [KEYS.liInVolumePerLi]: {
      value: Number(liInNominal.toPrecision(4)),
      min: Number(liInMin.toPrecision(4)),
      max: Number(liInMax.toPrecision(4)),
      citations: [...LIIN.citations, ...inDensity.citations],
      source: "data",
      note: `In → LiIn per mol Li: V_m(LiIn) − V_m(In), V_m(LiIn) = a³·N_A/8 for the NaTl-type (B32, Fd-3m) cell with a = ${LIIN.latticeParameterAngstrom} Å, V_m(In) from the density of In (+${((100 * liInNominal) / inMolarVolume).toFixed(0)} % of V(In)); range: a = ${LIIN.latticeParameterMinAngstrom}–${LIIN.latticeParameterMaxAngstrom} Å and V_m(In) ±0.5 %. Replaces the data's 'about +106 %' (unidentified review), which exceeds Li metal's own molar volume`,
    },
    [KEYS.inMolarVolume]: {
      value: Number(inMolarVolume.toFixed(4)),
      min: Number((inMolarVolume * 0.995).toFixed(4)),
      max: Number((inMolarVolume * 1.005).toFixed(4)),
      citations: inDensity.citations,
      source: "data",
      note: "114.818 g/mol over the density of In",
    },
    [KEYS.siVolumePerLi]: {
      value: 8.85,
      min: 7.5,
      max: 10.2,
      citations: [],
      source: "assumption",
      note: "a-Si → Li15Si4, 8.85 cm3 per mol Li as noted in volume-change.csv, which gives no source; ±15 %",
    },
    [KEYS.graphiteDensity]: {
      value: 2.26,
      min: 2.1,
      max: 2.26,
      citations: ["Haynes2016"],
      source: "assumption",
      note: "crystallographic density of graphite; only used to turn a graphite layer's thickness into capacity when none is given",
    },
    [KEYS.graphiteCapacity]: {
      value: graphiteCap.value,
      min: graphiteCap.value,
      max: graphiteCap.value,
      citations: graphiteCap.citations.length ? graphiteCap.citations : ["Tiesinga2021"],
      source: "data",
      note: "theoretical, LiC6",
    },
    [KEYS.anodeActiveFraction]: {
      value: 0.6,
      min: 0.4,
      max: 0.8,
      citations: [],
      source: "assumption",
      note: "active volume fraction of a graphite or Si composite anode when the protocol gives none",
    },
    [KEYS.relaxFraction]: {
      value: Number(frac.toPrecision(4)),
      min: Number(fracMin.toPrecision(4)),
      max: Number(fracMax.toPrecision(4)),
      citations: ["Koerver2018"],
      source: "fit",
      note: `exponential through the empty-casing drops (${rel.d1} MPa at ${rel.t1} h, ${rel.d2} MPa at ${rel.t2} h, at ${rel.p0} MPa), as a fraction of the base pressure (linear viscoelastic insulators); range: readings ±0.1 MPa, and the logarithmic alternative after one year`,
    },
    [KEYS.relaxTime]: {
      value: Number(ex.tau.toPrecision(4)),
      min: Number(tauMin.toPrecision(4)),
      max: Number(tauMax.toPrecision(4)),
      citations: ["Koerver2018"],
      source: "fit",
      note: "time constant of the exponential relaxation; range from readings ±0.1 MPa",
    },
    [KEYS.preloadFactor]: {
      value: 1,
      min: Number((1 - scatter).toPrecision(6)),
      max: Number((1 + scatter).toPrecision(6)),
      citations: ["Koerver2018"],
      source: "data",
      note: `bolted fixtures: the start pressure scatters by ±${torque.sd}/${torque.mean} (10 N m gave ${torque.mean} ± ${torque.sd} MPa; nominal ~70, so torque alone over-predicts by ~14 %)`,
    },
    [KEYS.contactThreshold]: {
      value: 2,
      min: 1,
      max: 3,
      citations: ["Doux2020"],
      source: "assumption",
      note: "Li-metal anodes: below ~2 MPa a Li|Li6PS5Cl interface loses contact (impedance off scale at 1 MPa); same value as the checker's contact-loss rule",
    },
    [KEYS.contactThresholdHost]: {
      value: 1,
      min: 0.2,
      max: 3,
      citations: ["Kasemchainan2019"],
      source: "assumption",
      note: "alloy (In, Li–In) and intercalation (graphite, Si, LTO) anodes: no published minimum stack pressure found. Lower than Li metal's because the host stays in place on delithiation (no stripping voids, which form when stripping outruns creep of Li, Kasemchainan2019); the pressure only keeps particle contacts closed. Range up to above Li's value",
    },
    [KEYS.liIrreversibleShare]: {
      value: 0.005,
      min: 0,
      max: 0.02,
      citations: [],
      source: "assumption",
      note: "share of each charge's plated Li thickness that does not come back on discharge (porous or dead Li, SEI): 0.5 % per cycle, about the Coulombic inefficiency of a good Li|sulfide cell; no measured thickness growth in the data. Range 0–2 %",
    },
    [KEYS.cathodeIrreversibleShare]: {
      value: 0.01,
      min: 0,
      max: 0.03,
      citations: [],
      source: "assumption",
      note: "share of the cathode composite's peak-to-peak thickness change per cycle that stays as crack and void porosity (particle cracking, contact loss); no measured thickness growth in the data. Range 0–3 % per cycle",
    },
  };
  const values = nominal(params);

  // --- stiffness k and strain share β, jointly, from the two Zhang2017 swings. The LTO|LCO control sees
  // only the LiCoO2 layer (Δh ∝ β, LTO zero-strain); In|LGPS|LCO sees In → LiIn plus the same layer. Their
  // ratio does not depend on k, the area or the loading (both scale with the capacity), so it fixes β;
  // then k = ΔP·A/Δh of the In cell. Two readings, two parameters: both residuals are zero by construction.
  const area = (Math.PI * (cellValues[CAL.diameter]! * 1e-3) ** 2) / 4;
  const withBeta = (b: number): Values => ({ ...values, [KEYS.strainShare]: b });
  const ratioAt = (b: number, cv: Values = cellValues): number =>
    calibrationCellSwing("other", withBeta(b), cv, curves) /
    calibrationCellSwing("In", withBeta(b), cv, curves);
  const measuredRatio = swings.control.swing / swings.main.swing;
  const fitBeta = (ratio: number, cv: Values = cellValues) => brent((b) => ratioAt(b, cv) - ratio, 1e-3, 3);
  const beta = fitBeta(measuredRatio);
  const betaValues = withBeta(beta);
  const dhMain = calibrationCellSwing("In", betaValues, cellValues, curves);
  const k = (swings.main.swing * 1e6 * area) / dhMain;
  const dhControl = calibrationCellSwing("other", betaValues, cellValues, curves);
  const predictedControl = (k * dhControl) / area / 1e6;
  // What the earlier assumption β = 1 (fully constrained layer) and free swelling β = 1/3 would give,
  // each with its own k fitted to the In cell.
  const controlAt = (b: number) => swings.main.swing * ratioAt(b);
  // Sensitivity of β to what does not cancel in the ratio: the end of charge of LiCoO2 and the control
  // reading (a 0.067 MPa change on a 62 MPa baseline; ±10 % taken for its reading and the curve's digitising).
  const betaVariants = [
    fitBeta(measuredRatio * 0.9),
    fitBeta(measuredRatio * 1.1),
    fitBeta(measuredRatio, { ...cellValues, [CAL.xEnd]: 0.45 }),
    fitBeta(measuredRatio, { ...cellValues, [CAL.xEnd]: 0.55 }),
  ];
  residuals.push(
    {
      label: "Zhang2017 In|LGPS|LCO swing per charge (fitted: k)",
      observed: swings.main.swing,
      predicted: (k * dhMain) / area / 1e6,
      unit: "MPa",
    },
    {
      label: "Zhang2017 LTO|LCO swing per charge (fitted: β)",
      observed: swings.control.swing,
      predicted: predictedControl,
      unit: "MPa",
    },
  );
  // The measured k is the fixture and the calibration cell in series: take the cell's elastic compliance
  // out, 1/k_fixture = 1/k − C/A, so that each simulated cell adds its own.
  const pellet = readPelletModulusRatio(readCsv("materials.csv"));
  const eLgps = materialProp("Li10GeP2S12", PROP.youngsModulus).value * 1e9;
  const eLco = materialProp("LiCoO2", PROP.youngsModulus).value * 1e9;
  const cCal = calibrationCompliance(cellValues, pellet.ratio, eLgps, eLco);
  const fixtureOf = (kMeasured: number, a: number, cc: number) => 1 / (1 / kMeasured - cc / a);
  const kCell = area / cCal;
  const kFixture = fixtureOf(k, area, cCal);
  // Sensitivity of k to the assumptions (k ∝ A / Δh, Δh ∝ Q), the cell's compliance at its extremes.
  const cLow = calibrationCompliance({ ...cellValues, [CAL.separatorThickness]: 300 }, 0.4, eLgps, eLco);
  const cHigh = calibrationCompliance({ ...cellValues, [CAL.separatorThickness]: 1000 }, 0.15, eLgps, eLco);
  const variants: [string, number, number][] = [];
  for (const q of [0.65, 1.3, 2.6]) {
    for (const d of [10, 13]) {
      const cv = { ...cellValues, [CAL.capacity]: q, [CAL.diameter]: d };
      const a = (Math.PI * (d * 1e-3) ** 2) / 4;
      const kv = (swings.main.swing * 1e6 * a) / calibrationCellSwing("In", betaValues, cv, curves);
      variants.push([`Q ${q} mAh/cm2, d ${d} mm`, fixtureOf(kv, a, cLow), fixtureOf(kv, a, cHigh)]);
    }
  }
  notes.push(
    `stiffness: Δh per charge ${(dhMain * 1e6).toFixed(2)} um (In → LiIn ${(
      metalThicknessPerCharge("In", values) *
      cellValues[CAL.capacity]! *
      MAH_PER_CM2 *
      1e6
    ).toFixed(
      2,
    )} um, LiCoO2 peak-to-peak alone ${(dhControl * 1e6).toFixed(2)} um at β = ${beta.toFixed(3)}) on ${(area * 1e4).toFixed(3)} cm2 → k = ${(k / 1e6).toFixed(2)} N/um`,
    `cell compliance: LGPS separator ${cellValues[CAL.separatorThickness]} um and the LiCoO2|LGPS composite as pressed pellets (modulus ratio ${pellet.ratio.toFixed(3)} = ${pellet.pellet}/${pellet.crystal} GPa, ${pellet.source}): C = ${(cCal * 1e12).toFixed(4)} um/MPa, k_cell = ${(kCell / 1e6).toFixed(0)} N/um; the measured ${(k / 1e6).toFixed(2)} N/um is the fixture in series with it → fixture alone ${(kFixture / 1e6).toFixed(2)} N/um`,
    `fixture stiffness sensitivity (cell compliance ${(cLow * 1e12).toFixed(4)}–${(cHigh * 1e12).toFixed(4)} um/MPa): ${variants.map(([l, lo, hi]) => `${l}: ${(lo / 1e6).toFixed(1)}–${(hi / 1e6).toFixed(1)} N/um`).join("; ")}`,
    `strain share: the LTO|LCO / In|LCO ratio ${measuredRatio.toFixed(4)} gives β = ${beta.toFixed(3)} (${Math.min(...betaVariants).toFixed(2)}–${Math.max(...betaVariants).toFixed(2)} for the control ±10 % and LiCoO2 charged to x = 0.45–0.55); β = 1 would predict the control at ${controlAt(1).toFixed(3)} MPa (${((controlAt(1) / swings.control.swing - 1) * 100).toFixed(0)} %), β = 1/3 at ${controlAt(1 / 3).toFixed(3)} MPa (${((controlAt(1 / 3) / swings.control.swing - 1) * 100).toFixed(0)} %), against ${swings.control.swing} MPa measured. With both readings used for k and β the stack fit has no independent point left`,
  );
  const kMin = Math.min(...variants.map((v) => v[1]));
  const kMax = Math.max(...variants.map((v) => v[2]));
  params[KEYS.rigidStiffness] = {
    value: Number(kFixture.toPrecision(4)),
    min: Number(kMin.toPrecision(4)),
    max: Number(kMax.toPrecision(4)),
    citations: ["Zhang2017"],
    source: "fit",
    note: `k = ΔP·A/Δh from the In|LGPS|LCO swing (${swings.main.swing} MPa per charge at ${swings.main.p0} MPa), In → LiIn ${liInNominal.toFixed(2)} cm3 per mol Li from the crystal structures, β fitted with it to the LTO|LCO control, an assumed 10 mm pellet and 1.3 mAh/cm2 (not in the data); this is the cell and fixture in series (${(k / 1e6).toFixed(2)} N/um): the fixture alone, after taking out the calibration cell's elastic compliance (${(cCal * 1e12).toFixed(4)} um/MPa, k_cell ${(kCell / 1e6).toFixed(0)} N/um). Range: capacity 0.65–2.6 mAh/cm2, a 10–13 mm pellet and the cell compliance's range`,
    log: true,
  };
  params[KEYS.pelletModulusRatio] = {
    value: Number(pellet.ratio.toPrecision(4)),
    min: 0.15,
    max: 0.4,
    citations: [pellet.source],
    source: "data",
    note: `cold-pressed Li6PS5Cl pellet (${(pellet.porosity * 100).toFixed(0)} % porosity) ${pellet.pellet} GPa in bending against ${pellet.crystal} GPa for the crystal (DFT): load passes through particle necks. Applied to every pressed layer (separators, composites) as an assumption; range 0.15–0.4 for other materials and densities (denser pellets are stiffer)`,
  };
  params[KEYS.defaultCompliance] = {
    value: Number((cCal * 1e12).toPrecision(4)),
    min: Number((cLow * 1e12).toPrecision(4)),
    max: Number((cHigh * 1e12).toPrecision(4)),
    citations: ["Zhang2017", pellet.source],
    source: "assumption",
    note: "elastic compliance of a cell whose layers are not given: the calibration cell's (500 um LGPS separator and its LiCoO2 composite as pressed pellets; In foil left out); range: separator 300–1000 um and the modulus ratio's range",
  };
  params[KEYS.strainShare] = {
    value: Number(beta.toPrecision(4)),
    min: 0.3333,
    max: 1,
    citations: ["Zhang2017", "Koerver2018"],
    source: "fit",
    note: `share of a composite's volumetric strain that shows up as thickness, fitted with k to the two Zhang2017 swings: the LTO|LCO control (LiCoO2 layer only) over In|LGPS|LCO gives β = ${beta.toFixed(2)} (${Math.min(...betaVariants).toFixed(2)}–${Math.max(...betaVariants).toFixed(2)} for the control ±10 % and x_end 0.45–0.55). Between free isotropic swelling (1/3) and a fully constrained layer (1): the die holds the layer laterally, its pores take part of the change. One LiCoO2 composite, taken for NMC-type composites and graphite too; range: the physical bounds 1/3–1`,
  };

  // --- joint spread of k, β, ΔV(LiIn) and V(In). They come out of one calculation: ΔV = V(LiIn) − V(In),
  // β from the ratio of the two swings (which depends on ΔV), k from the In cell's swing (ΔV and β). Drawn
  // independently in Monte Carlo they would lose that link, so the fit is repeated on draws of what it
  // rests on, each over its stated range, and the correlations of the results (as normal scores, the
  // Gaussian copula params.ts samples from) are written to the four parameters.
  const spread = jointSpread(
    {
      [LIIN_LATTICE]: {
        value: LIIN.latticeParameterAngstrom,
        min: LIIN.latticeParameterMinAngstrom,
        max: LIIN.latticeParameterMaxAngstrom,
        citations: [...LIIN.citations],
        source: "data",
      },
      [KEYS.inMolarVolume]: params[KEYS.inMolarVolume]!,
      [KEYS.pelletModulusRatio]: params[KEYS.pelletModulusRatio]!,
      [CAL.capacity]: cell[CAL.capacity]!,
      [CAL.diameter]: cell[CAL.diameter]!,
      [CAL.separatorThickness]: cell[CAL.separatorThickness]!,
      [CAL.xEnd]: cell[CAL.xEnd]!,
      [CONTROL_READING]: {
        value: 1,
        min: 0.9,
        max: 1.1,
        citations: ["Zhang2017"],
        source: "assumption",
        note: "the LTO|LCO control's reading and digitising, ±10 %",
      },
    },
    (d) => {
      const cv: Values = {
        ...cellValues,
        [CAL.capacity]: d[CAL.capacity]!,
        [CAL.diameter]: d[CAL.diameter]!,
        [CAL.separatorThickness]: d[CAL.separatorThickness]!,
        [CAL.xEnd]: d[CAL.xEnd]!,
      };
      const dv = liInMolarVolume(d[LIIN_LATTICE]!) - d[KEYS.inMolarVolume]!;
      const v: Values = {
        ...values,
        [KEYS.liInVolumePerLi]: dv,
        [KEYS.inMolarVolume]: d[KEYS.inMolarVolume]!,
      };
      const at = (b: number): Values => ({ ...v, [KEYS.strainShare]: b });
      const steps = 600; // the swing's extremes to well under 0.1 %, enough for a spread
      const ratio = (b: number) =>
        calibrationCellSwing("other", at(b), cv, curves, steps) /
        calibrationCellSwing("In", at(b), cv, curves, steps);
      const b = brent((x) => ratio(x) - measuredRatio * d[CONTROL_READING]!, 1e-3, 3);
      const a = (Math.PI * (cv[CAL.diameter]! * 1e-3) ** 2) / 4;
      const kMeasured = (swings.main.swing * 1e6 * a) / calibrationCellSwing("In", at(b), cv, curves, steps);
      const c = calibrationCompliance(cv, d[KEYS.pelletModulusRatio]!, eLgps, eLco);
      return {
        [KEYS.rigidStiffness]: Math.log(fixtureOf(kMeasured, a, c)),
        [KEYS.strainShare]: b,
        [KEYS.liInVolumePerLi]: dv,
        [KEYS.inMolarVolume]: d[KEYS.inMolarVolume]!,
      };
    },
  );
  for (const [key, r] of Object.entries(spread.correlation)) params[key]!.correlation = r;
  notes.push(
    `joint spread of k, β, ΔV(LiIn) and V(In): the fit repeated on ${spread.draws} draws of LiIn's lattice parameter, V(In), the control reading (±10 %), x_end, the calibration cell's capacity, diameter and separator and the modulus ratio. Normal-score correlations: ${spread.pairs.map(([a, b, r]) => `${a.replace(/ \[.*\]$/, "")}–${b.replace(/ \[.*\]$/, "")} ${r.toFixed(3)}`).join(", ")}. k 5–95 %: ${spread.band[KEYS.rigidStiffness]!.map((x) => (Math.exp(x) / 1e6).toFixed(1)).join("–")} N/um, β ${spread.band[KEYS.strainShare]!.map((x) => x.toFixed(3)).join("–")}`,
  );

  return {
    name: "stack",
    parameters: { stackParameters: params, stackCalibrationCell: cell },
    residuals,
    tables: { volumeChangeCurves: curves },
    notes,
  };
}
