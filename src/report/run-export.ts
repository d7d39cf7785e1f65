/**
 * Exports of a recorded run (`runs export --format csv|json`, CONTRACTS §7), streamed: the samples
 * arrive from the store in batches and leave in chunks of about 64 kB, so exporting a 500 h run takes
 * the same memory as a 5 min one. Where the chunks go (a file, standard output) is the caller's
 * business: every chunk is whole lines and ends with a newline.
 *
 * CSV columns: the sample keys of §6, plus `Unix time [s]` and `Step`, plus `Force min [kN]` and
 * `Force max [kN]` — always present so that the header does not depend on the run (a script reads
 * every run the same way); they are filled only on the per-second summaries of a long Operate step
 * and empty elsewhere. A null quantity is an empty cell.
 */
import type { SampleDocument } from "../engine/documents.js";
import type { RunRecord } from "../store/types.js";

/** Receives the export piece by piece; may be asynchronous (a file) or not (standard output). */
export type ChunkWriter = (chunk: string) => Promise<void> | void;

/** Chunk size before a write [characters]: large enough to be cheap, small enough to stay bounded. */
const CHUNK = 64 * 1024;

/** Collects lines and hands them to the writer in chunks of whole lines. */
export class LineBuffer {
  private lines: string[] = [];
  private size = 0;
  constructor(
    private readonly write: ChunkWriter,
    private readonly limit = CHUNK,
  ) {}

  async line(text: string): Promise<void> {
    this.lines.push(text);
    this.size += text.length + 1;
    if (this.size >= this.limit) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const chunk = this.lines.join("\n") + "\n";
    this.lines = [];
    this.size = 0;
    await this.write(chunk);
  }
}

/** One CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A number for a data file: empty for null or a non-finite value, otherwise JavaScript's shortest exact form. */
export function csvNumber(value: number | null | undefined): string {
  return typeof value === "number" && Number.isFinite(value) ? String(value) : "";
}

export const csvLine = (fields: string[]) => fields.map(csvField).join(",");

/** The CSV export's columns, in order. */
export const CSV_COLUMNS = [
  "Test time [s]",
  "Unix time [s]",
  "Step",
  "Force setpoint [kN]",
  "Force [kN]",
  "Pressure [MPa]",
  "Position [mm]",
  "Temperature [degC]",
  "Force min [kN]",
  "Force max [kN]",
] as const;

function csvRow(s: SampleDocument): string {
  return [
    csvNumber(s["Test time [s]"]),
    csvNumber(s.time),
    csvNumber(s.step),
    csvNumber(s["Force setpoint [kN]"]),
    csvNumber(s["Force [kN]"]),
    csvNumber(s["Pressure [MPa]"]),
    csvNumber(s["Position [mm]"]),
    csvNumber(s["Temperature [degC]"]),
    csvNumber(s["Force min [kN]"]),
    csvNumber(s["Force max [kN]"]),
  ].join(",");
}

/** `runs export --format csv`: a header line, then one line per sample. Returns the number of samples. */
export async function writeRunCsv(
  samples: AsyncIterable<SampleDocument>,
  write: ChunkWriter,
): Promise<number> {
  const out = new LineBuffer(write);
  await out.line(csvLine([...CSV_COLUMNS]));
  let n = 0;
  for await (const s of samples) {
    await out.line(csvRow(s));
    n++;
  }
  await out.flush();
  return n;
}

/**
 * `runs export --format json`: one JSON document `{run, stop, steps, events, samples}` — `run` is the
 * run-start document, `stop` the run-stop document (null for a run that never stopped), `steps` the
 * step-start/step-end pairs, `samples` the sample documents in order. Written incrementally, one
 * sample per line, so it streams and is still one valid JSON value.
 */
export async function writeRunJson(
  record: RunRecord,
  samples: AsyncIterable<SampleDocument>,
  write: ChunkWriter,
): Promise<number> {
  const out = new LineBuffer(write);
  await out.line("{");
  await out.line(`"run": ${JSON.stringify(record.start)},`);
  await out.line(`"summary": ${JSON.stringify(record.summary)},`);
  await out.line(`"stop": ${JSON.stringify(record.stop)},`);
  await out.line(`"steps": ${JSON.stringify(record.steps)},`);
  await out.line(`"events": ${JSON.stringify(record.events)},`);
  await out.line(`"samples": [`);
  let n = 0;
  let previous: string | undefined;
  // each sample line gets its comma when the next one arrives: the last has none
  for await (const s of samples) {
    if (previous !== undefined) await out.line(previous + ",");
    previous = JSON.stringify(s);
    n++;
  }
  if (previous !== undefined) await out.line(previous);
  await out.line("]");
  await out.line("}");
  await out.flush();
  return n;
}
