import { SsbError } from "../core/errors.js";
import { echo } from "../core/text.js";
import { checkBytes, formatDiagnostic } from "../protocol/check.js";
import { blockingDiagnosticsJson } from "../report/json/check.js";
import { readInput, type Io } from "./io.js";
import { oneLine } from "./safe.js";
import {
  checkFolder,
  checkOutputs,
  joinPath,
  makeFolder,
  writeOutput,
  type OutputTarget,
} from "./outputs.js";

export interface SimulateOptions {
  json?: boolean;
  csv?: string;
  plot?: string;
  samples?: string;
  seed?: string;
  series?: boolean;
  force?: boolean;
}

/** The tables `--csv` writes (checked before simulating; the simulation's own list is checked again). */
const CSV_FILES = ["steps.csv", "interfaces.csv", "programme.csv", "operation.csv", "timeline.csv"];

const MAX_SAMPLES = 1_000_000;

/** A whole number option, strictly digits (no "", "1e3", "0x10" or " 5" read as numbers). */
function wholeNumber(text: string, option: string, min: number, max: number, example: string): number {
  const t = text.trim();
  const v = /^[+-]?\d{1,16}$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max)
    throw new SsbError(
      "usage",
      `${option} must be a whole number from ${min} to ${max}, e.g. ${option} ${example}; got "${echo(text)}"`,
    );
  return v;
}

export async function runSimulate(file: string, opts: SimulateOptions, io: Io): Promise<number> {
  const samples =
    opts.samples === undefined ? 0 : wholeNumber(opts.samples, "--samples", 0, MAX_SAMPLES, "10000");
  const seed =
    opts.seed === undefined
      ? 1
      : wholeNumber(opts.seed, "--seed", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "1");
  const force = opts.force === true;
  if (opts.plot === "-" && opts.json)
    throw new SsbError(
      "usage",
      "--plot - and --json both write to standard output; write the plot to a file (--plot plot.svg) or drop --json",
    );
  // refuse outputs that would destroy a file or block, before reading stdin or simulating
  const plot: OutputTarget[] = opts.plot !== undefined ? [{ path: opts.plot, option: "--plot" }] : [];
  if (opts.csv !== undefined) await checkFolder(opts.csv, CSV_FILES, "--csv", [file], force, io, plot);
  else await checkOutputs(plot, [file], force, io);

  const bytes = await readInput(file, io);
  const shown = file === "-" ? "<stdin>" : echo(file, 1000);
  // The models are loaded only for this command, so that `check` starts fast.
  const models = await import("../models/simulate/index.js");
  const checked = checkBytes(file, bytes, models.checkAdvisors);
  // The compiled protocol exists only when every step can take effect; safety errors do not stop a
  // simulation (it shows what they would do), problems of loading and step order do.
  const compiled = checked.compiled;
  if (!compiled) {
    const errors = checked.diagnostics.filter((x) => x.severity === "error");
    const message = `${shown} cannot be simulated until these errors are fixed (ssbpress check ${shown} lists them)`;
    if (opts.json) {
      const diagnostics = blockingDiagnosticsJson(errors);
      io.out(JSON.stringify({ error: { code: "invalid-protocol", message, file, diagnostics } }, null, 2));
    } else {
      for (const d of errors) io.err(oneLine(formatDiagnostic(shown, d)));
      io.err(`ssbpress simulate: ${message}`);
    }
    return checked.exitCode === 2 ? 2 : 1;
  }
  const unsafe = checked.diagnostics.filter((d) => d.severity === "error");
  for (const d of unsafe) io.err(oneLine(formatDiagnostic(shown, d)));
  if (unsafe.length) io.err(`(simulating anyway, to show what these errors would do)`);

  const result =
    samples > 0
      ? await models.monteCarloParallel(compiled, samples, seed)
      : { simulation: models.simulate(compiled), aggregate: undefined };
  const sim = result.simulation;
  // Files first, the report last: with --json, a failed write must leave stdout one JSON object.
  if (opts.csv !== undefined) {
    const tables = Object.entries(models.simulationCsv(sim));
    await checkFolder(
      opts.csv,
      tables.map(([n]) => n),
      "--csv",
      [file],
      force,
      io,
      plot,
    );
    await makeFolder(opts.csv, io);
    for (const [name, content] of tables) await writeOutput(joinPath(opts.csv, name), content, force, io);
    io.err(`wrote ${tables.map(([n]) => n).join(", ")} to ${echo(opts.csv)}`);
  }
  if (opts.plot !== undefined && opts.plot !== "-") {
    const { simulationSvg } = await import("../report/simulation-plot.js");
    await writeOutput(opts.plot, simulationSvg(sim, compiled.name || file), force, io);
    io.err(`wrote ${echo(opts.plot)}`);
  }
  if (opts.json)
    io.out(
      JSON.stringify(models.simulationJson(sim, result.aggregate, { series: opts.series === true }), null, 2),
    );
  else if (opts.plot === "-") {
    // the SVG is standard output; the table goes to stderr
    io.err(models.simulationTable(sim, result.aggregate));
    const { simulationSvg } = await import("../report/simulation-plot.js");
    await writeOutput("-", simulationSvg(sim, compiled.name || file), force, io);
  } else io.out(models.simulationTable(sim, result.aggregate));
  return unsafe.length ? 1 : 0;
}
