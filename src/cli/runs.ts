/**
 * `ssbpress runs list | show ID | export ID | plot ID` (CONTRACTS §7): the record of past runs.
 *
 * Reading commands never create a run record: a `--db` file (or the default one) that does not exist
 * is an error (exit 2) rather than an empty database left behind. Exports stream from the store to
 * standard output or to a file that is written beside its target and published only when complete —
 * exclusively (a file that appeared meanwhile is never replaced) or, with `--force`, swapped whole —
 * so a failed export never leaves half a file under the requested name.
 */
import { createHash } from "node:crypto";
import { link, open, realpath, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SsbError } from "../core/errors.js";
import { echo } from "../core/text.js";
import { bdfMetadata, sidecarPath, writeRunBdf } from "../report/run-bdf.js";
import { writeRunCsv, writeRunJson, type ChunkWriter } from "../report/run-export.js";
import { runPlotSvg, type PlotQuantity } from "../report/run-plot.js";
import type { StepStats } from "../report/run-stats.js";
import { runShowJson, runStatistics } from "../report/run-show.js";
import type { RunRecord, RunStore, RunSummary } from "../store/types.js";
import { describeWriteError, type Io } from "./io.js";
import { checkOutputs, writeOutput, type OutputTarget } from "./outputs.js";
import { oneLine } from "./safe.js";

export interface RunsOptions {
  db?: string;
  json?: boolean;
  format?: string;
  output?: string;
  force?: boolean;
  y?: string;
}

const FORMATS = ["csv", "json", "bdf"] as const;
type Format = (typeof FORMATS)[number];

const isUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

/** Opens the run record for reading; the caller closes it. */
async function openForReading(opts: RunsOptions, io: Io): Promise<{ store: RunStore; where: string }> {
  const { openStore, describeStoreLocation } = await import("../store/index.js");
  // an absolute path, or the URL without its password: what messages may show
  const where = describeStoreLocation(opts.db);
  if (!isUrl(where)) {
    const info = await io.inspect(where).catch(() => undefined);
    if (info?.kind === "missing")
      throw new SsbError("io", `no run record at "${echo(where)}": the file does not exist`, {
        hint:
          opts.db !== undefined || process.env.SSBPRESS_DB
            ? "check --db (or SSBPRESS_DB): it names the database `ssbpress run` wrote to"
            : "no run has been recorded yet: `ssbpress run FILE --press sim` records one; or give --db FILE",
      });
  }
  return { store: await openStore(opts.db), where };
}

async function withStore<T>(
  opts: RunsOptions,
  io: Io,
  fn: (store: RunStore, where: string) => Promise<T>,
): Promise<T> {
  const { store, where } = await openForReading(opts, io);
  try {
    return await fn(store, where);
  } finally {
    await store.close();
  }
}

async function requireRun(store: RunStore, id: string, where: string): Promise<RunRecord> {
  const record = await store.get(id);
  if (!record)
    throw new SsbError("usage", `no run "${echo(id)}" in the run record ${echo(where)}`, {
      hint: "`ssbpress runs list` shows the recorded runs and their ids (a unique beginning of an id is enough)",
    });
  return record;
}

/** The database file is an input of every `runs` command: an output must never replace it. */
const inputsOf = (where: string) => (isUrl(where) ? [] : [where]);

// ---- list ----------------------------------------------------------------------------------------

const shortTime = (iso: string | null) => (iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "—");

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd(),
  );
}

export async function runsList(opts: RunsOptions, io: Io): Promise<number> {
  const runs: RunSummary[] = await withStore(opts, io, (store) => store.list());
  if (opts.json) {
    io.out(JSON.stringify(runs, null, 2));
    return 0;
  }
  if (runs.length === 0) {
    io.out("no runs recorded yet (`ssbpress run FILE --press sim` records one)");
    return 0;
  }
  const rows = [
    ["ID", "STATUS", "STARTED", "PRESS", "STEPS", "NAME"],
    ...runs.map((r) => [r.id, r.status, shortTime(r.started), r.press, String(r.steps), r.name].map(oneLine)),
  ];
  for (const l of table(rows)) io.out(l);
  return 0;
}

// ---- show ----------------------------------------------------------------------------------------

