/**
 * `ssbpress convert`: pressure ⇄ force for a die, a manual press's gauge reading, bolt torque for
 * bolted cells. Returns keys with units (CONTRACTS §4) and the lines a person reads.
 */
import { err, ok, SsbError, type Result } from "./errors.js";
import {
  circleArea,
  forceToGauge,
  gaugeToForce,
  parseBolts,
  preloadToTorque,
  PRELOAD_SCATTER,
  torqueToPreload,
} from "./conversions.js";
import {
  lookupUnit,
  parseQuantity,
  roundSig,
  suggestUnit,
  toUnit,
  type Dimension,
  type Quantity,
} from "./units.js";

export interface ConvertOptions {
  die?: string;
  to?: string;
  ram?: string;
  bolts?: string;
  nutFactor?: string;
  /** Force reading the input as a gauge (oil) pressure, or as the pellet pressure. */
  gauge?: boolean;
  pellet?: boolean;
}

export interface ConvertResult {
  /** Keys carry units: "Pressure [MPa]", "Force [kN]", … */
  values: Record<string, number | string>;
  lines: string[];
  warnings: string[];
}

const r4 = (x: number) => roundSig(x, 4);

function usage(message: string, hint?: string): { ok: false; error: SsbError } {
  return err(new SsbError("usage", message, hint ? { hint } : {}));
}

/**
 * Plausible sizes [m], the same as a protocol file's (src/protocol/ranges.ts): a die of 1e-10 mm or
 * 10 m is a typing mistake, and its numbers would only mislead.
 */
const SIZES: Record<string, { min: number; max: number; range: string }> = {
  "--die": { min: 1e-3, max: 0.2, range: "1–200 mm (lab pellet dies are 3–100 mm)" },
  "--ram": { min: 5e-3, max: 0.5, range: "5–500 mm (lab press rams are 20–200 mm)" },
};

function need(text: string | undefined, dims: Dimension[], role: string): Result<Quantity | undefined> {
  if (text === undefined) return ok(undefined);
  const r = parseQuantity(text, { dims, role });
  if (!r.ok) return usage(r.error.message);
  if (!(r.value.value > 0)) return usage(`${role} must be positive, got "${text}"`);
  const size = SIZES[role.split(" ")[0]!];
  if (size && (r.value.value < size.min || r.value.value > size.max))
    return usage(`${role} of "${text}" is outside ${size.range}; check the number and its unit`);
  return ok(r.value);
}

