/**
 * A simulation as the user sees it: JSON with units in the keys (CONTRACTS §4), a readable table,
 * CSV files. SI inside, MPa/µm/mS/cm/Ω cm² at this boundary.
 */
import { roundSig } from "../../core/units.js";
import type { Simulation, StepResult } from "./simulate.js";

/** 5 %, 50 % and 95 % quantiles of a result across Monte Carlo samples. */
export interface BandValue {
  p5: number;
  p50: number;
  p95: number;
}

/** Monte Carlo aggregate: the same keys as one simulation, plus bands for each number. */
export interface Aggregate {
  samples: number;
  seed: number;
  /** key path (e.g. "steps.2.layers.separator.Relative density [-]") → band */
  bands: Record<string, BandValue>;
}

const r = (x: number, d = 4) => roundSig(x, d);

type Operation = NonNullable<Simulation["operation"]>;

/** Where the nominal prediction puts the short, from the start of operation [s] (0 for an assembly short). */
function shortInOperation(sim: Simulation): number | null {
  const s = sim.short;
  return s ? (s.phase === "operation" ? s.time : 0) : null;
}

/** Whole cycles (charge and discharge) completed in `seconds` of operation. */
function cyclesWithin(o: Operation, seconds: number): number {
  const period = (2 * o.cycling.capacity) / o.cycling.current;
  return period > 0 ? Math.min(o.cycles, Math.floor(seconds / period)) : 0;
}

/** The predicted short as JSON: when and where, or null. */
function shortJson(sim: Simulation): Record<string, unknown> | null {
  const s = sim.short;
  if (!s) return null;
  return s.phase === "assembly"
    ? { Phase: s.phase, Step: s.step, "Assembly time [min]": r(s.time / 60) }
    : { Phase: s.phase, Step: s.step, "Operation time [h]": r(s.time / 3600, 3) };
}

/** The assembly timeline as JSON columns (units in the keys). */
function timelineJson(tl: NonNullable<Simulation["timeline"]>): Record<string, unknown> {
  return {
    "Time [min]": tl.time.map((t) => r(t / 60, 6)),
    Step: tl.step,
    "Pressure [MPa]": tl.pressure.map((p) => r(p / 1e6, 5)),
    layers: Object.fromEntries(
      Object.entries(tl.layers).map(([id, l]) => [
        id,
        {
          "Relative density [-]": l.relativeDensity.map((v) => (v === null ? null : r(v, 4))),
          "Thickness [um]": l.thickness.map((v) => (v === null ? null : r(v * 1e6, 5))),
        },
      ]),
    ),
  };
}

function layerJson(l: StepResult["layers"][string]): Record<string, number | null> {
  return {
    "Relative density [-]": r(l.relativeDensity, 3),
    "Relative density under load [-]": r(l.relativeDensityUnderLoad, 3),
    "Thickness [um]": l.thickness !== undefined ? r(l.thickness * 1e6, 4) : null,
    "Ionic conductivity [mS/cm]": l.conductivity !== undefined ? r(l.conductivity * 10, 3) : null,
    "Max pressure seen [MPa]": r(l.maxPressure / 1e6, 4),
  };
}

function stepJson(s: StepResult): Record<string, unknown> {
  const out: Record<string, unknown> = { step: s.step, text: s.text, kind: s.kind };
  out["Max pressure [MPa]"] = s.maxPressure !== undefined ? r(s.maxPressure / 1e6) : null;
  out["Max force [kN]"] = s.maxForce !== undefined ? r(s.maxForce / 1e3) : null;
  out["Start [min]"] = r(s.start / 60);
  out["End [min]"] = r(s.end / 60);
  out.stack = s.stack;
  out["Temperature [°C]"] = r(s.temperature - 273.15, 4);
  out["Pressure limit [MPa]"] = s.pressureLimit === null ? null : r(s.pressureLimit / 1e6, 4);
  out.layers = Object.fromEntries(Object.entries(s.layers).map(([id, l]) => [id, layerJson(l)]));
  out.interfaces = Object.fromEntries(
    Object.entries(s.interfaces).map(([k, i]) => [
      k,
      {
        kind: i.kind,
        "Contact fraction [-]": r(i.contactFraction, 3),
        "ASR [Ohm cm2]": Number.isFinite(i.asr) ? r(i.asr * 1e4, 3) : null,
      },
    ]),
  );
  out["Cell resistance [Ohm cm2]"] = s.cellResistance !== undefined ? r(s.cellResistance * 1e4, 3) : null;
  if (s.cathodeChargeTransfer !== undefined)
    out["Cathode charge transfer [Ohm cm2]"] = r(s.cathodeChargeTransfer * 1e4, 3);
  out.risks = {
    "Short-circuit probability [-]": r(s.shortProbability, 3),
    "Fracture probability [-]": r(s.fractureProbability, 3),
    "Step short-circuit probability [-]": r(s.stepShortProbability, 3),
    "Step fracture probability [-]": r(s.stepFractureProbability, 3),
    "Lamination probability [-]": r(s.laminationProbability, 3),
    "Step lamination probability [-]": r(s.stepLaminationProbability, 3),
  };
  if (s.extrudedLi !== undefined) out["Li extruded [-]"] = r(s.extrudedLi, 3);
  return out;
}

