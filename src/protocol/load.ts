/**
 * Loading: protocol text → typed Protocol plus diagnostics (schema, units, materials, steps).
 * Nothing here judges safety; that is the checker's job (`check.ts`). Loading never throws on bad
 * input: every problem becomes a diagnostic with a line and column.
 */
import { closest, distance } from "fastest-levenshtein";
import { Scalar, YAMLMap, YAMLSeq, type Node, type Pair } from "yaml";
import { echo } from "../core/text.js";
import { parseQuantity, roundSig, type Dimension, type Quantity } from "../core/units.js";
import { findMaterial, makeComposite, layerClass, PROP } from "../materials/index.js";
import type { Material, MaterialClass, LayerMaterial, Property } from "../materials/index.js";
import {
  DiagnosticSink,
  MAX_DIAGNOSTICS,
  type Diagnostic,
  type OmittedCounts,
  type SourcePos,
} from "./diagnostics.js";
import { DEFAULT_RANGE, RANGES, rangeProblem, type RangeName } from "./ranges.js";
import { resolveDraft, stepFromObject } from "./steps.js";
import { readStepText } from "./step-text.js";
import type {
  DieSpec,
  FixtureSpec,
  Layer,
  LayerLimits,
  LayerRole,
  PressKind,
  PressSpec,
  Protocol,
  Step,
} from "./types.js";
import {
  decodeProtocolBytes,
  parseYaml,
  posOf,
  posOfOffset,
  stringPosMapper,
  type YamlSource,
} from "./yaml-source.js";

export interface LoadResult {
  /** Undefined when the file could not be parsed or read as a protocol at all. */
  protocol?: Protocol;
  /** At most MAX_DIAGNOSTICS; errors are kept before warnings (see DiagnosticSink). */
  diagnostics: Diagnostic[];
  /** Diagnostics found beyond MAX_DIAGNOSTICS, by severity. */
  omitted: OmittedCounts;
  source?: YamlSource;
}

/**
 * Most layers a protocol may define. A cell has 3–10 layers (current collectors, interlayers,
 * composite and separator sublayers); a multilayer or bipolar stack of a dozen cells stays under 100.
 * The simulator's work grows with layers × steps; beyond this a file is generated garbage, not a lab
 * protocol, and reading it all would only cost time and memory.
 */
const MAX_LAYERS = 100;

/**
 * Most steps a protocol may have. Pressing protocols have 5–50 steps; the benchmark protocol has 200
 * and a long automated programme (pressure cycling, many holds) a few hundred. 1,000 leaves room for
 * those while keeping the checker and the simulator, which walk every step, well under a second.
 */
const MAX_STEPS = 1000;

const TOP_KEYS = [
  "name",
  "description",
  "die",
  "press",
  "fixture",
  "materials",
  "layers",
  "steps",
  "notes",
  "author",
  "date",
  "references",
  "version",
];
const LAYER_KEYS = [
  "material",
  "mass",
  "thickness",
  "role",
  "form",
  "relative_density",
  "max_pressure",
  "densify_at",
  "max_operating_pressure",
  "max_temperature",
  "note",
  "notes",
];
const MATERIAL_KEYS = [
  "class",
  "based_on",
  "density",
  "densify_at",
  "max_pressure",
  "max_operating_pressure",
  "max_temperature",
  "fracture_pressure",
  "description",
  "citations",
];
const CLASSES: MaterialClass[] = [
  "sulfide-electrolyte",
  "oxide-electrolyte",
  "halide-electrolyte",
  "cathode-active",
  "metal-anode",
  "alloy-anode",
  "anode-active",
  "additive",
  "binder",
];

/** Load a protocol from bytes (what a file holds). */
export function loadProtocolBytes(file: string, bytes: Uint8Array): LoadResult {
  const decoded = decodeProtocolBytes(bytes);
  if (decoded.text === undefined) {
    const sink = new DiagnosticSink(MAX_DIAGNOSTICS);
    sink.add({ ...decoded.diagnostic!, step: null });
    return { diagnostics: sink.items, omitted: sink.omittedBy };
  }
  return loadProtocolText(file, decoded.text);
}

/** Load a protocol from text. */
export function loadProtocolText(file: string, text: string): LoadResult {
  const sink = new DiagnosticSink(MAX_DIAGNOSTICS);
  const { src, diagnostics, unsupported } = parseYaml(file, text);
  for (const d of diagnostics) sink.add(d);
  const done = (protocol?: Protocol): LoadResult => ({
    ...(protocol ? { protocol } : {}),
    diagnostics: sink.items,
    omitted: sink.omittedBy,
    ...(src ? { source: src } : {}),
  });
  // A file that is not YAML, or uses YAML features whose values cannot be read where they are
  // written (aliases, tags), is reported and not read on: guessing would only add confusing errors.
  if (!src || unsupported || diagnostics.some((d) => d.fatal)) return done();
  return done(new Loader(src, sink).load());
}

