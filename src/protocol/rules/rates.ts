/** fast-ramp and fast-release: rates that laminate (cap) pellets. */
import { mpa, type RuleContext } from "./context.js";

/**
 * Engineering assumptions, not fitted numbers: automatic lab presses ramp at ~0.1–1 kN/s (1–13 MPa/s
 * on a 10 mm die); much faster loading traps air, and a sudden release lets the elastic springback
 * split the pellet into layers (lamination, "capping"). See docs/rules.md.
 */
const MAX_RAMP_RATE = 20e6; // Pa/s
const MAX_RELEASE_RATE = 20e6; // Pa/s

export function checkRates({ trace, sink }: RuleContext): void {
  for (const t of trace) {
    const s = t.source;
    if (s.kind === "press" && s.rampRate !== undefined && s.rampRate > MAX_RAMP_RATE) {
      sink.warning(
        "fast-ramp",
        `a ramp of ${mpa(s.rampRate)}/s is fast: air trapped in the powder and uneven compaction laminate pellets; ramp at ≤ ${mpa(MAX_RAMP_RATE)}/s (e.g. "at 5 MPa/s")`,
        s.rampPos ?? s.pos,
        s.index,
      );
    }
    const rel = s.kind === "press" ? s.releaseRate : s.kind === "release" ? s.rate : undefined;
    const at = s.kind === "press" ? s.releasePos : s.kind === "release" ? s.ratePos : undefined;
    if (rel !== undefined && rel > MAX_RELEASE_RATE) {
      sink.warning(
        "fast-release",
        `releasing at ${mpa(rel)}/s lets the pellet's elastic springback split it into layers (lamination); release at ≤ ${mpa(MAX_RELEASE_RATE)}/s`,
        at ?? s.pos,
        s.index,
      );
    }
  }
}
