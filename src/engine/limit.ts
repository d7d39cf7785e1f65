/**
 * The force limit in force at a moment of the run (CONTRACTS §6): the compiled segment's
 * `limits.maxForce` — the lowest of press capacity (as the protocol declares it), die rating and the
 * assembly limit of every layer in the die, times the die area; during Operate the band maximum
 * with the press's and die's limits — further lowered by what the driver and the caller know of
 * the press's capacity. No second definition of a limit lives in the engine: only this combination.
 */
import type { LimitsInForce } from "../protocol/compile.js";

export interface ForceLimit {
  /** [N]; Infinity when nothing limits the force (the checker warns about such protocols). */
  force: number;
  /** What sets it, in words, for events and errors. */
  what: string;
}

/**
 * The limit in force from a segment's limits and the press capacities known outside the protocol
 * (driver, `--capacity`). Null or undefined capacities are ignored.
 */
export function forceLimit(
  limits: LimitsInForce,
  capacities: readonly { force: number | null | undefined; what: string }[],
): ForceLimit {
  let best: ForceLimit = { force: Infinity, what: "nothing limits the force" };
  if (limits.maxForce !== null) {
    const pressure = limits.sources.find(
      (s) => s.quantity === "pressure" && s.basis !== "assumption" && s.value === limits.maxPressure,
    );
    best = { force: limits.maxForce, what: pressure?.what ?? "the protocol's limit" };
  }
  for (const c of capacities) {
    if (
      c.force !== null &&
      c.force !== undefined &&
      Number.isFinite(c.force) &&
      c.force > 0 &&
      c.force < best.force
    )
      best = { force: c.force, what: c.what };
  }
  return best;
}

/** "39.27 kN (500 MPa on this die: die rating)". */
export function describeLimit(limit: ForceLimit, area: number): string {
  if (!Number.isFinite(limit.force)) return limit.what;
  return `${kN(limit.force)} kN (${MPa(limit.force / area)} MPa on this die: ${limit.what})`;
}

/** Force [N] as kN with enough digits for a lab notebook. */
export function kN(force: number): string {
  return round(force / 1000, 3);
}

/** Pressure [Pa] as MPa. */
export function MPa(pressure: number): string {
  return round(pressure / 1e6, 1);
}

function round(x: number, digits: number): string {
  return Number(x.toFixed(digits)).toString();
}
