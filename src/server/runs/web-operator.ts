/**
 * The operator at the web console. Every request of the engine or of a manual press becomes an
 * `event` document of kind `prompt` carrying what the page shows — the instruction, what answer is
 * wanted, and the numbers in the press's own unit — and waits for `POST /api/runs/:id/answer`.
 * Messages that need no answer (a hold's count-down) are prompts that expect nothing.
 *
 * One prompt is pending at a time (the engine asks one question at a time); a new question, the end
 * of the run or an abort from the page closes the previous one unconfirmed, so nothing waits forever.
 */
import type { Clock } from "../../core/clock.js";
import { roundSig } from "../../core/units.js";
import { parseGaugeReading } from "../../devices/manual/reading.js";
import type { Operator, OperatorAnswer, OperatorDetail, OperatorRequest } from "../../devices/press.js";
import { HttpError, shown } from "./http-error.js";

interface Pending {
  prompt: number;
  request: OperatorRequest;
  resolve: (a: OperatorAnswer) => void;
}

const ANSWERS: Record<string, boolean> = { ok: true, yes: true, abort: false, no: false };

const r4 = (x: number) => roundSig(x, 4);

/** The prompt event's keys for an instruction's numbers (keys carry their units). */
function detailKeys(d: OperatorDetail | undefined): Record<string, number> {
  if (!d) return {};
  const out: Record<string, number> = {};
  if (d.set) out[`Set [${d.set.unit}]`] = r4(d.set.value);
  if (d.force !== undefined) out["Target force [kN]"] = r4(d.force / 1000);
  if (d.pressure !== undefined) out["Target pressure [MPa]"] = r4(d.pressure / 1e6);
  if (d.rate !== undefined && d.set) out[`Rate [${d.set.unit}/min]`] = roundSig(d.rate * 60, 3);
  if (d.hold !== undefined) out["Countdown [s]"] = r4(d.hold);
  return out;
}

export class WebOperator implements Operator {
  private pending: Pending | null = null;
  private count = 0;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    /** Emits a document into the run's stream (and record); knows the run id and current step. */
    private readonly emit: (fields: Record<string, unknown> & { kind: "prompt"; message: string }) => void,
    /** Who answers, for the record: "web" or "web (NAME)". */
    private readonly by: string,
  ) {}

  /** The prompt waiting for an answer, if any. */
  get waiting(): boolean {
    return this.pending !== null;
  }

  ask(request: OperatorRequest): Promise<OperatorAnswer> {
    this.cancel("a new question replaced it");
    if (this.closed)
      return Promise.resolve({ confirmed: false, by: `${this.by} (run ended)`, time: this.now() });
    const prompt = ++this.count;
    return new Promise((resolve) => {
      this.pending = { prompt, request, resolve };
      this.emit({
        kind: "prompt",
        message: request.text,
        prompt,
        expects: request.kind,
        unit: request.kind === "reading" ? (request.unit ?? null) : null,
        ...detailKeys(request.detail),
      });
    });
  }

  tell(text: string, detail?: OperatorDetail): void {
    if (this.closed) return;
    this.emit({
      kind: "prompt",
      message: text,
      prompt: ++this.count,
      expects: "nothing",
      unit: null,
      ...detailKeys(detail),
    });
  }

  /**
   * The page's answer: "ok"/"yes" confirm, "abort"/"no" do not; a reading (a number, or a string
   * such as "3.4 t" in the prompt's unit or one convertible to it) goes with a reading prompt.
   * Throws HttpError 409 when nothing is asked, 400 for a bad answer.
   */
  answer(body: unknown): void {
    const p = this.pending;
    if (!p) throw new HttpError(409, "no question is waiting for an answer on this run");
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new HttpError(400, 'the body must be a JSON object such as {"answer": "ok"}');
    const b = body as Record<string, unknown>;
    const extra = Object.keys(b).filter((k) => k !== "answer" && k !== "reading");
    if (extra.length)
      throw new HttpError(400, `unknown field "${shown(extra[0], 30)}": use "answer" and "reading"`);
    const confirmed = typeof b.answer === "string" ? ANSWERS[b.answer.trim().toLowerCase()] : undefined;
    if (confirmed === undefined)
      throw new HttpError(400, `"answer" must be "ok", "yes", "no" or "abort", got ${shown(b.answer)}`);
    let reading: number | undefined;
    if (b.reading !== undefined && b.reading !== null && b.reading !== "") {
      if (p.request.kind !== "reading")
        throw new HttpError(400, 'this question takes no reading: answer without "reading"');
      const r = parseGaugeReading(b.reading, p.request.unit);
      if (!r.ok) throw new HttpError(400, `"reading": ${r.message}`);
      reading = r.value;
    }
    this.pending = null;
    p.resolve({ confirmed, ...(reading !== undefined ? { reading } : {}), by: this.by, time: this.now() });
  }

  /** Closes the pending prompt unconfirmed (an abort, a new question). */
  cancel(why: string): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    p.resolve({ confirmed: false, by: `${this.by} (${why})`, time: this.now() });
  }

  /** The run ended: no more prompts; a pending one is closed. */
  close(): void {
    this.cancel("the run ended");
    this.closed = true;
  }

  private now(): number {
    return this.clock.now() / 1000;
  }
}
