/**
 * Shared set-up for the engine's run tests: the example protocols, an ideal scripted press on
 * virtual time, and the invariants every run must keep (one run-stop, last; steps paired; no
 * setpoint above the limit in force; the press released).
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { VirtualScheduler } from "../core/clock.js";
import { ScriptedPress, type CommandRecord } from "../devices/fake/scripted-press.js";
import { checkText } from "../protocol/check.js";
import type { CompiledProtocol } from "../protocol/compile.js";
import type { EventDocument, RunDocument, RunStopDocument, SampleDocument } from "./documents.js";
import { collectingSink, ScriptedOperator, withoutRamp } from "./testing.js";
import type { RunOptions } from "./types.js";

export const T0 = 1_700_000_000_000;

export function example(name: string): { compiled: CompiledProtocol; text: string } {
  const file = `examples/${name}.yaml`;
  const text = readFileSync(file, "utf8");
  const compiled = checkText(file, text).compiled;
  if (!compiled) throw new Error(`${file} did not compile`);
  return { compiled, text };
}

export const classic = example("classic-li-lpscl-nmc811");
export const AREA = classic.compiled.die.area;

export interface Setup {
  press: ScriptedPress;
  scheduler: VirtualScheduler;
  operator: ScriptedOperator;
  docs: RunDocument[];
  options: RunOptions;
}

export function setup(overrides: Partial<RunOptions> & { heated?: boolean; ramp?: boolean } = {}): Setup {
  const scheduler = new VirtualScheduler(T0);
  const press = new ScriptedPress({ scheduler, capacity: 100e3, heated: overrides.heated ?? false });
  const operator = new ScriptedOperator(scheduler);
  const { sink, docs } = collectingSink();
  const { heated: _h, ramp, ...rest } = overrides;
  const options: RunOptions = {
    compiled: classic.compiled,
    protocolText: classic.text,
    press: ramp === false ? withoutRamp(press) : press,
    operator,
    scheduler,
    sink,
    runId: "run-1",
    version: "test",
    operateFor: 60,
    ...rest,
  };
  return { press, scheduler, operator, docs, options };
}

export const stops = (docs: RunDocument[]) => docs.filter((d): d is RunStopDocument => d.type === "run-stop");
export const events = (docs: RunDocument[], kind?: string) =>
  docs.filter((d): d is EventDocument => d.type === "event" && (kind === undefined || d.kind === kind));
export const samples = (docs: RunDocument[]) => docs.filter((d): d is SampleDocument => d.type === "sample");
export const setForces = (cmds: CommandRecord[]) =>
  cmds.filter((c) => c.verb === "setForce" && c.outcome === "ok");
export const t = (s: Setup, seconds: number) => T0 / 1000 + seconds;

/** The invariants of every run: one run-stop, last; step-start/end paired; no setpoint above the limit in force. */
export function expectWellFormed(s: Setup): void {
  const { docs } = s;
  expect(docs[0]?.type).toBe("run-start");
  expect(stops(docs)).toHaveLength(1);
  expect(docs[docs.length - 1]?.type).toBe("run-stop");
  const starts = docs.filter((d) => d.type === "step-start").map((d) => (d as { step: number }).step);
  const ends = docs.filter((d) => d.type === "step-end").map((d) => (d as { step: number }).step);
  expect(ends).toEqual(starts);
  // every setpoint sent was within the limit in force of the step it was sent in (the step's segments' limits)
  const limitAt = new Map<number, number>();
  for (const seg of s.options.compiled.segments)
    limitAt.set(seg.step, Math.min(limitAt.get(seg.step) ?? Infinity, seg.limits.maxForce ?? Infinity));
  const stepAt = (time: number) => {
    let step = 0;
    for (const d of docs) if (d.type === "step-start" && d.time <= time) step = d.step;
    return step;
  };
  for (const c of setForces(s.press.commands)) {
    const limit = Math.min(limitAt.get(stepAt(c.time)) ?? Infinity, 100e3);
    expect(c.args[0]).toBeLessThanOrEqual(limit * (1 + 1e-9));
  }
}

export function expectReleased(s: Setup): void {
  const st = s.press.state();
  expect(st.setpoint).toBe(0);
  expect(st.force).toBeLessThan(100);
}

/** Runs until `when(docs)` is first true, then calls `act`. */
export function onDoc(s: Setup, when: (d: RunDocument) => boolean, act: () => void): void {
  const inner = s.options.sink;
  let done = false;
  s.options.sink = (d) => {
    inner(d);
    if (!done && when(d)) {
      done = true;
      act();
    }
  };
}
