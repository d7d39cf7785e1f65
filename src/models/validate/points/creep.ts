/**
 * Validation points of the Li creep / short-circuit model (docs/models/creep.md): every published
 * measurement it claims to reproduce, next to its nominal prediction. Built from data/published with
 * the public model API and the committed parameters.
 *  - calibration: the Masias 2019 creep rates (fit of the creep law), the Doux 2020 series (fit of the
 *    slow penetration, bounds of the intrusion threshold and of the critical current), the Kasemchainan
 *    2019 critical stripping current (read into the model);
 */
import { CREEP, creepParameters, creepRate, criticalCurrentDensity, timeToShort } from "../../creep/index.js";
import { lowerBound, num, readCsv, readDataFile } from "../../fit/data.js";
import type { ValidationPoint } from "../point.js";

const MPA = 1e6;
const HOUR = 3600;
const round = (x: number): number => Number(x.toPrecision(4));

/** Doux 2020 separator and cell (stack-pressure-li.csv comments; the fitted reference separator). */
function douxCell(): { porosity: number; thickness: number; current: number; text: string } {
  const porosity = creepParameters[CREEP.refPorosity]!.value;
  const thickness = creepParameters[CREEP.refThickness]!.value * 1e-6;
  const ua = Number(/([\d.]+)\s*uA\/cm2/.exec(readDataFile("stack-pressure-li.csv"))?.[1]);
  return {
    porosity,
    thickness,
    current: ua * 1e-2, // uA/cm2 → A/m2
    text: `Li|Li6PS5Cl|Li, ${round((1 - porosity) * 100)} % dense, ${round(thickness * 1e6)} um, ${ua} uA/cm2, 25 °C`,
  };
}

export function creepPoints(): ValidationPoint[] {
  const points: ValidationPoint[] = [];
  const s = creepParameters[CREEP.scatter]!.value;
  const band = Math.exp(2 * s);

  // ---- creep law (Masias 2019) ----
  for (const r of readCsv("lithium-mechanics.csv")) {
    const m = /^secondary creep rate at ([\d.]+) MPa$/.exec(r.property ?? "");
    const rate = num(r.value);
    if (!m || rate === undefined) continue;
    points.push({
      model: "creep",
      quantity: "secondary creep rate of bulk Li",
      conditions: `${m[1]} MPa, tension, room temperature`,
      unit: "1/s",
      measured: rate,
      low: rate * 0.75,
      high: rate * 1.25,
      predicted: creepRate(Number(m[1]) * MPA),
      source: "Masias2019",
      role: "calibration",
      note: "±25 %: the two tabulated rates lie off the printed exponent's line by about that much (one specimen per stress)",
    });
  }

  // ---- Doux 2020 series ----
  const cell = douxCell();
  const rows = readCsv("stack-pressure-li.csv").filter((r) => (r.loading_sequence ?? "") !== "after 25 MPa");
  for (const r of rows) {
    const p = num(r.stack_pressure_MPa);
    if (p === undefined) continue;
    const t = num(r.time_to_short_h);
    const bound = lowerBound(r.time_to_short_h);
    const predicted =
      timeToShort({
        stackPressure: p * MPA,
        separatorPorosity: cell.porosity,
        separatorThickness: cell.thickness,
        currentDensity: cell.current,
        anode: "Li",
      }) / HOUR;
    const base = {
      model: "creep",
      quantity: "time to short circuit",
      conditions: `${cell.text}, ${p} MPa`,
      unit: "h",
      source: "Doux2020",
      role: "calibration" as const,
    };
    if (t !== undefined && t > 0) {
      points.push({
        ...base,
        measured: t,
        low: t / band,
        high: t * band,
        predicted,
        note: `fitted (plating gain and creep velocity); band ×/÷ exp(2s) = ${round(band)} with s = ${s}, the log-SD of the fit residuals (one cell per pressure, so cell-to-cell and model error together)`,
      });
    } else if (t === 0) {
      points.push({
        ...base,
        measured: 0,
        bound: "upper",
        predicted,
        note: "shorted before any plating: bounds the mechanical intrusion pressure (not fitted)",
      });
    } else if (bound !== undefined) {
      points.push({
        ...base,
        measured: bound,
        bound: "lower",
        predicted,
        note: "ran without a short for the time tested: checked by the fit; the 2 MPa cell also bounds the critical current from below",
      });
    }
  }

  // ---- other Li-metal cells (li-short-circuit.csv) ----
  for (const r of readCsv("li-short-circuit.csv")) {
    const p = Number(r.stack_pressure_MPa);
    if (r.quantity === "critical stripping current density") {
      const measured = num(r.value) as number;
      points.push({
        model: "creep",
        quantity: "critical stripping current density",
        conditions: `${r.cell}, ${p} MPa, ${r.temperature_C} °C`,
        unit: "mA/cm2",
        measured,
        low: measured * 0.5,
        high: measured * 1.5,
        predicted: criticalCurrentDensity(p * MPA) / 10,
        source: r.source ?? "",
        role: "calibration",
        note: "read into the model as its reference value; ±50 %: no cell-to-cell spread was available and the number was read through a review",
      });
    }
  }
  return points;
}