class Loader {
  private readonly inline = new Map<string, Material>();
  /** Layers whose definition was reported as wrong: adding them is not reported again as unknown. */
  private readonly brokenLayers = new Set<string>();
  /** Step numbers of the Add steps of those layers, left out of the steps. */
  private readonly skippedAdds: number[] = [];

  constructor(
    private readonly src: YamlSource,
    private readonly sink: DiagnosticSink,
  ) {}

  pos(node: Node | Pair | null | undefined): SourcePos {
    return posOf(this.src, node);
  }

  load(): Protocol | undefined {
    const root = this.src.doc.contents;
    if (!(root instanceof YAMLMap)) {
      const what = root instanceof YAMLSeq ? "a list" : root instanceof Scalar ? "a single value" : "nothing";
      this.sink.error(
        "schema",
        `the file holds ${what}, not a protocol; a protocol is a map with the keys "die", "layers" and "steps" (see examples/)`,
        this.pos(root),
      );
      return undefined;
    }
    const get = this.mapEntries(root, TOP_KEYS, "protocol");
    const name = this.optString(get.get("name"), "name") ?? "";
    if (!get.has("name"))
      this.sink.warning(
        "schema",
        'the protocol has no "name"; add one so runs and reports can be told apart',
        { line: 1, column: 1 },
      );

    const die = this.die(get.get("die"), root);
    const press = get.has("press") ? this.press(get.get("press")!) : undefined;
    const fixture = get.has("fixture") ? this.fixture(get.get("fixture")!) : undefined;
    if (get.has("materials")) this.materials(get.get("materials")!);
    const layers = this.layers(get.get("layers"), root);
    const steps = this.steps(get.get("steps"), root, die, layers);

    const protocol: Protocol = {
      file: this.src.file,
      name,
      die: die ?? { diameter: NaN, pos: this.pos(root) },
      layers,
      steps,
    };
    if (press) protocol.press = press;
    if (fixture) protocol.fixture = fixture;
    if (this.skippedAdds.length) protocol.skippedAdds = this.skippedAdds;
    return protocol;
  }

  // ---- generic helpers ---------------------------------------------------------------------

  /** Entries of a map by key, reporting unknown keys with the closest known one. */
  mapEntries(map: YAMLMap, known: string[], what: string): Map<string, Pair<Node, Node | null>> {
    const out = new Map<string, Pair<Node, Node | null>>();
    for (const pair of map.items as Pair<Node, Node | null>[]) {
      const key = pair.key instanceof Scalar ? String(pair.key.value) : undefined;
      if (key === undefined) {
        this.sink.error("schema", `a key in the ${what} is not a plain name`, this.pos(pair.key));
        continue;
      }
      if (!known.includes(key)) {
        const best = closest(key, known);
        const hint =
          distance(key, best) <= 2 ? `; did you mean "${best}"?` : `; known keys: ${known.join(", ")}`;
        this.sink.warning(
          "schema",
          `unknown key "${echo(key, 80)}" in the ${what} (ignored)${hint}`,
          this.pos(pair.key),
        );
        continue;
      }
      out.set(key, pair);
    }
    return out;
  }

  optString(pair: Pair<Node, Node | null> | undefined, what: string): string | undefined {
    if (!pair) return undefined;
    const v = pair.value;
    if (v instanceof Scalar && (typeof v.value === "string" || typeof v.value === "number"))
      return String(v.value);
    this.sink.error("schema", `"${what}" must be text`, this.pos(v ?? pair));
    return undefined;
  }

  /**
   * Parse a scalar node as a quantity and check it against its plausibility range (named, or the
   * default for its dimension, see ranges.ts); reports and returns undefined on failure.
   */
  quantity(
    node: Node | null | undefined,
    at: Pair | Node,
    dims: Dimension[],
    role: string,
    range?: RangeName | Partial<Record<Dimension, RangeName>>,
    example?: string,
  ): { q: Quantity; pos: SourcePos } | undefined {
    const pos = this.pos(node ?? at);
    if (!(node instanceof Scalar)) {
      this.sink.error(
        "invalid-quantity",
        `${role} must be a number with a unit (e.g. "${example ?? exampleOf(dims[0]!)}"), not ${node ? "a list or map" : "empty"}`,
        pos,
      );
      return undefined;
    }
    const r = parseQuantity(node.value, { dims, role, example });
    if (!r.ok) {
      const mapper = typeof node.value === "string" ? stringPosMapper(this.src, node) : () => pos;
      this.sink.error("invalid-quantity", r.error.message, mapper(r.error.offset));
      return undefined;
    }
    const name = (typeof range === "string" ? range : range?.[r.value.dim]) ?? DEFAULT_RANGE[r.value.dim];
    const problem = name ? rangeProblem(r.value, RANGES[name], role) : undefined;
    if (problem) {
      this.sink.error("invalid-quantity", problem, pos);
      return undefined;
    }
    if (r.value.ambiguity) this.sink.warning("ambiguous-unit", r.value.ambiguity, pos);
    return { q: r.value, pos };
  }

