/**
 * Object steps (`{ press: 250 MPa, ramp: 5 MPa/s, hold: 2 min }`) read into the same drafts as step
 * strings, and drafts resolved into typed steps: force ⇄ pressure with the die, SI values, and the
 * plausibility checks every value gets (positive, finite, within what a lab press can do).
 */
import { closest, distance } from "fastest-levenshtein";
import { Scalar, YAMLMap, type Node, type Pair } from "yaml";
import { echo } from "../core/text.js";
import { parseQuantity, roundSig, type Dimension, type Quantity } from "../core/units.js";
import { circleArea } from "../core/conversions.js";
import type { DiagnosticSink, SourcePos } from "./diagnostics.js";
import { DEFAULT_RANGE, RANGES, rangeProblem, type RangeName } from "./ranges.js";
import type { Located, StepDraft, StepProblem } from "./step-text.js";
import type { DieSpec, Layer, Step } from "./types.js";
import { posOf, stringPosMapper, type YamlSource } from "./yaml-source.js";

const OBJECT_KEYS: Record<string, string[]> = {
  add: ["add", "position", "on"],
  press: ["press", "ramp", "rate", "hold", "hold_at", "release", "temperature"],
  release: ["release", "rate"],
  heat: ["heat", "rate"],
  cool: ["cool", "rate"],
  ask: ["ask"],
  wait: ["wait"],
  operate: ["operate", "min", "max", "band", "for", "duration", "temperature", "cycling"],
  eject: ["eject"],
};
export const OBJECT_EXAMPLES: Record<string, string> = {
  add: "{ add: cathode, position: top }",
  press: "{ press: 250 MPa, ramp: 5 MPa/s, hold: 2 min, release: 1 MPa/s }",
  release: "{ release: 5 MPa/s }",
  heat: "{ heat: 120 °C, rate: 5 °C/min }",
  cool: "{ cool: 25 °C }",
  ask: '{ ask: "Place the Li foil" }',
  wait: "{ wait: 10 min }",
  operate: "{ operate: 5 MPa, min: 4 MPa, max: 6 MPa, for: 500 h }",
  eject: "{ eject: true }",
};

