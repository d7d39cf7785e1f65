/**
 * Electrode thickness change with state of charge: the source term of the stack-pressure model.
 *
 * Everything here is SI: charge per area q [C/m²], thickness [m]. Parameter values come in by key
 * (units in the key) and are converted once, when a profile is built; the returned closure is what
 * the simulator evaluates in its hot loop.
 */
import { pchip } from "../../numerics/interpolate.js";
import { get, type Values } from "../params.js";

/** Faraday constant [C/mol] (CODATA 2018, Tiesinga2021). */
const FARADAY = 96485.33212;
/** 1 mAh/cm² in C/m². */
export const MAH_PER_CM2 = 36_000;
/** 1 mAh/g in C/kg. */
export const MAH_PER_G = 3_600;

/** Parameter keys of the stack model (units in the key). */
export const KEYS = {
  rigidStiffness: "Rigid fixture stiffness [N/m]",
  springRate: "Default spring rate [N/m]",
  strainShare: "Thickness share of volumetric strain [-]",
  liThickness: "Li thickness per areal capacity [um cm2/mAh]",
  liInVolumePerLi: "LiIn volume change per Li [cm3/mol]",
  inMolarVolume: "In molar volume [cm3/mol]",
  siVolumePerLi: "Si volume change per Li [cm3/mol]",
  graphiteDensity: "Graphite density [g/cm3]",
  graphiteCapacity: "Graphite specific capacity [mAh/g]",
  anodeActiveFraction: "Default anode active volume fraction [-]",
  relaxFraction: "Fixture relaxation fraction [-]",
  relaxTime: "Fixture relaxation time [h]",
  preloadFactor: "Preload factor [-]",
  contactThreshold: "Contact threshold pressure [MPa]",
  contactThresholdHost: "Contact threshold pressure, alloy and intercalation anodes [MPa]",
  pelletModulusRatio: "Pressed pellet to crystal modulus ratio [-]",
  defaultCompliance: "Default cell compliance [um/MPa]",
  liIrreversibleShare: "Li irreversible thickness per plated thickness [-]",
  cathodeIrreversibleShare: "Cathode irreversible growth per cycle swing [-]",
} as const;

/** A digitised volume-change curve: x = state of lithiation, ascending; ΔV/V in percent. */
export interface VolumeCurve {
  readonly x: readonly number[];
  readonly volumeChangePercent: readonly number[];
}

/** Curves by canonical material name ("NMC811", "NCA", "LiCoO2", "graphite"). */
export type VolumeCurves = Readonly<Record<string, VolumeCurve>>;

export type AnodeKind = "Li" | "LiIn" | "In" | "graphite" | "Si" | "other";

/** The composite cathode, as the stack model needs it. */
export interface CathodeSpec {
  /** Active material name (canonical or alias, e.g. "NMC811", "LCO"). */
  active: string;
  /** Volume fraction of active material in the (densified) composite layer [-]. */
  activeVolumeFraction: number;
  /** Layer thickness [m]. */
  thickness: number;
  /** Areal charge that takes the active material from x = 1 to x = 0 (theoretical) [C/m²]. */
  capacity: number;
  /** Own volume-change curve, overriding the built-in one (x ascending, percent). */
  curve?: VolumeCurve;
}

export interface AnodeSpec {
  kind: AnodeKind;
  /** Layer thickness [m] (graphite: sets its capacity when `capacity` is absent; In, Si: checked). */
  thickness: number;
  /** Active volume fraction of a composite anode (graphite, Si) [-]. */
  activeVolumeFraction?: number;
  /** Graphite only: areal charge from x = 0 to x = 1 in LixC6 [C/m²]. */
  capacity?: number;
  /** "other" only: own thickness change per areal charge [m per C/m², i.e. m³/C]; default 0 (zero-strain, e.g. Li4Ti5O12). */
  thicknessPerCharge?: number;
  /** Li only: foil diameter [m] (its creep under the stack pressure); default 12.7/13 of the cell's. */
  diameter?: number;
}

/** Names the built-in curves answer to (case-insensitive); canonical names of src/materials. */
const ALIASES: Record<string, string> = {
  nmc811: "NMC811",
  ncm811: "NMC811",
  "lini0.8mn0.1co0.1o2": "NMC811",
  "lini0.8co0.1mn0.1o2": "NMC811",
  nca: "NCA",
  "lini0.8co0.15al0.05o2": "NCA",
  licoo2: "LiCoO2",
  lco: "LiCoO2",
  "lithium cobalt oxide": "LiCoO2",
  graphite: "graphite",
};