  /**
   * A relative density: a fraction of the theoretical density, written "96 %" or 0.96. A bare number
   * above 1 is most likely a percentage without its sign: refused with the two ways to write it.
   */
  relativeDensity(at: Pair<Node, Node | null>, layer: string): { value: number; pos: SourcePos } | undefined {
    const node = at.value;
    const pos = this.pos(node ?? at);
    const role = `the relative density of layer "${layer}"`;
    let value: number | undefined;
    if (node instanceof Scalar && typeof node.value === "number") {
      if (node.value > 1 && node.value <= 100) {
        this.sink.error(
          "invalid-quantity",
          `${role} is a fraction of the theoretical density: write ${node.value} % or ${roundSig(node.value / 100, 4)}`,
          pos,
        );
        return undefined;
      }
      value = node.value;
    } else {
      const q = this.quantity(node, at, ["fraction"], role, undefined, "96 %");
      if (!q) return undefined;
      value = q.q.value;
    }
    if (!(Number.isFinite(value) && value > 0 && value <= 1)) {
      this.sink.error(
        "invalid-quantity",
        `${role} must lie above 0 and at most 100 % of the theoretical density, got ${echo(String(node instanceof Scalar ? node.value : value), 80)}; e.g. "96 %"`,
        pos,
      );
      return undefined;
    }
    return { value, pos };
  }

  /** A positive quantity within its plausibility range (every range excludes zero unless it says so). */
  positive(
    node: Node | null | undefined,
    at: Pair | Node,
    dims: Dimension[],
    role: string,
    range?: RangeName | Partial<Record<Dimension, RangeName>>,
  ): { q: Quantity; pos: SourcePos } | undefined {
    return this.quantity(node, at, dims, role, range);
  }

  // ---- sections ------------------------------------------------------------------------------

  die(pair: Pair<Node, Node | null> | undefined, root: YAMLMap): DieSpec | undefined {
    if (!pair) {
      this.sink.error(
        "schema",
        'the protocol has no "die"; add e.g. "die: { diameter: 10 mm }" (pressure ⇄ force needs it)',
        this.pos(root),
      );
      return undefined;
    }
    const v = pair.value;
    let diameterNode: Node | null | undefined = v;
    let ratingPair: Pair<Node, Node | null> | undefined;
    if (v instanceof YAMLMap) {
      const e = this.mapEntries(v, ["diameter", "rating", "material", "name", "note"], "die");
      diameterNode = e.get("diameter")?.value;
      ratingPair = e.get("rating");
      if (!e.has("diameter")) {
        this.sink.error("schema", 'the die has no "diameter"; add e.g. "diameter: 10 mm"', this.pos(v));
        return undefined;
      }
    }
    const d = this.positive(diameterNode, pair, ["length"], "the die diameter", "dieDiameter");
    if (!d) return undefined;
    const die: DieSpec = { diameter: d.q.value, pos: d.pos };
    if (ratingPair) {
      const r = this.positive(ratingPair.value, ratingPair, ["pressure", "force"], "the die rating", {
        pressure: "dieRating",
        force: "force",
      });
      const rating = r && (r.q.dim === "force" ? r.q.value / ((Math.PI * d.q.value ** 2) / 4) : r.q.value);
      const problem =
        r && r.q.dim === "force"
          ? rangeProblem(r.q, RANGES.dieRating, "the die rating", {
              si: rating!,
              unit: "MPa",
              scale: 1e6,
              what: `on this ${roundSig(d.q.value * 1e3, 4)} mm die`,
            })
          : undefined;
      if (problem) this.sink.error("invalid-quantity", problem, r!.pos);
      else if (r) {
        die.rating = rating!;
        die.ratingPos = r.pos;
      }
    }
    return die;
  }

  press(pair: Pair<Node, Node | null>): PressSpec | undefined {
    const v = pair.value;
    const spec: PressSpec = { pos: this.pos(pair) };
    if (v instanceof Scalar) {
      const c = this.positive(v, pair, ["force"], "the press capacity", "force");
      if (c) {
        spec.capacity = c.q.value;
        spec.capacityPos = c.pos;
      }
      return spec;
    }
    if (!(v instanceof YAMLMap)) {
      this.sink.error(
        "schema",
        'the press must be a map, e.g. "press: { capacity: 10 t, type: automatic }"',
        this.pos(v ?? pair),
      );
      return spec;
    }
    const e = this.mapEntries(
      v,
      ["capacity", "type", "max_temperature", "ram", "gauge", "name", "model", "note"],
      "press",
    );
    const cap = e.get("capacity");
    if (cap) {
      const c = this.positive(cap.value, cap, ["force"], "the press capacity", "force");
      if (c) {
        spec.capacity = c.q.value;
        spec.capacityPos = c.pos;
      }
    }
    const type = e.get("type");
    if (type) {
      const t = this.optString(type, "press type");
      if (t && ["manual", "automatic", "heated"].includes(t)) spec.kind = t as PressKind;
      else if (t)
        this.sink.error(
          "schema",
          `press type "${echo(t)}" is not one of manual, automatic, heated`,
          this.pos(type.value),
        );
    }
    const mt = e.get("max_temperature");
    if (mt) {
      const q = this.quantity(
        mt.value,
        mt,
        ["temperature"],
        "the press's maximum temperature",
        "limitTemperature",
      );
      if (q) spec.maxTemperature = q.q.value;
      if (!spec.kind) spec.kind = "heated";
    }
    const ram = e.get("ram");
    if (ram) {
      const q = this.positive(ram.value, ram, ["length"], "the ram diameter", "ramDiameter");
      if (q) spec.ramDiameter = q.q.value;
    }
    const gauge = e.get("gauge");
    if (gauge) {
      const g = this.gaugeUnit(gauge);
      if (g) spec.gauge = g;
    }
    return spec;
  }

