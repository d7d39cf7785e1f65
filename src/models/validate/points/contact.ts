/**
 * Validation points of the contact model: every published measurement it claims to reproduce, next
 * to its nominal prediction (for `npm run validate`).
 *
 * Doux2020's Li|Li6PS5Cl|Li impedance against stack pressure, first loading and after unloading
 * from 25 MPa (hysteresis), all used by the contact fit: calibration points. The cell impedance is
 * the separator's bulk (computed by the fit from the pellet's mass, density and conductivity, the
 * committed `douxCell` record) plus two Li interfaces in series over the Li disc's area.
 * No independent contact measurement is in data/published: In and Li-In have no published impedance
 * series (their contact rests on Li's law and In's strength), and the thin-film cathode interface
 * resistances only bound a parameter.
 */
import { areaSpecificResistance } from "../../contact/index.js";
import { lowerBound, num, readCsv } from "../../fit/data.js";
import { douxCell } from "../../parameters/contact.js";
import type { ValidationPoint } from "../point.js";

const MPA = 1e6;
/** The fit's assumed hold before each reading of the stepped series [s]. */
const HOLD = 3600;

/** Cell impedance [Ω] of Doux2020's symmetric cell after `pMax` then `p` [MPa]. */
function douxImpedance(pMax: number, p: number): number {
  const asr = areaSpecificResistance({
    kind: "metal|electrolyte",
    metal: "Li",
    maxPressure: pMax * MPA,
    pressure: p * MPA,
    timeUnderPressure: HOLD,
  });
  return douxCell["Bulk resistance [Ohm]"] + (2 * asr) / (douxCell["Li disc area [cm2]"] * 1e-4);
}

export function contactPoints(): ValidationPoint[] {
  const rows = readCsv("stack-pressure-li.csv");
  const out: ValidationPoint[] = [];
  const conditions = (p: number, seq: string) =>
    `Li|Li6PS5Cl|Li, 82 % dense separator (370 MPa, 13 mm die), 12.7 mm Li discs, ${p} MPa, ${seq}, room temperature`;
  for (const r of rows) {
    const p = num(r.stack_pressure_MPa);
    const seq = r.loading_sequence ?? "";
    if (p === undefined || !seq) continue;
    const z = num(r.cell_impedance_ohm);
    const bound = lowerBound(r.cell_impedance_ohm);
    if (z === undefined && bound === undefined) continue;
    const after = /after ([\d.]+) MPa/.exec(seq);
    const pMax = after ? Number(after[1]) : p;
    const predicted = douxImpedance(pMax, p);
    if (bound !== undefined) {
      out.push({
        model: "contact",
        quantity: "cell impedance (off scale)",
        conditions: conditions(p, seq),
        unit: "Ohm",
        measured: bound,
        bound: "lower",
        predicted,
        source: "Doux2020",
        role: "calibration",
        note: "the reading was off scale (> 500 Ohm); the fit checks the bound, it does not fit it",
      });
      continue;
    }
    const band = after ? 0.3 : 0.25;
    out.push({
      model: "contact",
      quantity: after ? "cell impedance after unloading (hysteresis)" : "cell impedance, first loading",
      conditions: conditions(p, seq),
      unit: "Ohm",
      measured: z!,
      low: z! * (1 - band),
      high: z! * (1 + band),
      predicted,
      source: "Doux2020",
      role: "calibration",
      note: after
        ? "±30 %: one cell, one reading (fixes the unloading retention exponent exactly)"
        : "±25 %: one cell per pressure, impedance read off the paper's figure; the fit's band (σ_log 0.12)",
    });
  }
  return out;
}