const num = (v: number | null, digits = 3) => (v === null ? "—" : `${+v.toPrecision(digits + 1)}`);

function duration(s: number | null): string {
  if (s === null) return "—";
  if (s < 120) return `${+s.toFixed(1)} s`;
  if (s < 7200) return `${+(s / 60).toFixed(1)} min`;
  return `${+(s / 3600).toFixed(2)} h`;
}

function showText(record: RunRecord, stats: StepStats[], samples: number, io: Io): void {
  const s = record.start;
  const status = record.stop?.status ?? record.summary.status;
  const reason = record.stop?.reason ?? (status === "interrupted" ? "the recording process died" : "");
  io.out(oneLine(`run ${s.run}: ${s.name}`));
  io.out(oneLine(`  status    ${status}${reason ? ` (${reason})` : ""}`));
  io.out(
    `  started   ${shortTime(record.summary.started)}${record.stop ? `, stopped ${shortTime(new Date(record.stop.time * 1000).toISOString())}` : ""}`,
  );
  io.out(
    oneLine(
      `  press     ${s.press}${s.map ? ` (map ${s.map})` : ""}${s.operator ? `, operator ${s.operator}` : ""}`,
    ),
  );
  io.out(
    `  die       ${num(s.die["Diameter [mm]"])} mm (${num(s.die["Area [mm2]"])} mm²${s.die["Rating [MPa]"] !== null ? `, rated ${s.die["Rating [MPa]"]} MPa` : ""})`,
  );
  io.out(`  protocol  sha256 ${s.sha256}, ssbpress ${oneLine(s.version)}, ${samples} samples`);
  io.out("");
  const rows = [
    ["STEP", "DURATION", "PEAK kN", "PEAK MPa", "HOLD MPa (mean ± sd)", "HOLD", "FINAL mm", "TEXT"],
    ...stats.map((x) => [
      String(x.step),
      duration(x["Duration [s]"]),
      num(x["Peak force [kN]"]),
      num(x["Peak pressure [MPa]"]),
      x["Hold pressure mean [MPa]"] === null
        ? "—"
        : `${num(x["Hold pressure mean [MPa]"])} ± ${num(x["Hold pressure std [MPa]"], 2)}`,
      duration(x["Hold duration [s]"]),
      num(x["Final position [mm]"], 4),
      oneLine(x.text) + (x.ended === null ? " (did not end)" : ""),
    ]),
  ];
  for (const l of table(rows)) io.out(l);
  io.out("");
  if (record.events.length === 0) io.out("no events");
  else {
    io.out("events:");
    for (const e of record.events)
      io.out(oneLine(`  ${duration(e.time - s.time).padStart(9)}  step ${e.step}  ${e.kind}: ${e.message}`));
  }
}

export async function runsShow(id: string, opts: RunsOptions, io: Io): Promise<number> {
  return withStore(opts, io, async (store, where) => {
    const record = await requireRun(store, id, where);
    const { stats, samples } = await runStatistics(store, record);
    if (opts.json) io.out(JSON.stringify(runShowJson(record, stats, samples), null, 2));
    else showText(record, stats, samples, io);
    return 0;
  });
}

// ---- export --------------------------------------------------------------------------------------

let tempCounter = 0;

/**
 * Streams an export into `path`: chunks go to a temporary file beside it, flushed to disk, which is
 * then published whole (exclusive link, or a rename over the old file with `force`).
 */
