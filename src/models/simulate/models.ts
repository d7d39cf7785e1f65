/**
 * The physics behind the simulator: models 1–6 bound to one parameter draw. `physicsSource()` gives
 * the nominal physics and sampled ones for Monte Carlo. Within a sample every parameter is drawn once
 * (`ParameterDraw`): jointly fitted parameters together with their fitted correlation, and one
 * material's parameters shared by every layer made of it (separator and composite electrolyte); each
 * from its own random stream, so a sample does not depend on the order in which the walk asks.
 */
import { isComposite, layerClass, type LayerMaterial } from "../../materials/index.js";
import type { Rng } from "../../numerics/index.js";
import { citationsOf, ParameterDraw, type ParameterSet, type Values } from "../params.js";
import * as conductivity from "../conductivity/index.js";
import * as contact from "../contact/index.js";
import * as creep from "../creep/index.js";
import * as densification from "../densification/index.js";
import * as fracture from "../fracture/index.js";
import * as stack from "../stack/index.js";
import { creepParameters } from "../parameters/creep.js";
import { fractureParameters } from "../parameters/fracture.js";
import { stackParameters } from "../parameters/stack.js";
import type { Physics } from "./physics.js";
import type { PhysicsSource } from "./montecarlo.js";
import type { Layer } from "../../protocol/types.js";

/**
 * One physical parameter lives in one set: where a model's set repeats a parameter of another set
 * (the contact model's creep exponent is Li's creep exponent, Masias2019), the draw of the owning set
 * is read, so one sample never holds two values of it.
 */
const LINKS: { set: ParameterSet; key: string; from: ParameterSet; fromKey: string }[] = [
  {
    set: contact.contactParameters("metal|electrolyte").set,
    key: contact.CONTACT_KEYS.creepExponent,
    from: creepParameters,
    fromKey: creep.CREEP.creepExponent,
  },
].filter((l) => l.key in l.set && l.fromKey in l.from);
const linksOf = new Map<ParameterSet, typeof LINKS>();
for (const l of LINKS) linksOf.set(l.set, [...(linksOf.get(l.set) ?? []), l]);

/** The parameter values of one sample (or the nominal ones), linked parameters read from their owner. */
export class ModelDraw {
  private readonly draw: ParameterDraw;
  private readonly linked = new Map<ParameterSet, Values>();
  constructor(rng: Rng | undefined) {
    this.draw = new ParameterDraw(rng);
  }
  values(set: ParameterSet): Values {
    const links = linksOf.get(set);
    if (!links) return this.draw.values(set);
    let v = this.linked.get(set);
    if (!v) {
      v = { ...this.draw.values(set) };
      for (const l of links) v[l.key] = this.draw.values(l.from)[l.fromKey]!;
      this.linked.set(set, v);
    }
    return v;
  }
}

const soft = (m: LayerMaterial) => {
  const c = layerClass(m);
  return c === "metal-anode" || c === "alloy-anode";
};

/**
 * The contact metal of a soft-metal layer (its main component for a composite). A soft metal the
 * contact model has no parameters for is treated as Li, the softest (most contact at a pressure):
 * an assumption the layer's basis states.
 */
function contactMetal(side: { layer: Layer }): contact.ContactMetal {
  const m = side.layer.material;
  const main = isComposite(m) ? [...m.components].sort((x, y) => y.fraction - x.fraction)[0]?.material : m;
  return (main && contact.contactMetalOf(main.name)) ?? "Li";
}

function electrolyteShare(m: LayerMaterial): number {
  return densification.compositionOf(m).electrolyteFraction;
}