export function convert(input: string, opts: ConvertOptions = {}): Result<ConvertResult> {
  const q = parseQuantity(input, {
    dims: ["pressure", "force", "torque", "pressure-rate", "force-rate"],
    role: "convert",
  });
  if (!q.ok) return usage(q.error.message, 'e.g. ssbpress convert "500 MPa" --die 10mm');
  const warnings: string[] = [];
  if (q.value.ambiguity) warnings.push(q.value.ambiguity);
  const dieQ = need(opts.die, ["length"], "--die (the die diameter)");
  if (!dieQ.ok) return dieQ;
  const ramQ = need(opts.ram, ["length"], "--ram (the press's ram diameter)");
  if (!ramQ.ok) return ramQ;
  const die = dieQ.value?.value;
  const ram = ramQ.value?.value;
  let nutFactor = 0.2;
  if (opts.nutFactor !== undefined) {
    nutFactor = Number(opts.nutFactor);
    if (!(nutFactor > 0 && nutFactor < 1))
      return usage(
        `--nut-factor must be a number between 0 and 1 (0.2 dry steel, 0.15 lubricated), got "${opts.nutFactor}"`,
      );
  }
  const bolts = opts.bolts === undefined ? undefined : parseBolts(opts.bolts);
  if (opts.bolts !== undefined && !bolts)
    return usage(`--bolts must look like "4xM6" (count x metric size), got "${opts.bolts}"`);
  if (opts.to !== undefined && !lookupUnit(opts.to)) {
    const s = suggestUnit(opts.to);
    return usage(`--to: unknown unit "${opts.to}"${s ? `; did you mean "${s}"?` : ""}`);
  }

  const v = q.value;
  const values: Record<string, number | string> = {};
  const lines: string[] = [];
  const dieText = die !== undefined ? `${r4(die * 1e3)} mm` : "";

  // Rates: convert between pressure rate and force rate with the die.
  if (v.dim === "pressure-rate" || v.dim === "force-rate") {
    const toDim = opts.to ? lookupUnit(opts.to)?.dim : undefined;
    if (toDim !== undefined && toDim !== "pressure-rate" && toDim !== "force-rate")
      return usage(
        `"${v.text}" is a ${v.dim === "pressure-rate" ? "pressure" : "force"} rate and converts only to a rate; write e.g. --to MPa/s or --to kN/s${die === undefined ? " (with --die 10mm)" : ""}`,
      );
    if (die === undefined && toDim !== undefined && toDim !== v.dim)
      return usage(
        `converting a ${v.dim === "pressure-rate" ? "pressure" : "force"} rate needs the die: add --die 10mm`,
      );
    const pr = v.dim === "pressure-rate" ? v.value : die !== undefined ? v.value / circleArea(die) : NaN;
    const fr = v.dim === "force-rate" ? v.value : die !== undefined ? v.value * circleArea(die) : NaN;
    if (Number.isFinite(pr)) values["Pressure rate [MPa/s]"] = r4(pr / 1e6);
    if (Number.isFinite(fr)) values["Force rate [kN/s]"] = r4(fr / 1e3);
    if (die !== undefined) values["Die diameter [mm]"] = r4(die * 1e3);
    return finishTo(
      v.dim === "pressure-rate" ? pr : fr,
      opts,
      values,
      [
        `${v.text}${die !== undefined ? ` on a ${dieText} die` : ""} = ${Object.entries(values)
          .filter(([k]) => k.includes("rate"))
          .map(([k, x]) => `${x} ${k.match(/\[(.*)\]/)![1]}`)
          .join(" = ")}`,
      ],
      warnings,
    );
  }

  // Torque: from a torque to the preload and the pressure it gives (with the scatter).
  if (v.dim === "torque") {
    if (!bolts) return usage("a torque converts with --bolts, e.g. --bolts 4xM6 --die 10mm");
    const preload = torqueToPreload(v.value, nutFactor, bolts.diameter);
    const total = preload * bolts.count;
    values["Torque per bolt [N m]"] = r4(v.value);
    values["Bolts"] = bolts.text;
    values["Nut factor [-]"] = nutFactor;
    values["Preload per bolt [kN]"] = r4(preload / 1e3);
    values["Force [kN]"] = r4(total / 1e3);
    lines.push(
      `${v.text} on each of ${bolts.count} M${r4(bolts.diameter * 1e3)} bolts (nut factor ${nutFactor}):`,
    );
    lines.push(
      `  preload ≈ ${r4(preload / 1e3)} kN per bolt, ${r4(total / 1e3)} kN in all (±${PRELOAD_SCATTER * 100} % from friction scatter)`,
    );
    if (die !== undefined) {
      const p = total / circleArea(die);
      values["Pressure [MPa]"] = r4(p / 1e6);
      values["Pressure min [MPa]"] = r4((p * (1 - PRELOAD_SCATTER)) / 1e6);
      values["Pressure max [MPa]"] = r4((p * (1 + PRELOAD_SCATTER)) / 1e6);
      values["Die diameter [mm]"] = r4(die * 1e3);
      lines.push(
        `  = ${r4(p / 1e6)} MPa on a ${dieText} cell (${values["Pressure min [MPa]"]}–${values["Pressure max [MPa]"]} MPa with the scatter)`,
      );
    }
    lines.push(
      "  T = K·F·d (short-form torque–preload relation); measure the stack pressure with a load cell when it matters (Koerver2018: 10 N m gave 60 ± 8 MPa).",
    );
    return finishTo(
      die !== undefined ? (values["Pressure [MPa]"] as number) * 1e6 : total,
      opts,
      values,
      lines,
      warnings,
    );
  }

  // Is the input a hydraulic gauge reading (oil pressure), or the pellet pressure?
  const gaugeUnits = ["bar", "psi", "mbar"];
  const isGauge =
    v.dim === "pressure" &&
    ram !== undefined &&
    (opts.gauge === true || (opts.pellet !== true && gaugeUnits.includes(v.unit)));

  let pressure: number | undefined; // on the pellet [Pa]
  let force: number | undefined; // [N]
  if (isGauge) {
    force = gaugeToForce(v.value, ram!);
    values["Gauge pressure [bar]"] = r4(v.value / 1e5);
    values["Gauge pressure [psi]"] = r4(toUnit(v.value, "psi"));
    values["Ram diameter [mm]"] = r4(ram! * 1e3);
    lines.push(
      `gauge ${v.text} on a ${r4(ram! * 1e3)} mm ram (read as the oil pressure; --pellet reads it as the pellet pressure)`,
    );
    if (die !== undefined) pressure = force / circleArea(die);
  } else if (v.dim === "pressure") {
    pressure = v.value;
    if (die !== undefined) force = pressure * circleArea(die);
  } else {
    force = v.value;
    if (die !== undefined) pressure = force / circleArea(die);
  }

  if (pressure !== undefined) values["Pressure [MPa]"] = r4(pressure / 1e6);
  if (force !== undefined) {
    values["Force [kN]"] = r4(force / 1e3);
    values["Force [tf]"] = r4(toUnit(force, "tf"));
    values["Force [lbf]"] = Math.round(toUnit(force, "lbf"));
  }
  if (die !== undefined) values["Die diameter [mm]"] = r4(die * 1e3);
  if (!isGauge && ram !== undefined && force !== undefined) {
    const g = forceToGauge(force, ram);
    values["Gauge pressure [bar]"] = r4(g / 1e5);
    values["Gauge pressure [psi]"] = r4(toUnit(g, "psi"));
    values["Ram diameter [mm]"] = r4(ram * 1e3);
  }

  if (pressure === undefined && force === undefined) {
    return usage(`converting ${v.text} needs the die it acts on: add --die 10mm`);
  }
  if (pressure !== undefined && force !== undefined) {
    const head = isGauge ? "" : `${v.text} on a ${dieText} die: `;
    lines.push(
      `${head}${r4(pressure / 1e6)} MPa on the pellet = ${values["Force [kN]"]} kN = ${values["Force [tf]"]} tf = ${values["Force [lbf]"]} lbf`,
    );
  } else if (force !== undefined) {
    lines.push(
      `${isGauge ? "" : `${v.text} = `}${values["Force [kN]"]} kN = ${values["Force [tf]"]} tf = ${values["Force [lbf]"]} lbf (add --die to get the pellet pressure)`,
    );
  } else if (pressure !== undefined) {
    lines.push(
      `${v.text} = ${r4(pressure / 1e6)} MPa = ${r4(pressure / 1e5)} bar = ${r4(toUnit(pressure, "psi"))} psi = ${r4(toUnit(pressure, "ksi"))} ksi (add --die to get the force)`,
    );
    values["Pressure [bar]"] = r4(pressure / 1e5);
    values["Pressure [psi]"] = r4(toUnit(pressure, "psi"));
  }
  if (!isGauge && values["Gauge pressure [bar]"] !== undefined) {
    lines.push(
      `  the gauge of a ${r4(ram! * 1e3)} mm ram reads ${values["Gauge pressure [bar]"]} bar = ${values["Gauge pressure [psi]"]} psi`,
    );
  }

  if (bolts && force !== undefined) {
    const perBolt = force / bolts.count;
    const torque = preloadToTorque(perBolt, nutFactor, bolts.diameter);
    values["Bolts"] = bolts.text;
    values["Nut factor [-]"] = nutFactor;
    values["Preload per bolt [kN]"] = r4(perBolt / 1e3);
    values["Torque per bolt [N m]"] = r4(torque);
    if (pressure !== undefined) {
      values["Pressure min [MPa]"] = r4((pressure * (1 - PRELOAD_SCATTER)) / 1e6);
      values["Pressure max [MPa]"] = r4((pressure * (1 + PRELOAD_SCATTER)) / 1e6);
    }
    lines.push(
      `  tighten each of ${bolts.count} M${r4(bolts.diameter * 1e3)} bolts to ${r4(torque)} N m (${r4(perBolt / 1e3)} kN preload each, nut factor ${nutFactor})`,
    );
    const total = perBolt * bolts.count;
    const band =
      pressure !== undefined
        ? `${values["Pressure min [MPa]"]}–${values["Pressure max [MPa]"]} MPa`
        : `${r4((total * (1 - PRELOAD_SCATTER)) / 1e3)}–${r4((total * (1 + PRELOAD_SCATTER)) / 1e3)} kN in all`;
    lines.push(
      `  torque sets preload only to ±${PRELOAD_SCATTER * 100} %: expect ${band}; measure with a load cell when it matters`,
    );
  }
  return finishTo(pressure ?? force!, opts, values, lines, warnings, pressure, force);
}