  /** The unit a press's gauge reads in: a known pressure or force unit, in its canonical spelling. */
  gaugeUnit(pair: Pair<Node, Node | null>): string | undefined {
    const g = this.optString(pair, "the gauge unit");
    if (g === undefined) return undefined;
    const pos = this.pos(pair.value ?? pair);
    const r = parseQuantity(`1 ${g}`, { dims: ["pressure", "force"], role: "the gauge unit" });
    if (r.ok) return r.value.unit;
    // Messages of the quantity parser quote "1 UNIT"; say it about the unit alone.
    const unknown = r.error.message.startsWith("unknown unit");
    const detail = unknown
      ? r.error.message.replace(/ in "1 .*?"(?=;|$)/, "")
      : `"${echo(g)}" is not a unit of pressure or force`;
    const column =
      pair.value instanceof Scalar && typeof pair.value.value === "string"
        ? stringPosMapper(this.src, pair.value)(Math.max(0, r.error.offset - 2))
        : pos;
    this.sink.error(
      "invalid-quantity",
      `the gauge unit ${detail}; write the unit the gauge reads in, e.g. "gauge: bar", "gauge: psi", "gauge: MPa" or "gauge: t"`,
      unknown ? column : pos,
    );
    return undefined;
  }

  fixture(pair: Pair<Node, Node | null>): FixtureSpec | undefined {
    const v = pair.value;
    const pos = this.pos(pair);
    if (v instanceof Scalar && ["rigid", "spring", "servo"].includes(String(v.value))) {
      return { type: String(v.value), pos } as FixtureSpec;
    }
    if (!(v instanceof YAMLMap)) {
      this.sink.error(
        "schema",
        'the fixture must be e.g. "{ type: rigid, stiffness: 50 kN/mm }", "{ type: spring, rate: 20 kN/mm, preload: 5 kN }" or "{ type: servo }"',
        pos,
      );
      return undefined;
    }
    const e = this.mapEntries(
      v,
      ["type", "stiffness", "rate", "preload", "bolts", "torque", "note"],
      "fixture",
    );
    const type = this.optString(e.get("type"), "fixture type");
    if (type === "rigid") {
      const f: FixtureSpec = { type: "rigid", pos };
      const s = e.get("stiffness");
      if (s) {
        const q = this.positive(s.value, s, ["stiffness"], "the fixture stiffness", "stiffness");
        if (q) f.stiffness = q.q.value;
      }
      return f;
    }
    if (type === "spring") {
      const f: FixtureSpec = { type: "spring", pos };
      const r = e.get("rate");
      if (r) {
        const q = this.positive(r.value, r, ["stiffness"], "the spring rate", "stiffness");
        if (q) f.rate = q.q.value;
      }
      const p = e.get("preload");
      if (p) {
        const q = this.positive(p.value, p, ["force"], "the spring preload", "preload");
        if (q) f.preload = q.q.value;
      }
      return f;
    }
    if (type === "servo") return { type: "servo", pos };
    this.sink.error(
      "schema",
      `fixture type must be rigid, spring or servo${type ? `, not "${echo(type)}"` : ""}`,
      this.pos(e.get("type")?.value ?? v),
    );
    return undefined;
  }

