/**
 * The short model sees the protocol's operating temperature and current density through simulate
 * (issue #8 point 3): a Doux-type Li|Li6PS5Cl|Li cell (Doux2020 build) held at a stack pressure.
 */
import { describe, expect, it } from "vitest";
import { checkText } from "../../protocol/check.js";
import { simulate } from "./index.js";

function cell(pressure: string, cycling: string, temperature = ""): string {
  return `name: Li | Li6PS5Cl | Li
die: { diameter: 13 mm }
fixture: { type: servo }
layers:
  separator: { material: Li6PS5Cl, mass: 200 mg }
  bottom: { material: Li, thickness: 500 um, role: anode }
  top: { material: Li, thickness: 500 um, role: cathode }
steps:
  - Add separator
  - Press to 370 MPa, hold 5 min
  - Add bottom on bottom
  - Add top on top
  - Press to 25 MPa, hold 1 min
  - Operate at ${pressure} for 1000 h, cycling ${cycling}${temperature}
`;
}

function hoursToShort(text: string): number {
  const r = checkText("cell.yaml", text);
  if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  const op = simulate(r.compiled).operation;
  if (!op) throw new Error("no operation");
  return op.timeToShort / 3600;
}

describe("simulate passes temperature and current density to the short model", () => {
  it("a Li cell at 2 MPa shorts within hours above the critical current, not at 75 µA/cm²", () => {
    expect(hoursToShort(cell("2 MPa", "5 mAh/cm2 at 5 mA/cm2"))).toBeLessThan(1);
    expect(hoursToShort(cell("2 MPa", "0.075 mAh/cm2 at 0.075 mA/cm2"))).toBeGreaterThan(1000);
  });

  it("the same cell at 20 MPa shorts sooner at 80 °C than at 25 °C", () => {
    const cold = hoursToShort(cell("20 MPa", "0.075 mAh/cm2 at 0.075 mA/cm2"));
    const hot = hoursToShort(cell("20 MPa", "0.075 mAh/cm2 at 0.075 mA/cm2", " at 80 °C"));
    expect(Number.isFinite(cold)).toBe(true);
    // creep ×17 at 80 °C; the plating-driven share of the penetration grows only by θ^(1/n) ≈ 1.5
    expect(hot).toBeLessThan(cold / 2);
  });
});