/** The canonical name of a material that has a built-in curve, or undefined. */
function curveName(name: string): string | undefined {
  return ALIASES[name.trim().toLowerCase().replace(/\s+/g, " ")];
}

/**
 * Thickness change of a composite layer from the volume change of its active material:
 *
 *   Δh = β · φ · h · ΔV/V(x) / 100
 *
 * β is the share of the volumetric strain that appears as thickness (1 when the layer is laterally
 * constrained by the die and its pores do not absorb the change, 1/3 for free isotropic swelling),
 * φ the active volume fraction, h the layer thickness, ΔV/V(x) the digitised curve (percent).
 * References: Koerver2018 (cathode curves), Schweidler2018 (graphite curve).
 */
function compositeThicknessChange(
  beta: number,
  activeVolumeFraction: number,
  thickness: number,
  volumeChangePercent: number,
): number {
  return (beta * activeVolumeFraction * thickness * volumeChangePercent) / 100;
}

/**
 * Thickness change per areal charge of a dense metal or alloy anode [m per C/m² = m³/C]:
 *
 *   dh/dq = ΔV_m / F
 *
 * with ΔV_m the volume gained per mole of Li: Li metal V_m(Li) (4.85 µm per mAh/cm²), In → LiIn
 * V_m(LiIn) − V_m(In) ≈ 7.9 cm³ per mol Li from the crystal structures (≈ 2.9 µm per mAh/cm², +50 % of
 * V(In)), a-Si → Li15Si4 8.85 cm³ per mol Li. The layer is taken as laterally constrained, so
 * all the volume appears as thickness. Positive on charge (Li enters the anode).
 * References: NarayanAnand2018 (Li density), Haynes2016 (In density), ZintlBrauer1933 and Mehl2017 (LiIn
 * NaTl-type cell).
 */
export function metalThicknessPerCharge(kind: AnodeKind, values: Values): number {
  switch (kind) {
    case "Li":
      return (get(values, KEYS.liThickness) * 1e-6) / MAH_PER_CM2;
    case "In":
    case "LiIn":
      // cm³ per mol Li → m³/mol, over F: m per C/m².
      return (get(values, KEYS.liInVolumePerLi) * 1e-6) / FARADAY;
    case "Si":
      return (get(values, KEYS.siVolumePerLi) * 1e-6) / FARADAY;
    default:
      return 0;
  }
}

/** A thickness-change profile over one half cycle, and what was clamped or assumed on the way. */
export interface ThicknessProfile {
  /** Stack thickness change [m] after charge q [C/m²] has moved from cathode to anode (0 ≤ q ≤ Q). */
  dh: (q: number) => number;
  /** Node charges [C/m²] where the cathode/graphite curves have nodes (candidate extrema), sorted. */
  nodes: number[];
  warnings: string[];
}

export interface ProfileInput {
  /** Charge per half cycle [C/m²]. */
  capacity: number;
  cathode?: CathodeSpec;
  anode: AnodeSpec;
  /** Symmetric cell (same electrode both sides): the anode's linear changes cancel. */
  symmetric?: boolean;
}

/**
 * The stack's thickness change as a function of the charge passed, Δh(q) = Δh_cathode(q) + Δh_anode(q).
 * The cell starts discharged: the cathode fully lithiated (x = 1, the curves' reference), the anode
 * empty (graphite x = 0, no plated Li). On charge the cathode's x falls by q/Q_cathode, the anode
 * takes q. Outside a curve's x range the curve is held at its end value (with a warning).
 * References: Koerver2018, Schweidler2018, NarayanAnand2018.
 */