  /** Inline material definitions: `materials: { MySE: { class: sulfide-electrolyte, density: 1.9 g/cm3 } }`. */
  materials(pair: Pair<Node, Node | null>): void {
    const v = pair.value;
    if (!(v instanceof YAMLMap)) {
      this.sink.error(
        "schema",
        '"materials" must be a map of name → definition, e.g. "MySE: { based_on: Li6PS5Cl, densify_at: 300 MPa }"',
        this.pos(v ?? pair),
      );
      return;
    }
    for (const item of v.items as Pair<Node, Node | null>[]) {
      const name = item.key instanceof Scalar ? String(item.key.value) : "";
      const def = item.value;
      if (!(def instanceof YAMLMap)) {
        this.sink.error(
          "schema",
          `material "${name}" must be a map with at least "class" or "based_on"`,
          this.pos(def ?? item),
        );
        continue;
      }
      const e = this.mapEntries(def, MATERIAL_KEYS, `material "${name}"`);
      let base: Material | undefined;
      const basedOn = this.optString(e.get("based_on"), "based_on");
      if (basedOn) {
        const r = findMaterial(basedOn);
        if (r.ok) base = r.value;
        else this.sink.error("unknown-material", r.error.message, this.pos(e.get("based_on")!.value));
      }
      const clsText = this.optString(e.get("class"), "class");
      let cls: MaterialClass | undefined = base?.class;
      if (clsText) {
        if ((CLASSES as string[]).includes(clsText)) cls = clsText as MaterialClass;
        else {
          const best = closest(clsText, CLASSES);
          this.sink.error(
            "schema",
            `material class "${clsText}" is unknown; did you mean "${best}"? Classes: ${CLASSES.join(", ")}`,
            this.pos(e.get("class")!.value),
          );
          continue;
        }
      }
      if (!cls) {
        this.sink.error(
          "schema",
          `material "${name}" needs "class" (one of ${CLASSES.join(", ")}) or "based_on" (a known material)`,
          this.pos(item.key),
        );
        continue;
      }
      const citations = this.citations(e.get("citations"));
      const props: Material["properties"] = { ...(base?.properties ?? {}) };
      // Limits default to those of the database material this one stands for, so that no definition
      // lifts a limit silently: a material carrying a database name keeps that material's limits (not
      // those of its based_on), a soft metal defined by class alone takes its class's, and every limit
      // written explicitly is reported as an override by the checker.
      const derivedFrom = limitDefaults(name, base, cls);
      if (derivedFrom) {
        const source = findMaterial(derivedFrom.material);
        for (const key of LIMIT_KEYS) {
          const v = source.ok ? source.value.properties[key] : undefined;
          if (v) props[key] = v;
          else delete props[key];
        }
      }
      const propertyPos: Record<string, SourcePos> = {};
      const prop = (value: number): Property => ({
        value,
        citations,
        confidence: citations.length ? "D" : "A",
        note: `defined in ${this.src.file}`,
      });
      const setQ = (
        key: string,
        dims: Dimension[],
        propKey: string,
        role: string,
        toUnit: (si: number) => number,
      ) => {
        const p = e.get(key);
        if (!p) return;
        const q = this.positive(p.value, p, dims, role);
        if (q) {
          props[propKey] = prop(toUnit(q.q.value));
          propertyPos[propKey] = q.pos;
        }
      };
      setQ("density", ["density"], PROP.density, "the density", (si) => si / 1000);
      setQ(
        "densify_at",
        ["pressure"],
        PROP.densificationPressure,
        "the densification pressure",
        (si) => si / 1e6,
      );
      setQ(
        "max_pressure",
        ["pressure"],
        PROP.assemblyPressureMax,
        "the assembly pressure limit",
        (si) => si / 1e6,
      );
      setQ(
        "max_operating_pressure",
        ["pressure"],
        PROP.operatingPressureMax,
        "the operating pressure limit",
        (si) => si / 1e6,
      );
      setQ(
        "fracture_pressure",
        ["pressure"],
        PROP.fracturePressure,
        "the fracture pressure",
        (si) => si / 1e6,
      );
      const mt = e.get("max_temperature");
      if (mt) {
        const q = this.quantity(mt.value, mt, ["temperature"], "the temperature limit");
        if (q) {
          props[PROP.temperatureMax] = prop(q.q.value - 273.15);
          propertyPos[PROP.temperatureMax] = q.pos;
        }
      }
      const material: Material = {
        name,
        aliases: [],
        class: cls,
        description:
          this.optString(e.get("description"), "description") ??
          (base ? `${base.name} as defined in ${this.src.file}` : `defined in ${this.src.file}`),
        properties: props,
        inline: true,
        definedAt: this.pos(item.key),
        propertyPos,
        ...(derivedFrom ? { derivedFrom } : {}),
      };
      this.inline.set(name.toLowerCase(), material);
    }
  }

  citations(pair: Pair<Node, Node | null> | undefined): string[] {
    if (!pair) return [];
    const v = pair.value;
    if (v instanceof Scalar) return [String(v.value)];
    if (v instanceof YAMLSeq)
      return (v.items as Node[]).map((n) => (n instanceof Scalar ? String(n.value) : "")).filter(Boolean);
    return [];
  }

  lookupMaterial(name: string, node: Node): Material | undefined {
    const own = this.inline.get(name.trim().toLowerCase());
    if (own) return own;
    const r = findMaterial(name);
    if (r.ok) return r.value;
    const inlineNames = [...this.inline.values()].map((m) => m.name);
    const extra = inlineNames.length ? ` (this file defines: ${inlineNames.join(", ")})` : "";
    this.sink.error(
      "unknown-material",
      `${r.error.message}${extra}${/[?.]$/.test(r.error.message + extra) ? " Or" : "; or"} define it under "materials:" in the protocol`,
      this.pos(node),
    );
    return undefined;
  }

