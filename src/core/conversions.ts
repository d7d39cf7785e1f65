/**
 * Force, pressure and torque conversions for dies, hydraulic rams and bolted cells. All SI.
 * References: Specac (die rating), Koerver2018 (torque calibration of bolted cells).
 */

/** Area of a round die or ram bore [m2] from its diameter [m]. */
export function circleArea(diameter: number): number {
  return (Math.PI * diameter * diameter) / 4;
}

/** Force on the pellet [N] for a pressure [Pa] on a round die of diameter [m]. */
export function pressureToForce(pressure: number, dieDiameter: number): number {
  return pressure * circleArea(dieDiameter);
}

/** Pressure on the pellet [Pa] for a force [N] on a round die of diameter [m]. */
export function forceToPressure(force: number, dieDiameter: number): number {
  return force / circleArea(dieDiameter);
}

/**
 * A manual press's gauge reads the oil pressure in the cylinder; the ram turns it into force:
 * F = p_oil · A_ram. Returns the force [N].
 */
export function gaugeToForce(oilPressure: number, ramDiameter: number): number {
  return oilPressure * circleArea(ramDiameter);
}

/** The oil pressure [Pa] a gauge must show for a force [N] with a ram of diameter [m]. */
export function forceToGauge(force: number, ramDiameter: number): number {
  return force / circleArea(ramDiameter);
}

/** Relative scatter of bolt preload for a given torque (friction varies): ±25 %. */
export const PRELOAD_SCATTER = 0.25;

/**
 * Short-form torque–preload relation T = K · F · d for one bolt (K: nut factor, ≈ 0.2 dry steel,
 * 0.15 lubricated; d: nominal bolt diameter). Returns the torque [N m] for a preload [N].
 */
export function preloadToTorque(preload: number, nutFactor: number, boltDiameter: number): number {
  return nutFactor * preload * boltDiameter;
}

/** Preload [N] a torque [N m] gives on one bolt (nominal: actual is ±25 %). */
export function torqueToPreload(torque: number, nutFactor: number, boltDiameter: number): number {
  return torque / (nutFactor * boltDiameter);
}

export interface BoltPattern {
  count: number;
  /** Nominal diameter [m], e.g. 6 mm for M6. */
  diameter: number;
  /** How the user wrote it: "4xM6". */
  text: string;
}

/** Parse "4xM6", "4 x M6", "3×M5" or "M6" (one bolt). Returns undefined if the text is not a bolt pattern. */
export function parseBolts(text: string): BoltPattern | undefined {
  const m = /^\s*(?:(\d+)\s*[x×*]\s*)?M(\d+(?:\.\d+)?)\s*$/i.exec(text);
  if (!m) return undefined;
  const count = m[1] === undefined ? 1 : Number(m[1]);
  const d = Number(m[2]);
  if (!(count >= 1) || !(d > 0)) return undefined;
  return { count, diameter: d / 1000, text: text.trim() };
}