/** Read an object step into a draft. */
export function stepFromObject(
  node: YAMLMap,
  src: YamlSource,
): { draft?: StepDraft; problems: StepProblem[] } {
  const problems: StepProblem[] = [];
  const pairs = node.items as Pair<Node, Node | null>[];
  const keyOf = (p: Pair<Node, Node | null>) => (p.key instanceof Scalar ? String(p.key.value) : "");
  // "release" is both an action and a field of a press step: it is the action only on its own.
  let verbs = pairs.map(keyOf).filter((k) => k in OBJECT_KEYS);
  if (verbs.length > 1 && verbs.includes("press")) verbs = verbs.filter((v) => v !== "release");
  const nodePos = posOf(src, node);
  if (pairs.length === 0) {
    problems.push({
      rule: "invalid-step",
      message: `an empty step; write an action, e.g. ${OBJECT_EXAMPLES.press} or "Add separator"`,
      pos: nodePos,
    });
    return { problems };
  }
  if (verbs.length !== 1) {
    const first = keyOf(pairs[0]!);
    const guess = closest(first, Object.keys(OBJECT_KEYS));
    const msg =
      verbs.length === 0
        ? `cannot tell what step this is: it needs one action key (${Object.keys(OBJECT_KEYS).join(", ")})${first && distance(first, guess) <= 2 ? `; did you mean "${guess}"?` : ""} — e.g. ${OBJECT_EXAMPLES.press}`
        : `a step has one action, this one has ${verbs.join(" and ")}; split it into separate steps`;
    problems.push({
      rule: "invalid-step",
      message: msg,
      pos: verbs.length === 0 && pairs[0] ? posOf(src, pairs[0].key) : nodePos,
    });
    return { problems };
  }
  const verb = verbs[0]!;
  const allowed = OBJECT_KEYS[verb]!;
  const get = new Map<string, Pair<Node, Node | null>>();
  for (const p of pairs) {
    const k = keyOf(p);
    if (!allowed.includes(k)) {
      const best = closest(k, allowed);
      problems.push({
        rule: "invalid-step",
        message: `"${echo(k, 80)}" is not a field of ${/^[aeiou]/.test(verb) ? "an" : "a"} ${verb} step${distance(k, best) <= 2 ? `; did you mean "${best}"?` : ""} (fields: ${allowed.join(", ")}; e.g. ${OBJECT_EXAMPLES[verb]})`,
        pos: posOf(src, p.key),
      });
      continue;
    }
    get.set(k, p);
  }
  if (problems.length) return { problems };

  const q = (key: string, dims: Dimension[], role: string): Located<Quantity> | undefined | null => {
    const p = get.get(key);
    if (!p) return null;
    const v = p.value;
    const pos = posOf(src, v ?? p);
    if (!(v instanceof Scalar)) {
      problems.push({
        rule: "invalid-quantity",
        message: `${role} must be a number with a unit, e.g. ${OBJECT_EXAMPLES[verb]}`,
        pos,
      });
      return undefined;
    }
    const r = parseQuantity(v.value, { dims, role });
    if (!r.ok) {
      const at = typeof v.value === "string" ? stringPosMapper(src, v)(r.error.offset) : pos;
      problems.push({ rule: "invalid-quantity", message: r.error.message, pos: at });
      return undefined;
    }
    return { value: r.value, pos };
  };
  const text = (key: string): Located<string> | undefined => {
    const p = get.get(key);
    if (!p) return undefined;
    const v = p.value;
    if (v instanceof Scalar && v.value !== null && typeof v.value !== "object")
      return { value: String(v.value), pos: posOf(src, v) };
    problems.push({
      rule: "invalid-step",
      message: `"${key}" must be text, e.g. ${OBJECT_EXAMPLES[verb]}`,
      pos: posOf(src, v ?? p),
    });
    return undefined;
  };
  const fail = () => ({ problems });

  switch (verb) {
    case "add": {
      const layer = text("add");
      const where = text("position") ?? text("on");
      if (!layer) return fail();
      const position = (where?.value ?? "top").toLowerCase();
      if (position !== "top" && position !== "bottom") {
        problems.push({
          rule: "invalid-step",
          message: `position must be "top" or "bottom", not "${echo(where?.value ?? "", 80)}"`,
          pos: where!.pos,
        });
        return fail();
      }
      return { draft: { kind: "add", layer, position }, problems };
    }
    case "press": {
      const target = q("press", ["pressure", "force"], "a press target");
      const ramp = q(get.has("ramp") ? "ramp" : "rate", ["pressure-rate", "force-rate"], "a ramp");
      const hold = q("hold", ["time"], "a hold");
      const temperature = q("temperature", ["temperature"], "a press temperature");
      const holdAt = text("hold_at");
      let release = false;
      let releaseRate: Located<Quantity> | undefined | null = null;
      const rel = get.get("release");
      if (rel) {
        const v = rel.value;
        if (v instanceof Scalar && typeof v.value === "boolean") release = v.value;
        else {
          releaseRate = q("release", ["pressure-rate", "force-rate"], "a release");
          release = true;
        }
      }
      if (
        !target ||
        ramp === undefined ||
        hold === undefined ||
        temperature === undefined ||
        releaseRate === undefined
      )
        return fail();
      let holdMode: "pressure" | "position" = "pressure";
      if (holdAt) {
        if (/^position$/i.test(holdAt.value)) holdMode = "position";
        else if (!/^(pressure|load|force)$/i.test(holdAt.value)) {
          problems.push({
            rule: "invalid-step",
            message: `hold_at must be "pressure" or "position", not "${echo(holdAt.value, 80)}"`,
            pos: holdAt.pos,
          });
          return fail();
        }
      }
      const d: StepDraft = { kind: "press", target, holdMode, release };
      if (ramp) d.ramp = ramp;
      if (hold) d.hold = hold;
      if (temperature) d.temperature = temperature;
      if (releaseRate) d.releaseRate = releaseRate;
      return { draft: d, problems };
    }
    case "release": {
      const v = get.get("release")!.value;
      let rate: Located<Quantity> | undefined | null = null;
      if (!(v instanceof Scalar && (v.value === null || typeof v.value === "boolean")))
        rate = q("release", ["pressure-rate", "force-rate"], "a release");
      const r2 = q("rate", ["pressure-rate", "force-rate"], "a release");
      if (rate === undefined || r2 === undefined) return fail();
      const chosen = rate ?? r2;
      return { draft: chosen ? { kind: "release", rate: chosen } : { kind: "release" }, problems };
    }
    case "heat":
    case "cool": {
      const t = q(verb, ["temperature"], `a ${verb} step`);
      const rate = q("rate", ["temperature-rate"], "a heating rate");
      if (!t || rate === undefined) return fail();
      return {
        draft: rate ? { kind: "heat", temperature: t, rate } : { kind: "heat", temperature: t },
        problems,
      };
    }
    case "ask": {
      const t = text("ask");
      if (!t || t.value.trim() === "") {
        if (t)
          problems.push({
            rule: "invalid-step",
            message: `"ask" needs a question or instruction`,
            pos: t.pos,
          });
        return fail();
      }
      return { draft: { kind: "ask", prompt: t.value }, problems };
    }
    case "wait": {
      const t = q("wait", ["time"], "a wait");
      if (!t) return fail();
      return { draft: { kind: "wait", duration: t }, problems };
    }
    case "operate": {
      const p = q("operate", ["pressure"], "an operating pressure");
      const min = q("min", ["pressure"], "the band's lower end");
      const max = q("max", ["pressure"], "the band's upper end");
      const dur = q(get.has("for") ? "for" : "duration", ["time"], "an operation");
      const temperature = q("temperature", ["temperature"], "the cell temperature");
      if (!p || min === undefined || max === undefined || dur === undefined || temperature === undefined)
        return fail();
      if (!dur) {
        problems.push({
          rule: "invalid-step",
          message: `an operate step needs "for: 500 h"; e.g. ${OBJECT_EXAMPLES.operate}`,
          pos: nodePos,
        });
        return fail();
      }
      const d: StepDraft = { kind: "operate", pressure: p, duration: dur };
      if (min) d.min = min;
      if (max) d.max = max;
      if (temperature) d.temperature = temperature;
      const cyc = get.get("cycling");
      if (cyc) {
        const cv = cyc.value;
        if (!(cv instanceof YAMLMap)) {
          problems.push({
            rule: "invalid-step",
            message: 'cycling must be a map, e.g. "{ capacity: 2 mAh/cm2, current: 0.2 mA/cm2 }"',
            pos: posOf(src, cv ?? cyc),
          });
          return fail();
        }
        for (const cp of cv.items as Pair<Node, Node | null>[]) {
          const k = cp.key instanceof Scalar ? String(cp.key.value) : "";
          const dims: Dimension[] | undefined =
            k === "capacity" ? ["areal-capacity"] : k === "current" ? ["current-density"] : undefined;
          if (!dims) {
            problems.push({
              rule: "invalid-step",
              message: `"${echo(k, 80)}" is not a cycling field (capacity, current)`,
              pos: posOf(src, cp.key),
            });
            return fail();
          }
          const v = cp.value;
          const r =
            v instanceof Scalar ? parseQuantity(v.value, { dims, role: `the cycling ${k}` }) : undefined;
          if (!r || !r.ok) {
            problems.push({
              rule: "invalid-quantity",
              message: r && !r.ok ? r.error.message : `the cycling ${k} must be a number with a unit`,
              pos: posOf(src, v ?? cp),
            });
            return fail();
          }
          if (k === "capacity") d.cyclingCapacity = { value: r.value, pos: posOf(src, v) };
          else d.cyclingCurrent = { value: r.value, pos: posOf(src, v) };
        }
      }
      return { draft: d, problems };
    }
    case "eject": {
      // `true` or the object's name (as the step text allows); anything else, e.g. a number, is
      // probably meant as a setting the step does not have.
      const v = get.get("eject")!.value;
      const ok =
        v instanceof Scalar &&
        (v.value === true ||
          (typeof v.value === "string" && /^(?:the\s+)?(?:pellet|stack|cell)$/i.test(v.value.trim())));
      if (!ok) {
        const shown = v instanceof Scalar ? String(v.value) : "a list or map";
        problems.push({
          rule: "invalid-step",
          message: `"eject" takes true (or "pellet"), not "${echo(shown, 80)}": the whole stack leaves the die; write ${OBJECT_EXAMPLES.eject}`,
          pos: posOf(src, v ?? get.get("eject")!),
        });
        return fail();
      }
      return { draft: { kind: "eject" }, problems };
    }
  }
  return fail();
}