async function streamToFile<T>(
  path: string,
  force: boolean,
  produce: (write: ChunkWriter) => Promise<T>,
): Promise<T> {
  const target = force ? await realpath(path).catch(() => path) : path;
  const tmp = join(
    dirname(target),
    `.ssbpress-${process.pid}-${Date.now().toString(36)}-${tempCounter++}.tmp`,
  );
  let result: T;
  try {
    const handle = await open(tmp, "wx", 0o666);
    try {
      result = await produce(async (chunk) => {
        await handle.write(chunk, null, "utf8");
      });
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (force) await rename(tmp, target);
    else {
      try {
        // link() publishes the complete file and fails if the name was taken meanwhile
        await link(tmp, path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EMLINK") throw e;
        // a file system without hard links: exclusive creation, then the rename
        await (await open(path, "wx", 0o666)).close();
        await rename(tmp, path);
      }
    }
  } catch (e) {
    if (e instanceof SsbError) throw e;
    if (typeof (e as NodeJS.ErrnoException)?.code === "string")
      throw new SsbError("io", describeWriteError(path, e));
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return result;
}

function parseFormat(format: string | undefined): Format {
  if (format === undefined)
    throw new SsbError("usage", "runs export needs --format csv, json or bdf", {
      hint: "e.g. ssbpress runs export ID --format bdf -o run.csv",
    });
  const f = format.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f))
    throw new SsbError("usage", `unknown export format "${echo(format)}": use csv, json or bdf`, {
      hint: "csv: the samples with §6 keys · json: the whole record · bdf: Battery Data Format with a metadata sidecar",
    });
  return f as Format;
}

export async function runsExport(id: string, opts: RunsOptions, io: Io): Promise<number> {
  const format = parseFormat(opts.format);
  const force = opts.force === true;
  const out = opts.output ?? "-";
  const targets: OutputTarget[] = [{ path: out, option: "-o" }];
  if (format === "bdf" && out !== "-")
    targets.push({ path: sidecarPath(out), option: "the BDF metadata sidecar" });
  return withStore(opts, io, async (store, where) => {
    // refuse outputs that would destroy a file (the database included) before reading anything
    await checkOutputs(targets, inputsOf(where), force, io);
    const record = await requireRun(store, id, where);
    const samples = store.samples(record.summary.id);
    const produce = (write: ChunkWriter) =>
      format === "csv"
        ? writeRunCsv(samples, write)
        : format === "json"
          ? writeRunJson(record, samples, write)
          : writeRunBdf(record, samples, write);
    if (out === "-") {
      // every chunk is whole lines ending in a newline, which io.out adds back
      await produce((chunk) => io.out(chunk.replace(/\n$/, "")));
      return 0;
    }
    const hash = createHash("sha256");
    const n = await streamToFile(out, force, (write) =>
      produce(async (chunk) => {
        hash.update(chunk, "utf8");
        await write(chunk);
      }),
    );
    if (format === "bdf") {
      const meta = bdfMetadata(record, {
        dataFile: basename(out),
        dataSha256: hash.digest("hex"),
        samples: n,
      });
      await writeOutput(sidecarPath(out), JSON.stringify(meta, null, 2) + "\n", force, io);
    }
    if (opts.json)
      io.out(
        JSON.stringify(
          {
            id: record.summary.id,
            format,
            file: out,
            samples: n,
            ...(format === "bdf" ? { metadata: sidecarPath(out) } : {}),
          },
          null,
          2,
        ),
      );
    else
      io.err(
        `wrote ${n} samples of run ${record.summary.id} to ${echo(out)}${format === "bdf" ? ` and ${echo(sidecarPath(out))}` : ""}`,
      );
    return 0;
  });
}

// ---- plot ----------------------------------------------------------------------------------------

function parseY(y: string | undefined): PlotQuantity {
  if (y === undefined) return "pressure";
  const v = y.trim().toLowerCase();
  if (v === "pressure" || v === "force") return v;
  throw new SsbError("usage", `--y must be pressure or force, got "${echo(y)}"`);
}

export async function runsPlot(id: string, opts: RunsOptions, io: Io): Promise<number> {
  const y = parseY(opts.y);
  const out = opts.output;
  if (out === undefined)
    throw new SsbError(
      "usage",
      "runs plot writes an SVG file: give -o FILE.svg (or -o - for standard output)",
      {
        hint: `e.g. ssbpress runs plot ${echo(id, 40)} -o run.svg`,
      },
    );
  const force = opts.force === true;
  return withStore(opts, io, async (store, where) => {
    await checkOutputs([{ path: out, option: "-o" }], inputsOf(where), force, io);
    const record = await requireRun(store, id, where);
    const svg = await runPlotSvg(record, store.samples(record.summary.id), { y });
    await writeOutput(out, svg + "\n", force, io);
    if (out === "-") return 0;
    if (opts.json) io.out(JSON.stringify({ id: record.summary.id, file: out, quantity: y }, null, 2));
    else io.err(`wrote the plot of run ${record.summary.id} to ${echo(out)}`);
    return 0;
  });
}