export function simulationJson(
  sim: Simulation,
  agg?: Aggregate,
  opts: { series?: boolean } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { steps: sim.steps.map(stepJson) };
  if (sim.operation) {
    const o = sim.operation;
    const op: Record<string, unknown> = {
      step: o.step,
      fixture: o.fixture,
      "Stack pressure min [MPa]": r(o.min / 1e6),
      "Stack pressure max [MPa]": r(o.max / 1e6),
      "Stack pressure swing per cycle [MPa]": r(o.swingPerCycle / 1e6, 3),
      "Stack pressure change per charge [MPa]": r(o.changePerCharge / 1e6, 3),
      Cycles: o.cycles,
      "Time to short [h]": Number.isFinite(o.timeToShort) ? r(o.timeToShort / 3600, 3) : null,
      "Short-circuit probability [-]": r(o.shortProbability, 3),
      "Contact loss [h]": o.contactLoss !== null ? r(o.contactLoss / 3600, 3) : null,
      "Above band [h]": o.overBand !== null ? r(o.overBand / 3600, 3) : null,
      "Cycling capacity [mAh/cm2]": r(o.cycling.capacity / 36000, 3),
      "Cycling current [mA/cm2]": r(o.cycling.current / 10, 3),
      "Cycling derived from cathode loading": o.cycling.derived,
    };
    const shortAt = shortInOperation(sim);
    op["Shorted from [h]"] = shortAt === null ? null : r(shortAt / 3600, 3);
    op["Cycles before short"] = shortAt === null ? null : cyclesWithin(o, shortAt);
    if (o.duration !== undefined) op["Duration [h]"] = r(o.duration / 3600);
    if (opts.series) {
      op.series = {
        "Time [h]": Array.from(o.series.time, (t) => r(t / 3600, 5)),
        "Stack pressure [MPa]": Array.from(o.series.pressure, (p) => r(p / 1e6, 5)),
      };
    }
    out.operation = op;
  }
  out["Predicted short"] = shortJson(sim);
  if (opts.series && sim.timeline) out.timeline = timelineJson(sim.timeline);
  if (agg) {
    out["Monte Carlo"] = {
      samples: agg.samples,
      seed: agg.seed,
      bands: Object.fromEntries(
        Object.entries(agg.bands).map(([k, b]) => [k, { "5%": r(b.p5), "50%": r(b.p50), "95%": r(b.p95) }]),
      ),
    };
  }
  if (sim.unknowns.length) out.unknowns = sim.unknowns;
  out.citations = sim.citations;
  // what the numbers rest on besides each material's own data (unknowns are null above)
  out.notes = sim.notes;
  return out;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const pct = (p: number) => (p < 0.001 ? "<0.1 %" : p > 0.999 ? ">99.9 %" : `${(p * 100).toPrecision(2)} %`);

/** A readable table: one block per step, one line per layer and interface. */
export function simulationTable(sim: Simulation, agg?: Aggregate): string {
  const lines: string[] = [];
  const band = (key: string, scale: number, digits = 3) => {
    const b = agg?.bands[key];
    return b ? ` [${roundSig(b.p5 * scale, digits)}–${roundSig(b.p95 * scale, digits)}]` : "";
  };
  for (const s of sim.steps) {
    const p =
      s.maxPressure !== undefined
        ? `  ${roundSig(s.maxPressure / 1e6, 4)} MPa (${roundSig((s.maxForce ?? 0) / 1e3, 4)} kN)`
        : "";
    lines.push(`Step ${s.step}: ${s.text}${p}`);
    if (
      s.kind === "add" ||
      s.kind === "ask" ||
      s.kind === "heat" ||
      s.kind === "wait" ||
      s.kind === "release"
    ) {
      if (s.kind !== "add") continue;
    }
    for (const [id, l] of Object.entries(s.layers)) {
      const k = `steps.${s.step}.layers.${id}`;
      const parts = [
        `density ${roundSig(l.relativeDensity, 3)}${band(`${k}.relativeDensity`, 1)}${
          s.kind === "press" && l.relativeDensityUnderLoad !== l.relativeDensity
            ? ` (${roundSig(l.relativeDensityUnderLoad, 3)} under load)`
            : ""
        }`,
        l.thickness !== undefined
          ? `${roundSig(l.thickness * 1e6, 4)} µm${band(`${k}.thickness`, 1e6, 4)}`
          : "",
        l.conductivity !== undefined
          ? `${roundSig(l.conductivity * 10, 3)} mS/cm${band(`${k}.conductivity`, 10)}`
          : "",
      ].filter(Boolean);
      lines.push(`    ${pad(id, 12)} ${parts.join(", ")}`);
    }
    for (const [key, i] of Object.entries(s.interfaces)) {
      const k = `steps.${s.step}.interfaces.${key}`;
      lines.push(
        `    ${pad(key, 12)} contact ${roundSig(i.contactFraction, 3)}${band(`${k}.contactFraction`, 1)}, ASR ${Number.isFinite(i.asr) ? `${roundSig(i.asr * 1e4, 3)} Ω cm²${band(`${k}.asr`, 1e4)}` : "unknown"}`,
      );
    }
    if (s.cellResistance !== undefined)
      lines.push(
        `    ${pad("cell", 12)} ${roundSig(s.cellResistance * 1e4, 3)} Ω cm²${band(`steps.${s.step}.cellResistance`, 1e4)}${s.cathodeChargeTransfer !== undefined ? ` (cathode charge transfer ${roundSig(s.cathodeChargeTransfer * 1e4, 3)})` : ""}`,
      );
    if (s.kind === "eject")
      lines.push(
        `    ${pad("ejection", 12)} capping or lamination on the way out ${pct(s.stepLaminationProbability)}`,
      );
    if (
      s.stepShortProbability > 0.001 ||
      s.stepFractureProbability > 0.001 ||
      s.shortProbability > 0.001 ||
      s.fractureProbability > 0.001 ||
      s.laminationProbability > 0.001
    ) {
      lines.push(
        `    ${pad("risk", 12)} short ${pct(s.shortProbability)}, fracture ${pct(s.fractureProbability)}, lamination ${pct(s.laminationProbability)}${s.extrudedLi !== undefined ? `, Li extruded ${pct(s.extrudedLi)}` : ""}`,
      );
    }
  }
  const o = sim.operation;
  if (o) {
    lines.push("");
    lines.push(
      `Operation (step ${o.step}, ${o.fixture} fixture, ${o.cycles} cycles of ${roundSig(o.cycling.capacity / 36000, 3)} mAh/cm² at ${roundSig(o.cycling.current / 10, 3)} mA/cm²${o.cycling.derived ? ", from the cathode loading" : ""}):`,
    );
    lines.push(
      `    stack pressure ${roundSig(o.min / 1e6, 4)}–${roundSig(o.max / 1e6, 4)} MPa, swing ${roundSig(o.swingPerCycle / 1e6, 3)} MPa per cycle${band("operation.swingPerCycle", 1e-6)}, ${o.changePerCharge >= 0 ? "+" : "−"}${roundSig(Math.abs(o.changePerCharge) / 1e6, 3)} MPa per charge${sim.short ? " had it kept cycling" : ""}`,
    );
    lines.push(
      `    time to short ${Number.isFinite(o.timeToShort) ? `${roundSig(o.timeToShort / 3600, 3)} h` : "none predicted"}${band("operation.timeToShortHours", 1)}, short probability ${pct(o.shortProbability)}`,
    );
    const shortAt = shortInOperation(sim);
    if (shortAt !== null)
      lines.push(
        sim.short?.phase === "assembly"
          ? `    cell shorted in assembly (step ${sim.short.step}): it does not cycle`
          : `    cell shorted at ${roundSig(shortAt / 3600, 3)} h: cycling stops there (${cyclesWithin(o, shortAt)} of ${o.cycles} cycles done)`,
      );
    // events after the short would only happen had the cell kept cycling: say so
    const after = (t: number) => (shortAt !== null && t > shortAt ? ", had it kept cycling" : "");
    if (o.contactLoss !== null)
      lines.push(
        `    contact lost after ${roundSig(o.contactLoss / 3600, 3)} h (pressure below the band${after(o.contactLoss)})`,
      );
    if (o.overBand !== null)
      lines.push(
        `    pressure leaves the band upwards after ${roundSig(o.overBand / 3600, 3)} h (the electrodes swell against the ${o.fixture} fixture${after(o.overBand)})`,
      );
  }
  const last = sim.steps[sim.steps.length - 1];
  if (last) {
    lines.push("");
    lines.push(
      `Cell: short-circuit probability ${pct(last.shortProbability)}, fracture probability ${pct(last.fractureProbability)}, lamination probability ${pct(last.laminationProbability)}${agg ? ` (means over ${agg.samples} samples, seed ${agg.seed})` : ""}`,
    );
  }
  const sh = sim.short;
  if (sh)
    lines.push(
      sh.phase === "assembly"
        ? `Shorted in step ${sh.step} of the assembly (median prediction): the cell is shorted from ${roundSig(sh.time / 60, 4)} min on.`
        : `Shorted after ${roundSig(sh.time / 3600, 3)} h of operation (median prediction): no cycling after that.`,
    );
  if (agg) lines.push("Values use the fitted parameters; [brackets] give the 5–95 % range over the samples.");
  if (sim.notes.length) {
    lines.push("");
    lines.push("Notes (unknown properties and assumptions the numbers rest on):");
    for (const n of sim.notes) lines.push(`  - ${n}`);
  }
  lines.push("");
  for (const u of sim.unknowns) lines.push(`Unknown: ${u}`);
  lines.push(`References: ${sim.citations.join(", ")}`);
  return lines.join("\n");
}

/** The assembly timeline: one row per point, the pressure and each layer's density and thickness. */
function timelineCsv(
  tl: NonNullable<Simulation["timeline"]>,
  rows: (header: string[], data: unknown[][]) => string,
): string {
  const ids = Object.keys(tl.layers);
  const header = [
    "Time [min]",
    "Step",
    "Pressure [MPa]",
    ...ids.flatMap((id) => [`${id} relative density [-]`, `${id} thickness [um]`]),
  ];
  const data = tl.time.map((t, i) => [
    r(t / 60, 6),
    tl.step[i],
    r(tl.pressure[i]! / 1e6, 6),
    ...ids.flatMap((id) => {
      const l = tl.layers[id]!;
      const d = l.relativeDensity[i];
      const h = l.thickness[i];
      return [d == null ? "" : r(d, 4), h == null ? "" : r(h * 1e6, 5)];
    }),
  ]);
  return rows(header, data);
}

/**
 * CSV files: steps.csv (one row per step and layer), interfaces.csv, operation.csv (ends at a
 * predicted short), programme.csv, timeline.csv (pressure and densities through each step).
 */
export function simulationCsv(sim: Simulation): Record<string, string> {
  const q = (v: unknown) =>
    typeof v === "string" && /[",\n]/.test(v)
      ? `"${v.replace(/"/g, '""')}"`
      : v === undefined || v === null
        ? ""
        : String(v);
  const rows = (header: string[], data: unknown[][]) =>
    [header.join(","), ...data.map((row) => row.map(q).join(","))].join("\n") + "\n";
  const steps: unknown[][] = [];
  const ifs: unknown[][] = [];
  for (const s of sim.steps) {
    for (const [id, l] of Object.entries(s.layers)) {
      steps.push([
        s.step,
        s.text,
        s.maxPressure !== undefined ? r(s.maxPressure / 1e6) : "",
        id,
        r(l.relativeDensity, 4),
        l.thickness !== undefined ? r(l.thickness * 1e6) : "",
        l.conductivity !== undefined ? r(l.conductivity * 10) : "",
        r(s.shortProbability, 4),
        r(s.fractureProbability, 4),
      ]);
    }
    for (const [k, i] of Object.entries(s.interfaces))
      ifs.push([s.step, k, i.kind, r(i.contactFraction, 4), r(i.asr * 1e4)]);
  }
  const files: Record<string, string> = {
    "steps.csv": rows(
      [
        "Step",
        "Text",
        "Max pressure [MPa]",
        "Layer",
        "Relative density [-]",
        "Thickness [um]",
        "Ionic conductivity [mS/cm]",
        "Short-circuit probability [-]",
        "Fracture probability [-]",
      ],
      steps,
    ),
    "interfaces.csv": rows(["Step", "Interface", "Kind", "Contact fraction [-]", "ASR [Ohm cm2]"], ifs),
    "programme.csv": rows(
      ["Time [min]", "Pressure [MPa]"],
      sim.programme.time.map((t, i) => [r(t / 60, 6), r(sim.programme.pressure[i]! / 1e6, 6)]),
    ),
  };
  if (sim.operation) {
    const o = sim.operation;
    const shortAt = shortInOperation(sim);
    const last = o.series.time.length - 1;
    files["operation.csv"] = rows(
      ["Time [h]", "Stack pressure [MPa]", "Cell"],
      Array.from(o.series.time, (t, i) => [
        r(t / 3600, 6),
        r(o.series.pressure[i]! / 1e6, 6),
        shortAt !== null && i === last ? "shorted" : "cycling",
      ]),
    );
  }
  if (sim.timeline) files["timeline.csv"] = timelineCsv(sim.timeline, rows);
  return files;
}
