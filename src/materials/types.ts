/**
 * Material records: what a material is, what is known about it (with units, sources and confidence),
 * and the limits the checker and planner apply to a layer made of it.
 */

export type MaterialClass =
  | "sulfide-electrolyte"
  | "oxide-electrolyte"
  | "halide-electrolyte"
  | "cathode-active"
  | "metal-anode"
  | "alloy-anode"
  | "anode-active"
  | "additive"
  | "binder";

/**
 * Confidence codes of data/published/README.md, plus "A" for an engineering assumption we made
 * (the note must say why) and "U" for unknown.
 * P primary text · D primary via digest · F read off a figure · S secondary (review) · C computed
 * V vendor summary · A assumption · U unknown.
 */
export type Confidence = "P" | "D" | "F" | "S" | "C" | "V" | "A" | "U";

export interface Property {
  /** Best value in the unit named by the key; null when unknown (never invented). */
  value: number | null;
  min?: number;
  max?: number;
  /** Citation keys (see references.ts); empty only for unknowns. */
  citations: string[];
  confidence: Confidence;
  note?: string;
  /**
   * For a measured transport property (ionic conductivity): what the measured sample was. A value
   * measured on a sintered, hot-pressed, heat-treated or single-crystal sample is not that of a
   * cold-pressed powder (grain boundaries, contacts); the conductivity model applies a labelled
   * cold-press factor to it. Every database conductivity with a value says which.
   */
  sampleForm?: SampleForm;
}

/** What a measured sample was: a cold-pressed powder pellet, or a body made some other way. */
export type SampleForm =
  "cold-pressed" | "sintered" | "hot-pressed" | "heat-treated" | "single-crystal" | "unknown";

/** Property keys carry their unit in brackets, PyBaMM style. */
export const PROP = {
  density: "Theoretical density [g/cm3]",
  youngsModulus: "Young's modulus [GPa]",
  poissonRatio: "Poisson ratio [-]",
  yieldStrength: "Yield strength [MPa]",
  meltingPoint: "Melting point [°C]",
  conductivity: "Ionic conductivity [mS/cm]",
  /** Activation energy of the ionic conductivity (Arrhenius, σT form) near room temperature. */
  activationEnergy: "Activation energy [eV]",
  fractureToughness: "Fracture toughness [MPa m^0.5]",
  /** Pressure at which a powder layer is considered densified (checker rule `underdensified`). */
  densificationPressure: "Densification pressure [MPa]",
  /** Highest pressure a soft layer may see once in the die (checker rule `anode-overpressure`). */
  assemblyPressureMax: "Assembly pressure max [MPa]",
  /** Highest continuous stack pressure during operation (rule `operating-pressure-creep`). */
  operatingPressureMax: "Operating pressure max [MPa]",
  /** Pressure above which a pellet of this material is reported to crack. */
  fracturePressure: "Fracture pressure [MPa]",
  /** Highest temperature the material tolerates during pressing (rule `temperature-limit`). */
  temperatureMax: "Temperature max [°C]",
  /**
   * Highest die temperature at which a soft metal may go into the die or be pressed: its assembly
   * pressure limit was established at room temperature (rule `temperature-limit`, hot die).
   */
  assemblyTemperatureMax: "Assembly temperature max [°C]",
  /** Volume change on full lithiation/delithiation. */
  volumeChange: "Volume change [%]",
  /** Specific capacity of an active material. */
  specificCapacity: "Specific capacity [mAh/g]",
  /**
   * 1 when cold pressing alone densifies a powder of this material (sulfides, halides), 0 when it
   * needs sintering or hot pressing (garnet oxides): lets the planner and checker say so.
   */
  coldPressable: "Cold-pressable [-]",
  shearModulus: "Shear modulus [GPa]",
  vickersHardness: "Vickers hardness [GPa]",
  flexuralStrength: "Flexural strength [MPa]",
  /** Exponent n of power-law creep, rate = A·σⁿ. */
  creepStressExponent: "Creep stress exponent [-]",
  /** Heckel yield pressure of a powder (compaction resistance). */
  heckelYieldPressure: "Heckel yield pressure [MPa]",
} as const;

export type PropertyKey = (typeof PROP)[keyof typeof PROP] | string;

export interface Material {
  /** Canonical name, e.g. "Li6PS5Cl". */
  name: string;
  /** Other names people type: "LPSCl", "argyrodite". Matched case-insensitively. */
  aliases: string[];
  class: MaterialClass;
  description: string;
  properties: Partial<Record<PropertyKey, Property>>;
  /** True for materials defined inline in a protocol rather than in the database. */
  inline?: boolean;
  /**
   * For an inline material: the database material its limits default to, and why — it carries a
   * database name ("redefines"), it is "based_on" one, or it takes its class's default ("class").
   * Every limit it sets differently is reported as an override.
   */
  derivedFrom?: { material: string; how: "redefines" | "based_on" | "class" };
  /** For an inline material: where it is defined and where each of its properties is written. */
  definedAt?: { line: number; column: number };
  propertyPos?: Record<string, { line: number; column: number }>;
}

export type FractionBasisKind = "weight" | "volume";

export interface CompositeComponent {
  material: Material;
  /** Fraction 0..1 on the given basis (normalised to sum to 1). */
  fraction: number;
}

/** A layer's material: one material or a mixture. */
export interface Composite {
  name: string;
  components: CompositeComponent[];
  basis: FractionBasisKind;
}

export type LayerMaterial = Material | Composite;

export const isComposite = (m: LayerMaterial): m is Composite => "components" in m;
