/**
 * Plausibility ranges: every quantity a protocol holds is checked against one of these when it is
 * loaded. A value outside its range is a typo or a wrong unit ("250 GPa", "2 min" meant as hours), not
 * a protocol, and would otherwise reach the models as an absurd or non-finite number.
 *
 * These are NOT safety limits. Whether a step is safe for the die, the press or a layer is the
 * checker's job (src/protocol/limits.ts and rules/); the ranges here are deliberately generous —
 * wide enough for any laboratory press, die, fixture or cell, narrow enough that every derived number
 * (forces, pressures on the pellet, times to short) stays finite. Each range says why it is where it
 * is, and that reason is shown to the user.
 */
import { echo } from "../core/text.js";
import { DIMENSION_EXAMPLES, roundSig, type Dimension, type Quantity } from "../core/units.js";

export interface Range {
  /** Lower bound [SI]. */
  min: number;
  /** Whether the lower bound itself is allowed (a hold of 0 s is; a pressure of 0 MPa is not). */
  minInclusive: boolean;
  /** Upper bound [SI], always inclusive. */
  max: number;
  /** The bounds as shown in messages. */
  minText: string;
  maxText: string;
  /** Why the range is where it is: shown in the message. */
  why: string;
}

const DAY = 86400;
const YEAR = 365.25 * DAY;
const C0 = 273.15;

/** Every range, by name; docs/protocol.md ("Ranges") lists the same table for users. */
export const RANGES = {
  /** The pressure a press step puts on the pellet (a force target is converted with the die). */
  pressPressure: {
    min: 0,
    minInclusive: false,
    max: 5e9,
    minText: "0 MPa",
    maxText: "5 GPa",
    why: "no lab die holds more",
  },
  /** A force as written (press targets, die ratings in force, press capacity). */
  force: {
    min: 0,
    minInclusive: false,
    max: 1e7,
    minText: "0 N",
    maxText: "10 MN (1,000 t)",
    why: "lab presses are 1–100 t",
  },
  /** Stack pressure while the cell operates, and its band. */
  operatingPressure: {
    min: 0,
    minInclusive: false,
    max: 1e9,
    minText: "0 MPa",
    maxText: "1 GPa",
    why: "cells operate at 0.1–100 MPa",
  },
  /** A die's rating given as a pressure. */
  dieRating: {
    min: 0,
    minInclusive: false,
    max: 5e9,
    minText: "0 MPa",
    maxText: "5 GPa",
    why: "no steel or carbide die holds more",
  },
  /** Pressure limits and properties of layers and materials (max_pressure, densify_at, …). */
  materialPressure: {
    min: 0,
    minInclusive: false,
    max: 5e9,
    minText: "0 MPa",
    maxText: "5 GPa",
    why: "beyond what any lab die applies",
  },
  /** Ramp and release rates written as pressure rates, and force rates once on the pellet. */
  pressureRate: {
    min: 0,
    minInclusive: false,
    max: 1e9,
    minText: "0 MPa/s",
    maxText: "1,000 MPa/s",
    why: "hydraulic lab presses ramp at 0.1–20 MPa/s",
  },
  /** Ramp and release rates written as force rates. */
  forceRate: {
    min: 0,
    minInclusive: false,
    max: 1e7,
    minText: "0 kN/s",
    maxText: "10 MN/s",
    why: "hydraulic lab presses ramp at 0.1–10 kN/s",
  },
  /** Heating and cooling rates of the platens. */
  heatingRate: {
    min: 0,
    minInclusive: false,
    max: 100,
    minText: "0 °C/min",
    maxText: "6,000 °C/min",
    why: "heated platens change by 1–50 °C/min",
  },
  /** A hold at load inside a press step (0 allowed: no hold). */
  hold: {
    min: 0,
    minInclusive: true,
    max: 30 * DAY,
    minText: "0 s",
    maxText: "30 days",
    why: "published holds are seconds to hours",
  },
  /** A wait step. */
  wait: {
    min: 0,
    minInclusive: false,
    max: 30 * DAY,
    minText: "0 s",
    maxText: "30 days",
    why: "a wait between steps is minutes to days",
  },
  /** How long the finished cell operates. */
  operation: {
    min: 0,
    minInclusive: false,
    max: 10 * YEAR,
    minText: "0 h",
    maxText: "10 years",
    why: "cycling tests run hours to a few years",
  },
  /** Temperatures of steps (press, heat, cool, operate). */
  processTemperature: {
    min: C0 - 100,
    minInclusive: true,
    max: C0 + 1000,
    minText: "−100",
    maxText: "1000 °C",
    why: "lab presses and cyclers work from cryostats to 1000 °C furnaces",
  },
  /** Temperature limits: of a press, a layer, a material. */
  limitTemperature: {
    min: 0,
    minInclusive: false,
    max: C0 + 3000,
    minText: "absolute zero",
    maxText: "3000 °C",
    why: "above the melting point of every cell material",
  },
  /** Stiffness of a rigid fixture and rate of a spring fixture. */
  stiffness: {
    min: 0,
    minInclusive: false,
    max: 1e11,
    minText: "0 kN/mm",
    maxText: "100,000 kN/mm",
    why: "a steel block 10 mm across and 1 mm thick is about 16,000 kN/mm; bolted cells are 1–100 kN/mm",
  },
  /** Preload of a spring fixture. */
  preload: {
    min: 0,
    minInclusive: false,
    max: 1e6,
    minText: "0 kN",
    maxText: "1 MN (100 t)",
    why: "cell fixtures are preloaded to a few kN",
  },
  dieDiameter: {
    min: 1e-3,
    minInclusive: true,
    max: 0.2,
    minText: "1",
    maxText: "200 mm",
    why: "lab pellet dies are 3–100 mm",
  },
  ramDiameter: {
    min: 5e-3,
    minInclusive: true,
    max: 0.5,
    minText: "5",
    maxText: "500 mm",
    why: "lab press rams are 20–200 mm",
  },
  layerMass: {
    min: 1e-9,
    minInclusive: true,
    max: 0.01,
    minText: "1 µg",
    maxText: "10 g",
    why: "a lab cell layer weighs mg to a few g",
  },
  layerThickness: {
    min: 1e-7,
    minInclusive: true,
    max: 0.02,
    minText: "0.1 µm",
    maxText: "20 mm",
    why: "a cell layer is a thin film to a few mm",
  },
  /** A material's density. */
  density: {
    min: 0,
    minInclusive: false,
    max: 25e3,
    minText: "0 g/cm3",
    maxText: "25 g/cm3",
    why: "the densest element, osmium, is 22.6 g/cm3",
  },
  /** A component's share of a composite layer. */
  fraction: {
    min: 0,
    minInclusive: true,
    max: 1,
    minText: "0",
    maxText: "100 %",
    why: "a share of the whole",
  },
  /** Areal capacity per half cycle. */
  cyclingCapacity: {
    min: 0,
    minInclusive: false,
    max: 3.6e6, // C/m2
    minText: "0 mAh/cm2",
    maxText: "100 mAh/cm2",
    why: "cells hold 0.1–20 mAh/cm2",
  },
  /** Current density while cycling. */
  cyclingCurrent: {
    min: 0,
    minInclusive: false,
    max: 1000, // A/m2
    minText: "0 mA/cm2",
    maxText: "100 mA/cm2",
    why: "cells cycle at 0.01–20 mA/cm2",
  },
} satisfies Record<string, Range>;