export function thicknessProfile(
  input: ProfileInput,
  values: Values,
  curves: VolumeCurves,
): ThicknessProfile {
  const warnings: string[] = [];
  const beta = get(values, KEYS.strainShare);
  const Q = input.capacity;
  const nodes: number[] = [];
  let cathode: (q: number) => number = () => 0;

  const c = input.cathode;
  if (c) {
    const name = curveName(c.active);
    const curve = c.curve ?? (name !== undefined ? curves[name] : undefined);
    if (!curve) {
      warnings.push(
        `no volume-change curve for cathode active material "${c.active}" (built in: NMC811, NCA, LiCoO2); its thickness change is taken as zero`,
      );
    } else if (!(c.capacity > 0)) {
      warnings.push("cathode capacity is not positive; its thickness change is taken as zero");
    } else {
      const f = pchip(curve.x, curve.volumeChangePercent, { extrapolate: "clamp" });
      const x0 = curve.x[0] as number;
      const x1 = curve.x[curve.x.length - 1] as number;
      const ref = f(1);
      const scale = compositeThicknessChange(beta, c.activeVolumeFraction, c.thickness, 1);
      const Qc = c.capacity;
      const xEnd = 1 - Q / Qc;
      if (xEnd < x0 - 1e-12) {
        warnings.push(
          `the cathode reaches x = ${xEnd.toFixed(3)} at the end of charge, below the end of the ${name ?? c.active} curve (x = ${x0}); the volume change is held at its end value there`,
        );
      }
      if (x1 < 1 - 1e-12) {
        warnings.push(
          `the ${name ?? c.active} curve ends at x = ${x1} < 1; held at its end value up to x = 1`,
        );
      }
      cathode = (q) => scale * (f(1 - q / Qc) - ref);
      for (const xn of curve.x) {
        const qn = (1 - xn) * Qc;
        if (qn > 0 && qn < Q) nodes.push(qn);
      }
    }
  }

  let anode: (q: number) => number = () => 0;
  const a = input.anode;
  if (a.kind === "graphite") {
    const curve = curves.graphite;
    if (!curve) throw new Error("stack model: the graphite volume-change curve is missing from the tables");
    const phi = a.activeVolumeFraction ?? get(values, KEYS.anodeActiveFraction);
    const Qa =
      a.capacity ??
      a.thickness *
        phi *
        get(values, KEYS.graphiteDensity) *
        1000 *
        get(values, KEYS.graphiteCapacity) *
        MAH_PER_G;
    if (!(Qa > 0)) {
      warnings.push("graphite anode capacity is not positive; its thickness change is taken as zero");
    } else {
      const f = pchip(curve.x, curve.volumeChangePercent, { extrapolate: "clamp" });
      const ref = f(0);
      const scale = compositeThicknessChange(beta, phi, a.thickness, 1);
      const xMax = curve.x[curve.x.length - 1] as number;
      if (Q / Qa > xMax + 1e-12) {
        warnings.push(
          `the graphite reaches x = ${(Q / Qa).toFixed(3)} in LixC6, beyond the end of the curve (x = ${xMax}); held at its end value (Li plating on graphite is not modelled)`,
        );
      }
      anode = (q) => scale * (f(q / Qa) - ref);
      for (const xn of curve.x) {
        const qn = xn * Qa;
        if (qn > 0 && qn < Q) nodes.push(qn);
      }
    }
  } else {
    let k: number;
    if (a.kind === "other") k = a.thicknessPerCharge ?? 0;
    else {
      k = metalThicknessPerCharge(a.kind, values);
      // Particulate Si composites see the same share β of their volume change as the cathode.
      if (a.kind === "Si") k *= beta;
    }
    anode = (q) => k * q;
    checkAnodeHost(a, Q, values, warnings);
  }

  if (input.symmetric) {
    if (a.kind === "graphite") {
      warnings.push(
        "symmetric graphite cell: the two electrodes' changes are taken to cancel (exact only for linear laws)",
      );
    }
    anode = () => 0;
  }

  nodes.sort((u, v) => u - v);
  return { dh: (q) => cathode(q) + anode(q), nodes, warnings };
}

/** Warn when an In or Si layer is too thin to host the charge (its law would no longer hold). */
function checkAnodeHost(a: AnodeSpec, Q: number, values: Values, warnings: string[]): void {
  if (!(a.thickness > 0)) return;
  if (a.kind === "In" || a.kind === "LiIn") {
    // One Li per In: charge capacity of the In layer = h·F/V_m(In).
    const cap = (a.thickness * FARADAY) / (get(values, KEYS.inMolarVolume) * 1e-6);
    if (Q > cap) {
      warnings.push(
        `the In layer (${(a.thickness * 1e6).toFixed(1)} um) holds ${(cap / MAH_PER_CM2).toFixed(2)} mAh/cm2 as LiIn, less than the ${(Q / MAH_PER_CM2).toFixed(2)} mAh/cm2 cycled`,
      );
    }
  }
}
