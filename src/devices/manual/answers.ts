/**
 * `--answers FILE`: a scripted operator for a manual press, for tests and rehearsals. The file holds
 * one answer per line, used in order, one per request (confirmations and readings alike):
 *
 *   # a comment; blank lines are ignored, and so is anything after " #"
 *   ok            confirm
 *   ok 3.4        confirm and type the reading 3.4 (in the unit the request names, e.g. t or bar)
 *   abort         do not confirm: the run stops safely
 *
 * A line may start with "- " so that the file can also be written as a YAML list. When the answers
 * run out, every further request is answered "not confirmed" with a message saying so: a script
 * that is too short stops the run, it never hangs it. Messages the run shows (`tell`) are kept in
 * `told`, every request and its answer in `log`.
 */
import { readFile } from "node:fs/promises";
import type { Clock } from "../../core/clock.js";
import { SsbError } from "../../core/errors.js";
import { decimalCommaAdvice } from "../../core/units.js";
import type { Operator, OperatorAnswer, OperatorRequest } from "../press.js";

interface ScriptedAnswer {
  /** 1-based line in the file. */
  line: number;
  confirmed: boolean;
  reading?: number;
}

const NUMBER = /^[+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses an answers file; throws SsbError("parse") at the first bad line, with file:line:col. */
export function parseAnswers(file: string, text: string): ScriptedAnswer[] {
  const out: ScriptedAnswer[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const hash = raw.search(/(^|\s)#/);
    let body = hash < 0 ? raw : raw.slice(0, hash);
    let col = 1;
    const lead = /^\s*(?:-\s+)?/.exec(body)![0];
    col += lead.length;
    body = body.slice(lead.length).trimEnd();
    if (body === "") return;
    const where = (c: number): string => `${file}:${line}:${c}`;
    const [word, value, extra] = body.split(/\s+/);
    const fail = (c: number, msg: string): never => {
      throw new SsbError("parse", `${where(c)}: ${msg}`, {
        hint: 'each line is "ok", "ok READING" (e.g. "ok 3.4") or "abort"; "#" starts a comment',
      });
    };
    const valueCol = col + body.indexOf(value ?? "", word!.length);
    if (word === "abort") {
      if (value !== undefined) fail(valueCol, `"abort" takes nothing after it, got "${value}"`);
      out.push({ line, confirmed: false });
    } else if (word === "ok") {
      if (extra !== undefined)
        fail(col + body.lastIndexOf(extra), `one reading at most after "ok", got also "${extra}"`);
      if (value === undefined) {
        out.push({ line, confirmed: true });
      } else {
        const comma = /^(\d+),(\d+)$/.exec(value);
        if (comma)
          fail(
            valueCol + comma[1]!.length,
            `"${value}" has a comma in its number; ${decimalCommaAdvice(comma[1]!, comma[2]!)}`,
          );
        if (!NUMBER.test(value))
          fail(valueCol, `"${value}" is not a reading; type a number ≥ 0 such as 3.4 (no unit)`);
        out.push({ line, confirmed: true, reading: Number(value) });
      }
    } else {
      fail(col, `unknown answer "${word}"; expected ok, ok READING or abort`);
    }
  });
  return out;
}

export class AnswersOperator implements Operator {
  /** Messages the run showed, in order. */
  readonly told: string[] = [];
  /** Every request and the answer it got. */
  readonly log: { request: OperatorRequest; answer: OperatorAnswer }[] = [];
  private next = 0;

  constructor(
    private readonly answers: ScriptedAnswer[],
    private readonly clock: Clock,
  ) {}

  /** Reads and checks an answers file (SsbError "io" when unreadable, "parse" with file:line:col when malformed). */
  static async load(file: string, clock: Clock): Promise<AnswersOperator> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      throw new SsbError(
        "io",
        `cannot read the answers file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        {
          hint: "check the path given to --answers",
          cause: e,
        },
      );
    }
    return new AnswersOperator(parseAnswers(file, text), clock);
  }

  async ask(request: OperatorRequest): Promise<OperatorAnswer> {
    const time = this.clock.now() / 1000;
    const a = this.answers[this.next];
    let answer: OperatorAnswer;
    if (a === undefined) {
      const last = this.answers.at(-1)?.line;
      answer = {
        confirmed: false,
        by: `answers file: no answers left${last === undefined ? " (the file has none)" : ` after line ${last}`}`,
        time,
      };
    } else {
      this.next++;
      answer = { confirmed: a.confirmed, by: `answers file line ${a.line}`, time };
      if (a.reading !== undefined) answer.reading = a.reading;
    }
    this.log.push({ request, answer });
    return answer;
  }

  tell(text: string): void {
    this.told.push(text);
  }

  /** Answers not used yet. */
  get remaining(): number {
    return this.answers.length - this.next;
  }
}
