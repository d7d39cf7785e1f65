/**
 * Monte Carlo sampling as issue #8 (point 5) asks: the nominal simulation inside its own 5–95 % band
 * for every output of every example, one draw per material shared by every layer made of it, and
 * results that do not depend on the number of worker threads.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { correlation } from "../../numerics/stats.js";
import { createRng } from "../../numerics/index.js";
import * as conductivity from "../conductivity/index.js";
import * as contact from "../contact/index.js";
import * as creep from "../creep/index.js";
import * as densification from "../densification/index.js";
import { ParameterDraw } from "../params.js";
import { checkText } from "../../protocol/check.js";
import type { CompiledProtocol } from "../../protocol/compile.js";
import { aggregate, metricsOf, monteCarlo, runSamples } from "./montecarlo.js";
import { ModelDraw, physicsSource } from "./models.js";
import { simulateProtocol } from "./simulate.js";

const examplesDir = new URL("../../../examples/", import.meta.url);
const examples = readdirSync(examplesDir).filter((f) => f.endsWith(".yaml"));

/** Compile an example as the CLI does (checkText of the file's text). */
const compile = (name: string): CompiledProtocol => {
  const r = checkText(name, readFileSync(new URL(name, examplesDir), "utf8"));
  if (!r.compiled) throw new Error(`${name} did not compile`);
  return r.compiled;
};

describe("Monte Carlo: the nominal lies inside its own 5–95 % band", () => {
  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });
  for (const name of examples) {
    it(`${name}: every output`, () => {
      const protocol = compile(name);
      const src = physicsSource();
      const nominal = metricsOf(simulateProtocol(protocol, src.nominal()));
      const { aggregate } = monteCarlo(protocol, src, 300, 8);
      const outside: string[] = [];
      let checked = 0;
      for (const [key, value] of nominal) {
        const band = aggregate.bands[key];
        if (!band || !Number.isFinite(value)) continue;
        checked++;
        // a relative tolerance of 1e-9 only absorbs rounding when the band collapses onto the nominal
        const tol = 1e-9 * Math.max(Math.abs(band.p5), Math.abs(band.p95));
        if (value < band.p5 - tol || value > band.p95 + tol)
          outside.push(
            `${key}: nominal ${value.toPrecision(4)}, band ${band.p5.toPrecision(4)}–${band.p95.toPrecision(4)}`,
          );
      }
      expect(checked).toBeGreaterThan(10);
      expect(outside).toEqual([]);
    });
  }
});

describe("Monte Carlo: one draw per material batch", () => {
  const protocol = compile("classic-li-lpscl-nmc811.yaml");
  const separator = protocol.layers.find((l) => l.id === "separator")!;
  const cathode = protocol.layers.find((l) => l.id === "cathode")!;

  it("the Li6PS5Cl of the separator and of the cathode share their draws (correlation > 0.9)", () => {
    // Before issue #8 the two layers drew their Li6PS5Cl independently (correlation ≈ 0.01). Compared
    // here: what depends on the powder alone — the electrolyte phase's conductivity at one density
    // and pressure, and the electrolyte's compaction at the full pressure (no load share).
    const root = createRng(5);
    const sep: number[] = [];
    const cat: number[] = [];
    const sepD: number[] = [];
    const catD: number[] = [];
    const sigmaSep = conductivity.conductivityParameters(separator.material).set;
    const sigmaCat = conductivity.conductivityParameters(cathode.material).set;
    const densSep = densification.densificationParameters(separator.material).set;
    const densCat = densification.densificationParameters(cathode.material).set;
    expect(sigmaCat).not.toBe(sigmaSep); // the composite's set is its own object (tortuosity added)
    for (let i = 0; i < 300; i++) {
      const draw = new ParameterDraw(root.fork(i));
      const input = { relativeDensity: 0.85, stackPressure: 5e6 };
      sep.push(
        conductivity.ionicConductivity({ material: separator.material, ...input }, draw.values(sigmaSep)),
      );
      cat.push(
        conductivity.ionicConductivity(
          { material: cathode.material, ...input, electrolyteFraction: 1 },
          draw.values(sigmaCat),
        ),
      );
      const press = { maxPressure: 300e6, temperature: 298, released: true, rigidFraction: 0 };
      sepD.push(
        densification.relativeDensity({ material: separator.material, ...press }, draw.values(densSep)),
      );
      catD.push(
        densification.relativeDensity({ material: cathode.material, ...press }, draw.values(densCat)),
      );
    }
    expect(correlation(sep, cat)).toBeGreaterThan(0.9);
    expect(correlation(sepD, catD)).toBeGreaterThan(0.9);
  });

  it("through the simulator's physics: separator and cathode conductivity at one density move together", () => {
    // What remains uncorrelated is the composite's own tortuosity exponent (drawn for the cathode only).
    const src = physicsSource();
    const root = createRng(6);
    const sep: number[] = [];
    const cat: number[] = [];
    for (let i = 0; i < 300; i++) {
      const physics = src.sampled(root.fork(i));
      sep.push(physics.conductivity(separator, 0.85, 5e6)!);
      cat.push(physics.conductivity(cathode, 0.85, 5e6)!);
    }
    expect(correlation(sep, cat)).toBeGreaterThan(0.7);
  });

  it("the contact model reads Li's creep exponent from the creep set: one value per sample", () => {
    const root = createRng(7);
    const contactSet = contact.contactParameters("metal|electrolyte").set;
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const draw = new ModelDraw(root.fork(i));
      const n = draw.values(creep.creepParameters)[creep.CREEP.creepExponent]!;
      expect(draw.values(contactSet)[contact.CONTACT_KEYS.creepExponent]).toBe(n);
      seen.add(n);
    }
    expect(seen.size).toBeGreaterThan(40); // it is drawn, not fixed
  });
});

describe("Monte Carlo: deterministic per sample index", () => {
  it("gives the same bands whether the samples run in one chunk or split as 2 or 3 workers split them", () => {
    const protocol = compile("classic-li-lpscl-nmc811.yaml");
    const src = physicsSource();
    const split = (threads: number) => {
      const per = Math.ceil(240 / threads);
      const chunks = Array.from({ length: threads }, (_, i) =>
        runSamples(protocol, src, 17, i * per, Math.min(240, (i + 1) * per)),
      );
      return aggregate(
        chunks[0]!.keys,
        chunks.map((c) => c.values),
        17,
      ).aggregate;
    };
    const one = split(1);
    expect(one.samples).toBe(240);
    expect(split(2)).toEqual(one);
    expect(split(3)).toEqual(one);
  });

  it("sample i does not depend on the samples around it", () => {
    const protocol = compile("li-in-cell.yaml");
    const src = physicsSource();
    const all = runSamples(protocol, src, 9, 0, 12);
    const tail = runSamples(protocol, src, 9, 7, 12);
    const k = all.keys.length;
    expect(tail.keys).toEqual(all.keys);
    expect(Array.from(tail.values)).toEqual(Array.from(all.values.subarray(7 * k, 12 * k)));
  });
});