  layerMaterial(node: Node | null | undefined, at: Pair, id: string): LayerMaterial | undefined {
    if (node instanceof Scalar && typeof node.value === "string")
      return this.lookupMaterial(node.value, node);
    if (node instanceof YAMLMap) {
      const parts: { material: Material; fraction: number }[] = [];
      let basis: "weight" | "volume" | undefined;
      let okAll = true;
      for (const item of node.items as Pair<Node, Node | null>[]) {
        const name = item.key instanceof Scalar ? String(item.key.value) : "";
        const m = this.lookupMaterial(name, item.key);
        const q = this.quantity(
          item.value,
          item,
          ["fraction"],
          `the fraction of ${echo(name, 80)} in layer "${id}"`,
        );
        if (!m || !q) {
          okAll = false;
          continue;
        }
        const b = q.q.basis === "volume" ? "volume" : "weight";
        if (q.q.basis === "plain") {
          this.sink.warning(
            "ambiguous-unit",
            `"${echo(q.q.text, 80)}" does not say weight or volume; read as wt% — write "wt%" or "vol%"`,
            q.pos,
          );
        }
        if (basis && b !== basis) {
          this.sink.error(
            "invalid-quantity",
            `layer "${id}" mixes wt% and vol%; use one basis for all components, e.g. "{ NMC811: 70 wt%, Li6PS5Cl: 30 wt% }"`,
            q.pos,
          );
          okAll = false;
        }
        basis = b;
        parts.push({ material: m, fraction: q.q.value });
      }
      if (!okAll) return undefined;
      if (parts.length === 0) {
        this.sink.error(
          "schema",
          `layer "${id}" lists no components; e.g. "material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }"`,
          this.pos(node),
        );
        return undefined;
      }
      const sum = parts.reduce((s, p) => s + p.fraction, 0);
      if (Math.abs(sum - 1) > 0.005) {
        this.sink.warning(
          "composition",
          `the fractions of layer "${id}" add up to ${(sum * 100).toFixed(1)} %, not 100 %; they were scaled to 100 % — correct them if that is not what you meant, e.g. "{ NMC811: 70 wt%, Li6PS5Cl: 30 wt% }"`,
          this.pos(node),
        );
      }
      if (parts.length === 1) return parts[0]!.material;
      try {
        return makeComposite(
          parts.map((p) => `${p.material.name}:${Math.round((p.fraction / sum) * 1000) / 10}`).join(","),
          parts,
          basis ?? "weight",
        );
      } catch (e) {
        this.sink.error("invalid-quantity", `layer "${id}": ${(e as Error).message}`, this.pos(node));
        return undefined;
      }
    }
    this.sink.error(
      "schema",
      `layer "${id}" needs a material: a name ("Li6PS5Cl") or a mixture ("{ NMC811: 70 wt%, Li6PS5Cl: 30 wt% }")`,
      this.pos(node ?? at),
    );
    return undefined;
  }

