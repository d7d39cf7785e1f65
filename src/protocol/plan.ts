/**
 * The recipe generator: writes a layer-by-layer protocol for a stack, a die, a press and a goal.
 * Strategy (the lab's, see ARCHITECTURE.md): densify the separator first, then press cathode and
 * separator together at a higher pressure, join the soft anode last and gently, then operate at a
 * stack pressure chosen by the anode. Every number is bounded by the materials, the die and the press;
 * when the job cannot be done, the result says why and what would make it possible.
 */
import { circleArea } from "../core/conversions.js";
import { err, ok, SsbError, type Result } from "../core/errors.js";
import { parseQuantity, roundSig } from "../core/units.js";
import {
  findMaterial,
  isComposite,
  layerClass,
  layerDensity,
  layerLimit,
  makeComposite,
  PROP,
  type LayerMaterial,
  type Material,
} from "../materials/index.js";

export type PlanGoal = "densify" | "integrate-anode" | "cycling";

export interface PlanRequest {
  separator: string;
  cathode?: string;
  anode?: string;
  /** [m] */
  dieDiameter: number;
  /** [Pa] */
  dieRating?: number;
  /** [N] */
  pressCapacity?: number;
  pressType?: "manual" | "automatic" | "heated";
  /**
   * Warm-press the hard layers at this platen temperature [K] (heated presses); the die is cooled to
   * room temperature before a soft metal anode goes in.
   */
  temperature?: number;
  goal: PlanGoal;
  /** [kg] */
  separatorMass?: number;
  /** [kg] */
  cathodeMass?: number;
  /** [m] */
  anodeThickness?: number;
  /**
   * Explicit choices that replace the planner's defaults (used by `plan --optimize`); each is still
   * bounded by the die, the press and the materials.
   */
  choose?: {
    /** [Pa] */
    separatorPressure?: number;
    /** [Pa] */
    coPressPressure?: number;
    /** [Pa] */
    anodePressure?: number;
    /** [Pa] */
    operatingPressure?: number;
    /** [s] */
    separatorHold?: number;
    /** [s] */
    coPressHold?: number;
    /** [s] */
    anodeHold?: number;
    /** Why these values, written as a comment into the protocol. */
    reason?: string;
  };
}

export interface PlannedPress {
  layerIds: string[];
  /** [Pa] */
  pressure: number;
  /** [s] */
  hold: number;
  reason: string;
}

export interface Plan {
  yaml: string;
  /** Key decisions with reasons, for --json and for the methods text. */
  decisions: Record<string, number | string>;
  citations: string[];
}

/** Defaults the planner uses; each is a lab convention or an assumption, stated in the output. */
export const PLAN_DEFAULTS = {
  /** Co-pressing target for cathode + separator (the common 500 MPa, seed recipe). */
  coPressTarget: 500e6,
  /** Fraction of a reported fracture/cracking pressure the plan stays under. */
  fractureMargin: 0.8,
  /** Fraction of a soft layer's assembly limit the plan uses (room for force overshoot). */
  softMargin: 0.9,
  separatorThickness: 600e-6,
  separatorRelativeDensity: 0.85,
  /** Composite cathode loading when no specific capacity is known [kg/m2] (15 mg on a 10 mm die). */
  cathodeLoading: 15e-6 / circleArea(0.01),
  /** Target areal capacity [C/m2] (2 mAh/cm2). */
  arealCapacity: (2 * 3.6) / 1e-4,
  liThickness: 50e-6,
  alloyThickness: 100e-6,
  anodeCompositeLoading: 10e-6 / circleArea(0.01),
  rampRate: 5e6,
  releaseRate: 5e6,
  holdSeparator: 120,
  holdCoPress: 300,
  holdAnode: 60,
  operationHours: 500,
  /** C-rate used to suggest the cycling current (C/10). */
  cRate: 0.1,
  /**
   * Share of the theoretical capacity a cathode delivers in practice (assumption: NMC811 gives about
   * 200 of its 275 mAh/g); loadings and cycling capacities are planned on the practical value.
   */
  practicalCapacityFraction: 0.7,
  /** Share of the press's rated force the plan uses: a press is not run at its limit. */
  pressMargin: 0.95,
};

