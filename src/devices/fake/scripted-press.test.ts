import { describe, expect, it } from "vitest";
import { VirtualScheduler } from "../../core/clock.js";
import { PressError } from "../press.js";
import { ScriptedPress } from "./scripted-press.js";

async function make(): Promise<{ press: ScriptedPress; s: VirtualScheduler }> {
  const s = new VirtualScheduler(1_000_000);
  const press = new ScriptedPress({ scheduler: s, capacity: 50e3, releaseRate: 10e3 });
  await press.connect();
  return { press, s };
}

describe("ScriptedPress", () => {
  it("follows the setpoint at exactly the commanded rate", async () => {
    const { press, s } = await make();
    await press.setForce(10e3, 1e3);
    await s.sleep(4000);
    expect((await press.read()).force).toBeCloseTo(4e3, 6);
    await s.sleep(7000);
    const r = await press.read();
    expect(r.force).toBe(10e3);
    expect(r.status.atSetpoint).toBe(true);
    await press.release();
    await s.sleep(500);
    expect((await press.read()).force).toBeCloseTo(5e3, 6);
    expect(press.capabilities.releaseTime).toBe(5);
  });

  it("logs every command with its time and outcome", async () => {
    const { press, s } = await make();
    s.advance(2000);
    await press.setForce(1e3, 100);
    await expect(press.setForce(60e3, 100)).rejects.toMatchObject({ code: "refused" });
    expect(press.commands.map((c) => [c.verb, c.outcome, c.time - 1000])).toEqual([
      ["connect", "ok", 0],
      ["setForce", "ok", 2],
      ["setForce", "refused", 2],
    ]);
    expect(press.commands[1]?.args).toEqual([1e3, 100]);
  });

  it("fails reads after n, once per verb, or always", async () => {
    const { press } = await make();
    press.script.failReadsAfter(2, "garbage");
    await press.read();
    await press.read();
    await expect(press.read()).rejects.toMatchObject({ code: "garbage" });
    await expect(press.read()).rejects.toBeInstanceOf(PressError);
    press.script.heal();
    await press.read();
    press.script.failNext("release");
    await expect(press.release()).rejects.toMatchObject({ code: "link-lost" });
    await press.release();
    press.script.failAll("link-lost");
    await expect(press.estop()).rejects.toMatchObject({ code: "link-lost" });
    await press.close();
  });

  it("injects a measured force and overrides sample fields", async () => {
    const { press, s } = await make();
    await press.setForce(5e3, 1e4);
    await s.sleep(1000);
    press.injectForce((_t, f) => f * 0.6);
    expect((await press.read()).force).toBeCloseTo(3e3, 6);
    expect(press.state().force).toBe(5e3);
    press.injectForce(null);
    press.override({ position: 0.5e-3, status: { fault: true } });
    const r = await press.read();
    expect(r.position).toBe(0.5e-3);
    expect(r.status.fault).toBe(true);
    expect(r.force).toBe(5e3);
  });

  it("latches e-stop until reset and refuses calls before connect and after close", async () => {
    const s = new VirtualScheduler(0);
    const press = new ScriptedPress({ scheduler: s });
    await expect(press.read()).rejects.toMatchObject({ code: "link-lost" });
    await press.connect();
    await press.setForce(5e3, 1e4);
    await s.sleep(1000);
    await press.estop();
    expect((await press.read()).force).toBe(0);
    await expect(press.setForce(1e3, 1e3)).rejects.toMatchObject({ code: "refused" });
    await press.reset();
    await press.setForce(1e3, 1e3);
    await press.close();
    await press.close();
    await expect(press.read()).rejects.toMatchObject({ code: "link-lost" });
    await expect(new ScriptedPress({ scheduler: s, unreachable: true }).connect()).rejects.toMatchObject({
      code: "unreachable",
    });
  });
});
