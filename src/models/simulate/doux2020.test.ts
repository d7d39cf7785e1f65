/**
 * Doux2020 simulated end to end, the way a user would: the protocol file
 * examples/doux2020-li-symmetric.yaml (200 mg Li6PS5Cl pressed at 370 MPa in a 13 mm die, 0.5 mm Li
 * foils attached at 25 MPa, held at a stack pressure while cycling 75 uA/cm2, 1 h / 1 h at room
 * temperature), compiled by the checker and run through simulateProtocol with the nominal physics.
 * The chain (densification → separator porosity → Li creep and short) is compared with the paper's
 * own measurements (data/published/stack-pressure-li.csv, densification.csv), not with itself.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkText } from "../../protocol/check.js";
import { num, readCsv } from "../fit/data.js";
import { physicsSource } from "./models.js";
import { simulateProtocol } from "./simulate.js";

const protocolText = readFileSync(
  new URL("../../../examples/doux2020-li-symmetric.yaml", import.meta.url),
  "utf8",
);

function simulateAt(stackMPa: number) {
  const text = protocolText.replace("Operate at 10 MPa", `Operate at ${stackMPa} MPa`);
  const r = checkText("doux2020-li-symmetric.yaml", text);
  if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return simulateProtocol(r.compiled, physicsSource().nominal());
}

describe("Doux2020 Li | Li6PS5Cl | Li, end to end", () => {
  it("the pellet pressed at 370 MPa comes out inside its four pellets' 0.803-0.849 (measured 0.821)", () => {
    const row = readCsv("densification.csv").find((r) => r.source === "Doux2020");
    const band = /\(([\d.]+)-([\d.]+)\)/.exec(row?.note ?? "");
    expect(band).not.toBeNull();
    const sim = simulateAt(10);
    const pressed = sim.steps.find((s) => s.step === 2)?.layers.separator;
    // the density after release from 370 MPa (step 2: press and hold, then the load comes off)
    expect(pressed?.relativeDensity).toBeGreaterThanOrEqual(Number(band?.[1]));
    expect(pressed?.relativeDensity).toBeLessThanOrEqual(Number(band?.[2]));
  });

  const measured = readCsv("stack-pressure-li.csv").filter(
    (r) => r.loading_sequence === "first loading" && num(r.time_to_short_h) !== undefined,
  );

  it("has the four measured times to short at 10-25 MPa to compare with", () => {
    expect(measured.map((r) => num(r.stack_pressure_MPa))).toEqual([10, 15, 20, 25]);
  });

  for (const row of measured) {
    const p = num(row.stack_pressure_MPa) ?? NaN;
    const hours = num(row.time_to_short_h) ?? NaN;
    // Every chain time comes out long (1.4x at 10 MPa, 1.8x at 25 MPa): the pooled Li6PS5Cl curve
    // puts Doux's pellet at 0.834 (measured 0.821, four pellets 0.803-0.849), and a denser separator
    // has finer pore throats, in which Li is stronger (Xu2017's size exponent 0.68).
    it(`at ${p} MPa it shorts within 2x of the measured ${hours} h`, () => {
      const op = simulateAt(p).operation;
      expect(op).toBeDefined();
      const predicted = (op?.timeToShort ?? NaN) / 3600;
      expect(predicted, `${p} MPa: predicted ${predicted} h, measured ${hours} h`).toBeGreaterThanOrEqual(
        hours / 2,
      );
      expect(predicted, `${p} MPa: predicted ${predicted} h, measured ${hours} h`).toBeLessThanOrEqual(
        hours * 2,
      );
    });
  }

  it("at 5 MPa it runs the paper's 1000 h without a short", () => {
    const op = simulateAt(5).operation;
    expect(op?.timeToShort ?? 0).toBeGreaterThan(1000 * 3600);
  });
});