const round5 = (pa: number, dir: "down" | "up" = "down") =>
  dir === "down" ? Math.floor(pa / 5e6) * 5e6 : Math.ceil(pa / 5e6) * 5e6;
const MPa = (pa: number) => +(pa / 1e6).toPrecision(4);
const fmtMass = (kg: number) => `${roundSig(kg * 1e6, 3)} mg`;

function material(name: string, role: string): Result<Material> {
  const r = findMaterial(name);
  if (!r.ok) return err(new SsbError("usage", `--${role}: ${r.error.message}`));
  return ok(r.value);
}

/** "NMC811:70,Li6PS5Cl:30" or "NMC811:70wt%,..." or "...vol%" → composite (wt% by default). */
export function parseCompositeSpec(spec: string, role: string): Result<LayerMaterial> {
  const parts = spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 1 && !parts[0]!.includes(":")) return material(parts[0]!, role);
  const comps: { material: Material; fraction: number }[] = [];
  let basis: "weight" | "volume" = "weight";
  for (const p of parts) {
    const m = /^(.+?):\s*([\d.]+)\s*(wt%|vol%|%)?$/.exec(p);
    if (!m)
      return err(
        new SsbError(
          "usage",
          `--${role}: cannot read "${p}"; write components as NAME:PERCENT, e.g. "NMC811:70,Li6PS5Cl:30"`,
        ),
      );
    const mat = material(m[1]!, role);
    if (!mat.ok) return mat;
    if (m[3] === "vol%") basis = "volume";
    comps.push({ material: mat.value, fraction: Number(m[2]) / 100 });
  }
  try {
    return ok(makeComposite(spec, comps, basis));
  } catch (e) {
    return err(new SsbError("usage", `--${role}: ${(e as Error).message}`));
  }
}

function limitMPa(m: LayerMaterial, key: string): { value: number; citations: string[] } | undefined {
  const p = layerLimit(m, key)?.property;
  return p && p.value !== null ? { value: p.value * 1e6, citations: p.citations } : undefined;
}

function yamlMaterial(m: LayerMaterial): string {
  if (!isComposite(m)) return m.name;
  const unit = m.basis === "volume" ? "vol%" : "wt%";
  return `{ ${m.components.map((c) => `${c.material.name}: ${roundSig(c.fraction * 100, 3)} ${unit}`).join(", ")} }`;
}

function activeOf(m: LayerMaterial): { material: Material; weightFraction: number } | undefined {
  if (!isComposite(m)) return m.class === "cathode-active" ? { material: m, weightFraction: 1 } : undefined;
  const comp = m.components.find((c) => c.material.class === "cathode-active");
  if (!comp) return undefined;
  // weight fraction of the active material
  if (m.basis === "weight") return { material: comp.material, weightFraction: comp.fraction };
  const rhos = m.components.map((c) => c.material.properties[PROP.density]?.value ?? NaN);
  const mass = m.components.map((c, i) => c.fraction * rhos[i]!);
  const total = mass.reduce((a, b) => a + b, 0);
  const i = m.components.indexOf(comp);
  return Number.isFinite(total) ? { material: comp.material, weightFraction: mass[i]! / total } : undefined;
}

