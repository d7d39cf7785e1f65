/**
 * The cathode's charge-transfer resistance is thermally activated (issue #8: temperature enters the
 * contact model): Arrhenius in T around 25 °C with an assumed activation energy, and the simulator
 * passes the operating temperature to it.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SsbError } from "../../core/errors.js";
import { checkText } from "../../protocol/check.js";
import { createRng } from "../../numerics/random.js";
import { nominal, sample } from "../params.js";
import { simulate } from "../simulate/index.js";
import {
  cathodeChargeTransfer,
  cathodeChargeTransferParameters,
  chargeTransferTemperatureFactor,
} from "./cathode.js";
import { CONTACT_KEYS as K } from "./law.js";

// Written out here, not imported, so that a wrong constant in the model shows (CODATA 2018, eV/K).
const BOLTZMANN_EV = 8.617333262e-5;
const base = { activeVolumeFraction: 0.4, thickness: 50e-6, contactFraction: 0.5 };
const celsius = (c: number) => c + 273.15;

describe("cathode charge transfer: temperature", () => {
  const ea = cathodeChargeTransferParameters[K.cathodeChargeTransferActivation]!;

  it("the activation energy is a labelled assumption, 0.5 eV in 0.3-0.7 eV, centred", () => {
    expect(ea.source).toBe("assumption");
    expect(ea.note).toMatch(/assum/);
    expect(ea.value).toBe(0.5);
    expect(ea.min).toBe(0.3);
    expect(ea.max).toBe(0.7);
    expect(ea.log).toBeFalsy();
  });

  it("at 25 °C nothing changes: equal to the call without a temperature", () => {
    const without = cathodeChargeTransfer(base).asr;
    expect(cathodeChargeTransfer({ ...base, temperature: 298.15 }).asr).toBe(without);
    expect(cathodeChargeTransfer({ ...base, temperature: celsius(25) }).asr).toBeCloseTo(without, 15);
  });

  it("at 80 °C lower by exactly the Arrhenius factor of E_a", () => {
    const v = nominal(cathodeChargeTransferParameters);
    const cold = cathodeChargeTransfer(base).asr;
    const hot = cathodeChargeTransfer({ ...base, temperature: celsius(80) }).asr;
    const factor = Math.exp(
      (v[K.cathodeChargeTransferActivation]! / BOLTZMANN_EV) * (1 / 353.15 - 1 / 298.15),
    );
    expect(factor).toBeCloseTo(0.0483, 4); // 0.5 eV: ~21× lower at 80 °C
    expect(hot / cold).toBeCloseTo(factor, 12);
    // and below room temperature it rises by the same law
    const chilled = cathodeChargeTransfer({ ...base, temperature: celsius(0) }).asr;
    expect(chilled / cold).toBeCloseTo(Math.exp((0.5 / BOLTZMANN_EV) * (1 / 273.15 - 1 / 298.15)), 12);
    expect(chilled).toBeGreaterThan(cold);
  });

  it("falls strictly with temperature over sampled parameters", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 200, max: 500, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        (seed, t, dt) => {
          const v = sample(cathodeChargeTransferParameters, createRng(seed));
          const at = (temperature: number) => cathodeChargeTransfer({ ...base, temperature }, v).asr;
          expect(at(t + dt)).toBeLessThan(at(t));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("Monte Carlo draws the activation energy inside its range", () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const x = sample(cathodeChargeTransferParameters, createRng(seed))[K.cathodeChargeTransferActivation]!;
      expect(x).toBeGreaterThanOrEqual(0.3);
      expect(x).toBeLessThanOrEqual(0.7);
      seen.add(x);
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it("a non-finite or non-positive temperature throws a usage error", () => {
    for (const temperature of [0, -10, Number.NaN, Infinity, -Infinity]) {
      expect(() => cathodeChargeTransfer({ ...base, temperature })).toThrow(SsbError);
    }
  });
});

describe("simulate passes the operating temperature to the cathode's charge transfer", () => {
  const text = readFileSync(
    new URL("../../../examples/classic-li-lpscl-nmc811.yaml", import.meta.url),
    "utf8",
  );
  const run = (yaml: string) => {
    const r = checkText("classic.yaml", yaml);
    if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    const sim = simulate(r.compiled);
    const op = sim.steps.at(-1)!;
    expect(op.kind).toBe("operate");
    return op;
  };

  it("the classic example operated at 80 °C shows a lower cathode charge transfer than at 25 °C", () => {
    const operate = "  - Operate at 75 MPa (70..80 MPa) for 500 h";
    expect(text).toContain(operate);
    const cold = run(text);
    const hot = run(text.replace(operate, `${operate} at 80 °C`));
    expect(hot.temperature).toBeCloseTo(353.15, 6);
    expect(cold.temperature).toBeCloseTo(298.15, 6);
    const ctCold = cold.cathodeChargeTransfer!;
    const ctHot = hot.cathodeChargeTransfer!;
    expect(ctCold).toBeGreaterThan(0);
    // same layers and contact, so only the Arrhenius factor of the nominal 0.5 eV separates them
    expect(ctHot / ctCold).toBeCloseTo(Math.exp((0.5 / BOLTZMANN_EV) * (1 / 353.15 - 1 / 298.15)), 6);
    expect(hot.cellResistance!).toBeLessThan(cold.cellResistance!);
  });

  it("the interfaces follow the temperature too: the cathode|separator constriction with the separator's conductivity", () => {
    const operate = "  - Operate at 75 MPa (70..80 MPa) for 500 h";
    const cold = run(text);
    const hot = run(text.replace(operate, `${operate} at 80 °C`));
    const key = Object.keys(cold.interfaces).find((k) => cold.interfaces[k]!.kind === "cathode|separator");
    expect(key).toBeDefined();
    const sep = Object.keys(cold.layers).find((id) => /separator|sep|SE/i.test(id))!;
    const sigmaRatio = hot.layers[sep]!.conductivity! / cold.layers[sep]!.conductivity!;
    expect(sigmaRatio).toBeGreaterThan(1);
    // ASR = (ℓ/σ)(1/f − 1) with the same contact: it falls exactly as the conductivity rises
    expect(hot.interfaces[key!]!.asr / cold.interfaces[key!]!.asr).toBeCloseTo(1 / sigmaRatio, 6);
  });
});

describe("charge transfer between powders: temperature", () => {
  it("takes the same Arrhenius factor as the cathode's, 1 at 25 °C, and refuses a non-physical temperature", () => {
    const v = nominal(cathodeChargeTransferParameters);
    expect(chargeTransferTemperatureFactor(undefined, v)).toBe(1);
    expect(chargeTransferTemperatureFactor(298.15, v)).toBe(1);
    expect(chargeTransferTemperatureFactor(celsius(60), v)).toBeCloseTo(
      Math.exp((v[K.cathodeChargeTransferActivation]! / BOLTZMANN_EV) * (1 / celsius(60) - 1 / 298.15)),
      12,
    );
    for (const t of [0, -5, NaN, Infinity])
      expect(() => chargeTransferTemperatureFactor(t, v)).toThrow(SsbError);
  });
});