export interface ResolveContext {
  index: number;
  text: string;
  pos: SourcePos;
  die: DieSpec | undefined;
  layers: Map<string, Layer>;
  sink: DiagnosticSink;
}

/** Turn a draft into a typed step, converting with the die and checking every value (see ranges.ts). */
export function resolveDraft(draft: StepDraft, ctx: ResolveContext): Step | undefined {
  const { index, text, pos, sink } = ctx;
  const base = { index, text, pos };
  const area = ctx.die && Number.isFinite(ctx.die.diameter) ? circleArea(ctx.die.diameter) : NaN;
  const dieText = () =>
    ctx.die ? `on the pellet (${roundSig(ctx.die.diameter * 1e3, 4)} mm die)` : "on the pellet";
  let ok = true;
  const bad = (message: string, at: SourcePos) => {
    sink.error("invalid-quantity", message, at, index);
    ok = false;
  };
  /** Check a value against its range (by name, or by its dimension). */
  const inRange = (
    l: Located<Quantity> | undefined,
    role: string,
    range?: RangeName | Partial<Record<Dimension, RangeName>>,
  ) => {
    if (!l) return;
    const name = (typeof range === "string" ? range : range?.[l.value.dim]) ?? DEFAULT_RANGE[l.value.dim];
    const problem = name ? rangeProblem(l.value, RANGES[name], role) : undefined;
    if (problem) bad(problem, l.pos);
  };
  const ambiguity = (l: Located<Quantity> | undefined) => {
    if (l?.value.ambiguity) sink.warning("ambiguous-unit", l.value.ambiguity, l.pos, index);
  };
  const RATE = { "pressure-rate": "pressureRate", "force-rate": "forceRate" } as const;
  /**
   * A pressure or force rate as a pressure rate [Pa/s]; a force rate is converted with the die and
   * the result checked too (a plausible force rate on a tiny die is an absurd pressure rate).
   */
  const asPressureRate = (l: Located<Quantity>, role: string): number | undefined => {
    if (l.value.dim !== "force-rate") return l.value.value;
    const rate = l.value.value / area;
    if (!Number.isFinite(area)) return undefined;
    const problem = rangeProblem(l.value, RANGES.pressureRate, role, {
      si: rate,
      unit: "MPa/s",
      scale: 1e6,
      what: dieText(),
    });
    if (problem) {
      bad(problem, l.pos);
      return undefined;
    }
    return rate;
  };

  switch (draft.kind) {
    case "add": {
      const id = draft.layer.value;
      const exact = ctx.layers.has(id)
        ? id
        : [...ctx.layers.keys()].find((k) => k.toLowerCase() === id.toLowerCase());
      return {
        ...base,
        kind: "add",
        layer: exact ?? id,
        position: draft.position,
        layerPos: draft.layer.pos,
      };
    }
    case "press": {
      const t = draft.target;
      ambiguity(t);
      inRange(t, "a press target", { pressure: "pressPressure", force: "force" });
      inRange(draft.ramp, "a ramp rate", RATE);
      inRange(draft.releaseRate, "a release rate", RATE);
      inRange(draft.hold, "a hold", "hold");
      inRange(draft.temperature, "a temperature", "processTemperature");
      if (!ok) return undefined;
      const pressure = t.value.dim === "force" ? t.value.value / area : t.value.value;
      const force = t.value.dim === "force" ? t.value.value : t.value.value * area;
      if (t.value.dim === "force" && Number.isFinite(area)) {
        const problem = rangeProblem(t.value, RANGES.pressPressure, "a press target", {
          si: pressure,
          unit: "MPa",
          scale: 1e6,
          what: dieText(),
        });
        if (problem) {
          bad(problem, t.pos);
          return undefined;
        }
      }
      const rampRate = draft.ramp && asPressureRate(draft.ramp, "a ramp rate");
      const releaseRate = draft.releaseRate && asPressureRate(draft.releaseRate, "a release rate");
      if (!ok) return undefined;
      const step: Step = {
        ...base,
        kind: "press",
        pressure,
        force,
        targetKind: t.value.dim === "force" ? "force" : "pressure",
        targetText: t.value.text,
        targetPos: t.pos,
        holdMode: draft.holdMode,
        release: draft.release,
      };
      if (draft.ramp && rampRate !== undefined) {
        step.rampRate = rampRate;
        step.rampPos = draft.ramp.pos;
      }
      if (draft.hold) {
        step.hold = draft.hold.value.value;
        step.holdPos = draft.hold.pos;
      }
      if (draft.releaseRate && releaseRate !== undefined) {
        step.releaseRate = releaseRate;
        step.releasePos = draft.releaseRate.pos;
      }
      if (draft.temperature) {
        step.temperature = draft.temperature.value.value;
        step.temperaturePos = draft.temperature.pos;
      }
      return step;
    }
    case "release": {
      inRange(draft.rate, "a release rate", RATE);
      if (!ok) return undefined;
      const rate = draft.rate && asPressureRate(draft.rate, "a release rate");
      if (!ok) return undefined;
      return draft.rate && rate !== undefined
        ? { ...base, kind: "release", rate, ratePos: draft.rate.pos }
        : { ...base, kind: "release" };
    }
    case "heat": {
      inRange(draft.temperature, "a temperature", "processTemperature");
      inRange(draft.rate, "a heating rate", "heatingRate");
      if (!ok) return undefined;
      const s: Step = {
        ...base,
        kind: "heat",
        temperature: draft.temperature.value.value,
        temperaturePos: draft.temperature.pos,
      };
      if (draft.rate) s.rate = draft.rate.value.value;
      return s;
    }
    case "ask":
      return { ...base, kind: "ask", prompt: draft.prompt };
    case "wait": {
      inRange(draft.duration, "a wait", "wait");
      if (!ok) return undefined;
      return { ...base, kind: "wait", duration: draft.duration.value.value };
    }
    case "operate": {
      inRange(draft.pressure, "an operating pressure", "operatingPressure");
      inRange(draft.duration, "an operation", "operation");
      inRange(draft.cyclingCapacity, "a cycling capacity", "cyclingCapacity");
      inRange(draft.cyclingCurrent, "a cycling current", "cyclingCurrent");
      inRange(draft.temperature, "a temperature", "processTemperature");
      if (draft.min && draft.min.value.value < 0)
        bad(
          `the band's lower end must not be negative, got "${echo(draft.min.value.text, 80)}"; write e.g. "Operate at 5 MPa (4..6 MPa) for 500 h"`,
          draft.min.pos,
        );
      else inRange(draft.min, "the band's lower end", "operatingPressure");
      inRange(draft.max, "the band's upper end", "operatingPressure");
      if (!ok) return undefined;
      const p = draft.pressure.value.value;
      const lo = draft.min?.value.value;
      const hi = draft.max?.value.value;
      if (
        (lo !== undefined && lo > p) ||
        (hi !== undefined && hi < p) ||
        (lo !== undefined && hi !== undefined && lo > hi)
      ) {
        bad(
          `the band ${draft.min ? echo(draft.min.value.text, 80) : "…"}..${draft.max ? echo(draft.max.value.text, 80) : "…"} does not contain the nominal ${echo(draft.pressure.value.text, 80)}; write e.g. "Operate at 75 MPa (70..80 MPa) for 500 h"`,
          (draft.min ?? draft.max)!.pos,
        );
        return undefined;
      }
      const s: Step = {
        ...base,
        kind: "operate",
        pressure: p,
        pressurePos: draft.pressure.pos,
        duration: draft.duration.value.value,
        durationPos: draft.duration.pos,
      };
      if (lo !== undefined) s.min = lo;
      if (hi !== undefined) s.max = hi;
      if (draft.min || draft.max) s.bandPos = (draft.min ?? draft.max)!.pos;
      if (draft.temperature) s.temperature = draft.temperature.value.value;
      if (draft.cyclingCapacity || draft.cyclingCurrent) {
        s.cycling = { pos: (draft.cyclingCapacity ?? draft.cyclingCurrent)!.pos };
        if (draft.cyclingCapacity) s.cycling.capacity = draft.cyclingCapacity.value.value;
        if (draft.cyclingCurrent) s.cycling.current = draft.cyclingCurrent.value.value;
      }
      return s;
    }
    case "eject":
      return { ...base, kind: "eject" };
  }
}
