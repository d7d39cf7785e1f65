/**
 * Helpers for running the engine in tests and benchmarks: a sink that keeps every document, an
 * operator that answers from a script, and a view of a press that cannot ramp by itself.
 */
import type { Scheduler } from "../core/clock.js";
import type { Operator, OperatorAnswer, OperatorRequest, Press } from "../devices/press.js";
import type { DocumentSink, RunDocument } from "./documents.js";

/** A sink that keeps every document, in order. */
export function collectingSink(): { sink: DocumentSink; docs: RunDocument[] } {
  const docs: RunDocument[] = [];
  return { docs, sink: (d) => void docs.push(d) };
}

/** An operator that confirms everything (or what `answer` says), and remembers what it was asked and told. */
export class ScriptedOperator implements Operator {
  readonly asked: OperatorRequest[] = [];
  readonly told: string[] = [];
  constructor(
    private readonly scheduler: Scheduler,
    private readonly answer: (r: OperatorRequest, n: number) => boolean | Promise<boolean> = () => true,
  ) {}
  async ask(request: OperatorRequest): Promise<OperatorAnswer> {
    this.asked.push(request);
    const confirmed = await this.answer(request, this.asked.length);
    return { confirmed, by: "script", time: this.scheduler.now() / 1000 };
  }
  tell(text: string): void {
    this.told.push(text);
  }
}

/** The same press, declaring that it cannot ramp: the engine must stream the setpoints. */
export function withoutRamp<P extends Press>(press: P): P {
  const capabilities = { ...press.capabilities, ramp: false };
  return new Proxy(press, {
    get(target, key, receiver) {
      if (key === "capabilities") return capabilities;
      const v: unknown = Reflect.get(target, key, receiver);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
