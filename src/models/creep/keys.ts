/**
 * Parameter keys of the lithium creep / short-circuit model (units in the brackets, PyBaMM style).
 * Shared by the model, its fit (src/models/fit/creep.ts) and the generated parameter file.
 */
export const CREEP = {
  /** Secondary creep rate of bulk Li at the reference stress {@link CREEP_REFERENCE_STRESS_MPA}. */
  creepRateRef: "Li creep rate at 0.35 MPa [1/s]",
  creepExponent: "Li creep stress exponent [-]",
  yieldStrength: "Li yield strength [MPa]",
  density: "Li density [g/cm3]",
  extrusionA: "Extrusion constant a [-]",
  extrusionB: "Extrusion constant b [-]",
  platingGain: "Plating penetration gain [1/MPa]",
  creepVelocity: "Creep penetration velocity at 25 MPa [um/h]",
  refPorosity: "Reference separator porosity [-]",
  refThickness: "Reference separator thickness [um]",
  porosityExponent: "Porosity exponent of penetration [-]",
  mechanicalPressure: "Mechanical intrusion pressure at reference porosity [MPa]",
  scatter: "Time-to-short scatter (log SD) [-]",
  dieClearance: "Die radial clearance [um]",
  /** Arrhenius activation energy of Li power-law creep (≈ that of Li self-diffusion). */
  activationEnergy: "Li creep activation energy [kJ/mol]",
  /** m of the size effect on Li's flow stress, sigma ∝ d^-m (micropillars, room temperature), applied to pore throats. */
  sizeExponent: "Li flow stress size exponent [-]",
  /** Critical stripping current density at {@link CCD_REFERENCE_PRESSURE_MPA} and 25 °C. */
  ccdRef: "Critical stripping current density at 3 MPa [mA/cm2]",
  ccdPressureExponent: "Critical current pressure exponent [-]",
  filamentGain: "Filament growth gain above the critical current [-]",
} as const;

/** Temperature at which the creep parameters were measured and the short model calibrated [K] (25 °C). */
export const CREEP_REFERENCE_TEMPERATURE_K = 298.15;

/** Stack pressure at which the critical stripping current density is quoted (Kasemchainan 2019). */
export const CCD_REFERENCE_PRESSURE_MPA = 3;

/** Reference stress of the creep-rate parameter: ε̇ = ε̇_ref·(σ/σ_ref)ⁿ, σ_ref = 0.35 MPa. */
export const CREEP_REFERENCE_STRESS_MPA = 0.35;

/** Stack pressure at which the creep penetration velocity is quoted (the highest finite Doux2020 point). */
export const CREEP_REFERENCE_PRESSURE_MPA = 25;
