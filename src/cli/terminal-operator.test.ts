/**
 * The operator at the terminal: confirmations, typed gauge readings (read like the web console's and
 * the answers file's), re-asking on a bad answer with what to type, and end of input as abort.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { VirtualScheduler } from "../core/clock.js";
import type { OperatorRequest } from "../devices/press.js";
import { TerminalOperator } from "./terminal-operator.js";

function terminal(typed: string[], end = true) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = "";
  output.on("data", (d: Buffer) => (shown += d.toString()));
  const op = new TerminalOperator(new VirtualScheduler(1_764_540_930_000), input, output);
  for (const line of typed) input.write(`${line}\n`);
  if (end) input.end();
  return { op, shown: () => shown };
}

const READING: OperatorRequest = { kind: "reading", text: "Set the press to 3.4 t and confirm", unit: "t" };

describe("the terminal operator", () => {
  it("takes a reading in the gauge's unit, converting another unit of its kind", async () => {
    expect(await terminal(["3.38"]).op.ask(READING)).toMatchObject({ confirmed: true, reading: 3.38 });
    expect(await terminal(["3.38 t"]).op.ask(READING)).toMatchObject({ confirmed: true, reading: 3.38 });
    const kN = await terminal(["33.3426 kN"]).op.ask(READING);
    expect(kN.reading).toBeCloseTo(3.4, 4);
    expect(await terminal(["ok 3.38"]).op.ask(READING)).toMatchObject({ confirmed: true, reading: 3.38 });
    expect(await terminal(["yes 3.38 t"]).op.ask(READING)).toMatchObject({ confirmed: true, reading: 3.38 });
    expect(await terminal([""]).op.ask(READING)).toMatchObject({ confirmed: true });
    expect((await terminal([""]).op.ask(READING)).reading).toBeUndefined();
  });

  it("re-asks, saying what to type, for a decimal comma, a wrong unit or hex; never takes them", async () => {
    const t = terminal(["3,38", "500 MPa", "0x10", "3.38"]);
    const a = await t.op.ask(READING);
    expect(a).toMatchObject({ confirmed: true, reading: 3.38 });
    expect(t.shown()).toContain('"3,38" has a comma in its number; write a decimal point: "3.38".');
    expect(t.shown()).toContain('"500 MPa" is not in a unit the gauge reads; type a number ≥ 0 in t');
    expect(t.shown()).toContain('"0x10": "x10" is not a unit');
    expect(t.shown().match(/>> Set the press to 3\.4 t/g)).toHaveLength(4);
  });

  it("abort, or the end of input, is an unconfirmed answer", async () => {
    expect(await terminal(["abort"]).op.ask(READING)).toMatchObject({ confirmed: false, by: "terminal" });
    expect(await terminal([]).op.ask(READING)).toMatchObject({
      confirmed: false,
      by: "terminal (end of input)",
    });
    const confirm: OperatorRequest = { kind: "confirm", text: "Put the separator in the die" };
    const t = terminal(["3.4", "yes"]);
    expect(await t.op.ask(confirm)).toMatchObject({ confirmed: true });
    expect(t.shown()).toContain('"3.4" is not an answer here.');
  });
});