/** Apply --to: keep only the one value in the unit asked for. */
function finishTo(
  _primary: number,
  opts: ConvertOptions,
  values: Record<string, number | string>,
  lines: string[],
  warnings: string[],
  pressure?: number,
  force?: number,
): Result<ConvertResult> {
  if (!opts.to) return ok({ values, lines, warnings });
  const def = lookupUnit(opts.to)!;
  const key = (label: string) => `${label} [${opts.to}]`;
  let si: number | undefined;
  let label = "";
  if (def.dim === "pressure") {
    si =
      pressure ??
      (values["Pressure [MPa]"] !== undefined ? (values["Pressure [MPa]"] as number) * 1e6 : undefined);
    label = "Pressure";
  } else if (def.dim === "force") {
    si = force ?? (values["Force [kN]"] !== undefined ? (values["Force [kN]"] as number) * 1e3 : undefined);
    label = "Force";
  } else if (def.dim === "torque" && values["Torque per bolt [N m]"] !== undefined) {
    si = values["Torque per bolt [N m]"] as number;
    label = "Torque per bolt";
  } else if (def.dim === "pressure-rate" && values["Pressure rate [MPa/s]"] !== undefined) {
    si = (values["Pressure rate [MPa/s]"] as number) * 1e6;
    label = "Pressure rate";
  } else if (def.dim === "force-rate" && values["Force rate [kN/s]"] !== undefined) {
    si = (values["Force rate [kN/s]"] as number) * 1e3;
    label = "Force rate";
  }
  if (si === undefined) {
    return usage(
      `cannot give the result in ${opts.to}: ${def.dim === "pressure" || def.dim === "force" ? "pressure ⇄ force needs the die (--die 10mm)" : `${opts.to} is not a pressure, force, rate or torque unit`}`,
    );
  }
  const value = r4(toUnit(si, opts.to));
  return ok({ values: { [key(label)]: value }, lines: [`${value} ${opts.to}`], warnings });
}
