import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { SsbError } from "../../core/errors.js";
import { checkText } from "../../protocol/check.js";
import { AnswersOperator, parseAnswers } from "./answers.js";

const clock = new ManualClock(5_000);

describe("answers file", () => {
  it("parses ok, ok READING, abort, comments, blank lines and YAML list dashes", () => {
    const text = "# header\n\nok\n  ok 3.4   # reading in t\n- ok .5\n- abort\nok 1e1\r\n";
    expect(parseAnswers("a.txt", text)).toEqual([
      { line: 3, confirmed: true },
      { line: 4, confirmed: true, reading: 3.4 },
      { line: 5, confirmed: true, reading: 0.5 },
      { line: 6, confirmed: false },
      { line: 7, confirmed: true, reading: 10 },
    ]);
  });

  it.each([
    ["yes\n", 'a.txt:1:1: unknown answer "yes"; expected ok, ok READING or abort'],
    ["ok\n  ok 3,4\n", 'a.txt:2:7: "3,4" has a comma in its number; write a decimal point: "3.4"'],
    ["ok 3.4.5\n", 'a.txt:1:4: "3.4.5" is not a reading; type a number ≥ 0 such as 3.4 (no unit)'],
    ["ok 3.4 t\n", 'a.txt:1:8: one reading at most after "ok", got also "t"'],
    ["ok -2\n", 'a.txt:1:4: "-2" is not a reading'],
    ["- abort now\n", 'a.txt:1:9: "abort" takes nothing after it, got "now"'],
    ["ok NaN\n", 'a.txt:1:4: "NaN" is not a reading'],
  ])("%j is refused at file:line:col", (text, message) => {
    let e: unknown;
    try {
      parseAnswers("a.txt", text);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(SsbError);
    expect((e as SsbError).code).toBe("parse");
    expect((e as SsbError).message.startsWith(message)).toBe(true);
    expect((e as SsbError).hint).toMatch(/"ok", "ok READING"/);
  });

  it("answers in order with the line, then refuses when the answers run out (never hangs)", async () => {
    const op = new AnswersOperator(parseAnswers("a.txt", "ok\nok 2.5\nabort\n"), clock);
    const ask = (text: string) => op.ask({ kind: "reading", text, unit: "t" });
    expect(await ask("a")).toEqual({ confirmed: true, by: "answers file line 1", time: 5 });
    expect(await ask("b")).toEqual({ confirmed: true, reading: 2.5, by: "answers file line 2", time: 5 });
    expect(await ask("c")).toEqual({ confirmed: false, by: "answers file line 3", time: 5 });
    expect(op.remaining).toBe(0);
    expect(await ask("d")).toEqual({
      confirmed: false,
      by: "answers file: no answers left after line 3",
      time: 5,
    });
    expect(op.log.map((x) => x.request.text)).toEqual(["a", "b", "c", "d"]);
    const empty = new AnswersOperator([], clock);
    expect((await empty.ask({ kind: "confirm", text: "x" })).by).toMatch(/the file has none/);
    op.tell("Holding 250 MPa");
    expect(op.told).toEqual(["Holding 250 MPa"]);
  });

  it("loads a file, and says which file could not be read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "answers-"));
    try {
      const f = join(dir, "a.txt");
      writeFileSync(f, "ok 1\n");
      const op = await AnswersOperator.load(f, clock);
      expect((await op.ask({ kind: "confirm", text: "x" })).reading).toBe(1);
      await expect(AnswersOperator.load(join(dir, "missing.txt"), clock)).rejects.toMatchObject({
        code: "io",
        message: expect.stringMatching(/cannot read the answers file .*missing\.txt: ENOENT/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the example answers file parses, and its readings match the example protocol's press steps in tonnes", () => {
    const answers = parseAnswers(
      "examples/manual-press-answers.txt",
      readFileSync(new URL("../../../examples/manual-press-answers.txt", import.meta.url), "utf8"),
    );
    const c = checkText(
      "manual.yaml",
      readFileSync(new URL("../../../examples/manual-press-13mm-tonnes.yaml", import.meta.url), "utf8"),
    ).compiled!;
    const tonnes = c.segments.flatMap((s) => (s.kind === "ramp" ? [s.toForce / 9806.65] : []));
    const readings = answers.flatMap((a) => (a.reading === undefined ? [] : [a.reading]));
    expect(readings).toHaveLength(tonnes.length);
    readings.forEach((r, i) => expect(r).toBeCloseTo(tonnes[i]!, 1));
    // Every request of the run has an answer: a place, a press and a release per step, plus operate and the end.
    const requests = c.segments.filter(
      (s) => s.kind === "place" || s.kind === "ramp" || s.kind === "release" || s.kind === "operate",
    );
    expect(answers.length).toBeGreaterThanOrEqual(requests.length);
    expect(answers.every((a) => a.confirmed)).toBe(true);
  });
});
