/**
 * The engine at an Eject step: the die is unloaded before it, the operator is asked to push the
 * pellet out (answered by --yes on an automatic press), a loaded die stops the run, and the twin's
 * die is empty afterwards, also when a run resumes past the Eject.
 */
import { describe, expect, it } from "vitest";
import { VirtualScheduler } from "../core/clock.js";
import { createTwin, type TwinPress } from "../devices/sim/twin.js";
import { checkText } from "../protocol/check.js";
import { describeCommands } from "./commands.js";
import type { RunDocument } from "./documents.js";
import { runProtocol } from "./runner.js";
import { events, example, expectWellFormed, onDoc, setup, stops, T0 } from "./run-harness.case.js";
import { collectingSink, ScriptedOperator } from "./testing.js";
import type { RunOptions } from "./types.js";

const pellet = example("separator-pellet");
const INSTRUCTION =
  "Take the die out of the press and push the pellet out (separator); confirm when it is out";

/** The separator-pellet example (or another protocol) on the digital twin, on virtual time. */
function onTwin(over: Partial<RunOptions> = {}, compiled = pellet.compiled, text = pellet.text) {
  const scheduler = new VirtualScheduler(T0);
  const twin: TwinPress = createTwin({
    scheduler,
    dieDiameter: compiled.die.diameter,
    capacity: 98_066.5,
    seed: 3,
    watchdog: 0,
  });
  const operator = new ScriptedOperator(scheduler);
  const { sink, docs } = collectingSink();
  const options: RunOptions = {
    compiled,
    protocolText: text,
    press: twin,
    operator,
    scheduler,
    sink,
    runId: "eject-1",
    version: "test",
    ...over,
  };
  return { twin, operator, docs, options };
}

/** Calls `act` at the first document `when` picks, on the way to the sink. */
function watch(o: RunOptions, when: (d: RunDocument) => boolean, act: () => void): void {
  const inner = o.sink;
  let done = false;
  o.sink = (d) => {
    inner(d);
    if (!done && when(d)) {
      done = true;
      act();
    }
  };
}

describe("Eject in a run", () => {
  it("runs the separator pellet on the twin: released first, the eject answered by --yes, the die empty", async () => {
    const r = onTwin({ yes: true });
    let forceAtEject = Number.NaN;
    let layersBefore = -1;
    watch(
      r.options,
      (d) => d.type === "step-start" && d.step === 3,
      () => {
        forceAtEject = r.twin.trueForce();
        layersBefore = r.twin.state().layers.length;
      },
    );
    const outcome = await runProtocol(r.options);
    expect(outcome).toMatchObject({ status: "completed", exitCode: 0 });
    // the press step released at 1 MPa/s before the Eject began, so nothing loads the die there
    expect(forceAtEject).toBeLessThan(100);
    expect(layersBefore).toBe(1);
    const answered = events(r.docs, "operator").map((e) => e.message);
    expect(answered).toEqual([
      "--yes answered: Put the separator in the die and confirm",
      `--yes answered: ${INSTRUCTION}`,
    ]);
    expect(r.operator.asked).toEqual([]);
    expect(r.twin.state().layers).toEqual([]);
    expect(r.twin.state().force).toBeLessThan(100);
  });

  it("asks the operator to push the pellet out when nobody answers for them", async () => {
    const r = onTwin();
    await runProtocol(r.options);
    expect(r.operator.asked.map((q) => q.text)).toEqual([
      "Put the separator in the die and confirm",
      INSTRUCTION,
    ]);
  });

  it("names every layer, bottom to top, and the dry run says the same", () => {
    const text = pellet.text.replace(
      "  separator: { material: Li6PS5Cl, mass: 150 mg }",
      "  separator: { material: Li6PS5Cl, mass: 150 mg }\n  cathode: { material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 15 mg }",
    );
    const two = text.replace(
      "  - Eject the pellet",
      "  - Add cathode on top\n  - Press to 375 MPa\n  - Eject",
    );
    const c = checkText("two.yaml", two).compiled!;
    const twin = createTwin({ scheduler: new VirtualScheduler(T0), dieDiameter: 0.01, capacity: 1e5 });
    const plan = describeCommands(c, twin.capabilities);
    // step 4's press releases because an Eject follows; the end-of-run release is still sent
    expect(plan.slice(-4).map((x) => [x.step, x.text])).toEqual([
      [4, "setForce 0 kN at 0.393 kN/s"],
      [4, "release"],
      [
        5,
        "ask: Take the die out of the press and push the pellet out (separator, cathode, bottom to top); confirm when it is out",
      ],
      [5, "release (end of the run)"],
    ]);
  });

  it("stops with a fault, asking nothing, when the die is still loaded at the Eject", async () => {
    const s = setup({ compiled: pellet.compiled, protocolText: pellet.text, yes: true });
    onDoc(
      s,
      (d) => d.type === "step-start" && d.step === 3,
      () => s.press.injectForce(() => 5000),
    );
    const outcome = await runProtocol(s.options);
    s.press.injectForce(null);
    expect(outcome).toMatchObject({ status: "fault", exitCode: 3 });
    expect(stops(s.docs)[0]!.reason).toMatch(
      /^the die is still loaded \(5(\.0+)? kN\) when step 3 asks to eject the pellet/,
    );
    expect(events(s.docs, "operator").map((e) => e.message)).not.toContain(`--yes answered: ${INSTRUCTION}`);
    expectWellFormed(s);
  });

  it("resuming past an Eject leaves the twin's die empty; resuming at it still has the pellet", async () => {
    const text = pellet.text.replace(
      "  - Eject the pellet",
      '  - Eject the pellet\n  - Ask "Is the pellet intact?"',
    );
    const c = checkText("resume.yaml", text).compiled!;
    const at = async (startAt: number) => {
      const r = onTwin({ yes: true, startAt }, c, text);
      let layers = -1;
      watch(
        r.options,
        (d) => d.type === "step-start",
        () => (layers = r.twin.state().layers.length),
      );
      const outcome = await runProtocol(r.options);
      expect(outcome.status).toBe("completed");
      return { layers, end: r.twin.state().layers.length };
    };
    expect(await at(4)).toEqual({ layers: 0, end: 0 });
    expect(await at(3)).toEqual({ layers: 1, end: 0 });
  });
});