export type RangeName = keyof typeof RANGES;

/** The range a quantity gets when the caller names none, by its dimension. */
export const DEFAULT_RANGE: Partial<Record<Dimension, RangeName>> = {
  pressure: "materialPressure",
  force: "force",
  length: "layerThickness",
  mass: "layerMass",
  time: "operation",
  temperature: "limitTemperature",
  "pressure-rate": "pressureRate",
  "force-rate": "forceRate",
  "temperature-rate": "heatingRate",
  fraction: "fraction",
  density: "density",
  stiffness: "stiffness",
  "areal-capacity": "cyclingCapacity",
  "current-density": "cyclingCurrent",
};

/**
 * Check a quantity against a range; returns the message to report, or undefined when it is in range.
 * `si` is the value checked (default: the quantity's own); `derived` says what that value is when it
 * was computed from the text ("on the pellet" for a force on the die). The value is always quoted as
 * the user wrote it.
 */
export function rangeProblem(
  q: Quantity,
  range: Range,
  role: string,
  derived?: { si: number; unit: string; scale: number; what: string },
): string | undefined {
  const si = derived ? derived.si : q.value;
  const nonPositive = range.minInclusive && range.min === 0 ? si < 0 : !(si > 0);
  const low = range.minInclusive ? si < range.min : !(si > range.min);
  const subzero = q.dim === "temperature" && si <= 0 && !derived;
  if (Number.isFinite(si) && !low && !nonPositive && !subzero && si <= range.max) return undefined;
  // Only a value out of range pays for building its message.
  const text = `"${echo(q.text, 80)}"`;
  const tail = `(${range.why}); check the number and its unit`;
  const shown = (where: string) =>
    derived
      ? `${text} is ${Number.isFinite(si) ? roundSig(si / derived.scale, 4) : "too large to compute"} ${derived.unit} ${derived.what}, ${where} ${tail}`
      : `${text} for ${role} is ${where} ${tail}`;
  if (!Number.isFinite(si)) return shown(`beyond ${range.maxText}`);
  if (subzero)
    return `${text} for ${role} is at or below absolute zero (−273.15 °C); check the number and the unit (°C or K)`;
  if (nonPositive && q.dim !== "temperature" && !derived) {
    const example = DIMENSION_EXAMPLES[q.dim];
    return range.minInclusive && range.min === 0
      ? `${role} must not be negative, got ${text}; write e.g. "${example}"`
      : `${role} must be positive, got ${text}; write e.g. "${example}"`;
  }
  return shown(range.min === 0 ? `beyond ${range.maxText}` : `outside ${range.minText}…${range.maxText}`);
}