/** Write a protocol for the request, or say why it cannot be done. */
export function planProtocol(req: PlanRequest): Result<Plan> {
  const d = req.dieDiameter;
  const area = circleArea(d);
  const dieMm = roundSig(d * 1e3, 4);
  const citations = new Set<string>();
  const decisions: Record<string, number | string> = { "Die diameter [mm]": dieMm };

  const sepR = parseCompositeSpec(req.separator, "separator");
  if (!sepR.ok) return sepR;
  const sep = sepR.value;
  const sepClass = layerClass(sep);
  if (!sepClass.endsWith("electrolyte")) {
    return err(
      new SsbError(
        "usage",
        `--separator: ${sep.name} is a ${sepClass}, not a solid electrolyte; pass e.g. --separator Li6PS5Cl`,
      ),
    );
  }
  let cathode: LayerMaterial | undefined;
  if (req.cathode) {
    const r = parseCompositeSpec(req.cathode, "cathode");
    if (!r.ok) return r;
    cathode = r.value;
    if (layerClass(cathode) !== "cathode-active")
      return err(
        new SsbError(
          "usage",
          `--cathode: "${req.cathode}" has no cathode active material (e.g. NMC811, NCA, LiCoO2, LiFePO4)`,
        ),
      );
  }
  let anode: LayerMaterial | undefined;
  const wantsAnode = req.goal !== "densify";
  if (req.anode && wantsAnode) {
    const r = parseCompositeSpec(req.anode, "anode");
    if (!r.ok) return r;
    anode = r.value;
    const c = layerClass(anode);
    if (!["metal-anode", "alloy-anode", "anode-active"].includes(c))
      return err(
        new SsbError(
          "usage",
          `--anode: ${anode.name} is a ${c}, not an anode (e.g. Li, LiIn, In, graphite, Si)`,
        ),
      );
  }
  if (req.goal !== "densify" && !anode) {
    return err(
      new SsbError(
        "usage",
        `the goal "${req.goal}" needs an anode: add --anode Li (or LiIn, In, graphite), or use --goal densify`,
      ),
    );
  }

  // Warm pressing: only on a heated press, and never above a hard layer's own temperature limit.
  const warm = req.temperature !== undefined && req.temperature > 303.15 ? req.temperature : undefined;
  if (warm !== undefined) {
    if (req.pressType && req.pressType !== "heated")
      return err(
        new SsbError(
          "usage",
          `--temperature needs a heated press; this one is "${req.pressType}" (use --press-type heated)`,
        ),
      );
    for (const m of [sep, ...(cathode ? [cathode] : [])]) {
      const lim = layerLimit(m, PROP.temperatureMax)?.property;
      if (lim && lim.value !== null && warm - 273.15 > lim.value)
        return err(
          new SsbError(
            "usage",
            `--temperature ${roundSig(warm - 273.15, 4)} °C is above the ${lim.value} °C limit of ${m.name}`,
          ),
        );
    }
  }

  // ---- pressures ---------------------------------------------------------------------------
  const oxideSep = sepClass === "oxide-electrolyte";
  const sepDens = limitMPa(sep, PROP.densificationPressure);
  sepDens?.citations.forEach((c) => citations.add(c));
  const pSep = oxideSep ? 0 : (sepDens?.value ?? 250e6);
  const cathDens = cathode ? (limitMPa(cathode, PROP.densificationPressure)?.value ?? 250e6) : 0;
  const needed = Math.max(pSep, cathDens);

  // Upper bounds on any press step, with the reason for each.
  const bounds: { value: number; why: string }[] = [];
  if (req.dieRating !== undefined)
    bounds.push({ value: req.dieRating, why: `the die's ${MPa(req.dieRating)} MPa rating` });
  if (req.pressCapacity !== undefined)
    bounds.push({
      value: (req.pressCapacity * PLAN_DEFAULTS.pressMargin) / area,
      why: `${PLAN_DEFAULTS.pressMargin * 100} % of the press's ${roundSig(req.pressCapacity / 9806.65, 3)} t on a ${dieMm} mm die`,
    });
  const hardLayers = [sep, ...(cathode ? [cathode] : [])];
  for (const m of hardLayers) {
    const mats = isComposite(m) ? m.components.map((c) => c.material) : [m];
    for (const mat of mats) {
      const f = mat.properties[PROP.fracturePressure];
      if (f && f.value !== null) {
        // Electrolyte pellets: keep a margin under the (low-confidence) fracture report. Cathode
        // particles: the value is where cracking is already heavy, so stay just below it.
        const particle = mat.class === "cathode-active";
        const bound = particle ? round5(f.value * 1e6 - 1) : f.value * 1e6 * PLAN_DEFAULTS.fractureMargin;
        const why = particle
          ? `below the ${f.value} MPa at which ${mat.name} particles are reported to crack`
          : `${PLAN_DEFAULTS.fractureMargin * 100} % of the ${f.value} MPa at which ${mat.name} pellets are reported to fracture`;
        bounds.push({ value: bound, why });
        f.citations.forEach((c) => citations.add(c));
      }
    }
  }
  const ceiling = bounds.reduce((a, b) => (b.value < a.value ? b : a), { value: Infinity, why: "" });

  if (needed > 0 && ceiling.value < needed) {
    const force = needed * area;
    const lines = [
      `cannot densify on this set-up: the layers need ≥ ${MPa(needed)} MPa, but ${ceiling.why} allows only ${MPa(ceiling.value)} MPa.`,
    ];
    const usable =
      req.pressCapacity !== undefined ? req.pressCapacity * PLAN_DEFAULTS.pressMargin : undefined;
    if (usable !== undefined && usable / area < needed) {
      const dmax = Math.sqrt((4 * usable) / (Math.PI * needed));
      lines.push(
        `${MPa(needed)} MPa on a ${dieMm} mm die needs ${roundSig(force / 1e3, 4)} kN (${roundSig(force / 9806.65, 3)} t); the largest die this press can serve at ${MPa(needed)} MPa is ${roundSig(dmax * 1e3, 3)} mm (use a ${Math.floor(dmax * 1e3)} mm die or smaller, or a press of at least ${Math.ceil(force / PLAN_DEFAULTS.pressMargin / 9806.65)} t; plans use ${PLAN_DEFAULTS.pressMargin * 100} % of a press's rating).`,
      );
    }
    return err(new SsbError("infeasible", lines.join(" ")));
  }

  // Co-press: the common 500 MPa, lowered to what the die, the press and the materials allow.
  let pCo = 0;
  let coWhy = "";
  if (cathode) {
    pCo = PLAN_DEFAULTS.coPressTarget;
    coWhy = "the common 500 MPa co-pressing of cathode and separator";
    if (ceiling.value < pCo) {
      pCo = Math.max(round5(ceiling.value), needed);
      coWhy = `lowered from 500 MPa to stay within ${ceiling.why}`;
    }
    if (pCo < needed) pCo = needed;
  }
  let pSepStep = oxideSep ? 0 : Math.min(pSep, ceiling.value);
  const ch = req.choose ?? {};
  if (ch.separatorPressure !== undefined && !oxideSep)
    pSepStep = Math.min(Math.max(ch.separatorPressure, pSep), ceiling.value);
  if (ch.coPressPressure !== undefined && cathode) {
    pCo = Math.min(Math.max(ch.coPressPressure, needed, pSepStep), ceiling.value);
    coWhy = "chosen by the optimizer";
  }

  // Anode joining pressure.
  let pAnode = 0;
  let anodeWhy = "";
  const anodeClass = anode ? layerClass(anode) : undefined;
  if (anode) {
    if (anodeClass === "metal-anode" || anodeClass === "alloy-anode") {
      const lim = limitMPa(anode, PROP.assemblyPressureMax);
      const base = lim?.value ?? 50e6;
      lim?.citations.forEach((c) => citations.add(c));
      pAnode = Math.max(5e6, round5(base * PLAN_DEFAULTS.softMargin));
      anodeWhy = `${PLAN_DEFAULTS.softMargin * 100} % of ${anode.name}'s ${MPa(base)} MPa assembly limit, leaving room for force overshoot`;
    } else {
      const dens = limitMPa(anode, PROP.densificationPressure)?.value ?? 250e6;
      pAnode = Math.min(Math.max(dens, pSepStep), ceiling.value, pCo || Infinity);
      anodeWhy = `densifies the composite anode without exceeding the earlier steps`;
    }
  }

  if (ch.anodePressure !== undefined && anode) {
    pAnode = Math.max(1e6, ch.anodePressure);
    anodeWhy = "chosen by the optimizer";
  }

  // Operating pressure by anode.
  let pOp = 0;
  let opBand: [number, number] = [0, 0];
  let opWhy = "";
  if (anode && req.goal === "cycling") {
    const lim = limitMPa(anode, PROP.operatingPressureMax);
    lim?.citations.forEach((c) => citations.add(c));
    if (anodeClass === "metal-anode" && lim) {
      pOp = lim.value;
      opBand = [lim.value * 0.8, lim.value];
      opWhy = `${anode.name} metal creeps through the separator at higher stack pressure: Li|Li6PS5Cl|Li cells shorted at once at 75 MPa and within 48 h at 25 MPa, while 5 MPa ran 1000 h (Doux2020)`;
      citations.add("Doux2020");
    } else if (anodeClass === "alloy-anode") {
      pOp = Math.min(60e6, lim?.value ?? 60e6);
      opBand = [pOp - 5e6, Math.min(pOp + 5e6, lim?.value ?? Infinity)];
      opWhy = `Li–In and In anodes do not creep through the separator at the 60–70 MPa used for years of lab practice (Koerver2018); Li-metal would short here`;
      citations.add("Koerver2018");
    } else {
      pOp = Math.min(50e6, lim?.value ?? 50e6);
      opBand = [pOp - 5e6, pOp + 5e6];
      opWhy = `assumption: tens of MPa keep contact while the electrodes breathe; no creep limit applies to a non-metal anode`;
    }
  }

  if (ch.operatingPressure !== undefined && pOp > 0) {
    const lim = anode ? limitMPa(anode, PROP.operatingPressureMax)?.value : undefined;
    pOp = ch.operatingPressure;
    opBand = [pOp * 0.9, lim !== undefined ? Math.min(pOp * 1.1, Math.max(lim, pOp)) : pOp * 1.1];
    opWhy = `chosen by the optimizer; ${opWhy}`;
  }
  const holdSep = ch.separatorHold ?? PLAN_DEFAULTS.holdSeparator;
  const holdCo = ch.coPressHold ?? PLAN_DEFAULTS.holdCoPress;
  const holdAn = ch.anodeHold ?? PLAN_DEFAULTS.holdAnode;

  // ---- masses --------------------------------------------------------------------------------
  const sepRho = layerDensity(sep);
  let sepMassText: string;
  if (req.separatorMass !== undefined) sepMassText = `mass: ${fmtMass(req.separatorMass)}`;
  else if (sepRho !== undefined && !oxideSep) {
    const m =
      PLAN_DEFAULTS.separatorThickness * area * sepRho * 1000 * PLAN_DEFAULTS.separatorRelativeDensity;
    sepMassText = `mass: ${Math.max(1, Math.round(m * 1e6))} mg`;
  } else sepMassText = `thickness: ${PLAN_DEFAULTS.separatorThickness * 1e6} um`;

  let cathodeMassKg = req.cathodeMass;
  let capacityPerArea: number | undefined; // C/m2
  if (cathode) {
    const act = activeOf(cathode);
    const theoretical = act?.material.properties[PROP.specificCapacity]?.value; // mAh/g
    const spec = theoretical ? theoretical * PLAN_DEFAULTS.practicalCapacityFraction : undefined;
    if (cathodeMassKg === undefined) {
      if (act && spec) {
        // spec [mAh/g] = spec · 3.6 C/g = spec · 3600 C/kg
        const activeKgPerM2 = PLAN_DEFAULTS.arealCapacity / (spec * 3600);
        cathodeMassKg = Math.round((activeKgPerM2 / act.weightFraction) * area * 1e7) / 1e7;
      } else cathodeMassKg = Math.round(PLAN_DEFAULTS.cathodeLoading * area * 1e7) / 1e7;
    }
    if (act && spec) capacityPerArea = (cathodeMassKg * act.weightFraction * spec * 3600) / area;
  }

  const anodeMat = anode;
  let anodeSize = "";
  if (anodeMat) {
    if (anodeClass === "metal-anode" || anodeClass === "alloy-anode") {
      const t =
        req.anodeThickness ??
        (anodeClass === "metal-anode" ? PLAN_DEFAULTS.liThickness : PLAN_DEFAULTS.alloyThickness);
      anodeSize = `thickness: ${roundSig(t * 1e6, 3)} um`;
    } else {
      anodeSize = `mass: ${fmtMass(PLAN_DEFAULTS.anodeCompositeLoading * area)}`;
    }
  }

  // ---- write ---------------------------------------------------------------------------------
  const manual = req.pressType === "manual";
  const target = (pa: number, dir: "down" | "up") => {
    if (!manual) return `${MPa(pa)} MPa`;
    // a manual press is read in tonnes: round so the pressure stays on the safe side of the goal
    const t = (pa * area) / 9806.65;
    const tt = dir === "up" ? Math.ceil(t * 10) / 10 : Math.floor(t * 10) / 10;
    return `${tt} t`;
  };
  const forceNote = (pa: number) => {
    const f = pa * area;
    return `${MPa(pa)} MPa on ${dieMm} mm = ${roundSig(f / 1e3, 4)} kN = ${roundSig(f / 9806.65, 3)} t`;
  };
  const rate = manual ? "" : ` at ${PLAN_DEFAULTS.rampRate / 1e6} MPa/s`;
  const hold = (s: number) => (s >= 60 ? `${s / 60} min` : `${s} s`);
  const sepName = yamlMaterial(sep);
  const name = [
    anode ? anode.name : undefined,
    sep.name,
    cathode
      ? isComposite(cathode)
        ? cathode.components.find((c) => c.material.class === "cathode-active")?.material.name
        : cathode.name
      : undefined,
  ]
    .filter(Boolean)
    .join(" | ");

  const out: string[] = [];
  out.push(`# Written by "ssbpress plan" (goal: ${req.goal}). Check it with: ssbpress check FILE`);
  if (ch.reason) for (const line of ch.reason.split("\n")) out.push(`# ${line}`);
  out.push(`name: ${name}, ${dieMm} mm die`);
  out.push(`die:`);
  out.push(`  diameter: ${dieMm} mm`);
  if (req.dieRating !== undefined) out.push(`  rating: ${MPa(req.dieRating)} MPa`);
  const pressType = req.pressType ?? (warm !== undefined ? "heated" : undefined);
  if (req.pressCapacity !== undefined || pressType) {
    out.push(`press:`);
    if (req.pressCapacity !== undefined)
      out.push(`  capacity: ${roundSig(req.pressCapacity / 9806.65, 4)} t`);
    if (pressType) out.push(`  type: ${pressType}`);
  }
  out.push(`layers:`);
  out.push(
    `  separator: { material: ${sepName}, ${sepMassText}${oxideSep ? ", form: pellet" : ""} }${oxideSep ? "   # oxides are not densified by cold pressing: use a pellet sintered beforehand" : ""}`,
  );
  if (cathode)
    out.push(`  cathode:   { material: ${yamlMaterial(cathode)}, mass: ${fmtMass(cathodeMassKg!)} }`);
  if (anodeMat) out.push(`  anode:     { material: ${yamlMaterial(anodeMat)}, ${anodeSize} }`);
  out.push(`steps:`);
  out.push(`  - Add separator`);
  const at = warm !== undefined ? ` at ${roundSig(warm - 273.15, 4)} °C` : "";
  if (warm !== undefined) {
    out.push(
      `  # warm pressing: hard layers densify further at temperature (the gain is a model assumption; see docs/models.md)`,
    );
    out.push(`  - Heat to ${roundSig(warm - 273.15, 4)} °C at 5 °C/min`);
  }
  if (!oxideSep) {
    out.push(`  # densify the separator alone first (${forceNote(pSepStep)})`);
    out.push(
      `  - Press to ${target(pSepStep, "up")}${rate}, hold ${hold(holdSep)}${manual ? "" : `, release at ${PLAN_DEFAULTS.releaseRate / 1e6} MPa/s`}${at}`,
    );
  }
  if (cathode) {
    out.push(`  - Add cathode on top`);
    out.push(`  # ${coWhy} (${forceNote(pCo)})`);
    out.push(
      `  - Press to ${target(pCo, "up")}${rate}, hold ${hold(holdCo)}${manual ? "" : `, release at ${PLAN_DEFAULTS.releaseRate / 1e6} MPa/s`}${at}`,
    );
  }
  if (anodeMat) {
    if (warm !== undefined) {
      out.push(
        `  # cool before the anode goes in: soft metals creep and melt far below the pressing temperature`,
      );
      out.push(`  - Cool to 25 °C`);
      out.push(`  - Ask "Is the die below 30 °C? Then place the anode."`);
    }
    out.push(`  - Add anode on bottom`);
    out.push(`  # ${anodeWhy} (${forceNote(pAnode)})`);
    out.push(
      `  - Press to ${target(pAnode, anodeClass === "anode-active" ? "up" : "down")}${rate}, hold ${hold(holdAn)}`,
    );
  }
  if (pOp > 0) {
    out.push(`  # operating pressure for a ${anodeMat!.name} anode: ${opWhy}`);
    const cyc = capacityPerArea
      ? `, cycling ${roundSig(capacityPerArea / 36000, 3)} mAh/cm2 at ${roundSig((capacityPerArea / 36000) * PLAN_DEFAULTS.cRate, 2)} mA/cm2`
      : "";
    out.push(
      `  - Operate at ${MPa(pOp)} MPa (${MPa(opBand[0])}..${MPa(opBand[1])} MPa) for ${PLAN_DEFAULTS.operationHours} h${cyc}`,
    );
  }
  Object.assign(decisions, {
    "Separator pressure [MPa]": MPa(pSepStep),
    ...(cathode ? { "Co-press pressure [MPa]": MPa(pCo), "Co-press reason": coWhy } : {}),
    ...(anodeMat ? { "Anode pressure [MPa]": MPa(pAnode), "Anode reason": anodeWhy } : {}),
    ...(pOp ? { "Operating pressure [MPa]": MPa(pOp), "Operating reason": opWhy } : {}),
    ...(capacityPerArea ? { "Areal capacity [mAh/cm2]": roundSig(capacityPerArea / 36000, 3) } : {}),
  });
  return ok({ yaml: out.join("\n") + "\n", decisions, citations: [...citations].sort() });
}

/** Parse a length/pressure/force/mass option for the planner, with a clear message. */
export function planQuantity(
  text: string,
  dims: ("length" | "pressure" | "force" | "mass" | "temperature")[],
  role: string,
): Result<number> {
  const r = parseQuantity(text.replace(/^(\d+(?:\.\d+)?)([a-zA-Zµ])/, "$1 $2"), { dims, role });
  if (!r.ok) return err(new SsbError("usage", r.error.message));
  if (!(r.value.value > 0)) return err(new SsbError("usage", `${role} must be positive, got "${text}"`));
  if (r.value.dim === "temperature" && r.value.value > 873.15)
    return err(
      new SsbError(
        "usage",
        `${role} of ${text} is beyond what a heated lab press does (≤ 600 °C); check the unit`,
      ),
    );
  return ok(r.value.value);
}