  layers(pair: Pair<Node, Node | null> | undefined, root: YAMLMap): Map<string, Layer> {
    const layers = new Map<string, Layer>();
    if (!pair) {
      this.sink.error(
        "schema",
        'the protocol has no "layers"; add e.g. "layers: { separator: { material: Li6PS5Cl, mass: 80 mg } }"',
        this.pos(root),
      );
      return layers;
    }
    const v = pair.value;
    if (!(v instanceof YAMLMap) || v.items.length === 0) {
      this.sink.error(
        "schema",
        '"layers" must be a map of layer id → { material, mass or thickness }, e.g. "separator: { material: Li6PS5Cl, mass: 80 mg }"',
        this.pos(v ?? pair),
      );
      return layers;
    }
    const items = v.items as Pair<Node, Node | null>[];
    if (items.length > MAX_LAYERS) {
      this.sink.error(
        "schema",
        `the protocol defines ${items.length} layers; at most ${MAX_LAYERS} are read (a cell has 3–10, a stack of cells a few dozen) and the layers from here on are ignored: check that the file is what you meant, or split the stack into several protocols`,
        this.pos(items[MAX_LAYERS]!),
      );
      // The ignored layers are not reported again as unknown when a step adds them.
      for (const item of items.slice(MAX_LAYERS))
        if (item.key instanceof Scalar) this.brokenLayers.add(String(item.key.value));
    }
    for (const item of items.slice(0, MAX_LAYERS)) {
      const id = item.key instanceof Scalar ? String(item.key.value) : "";
      const shown = echo(id, 80);
      const def = item.value;
      const pos = this.pos(item.key);
      let material: LayerMaterial | undefined;
      let materialPos: SourcePos;
      const limits: LayerLimits = {};
      const limitPos: Layer["limitPos"] = {};
      let mass: number | undefined;
      let thickness: number | undefined;
      let role: LayerRole | undefined;
      let form: Layer["form"] | undefined;
      let relativeDensity: { value: number; pos: SourcePos } | undefined;
      if (def instanceof Scalar) {
        material = this.layerMaterial(def, item, shown);
        materialPos = this.pos(def);
      } else if (def instanceof YAMLMap) {
        const e = this.mapEntries(def, LAYER_KEYS, `layer "${shown}"`);
        const m = e.get("material");
        if (!m) {
          this.sink.error(
            "schema",
            `layer "${shown}" has no "material"; add e.g. "material: Li6PS5Cl" or "material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }"`,
            pos,
          );
          this.brokenLayers.add(id);
          continue;
        }
        materialPos = this.pos(m.value ?? m);
        material = this.layerMaterial(m.value, m, shown);
        const ms = e.get("mass");
        if (ms)
          mass = this.positive(ms.value, ms, ["mass"], `the mass of layer "${shown}"`, "layerMass")?.q.value;
        const th = e.get("thickness");
        if (th)
          thickness = this.positive(
            th.value,
            th,
            ["length"],
            `the thickness of layer "${shown}"`,
            "layerThickness",
          )?.q.value;
        const rl = this.optString(e.get("role"), "role");
        if (rl) {
          if (["separator", "cathode", "anode", "other"].includes(rl)) role = rl as LayerRole;
          else
            this.sink.error(
              "schema",
              `role "${echo(rl, 80)}" is not one of separator, cathode, anode, other`,
              this.pos(e.get("role")!.value),
            );
        }
        const fm = this.optString(e.get("form"), "form");
        if (fm) {
          if (["powder", "pellet", "foil"].includes(fm)) form = fm as Layer["form"];
          else
            this.sink.error(
              "schema",
              `form "${echo(fm, 80)}" is not one of powder, pellet (e.g. sintered), foil`,
              this.pos(e.get("form")!.value),
            );
        }
        const rd = e.get("relative_density");
        if (rd) relativeDensity = this.relativeDensity(rd, shown);
        const lim = (key: string, field: keyof LayerLimits, dims: Dimension[], what: string) => {
          const p = e.get(key);
          if (!p) return;
          const q = this.quantity(p.value, p, dims, what);
          if (q) {
            limits[field] = q.q.value;
            limitPos[field] = q.pos;
          }
        };
        lim("max_pressure", "assemblyPressureMax", ["pressure"], `the pressure limit of layer "${shown}"`);
        lim(
          "densify_at",
          "densificationPressure",
          ["pressure"],
          `the densification pressure of layer "${shown}"`,
        );
        lim(
          "max_operating_pressure",
          "operatingPressureMax",
          ["pressure"],
          `the operating pressure limit of layer "${shown}"`,
        );
        lim(
          "max_temperature",
          "temperatureMax",
          ["temperature"],
          `the temperature limit of layer "${shown}"`,
        );
      } else {
        this.sink.error(
          "schema",
          `layer "${shown}" must be a material name or a map with "material", e.g. "${shown}: { material: Li6PS5Cl, mass: 80 mg }"`,
          pos,
        );
        this.brokenLayers.add(id);
        continue;
      }
      if (!material) {
        this.brokenLayers.add(id);
        continue;
      }
      const layerForm =
        form ?? (["metal-anode", "alloy-anode"].includes(layerClass(material)) ? "foil" : "powder");
      if (relativeDensity && !(layerForm === "pellet" && layerClass(material) === "oxide-electrolyte")) {
        this.sink.error(
          "schema",
          `relative_density is the measured density of a ready oxide pellet (e.g. a sintered LLZO separator with "form: pellet"), which pressing does not change; layer "${shown}" is ${
            layerForm === "pellet"
              ? `a ${layerClass(material).replace(/-/g, " ")} pellet, which stays on the powder-compaction law`
              : `a ${layerForm}`
          }, whose density comes from pressing: remove relative_density`,
          relativeDensity.pos,
        );
        relativeDensity = undefined;
      }
      layers.set(id, {
        id,
        material,
        role: role ?? inferRole(id, material),
        form: layerForm,
        ...(relativeDensity
          ? { relativeDensity: relativeDensity.value, relativeDensityPos: relativeDensity.pos }
          : {}),
        ...(mass !== undefined ? { mass } : {}),
        ...(thickness !== undefined ? { thickness } : {}),
        limits,
        limitPos,
        pos,
        materialPos,
      });
    }
    return layers;
  }

