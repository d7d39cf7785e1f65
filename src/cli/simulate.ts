import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { checkBytes, formatDiagnostic } from "../protocol/check.js";
import { describeFsError, type Io } from "./io.js";

export interface SimulateOptions {
  json?: boolean;
  csv?: string;
  plot?: string;
  samples?: string;
  seed?: string;
  series?: boolean;
}

export async function runSimulate(file: string, opts: SimulateOptions, io: Io): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (e) {
    io.err(`ssbpress simulate: ${describeFsError(file, e)}`);
    return 2;
  }
  const samples = opts.samples === undefined ? 0 : Number(opts.samples);
  if (!Number.isInteger(samples) || samples < 0 || samples > 1_000_000) {
    io.err(`ssbpress simulate: --samples must be a whole number from 0 to 1000000, got "${opts.samples}"`);
    return 2;
  }
  const seed = opts.seed === undefined ? 1 : Number(opts.seed);
  if (!Number.isInteger(seed)) {
    io.err(`ssbpress simulate: --seed must be a whole number, got "${opts.seed}"`);
    return 2;
  }
  // The models are loaded only for this command, so that `check` starts fast.
  const models = await import("../models/simulate/index.js");
  const checked = checkBytes(file, bytes, models.checkAdvisors);
  const loadErrors = checked.diagnostics.filter(
    (d) =>
      d.severity === "error" &&
      [
        "yaml-syntax",
        "unreadable",
        "schema",
        "invalid-step",
        "invalid-quantity",
        "unknown-material",
        "step-order",
      ].includes(d.rule),
  );
  if (!checked.protocol || loadErrors.length) {
    for (const d of checked.diagnostics.filter((x) => x.severity === "error"))
      io.err(formatDiagnostic(file, d));
    io.err(`ssbpress simulate: ${file} cannot be simulated until these errors are fixed`);
    return checked.exitCode === 2 ? 2 : 1;
  }
  const unsafe = checked.diagnostics.filter((d) => d.severity === "error");
  for (const d of unsafe) io.err(formatDiagnostic(file, d));
  if (unsafe.length) io.err(`(simulating anyway, to show what these errors would do)`);

  const text = new TextDecoder().decode(bytes);
  const result =
    samples > 0
      ? await models.monteCarloParallel(checked.protocol, text, samples, seed)
      : { simulation: models.simulate(checked.protocol), aggregate: undefined };
  const sim = result.simulation;
  if (opts.json)
    io.out(
      JSON.stringify(models.simulationJson(sim, result.aggregate, { series: opts.series === true }), null, 2),
    );
  else io.out(models.simulationTable(sim, result.aggregate));
  try {
    if (opts.csv) {
      await mkdir(opts.csv, { recursive: true });
      for (const [name, content] of Object.entries(models.simulationCsv(sim)))
        await writeFile(join(opts.csv, name), content);
      io.err(`wrote CSV files to ${opts.csv}/`);
    }
    if (opts.plot) {
      const { simulationSvg } = await import("../report/simulation-plot.js");
      await io.writeFile(opts.plot, simulationSvg(sim, checked.protocol.name || file));
      io.err(`wrote ${opts.plot}`);
    }
  } catch (e) {
    io.err(`ssbpress simulate: cannot write output: ${(e as Error).message}`);
    return 2;
  }
  return unsafe.length ? 1 : 0;
}
