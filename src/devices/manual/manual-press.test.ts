import { describe, expect, it } from "vitest";
import { VirtualScheduler } from "../../core/clock.js";
import { SsbError } from "../../core/errors.js";
import type { PressSpec } from "../../protocol/types.js";
import type { Operator, OperatorAnswer, OperatorRequest } from "../press.js";
import { ManualPress } from "./manual-press.js";

const AREA_13 = Math.PI * 0.0065 ** 2;
const pos = { line: 1, column: 1 };

/** Answers every request with what `reply` says, and remembers what was asked and told. */
class Hand implements Operator {
  asked: OperatorRequest[] = [];
  told: string[] = [];
  constructor(private readonly reply: (r: OperatorRequest) => Partial<OperatorAnswer> = () => ({})) {}
  async ask(r: OperatorRequest): Promise<OperatorAnswer> {
    this.asked.push(r);
    return { confirmed: true, by: "hand", time: 0, ...this.reply(r) };
  }
  tell(t: string): void {
    this.told.push(t);
  }
}

async function manual(
  press: PressSpec | undefined,
  hand = new Hand(),
): Promise<{ p: ManualPress; hand: Hand }> {
  const p = new ManualPress({
    operator: hand,
    scheduler: new VirtualScheduler(0),
    dieArea: AREA_13,
    ...(press ? { press } : {}),
  });
  await p.connect();
  return { p, hand };
}

describe("ManualPress", () => {
  it("says each setpoint in tonnes with kN and the pellet pressure (13 mm die, 250 MPa)", async () => {
    const { p, hand } = await manual({ gauge: "t", capacity: 15 * 9806.65, pos });
    await p.setForce(250e6 * AREA_13, 5e6 * AREA_13);
    expect(hand.asked[0]).toEqual({
      kind: "reading",
      unit: "t",
      text: "Set the press to 3.38 t (33.2 kN, 250 MPa on the pellet), loading at about 4.1 t/min, and confirm; type the gauge reading if you like",
      // the same numbers for a screen: 250 MPa on 13 mm is 3.38 t; 5 MPa/s is 0.0677 t/s (4.1 t/min)
      detail: {
        set: { value: 3.38, unit: "t" },
        force: expect.closeTo(33183, 0) as number,
        pressure: expect.closeTo(250e6, 0) as number,
        rate: expect.closeTo(0.0677, 4) as number,
      },
    });
    expect(p.description).toBe("manual (gauge in t, 15 t)");
    expect(p.capabilities.manual).toBe(true);
  });

  it("says the setpoint in kN without repeating kN", async () => {
    const { p, hand } = await manual({ gauge: "kN", pos });
    await p.setForce(19.2e3, 100);
    expect(hand.asked[0]!.text).toMatch(
      /^Set the press to 19\.2 kN \(145 MPa on the pellet\), loading at about 6 kN\/min/,
    );
  });

  it("says the gauge's oil pressure in bar for the ram diameter, and converts a typed bar reading back", async () => {
    // 50 mm ram: 19.6 kN ↔ 100 bar.
    const ram = 0.05;
    const hand = new Hand(() => ({ reading: 90 }));
    const { p } = await manual({ gauge: "bar", ramDiameter: ram, pos }, hand);
    await p.setForce(19.635e3, 500);
    expect(hand.asked[0]!.text).toMatch(/^Set the press to 100 bar \(19\.6 kN, 148 MPa on the pellet\)/);
    expect(hand.asked[0]!.unit).toBe("bar");
    const r = await p.read();
    expect(r.force).toBeCloseTo(90e5 * Math.PI * 0.025 ** 2, 6);
    expect(r.setpoint).toBeCloseTo(19.635e3, 6);
    expect(r.status.atSetpoint).toBe(false);
    expect(r.position).toBeNull();
    expect(r.temperature).toBeNull();
  });

  it("psi gauges work the same way", async () => {
    const { p, hand } = await manual({ gauge: "psi", ramDiameter: 0.05, pos });
    await p.setForce(19.635e3, 500);
    expect(hand.asked[0]!.text).toMatch(/^Set the press to 1450 psi/);
  });

  it("a gauge in bar without a ram diameter is a usage error with a fix", () => {
    let e: unknown;
    try {
      new ManualPress({
        operator: new Hand(),
        scheduler: new VirtualScheduler(0),
        dieArea: AREA_13,
        press: { gauge: "bar", pos },
      });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(SsbError);
    expect((e as SsbError).message).toMatch(/gauge reads bar .* no ram diameter/);
    expect((e as SsbError).hint).toMatch(/ram: 50 mm/);
  });

  it("a gauge unit that is neither force nor pressure is a usage error", () => {
    expect(
      () =>
        new ManualPress({
          operator: new Hand(),
          scheduler: new VirtualScheduler(0),
          dieArea: AREA_13,
          press: { gauge: "mm", pos },
        }),
    ).toThrow(/neither a force nor a pressure/);
  });

  it("reads the typed reading in tonnes as newtons, or the target when none was typed", async () => {
    const hand = new Hand((r) => (r.kind === "reading" ? { reading: 2 } : {}));
    const { p } = await manual(undefined, hand);
    await p.setForce(2 * 9806.65, 1000);
    expect((await p.read()).force).toBeCloseTo(19613.3, 6);
    expect((await p.read()).status.atSetpoint).toBe(true);
    await p.release();
    expect(hand.asked[1]).toEqual({
      kind: "confirm",
      text: "Release the press (open the valve) and confirm",
      detail: { set: { value: 0, unit: "t" }, force: 0, pressure: 0 },
    });
    expect((await p.read()).force).toBe(0);
  });

  it("an operator who does not confirm raises operator-abort and changes nothing", async () => {
    const hand = new Hand(() => ({ confirmed: false, by: "terminal" }));
    const { p } = await manual(undefined, hand);
    await expect(p.setForce(1000, 100)).rejects.toMatchObject({ name: "PressError", code: "operator-abort" });
    expect((await p.read()).setpoint).toBe(0);
    await expect(p.release()).rejects.toMatchObject({ code: "operator-abort" });
  });

  it("a negative or NaN typed reading is garbage", async () => {
    const { p } = await manual(undefined, new Hand(() => ({ reading: -1 })));
    await expect(p.setForce(1000, 100)).rejects.toMatchObject({ code: "garbage" });
  });

  it("e-stop tells the operator, latches and refuses loading until reset", async () => {
    const { p, hand } = await manual(undefined);
    await p.setForce(5000, 100);
    await p.estop();
    expect(hand.told[0]).toMatch(/^EMERGENCY STOP: open the release valve/);
    const r = await p.read();
    expect(r.force).toBe(0);
    expect(r.status.estop).toBe(true);
    await expect(p.setForce(1000, 100)).rejects.toMatchObject({ code: "refused" });
    await p.reset();
    expect(hand.told[1]).toMatch(/E-stop cleared/);
    await p.setForce(1000, 100);
    expect(hand.asked).toHaveLength(2);
  });
});
