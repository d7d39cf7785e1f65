/**
 * The operator at the terminal: questions on stderr, answers typed on stdin. Used for confirmations
 * of an automatic press without --yes and for the manual press. End of input (Ctrl-D, a closed pipe)
 * counts as "abort", so a run never waits for an answer that cannot come.
 */
import { createInterface, type Interface } from "node:readline";
import type { Clock } from "../core/clock.js";
import type { Operator, OperatorAnswer, OperatorRequest } from "../devices/press.js";
import { parseGaugeReading } from "../devices/manual/reading.js";

export class TerminalOperator implements Operator {
  private rl: Interface | undefined;
  private closed = false;
  private pending: ((line: string | null) => void) | undefined;
  private readonly queued: string[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stderr,
  ) {}

  private lines(): Interface {
    if (this.rl) return this.rl;
    this.rl = createInterface({ input: this.input, terminal: false });
    this.rl.on("line", (line) => {
      const take = this.pending;
      this.pending = undefined;
      if (take) take(line);
      else this.queued.push(line);
    });
    this.rl.on("close", () => {
      this.closed = true;
      const take = this.pending;
      this.pending = undefined;
      take?.(null);
    });
    return this.rl;
  }

  private nextLine(): Promise<string | null> {
    this.lines();
    const queued = this.queued.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => (this.pending = resolve));
  }

  async ask(request: OperatorRequest): Promise<OperatorAnswer> {
    const how =
      request.kind === "reading"
        ? `press Enter when done, or type the reading${request.unit ? ` in ${request.unit}` : ""}; "abort" stops`
        : `press Enter when done; "abort" stops`;
    for (;;) {
      this.output.write(`\n>> ${request.text}\n   (${how}) `);
      const line = await this.nextLine();
      const time = this.clock.now() / 1000;
      if (line === null) return { confirmed: false, by: "terminal (end of input)", time };
      const text = line.trim();
      if (/^(abort|stop|q|quit)$/i.test(text)) return { confirmed: false, by: "terminal", time };
      if (text === "" || /^(ok|y|yes|done)$/i.test(text)) return { confirmed: true, by: "terminal", time };
      if (request.kind === "reading") {
        // "ok 3.4", as an answers file writes it, is a confirmation with its reading
        const r = parseGaugeReading(text.replace(/^(ok|y|yes|done)\s+(?=\S)/i, ""), request.unit);
        if (r.ok) return { confirmed: true, reading: r.value, by: "terminal", time };
        this.output.write(`   ${r.message}.\n`);
        continue;
      }
      this.output.write(`   "${text.slice(0, 40)}" is not an answer here.\n`);
    }
  }

  tell(text: string): void {
    this.output.write(`${text}\n`);
  }

  close(): void {
    this.rl?.close();
  }
}

/** `--yes`: every confirmation answered at once, and recorded as answered by --yes. */
export class YesOperator implements Operator {
  constructor(
    private readonly clock: Clock,
    private readonly say: (text: string) => void = () => {},
  ) {}
  ask(request: OperatorRequest): Promise<OperatorAnswer> {
    this.say(`>> ${request.text} — answered by --yes`);
    return Promise.resolve({ confirmed: true, by: "--yes", time: this.clock.now() / 1000 });
  }
  tell(text: string): void {
    this.say(text);
  }
}