  steps(
    pair: Pair<Node, Node | null> | undefined,
    root: YAMLMap,
    die: DieSpec | undefined,
    layers: Map<string, Layer>,
  ): Step[] {
    if (!pair) {
      this.sink.error(
        "schema",
        'the protocol has no "steps"; add a list such as "- Add separator" and "- Press to 250 MPa, hold 2 min"',
        this.pos(root),
      );
      return [];
    }
    const v = pair.value;
    if (!(v instanceof YAMLSeq)) {
      this.sink.error(
        "schema",
        '"steps" must be a list ("- Add separator", "- Press to 250 MPa, hold 2 min", …)',
        this.pos(v ?? pair),
      );
      return [];
    }
    if (v.items.length === 0) {
      this.sink.error("schema", '"steps" is empty; add at least one "Add" and one "Press" step', this.pos(v));
      return [];
    }
    const steps: Step[] = [];
    const items = v.items as (Node | null)[];
    if (items.length > MAX_STEPS) {
      this.sink.error(
        "schema",
        `the protocol has ${items.length} steps; at most ${MAX_STEPS} are read (a pressing protocol has 5–50) and the steps from step ${MAX_STEPS + 1} on are ignored: check that the file is what you meant, or split it into several protocols`,
        this.pos(items[MAX_STEPS] ?? v),
        MAX_STEPS + 1,
      );
    }
    items.slice(0, MAX_STEPS).forEach((node, i) => {
      const index = i + 1;
      const pos = this.pos(node ?? v);
      let result;
      if (node instanceof Scalar && typeof node.value === "string") {
        result = readStepText(node.value, stringPosMapper(this.src, node));
      } else if (node instanceof YAMLMap) {
        result = stepFromObject(node, this.src);
      } else {
        const empty = !node || (node instanceof Scalar && node.value === null);
        // An empty item has no text of its own: point at its "-".
        const start = node?.range?.[0];
        const dash = start === undefined ? -1 : this.src.text.lastIndexOf("-", start);
        const at =
          empty && dash >= 0 && this.src.text.slice(dash + 1, start).trim() === ""
            ? posOfOffset(this.src, dash)
            : pos;
        this.sink.error(
          "invalid-step",
          `step ${index} ${empty ? 'is empty; remove the lone "-" or write a step,' : "must be text or a map,"} e.g. "Press to 250 MPa, hold 2 min" or "{ press: 250 MPa, hold: 2 min }"`,
          at,
          index,
        );
        return;
      }
      for (const p of result.problems) this.sink.error(p.rule, p.message, p.pos, index);
      if (!result.draft) return;
      const text = node instanceof Scalar ? String(node.value) : renderObjectStep(node as YAMLMap);
      const step = resolveDraft(result.draft, { index, text, pos, die, layers, sink: this.sink });
      // The layer's own error says what is wrong; "no layer … is defined" would only mislead.
      if (step?.kind === "add" && !layers.has(step.layer) && this.brokenLayers.has(step.layer)) {
        this.skippedAdds.push(index);
        return;
      }
      if (step) steps.push(step);
    });
    return steps;
  }
}

/** The limit properties a protocol can only change explicitly (each change is a limit-override). */
const LIMIT_KEYS = [
  PROP.assemblyPressureMax,
  PROP.assemblyTemperatureMax,
  PROP.densificationPressure,
  PROP.operatingPressureMax,
  PROP.temperatureMax,
];

/** Database material whose limits an inline material's limits default to (see Loader.materials). */
function limitDefaults(
  name: string,
  base: Material | undefined,
  cls: MaterialClass,
): Material["derivedFrom"] | undefined {
  const same = findMaterial(name);
  if (same.ok) return { material: same.value.name, how: "redefines" };
  if (base) return { material: base.name, how: "based_on" };
  // A soft metal with no limits of its own would have no assembly limit at all: give it the most
  // cautious one of its class (Li for metals, In for alloys).
  if (cls === "metal-anode") return { material: "Li", how: "class" };
  if (cls === "alloy-anode") return { material: "In", how: "class" };
  return undefined;
}

function exampleOf(d: Dimension): string {
  return (
    (
      {
        length: "10 mm",
        pressure: "250 MPa",
        force: "3.9 t",
        mass: "80 mg",
        time: "2 min",
        temperature: "25 °C",
        fraction: "30 wt%",
      } as Partial<Record<Dimension, string>>
    )[d] ?? "250 MPa"
  );
}

/** A layer's role from its id, else from its material class. */
function inferRole(id: string, material: LayerMaterial): LayerRole {
  const lid = id.toLowerCase();
  if (/sep|electrolyte|\bse\b|ssе/.test(lid)) return "separator";
  if (/cath|positive|\bpos\b/.test(lid)) return "cathode";
  if (/anod|negative|\bneg\b|\bli\b/.test(lid)) return "anode";
  const cls = layerClass(material);
  if (cls === "cathode-active") return "cathode";
  if (cls === "metal-anode" || cls === "alloy-anode" || cls === "anode-active") return "anode";
  if (cls.endsWith("electrolyte")) return "separator";
  return "other";
}

function renderObjectStep(node: YAMLMap): string {
  return (node.items as Pair<Node, Node | null>[])
    .map(
      (p) =>
        `${p.key instanceof Scalar ? String(p.key.value) : "?"}: ${p.value instanceof Scalar ? String(p.value.value) : "…"}`,
    )
    .join(", ");
}