function createPhysics(rng: Rng | undefined): Physics {
  const draw = new ModelDraw(rng);
  const used = new Set<ParameterSet>([creepParameters, fractureParameters, stackParameters]);
  const use = (set: ParameterSet) => {
    used.add(set);
    return draw.values(set);
  };
  const notes = new Set<string>();
  const sigma = (layer: Layer, relativeDensity: number, stackPressure: number, temperature?: number) => {
    const map = conductivity.conductivityParameters(layer.material);
    if (!map.conductor) return undefined;
    for (const a of map.assumptions) notes.add(a);
    if (!map.known) {
      notes.add(
        `layer ${layer.id}: ionic conductivity unknown (${map.basis}); its conductivity and the cell resistance are reported as null`,
      );
      return undefined;
    }
    return conductivity.ionicConductivity(
      {
        material: layer.material,
        relativeDensity,
        stackPressure,
        readyPellet: densification.isReadyPellet(layer),
        ...(temperature !== undefined ? { temperature } : {}),
      },
      use(map.set),
    );
  };
  return {
    relativeDensity(layer, maxPressure, temperature, released, pressure) {
      // a ready (e.g. sintered) pellet is not densified by pressing and has no powder springback
      // its measured density when the protocol gives one, else the assumed one (sampled in Monte Carlo)
      if (densification.isReadyPellet(layer))
        return layer.relativeDensity ?? densification.pelletRelativeDensity(use(densification.readyPellet));
      const map = densification.densificationParameters(layer.material);
      if (map.assumption !== undefined) notes.add(map.assumption);
      return densification.relativeDensity(
        {
          material: layer.material,
          maxPressure,
          temperature,
          released,
          ...(pressure !== undefined ? { pressure: Math.min(pressure, maxPressure) } : {}),
        },
        use(map.set),
      );
    },
    conductivity(layer, relativeDensity, stackPressure, temperature) {
      return sigma(layer, relativeDensity, stackPressure, temperature);
    },
    interface(kind, history, a, b, temperature) {
      // In and Li-In have their own contact parameters (contact model), not Li's
      const metal = kind === "metal|electrolyte" ? contactMetal(soft(a.layer.material) ? a : b) : "Li";
      const { set } = contact.contactParameters(kind, metal);
      const v = use(set);
      if (kind === "metal|electrolyte") {
        const f = contact.contactFraction({ kind, metal, ...history }, v);
        return { contactFraction: f, asr: contact.asrFromContact(kind, f, v, undefined, metal) };
      }
      if (kind === "cathode|separator") {
        const cath = a.layer.role === "cathode" ? a : b;
        const sep = cath === a ? b : a;
        const input = {
          kind,
          ...history,
          cathodeDensity: cath.relativeDensity,
          separatorDensity: sep.relativeDensity,
          electrolyteFraction: electrolyteShare(cath.layer.material),
        } as const;
        const f = contact.contactFraction(input, v);
        const s = sigma(sep.layer, sep.relativeDensity, history.pressure, temperature);
        // the constriction resistance scales with 1/σ: unknown σ → unknown ASR (NaN), never a stand-in
        if (s === undefined || !(s > 0)) {
          notes.add(
            `interface ${a.layer.id}|${b.layer.id}: ASR unknown (the separator's ionic conductivity is unknown)`,
          );
          return { contactFraction: f, asr: NaN };
        }
        return { contactFraction: f, asr: contact.asrFromContact(kind, f, v, s) };
      }
      const comp = isComposite(a.layer.material) ? a : b;
      const f = contact.contactFraction(
        {
          kind,
          ...history,
          relativeDensity: comp.relativeDensity,
          electrolyteFraction: Math.max(0.05, electrolyteShare(comp.layer.material)),
        },
        v,
      );
      // charge transfer across the covered surface, thermally activated with the cathode's (one
      // assumed activation energy, one draw)
      const ct = contact.chargeTransferTemperatureFactor(
        temperature,
        use(contact.cathodeChargeTransferParameters),
      );
      return { contactFraction: f, asr: contact.asrFromContact(kind, f, v) * ct };
    },
    cathodeChargeTransfer(layer, input) {
      const e = electrolyteShare(layer.material);
      if (!(e > 0) || !(input.activeShare > 0) || !(input.thickness > 0)) return undefined;
      const f = contact.contactFraction(
        {
          kind: "powder|powder",
          ...input.history,
          relativeDensity: input.relativeDensity,
          electrolyteFraction: e,
          rigidFraction: densification.compositionOf(layer.material).rigidFraction,
        },
        use(contact.contactParameters("powder|powder").set),
      );
      const r = contact.cathodeChargeTransfer(
        {
          activeVolumeFraction: Math.min(1, input.activeShare * input.relativeDensity),
          thickness: input.thickness,
          contactFraction: f,
          ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
        },
        use(contact.cathodeChargeTransferParameters),
      );
      return { asr: r.asr, contactFraction: f };
    },
    assemblyIntrusion(input) {
      return creep.assemblyIntrusion(input, draw.values(creepParameters));
    },
    fractureProbability(layer, input) {
      if (soft(layer.material)) return 0;
      return fracture.fractureProbability(
        { material: layer.material, ...input },
        draw.values(fractureParameters),
      );
    },
    laminationProbability(a, b, input) {
      if (fracture.fractureKind(a.material) !== "compact" || fracture.fractureKind(b.material) !== "compact")
        return 0;
      return fracture.laminationProbability(input, draw.values(fractureParameters));
    },
    ejectionProbability(body) {
      const compact = (l: Layer) => fracture.fractureKind(l.material) === "compact";
      return fracture.ejectionProbability(
        {
          layers: body.layers.map((x) => ({ material: x.layer.material, maxPressure: x.maxPressure })),
          interfaces: body.interfaces.filter((i) => compact(i.a) && compact(i.b)),
        },
        draw.values(fractureParameters),
      );
    },
    creepTimeFactor(temperature) {
      return creep.creepTemperatureFactor(temperature, draw.values(creepParameters));
    },
    timeToShort(input) {
      return creep.timeToShort(input, draw.values(creepParameters));
    },
    shortProbability(input) {
      return creep.shortProbability(input, draw.values(creepParameters));
    },
    operation(input) {
      const r = stack.simulateOperation(
        {
          fixture: input.fixture,
          area: input.area,
          basePressure: input.basePressure,
          ...(input.band ? { band: input.band } : {}),
          duration: input.duration,
          cycling: input.cycling,
          ...(input.cathode ? { cathode: input.cathode } : {}),
          anode: input.anode,
          ...(input.layers ? { layers: input.layers } : {}),
          ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
          output: input.coarse ? { pointsPerHalfCycle: 2, maxPoints: 2000 } : {},
        },
        draw.values(stackParameters),
        draw.values(creepParameters), // Li creep under the stack pressure: the creep model's own draw
      );
      return r;
    },
    citations() {
      return citationsOf(...used);
    },
    notes() {
      return [...notes];
    },
  };
}

export function physicsSource(): PhysicsSource {
  return { nominal: () => createPhysics(undefined), sampled: (rng) => createPhysics(rng) };
}
