/**
 * Parameter keys of the electrolyte fracture and lamination model (units in the brackets, PyBaMM style).
 * Shared by the model, its fit (src/models/fit/fracture.ts) and the generated parameter file.
 */
export const FRACTURE = {
  /** Weibull scale of a cold-pressed sulfide body on the pressing-pressure axis (63 % fail). */
  compactScale: "Pellet characteristic pressure [MPa]",
  compactModulus: "Pellet Weibull modulus [-]",
  softLayerConcentration: "Soft-layer stress concentration factor [-]",
  /** Weibull scale of the lamination load of a co-pressed interface (63 % delaminate on release). */
  laminationScale: "Interface lamination characteristic pressure [MPa]",
  laminationModulus: "Interface lamination Weibull modulus [-]",
  /** Bond fraction of an interface formed on a layer already pressed to the co-pressing pressure. */
  interfaceBondFloor: "Interface bond fraction without new deformation [-]",
  releaseFactor: "Release stress factor [-]",
  relaxationTime: "Pellet stress relaxation time [s]",
  /** Residual die-wall (radial) stress after the axial load is removed, as a share of the highest pressure. */
  residualWallStress: "Residual die-wall stress ratio [-]",
  oxideStrength: "Oxide flexural strength [MPa]",
  oxideModulus: "Oxide Weibull modulus [-]",
  oxideStressRatio: "Oxide tensile stress per unit pressure [-]",
  oxideToughnessDense: "Oxide fracture toughness at high density [MPa m^0.5]",
  oxideToughnessPorous: "Oxide fracture toughness at low density [MPa m^0.5]",
  oxideDensityDense: "Oxide relative density of the high-density toughness [-]",
  oxideDensityPorous: "Oxide relative density of the low-density toughness [-]",
} as const;
