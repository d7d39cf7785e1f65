/**
 * `ssbpress run FILE --press PRESS` (CONTRACTS §6): preflight (check, settings, confirmation), then
 * the engine on the chosen press, every document to the store, the terminal and --json. The order
 * matters for safety: everything that can be refused (protocol errors, a bad map, a bad fault spec,
 * an unwritable database) is refused before anything connects to the press.
 */
import { SsbError } from "../core/errors.js";
import { realScheduler, VirtualScheduler, type Scheduler } from "../core/clock.js";
import { checkBytes, formatDiagnostic } from "../protocol/check.js";
import type { CompiledProtocol } from "../protocol/compile.js";
import { settingsText } from "../protocol/settings.js";
import type { Operator, Press } from "../devices/press.js";
import type { DocumentSink, RunDocument } from "../engine/documents.js";
import { diagnosticJson } from "../report/json/check.js";
import { readInput, type Io } from "./io.js";
import { oneLine } from "./safe.js";
import { RunDisplay } from "./run-display.js";
import { quantityOption } from "./run-devices.js";
import { pressChoiceOf, type PressChoice } from "../devices/factory.js";
import { TerminalOperator, YesOperator } from "./terminal-operator.js";

export interface RunOptions {
  press?: string;
  map?: string;
  db?: string;
  operator?: string;
  yes?: boolean;
  json?: boolean;
  speed?: string;
  fault?: string[];
  operateFor?: string;
  dryRun?: boolean;
  answers?: string;
  rate?: string;
}

const VERSION = "0.1.0";

function usage(message: string, hint?: string): SsbError {
  return new SsbError("usage", message, hint === undefined ? {} : { hint });
}

function choosePress(text: string | undefined): PressChoice {
  if (!text)
    throw usage(
      "which press? --press is required",
      "use --press sim (the digital twin), --press manual, or --press modbus-tcp://HOST:PORT",
    );
  const choice = pressChoiceOf(text);
  if (choice) return choice;
  throw usage(
    `--press "${oneLine(text).slice(0, 80)}" is not a press ssbpress knows`,
    "use sim, manual, modbus-tcp://HOST:PORT or modbus-rtu:/dev/ttyUSB0?baud=19200&parity=even",
  );
}

function numberOption(text: string, option: string, min: number, max: number, example: string): number {
  const v = Number(text.trim());
  if (!/^\s*[0-9.eE+]+\s*$/.test(text) || !Number.isFinite(v) || v < min || v > max)
    throw usage(
      `${option} must be a number from ${min} to ${max}, got "${oneLine(text).slice(0, 40)}"`,
      `e.g. ${option} ${example}`,
    );
  return v;
}

/** Checks the options that only make sense with some presses, before reading anything. */
function checkCombinations(choice: PressChoice, o: RunOptions): void {
  // A manual press scripted by --answers has no one at it (the answers come at once), so its clock
  // may run fast too; a real press, or a real operator, runs in real time.
  const scripted = choice.kind === "manual" && o.answers !== undefined;
  if (choice.kind !== "sim" && !scripted && o.speed !== undefined)
    throw usage(
      "--speed runs the digital twin (or a manual press scripted by --answers) faster than real time; a real press runs in real time",
      "drop --speed, or use --press sim",
    );
  if (choice.kind !== "sim" && o.fault?.length)
    throw usage("--fault injects faults into the digital twin only", "drop --fault, or use --press sim");
  if (choice.kind !== "manual" && o.answers !== undefined)
    throw usage("--answers scripts the operator of a manual press", "use --press manual, or drop --answers");
  if (choice.kind !== "modbus" && o.map !== undefined)
    throw usage(
      "--map describes a Modbus press's registers",
      "use --press modbus-tcp://HOST:PORT with --map, or drop --map",
    );
}

interface Prepared {
  compiled: CompiledProtocol;
  text: string;
}

/** Reads and checks the protocol; prints diagnostics. Returns undefined with the exit code when refused. */
async function preflight(file: string, o: RunOptions, io: Io): Promise<Prepared | number> {
  const bytes = await readInput(file, io);
  const { checkAdvisors } = await import("../models/simulate/advisors.js");
  const result = checkBytes(file, bytes, checkAdvisors);
  const shown = file === "-" ? "<stdin>" : file;
  for (const d of result.diagnostics) io.err(oneLine(formatDiagnostic(shown, d)));
  const refused = result.exitCode === 2 || !result.runnable || !result.compiled || result.errors > 0;
  if (!refused) return { compiled: result.compiled!, text: new TextDecoder().decode(bytes) };
  const message =
    result.exitCode === 2
      ? `${shown} cannot be read as a protocol — nothing was sent to the press`
      : `${shown}: ${result.errors} error${result.errors === 1 ? "" : "s"} — refused before anything connects to the press`;
  const hint = `fix the diagnostics above (ssbpress check ${shown})`;
  if (o.json) {
    // With --json the refusal is one object on stdout: the error, and the checker's diagnostics.
    const diagnostics = result.diagnostics.map(diagnosticJson);
    const code = result.exitCode === 2 ? "parse" : "unsafe-protocol";
    io.out(JSON.stringify({ error: { code, message, hint }, file: shown, diagnostics }, null, 2));
  } else io.err(`${message}; ${hint}`);
  return result.exitCode === 2 ? 2 : 1;
}

/** The documents to JSON lines on stdout, the display, and the store — one sink, never throwing. */
function fanOut(sinks: DocumentSink[]): DocumentSink {
  return (doc: RunDocument) => {
    for (const s of sinks) {
      try {
        s(doc);
      } catch {
        // A display or printer failure must never stop the engine from finishing safely.
      }
    }
  };
}

export async function runRun(file: string, o: RunOptions, io: Io): Promise<number> {
  const choice = choosePress(o.press);
  checkCombinations(choice, o);
  const speed = o.speed === undefined ? 1 : numberOption(o.speed, "--speed", 0.001, 1e6, "60");
  const rate = o.rate === undefined ? 10 : numberOption(o.rate, "--rate", 1, 200, "10");
  const operateFor =
    o.operateFor === undefined ? undefined : quantityOption(o.operateFor, "time", "--operate-for", '"2 min"');

  const devices = await import("./run-devices.js");
  // Everything that can be refused is refused before the protocol's preflight prints its table.
  const faults = choice.kind === "sim" ? devices.parseFaults(o.fault ?? []) : [];
  const map = choice.kind === "modbus" ? await devices.loadMap(o.map, io) : undefined;
  const answers =
    choice.kind === "manual" && o.answers !== undefined
      ? await devices.loadAnswers(o.answers, io)
      : undefined;

  const prepared = await preflight(file, o, io);
  if (typeof prepared === "number") return prepared;
  const { compiled, text } = prepared;

  for (const l of settingsText(compiled)) io.err(l);
  const { describeCommands, formatCommand, runProtocol } = await import("../engine/index.js");
  if (o.dryRun) {
    const commands = describeCommands(compiled, devices.capabilitiesFor(choice, compiled, map), {
      controlPeriod: 1 / rate,
      yes: o.yes === true,
      ...(operateFor !== undefined ? { operateFor } : {}),
    });
    if (o.json) io.out(JSON.stringify({ commands }, null, 2));
    else for (const c of commands) io.out(formatCommand(c));
    io.err("dry run: nothing was sent to the press");
    return 0;
  }

  // The record is opened before the press: a run that cannot be recorded does not start.
  const { openStore, newRunId } = await import("../store/index.js");
  const store = await openStore(o.db);
  let press: Press | undefined;
  let terminal: TerminalOperator | undefined;
  try {
    const scheduler: Scheduler =
      choice.kind === "sim" || answers !== undefined
        ? new VirtualScheduler(Date.now(), speed)
        : realScheduler;
    // The answers file scripts the whole operator, the start included (its documented command has no --yes).
    if (!o.yes && answers === undefined) {
      if (!process.stdin.isTTY)
        throw usage(
          "no terminal to confirm the run on",
          "add --yes to start without asking (it is recorded that --yes answered)",
        );
      terminal = new TerminalOperator(scheduler);
      const go = await terminal.ask({
        kind: "confirm",
        text: `Run "${compiled.name}" (${compiled.steps.length} steps) on ${o.press}?`,
      });
      if (!go.confirmed) {
        io.err("not started: nothing was sent to the press");
        return 0;
      }
    }
    const operator: Operator =
      answers?.(scheduler) ??
      (o.yes && choice.kind !== "manual"
        ? new YesOperator(scheduler, (t) => io.err(t))
        : (terminal ??= new TerminalOperator(scheduler)));
    const runId = newRunId(scheduler);
    // What the operator of a manual press is asked by the press itself (set 3.4 t, open the valve)
    // is recorded like the engine's own prompts: every confirmation and reading, with its time.
    let emit: DocumentSink = () => {};
    let currentStep = 0;
    const pressOperator =
      choice.kind === "manual"
        ? devices.recordingOperator(operator, (message, time) =>
            emit({ type: "event", run: runId, time, kind: "operator", message, step: currentStep }),
          )
        : operator;
    press = devices.makePress(choice, { compiled, scheduler, faults, map, operator: pressOperator });
    try {
      await press.connect();
    } catch (e) {
      throw devices.connectError(o.press ?? "", e);
    }

    let storeFailure: unknown;
    let pending: Promise<void> = Promise.resolve();
    const signal = devices.stopSignal();
    const toStore: DocumentSink = (doc) => {
      pending = pending
        .then(() => store.write(doc))
        .catch((e: unknown) => {
          if (storeFailure === undefined) {
            storeFailure = e;
            // A run that cannot be recorded stops safely.
            signal.requestStop("safe", "the run record cannot be written");
          }
        });
    };
    const display = new RunDisplay({
      duration:
        operateFor === undefined ? compiled.duration : devices.shortenedDuration(compiled, operateFor),
      steps: compiled.steps.length,
      write: (t) => io.err(t),
      terminal: process.stderr.isTTY && !o.json ? process.stderr : null,
      segments: compiled.segments,
      ...(operateFor !== undefined ? { operateFor } : {}),
    });
    const sinks: DocumentSink[] = [
      (doc) => {
        if (doc.type === "step-start") currentStep = doc.step;
      },
      toStore,
      display.onDocument,
    ];
    if (o.json) sinks.push((doc) => io.out(JSON.stringify(doc)));
    const markStep = devices.stepMarker(press);
    if (markStep) sinks.push((doc) => doc.type === "step-start" && markStep(doc.step));

    const interrupt = devices.onInterrupt(signal, (t) => io.err(t));
    let outcome;
    try {
      outcome = await runProtocol({
        compiled,
        protocolText: text,
        press,
        operator,
        scheduler,
        sink: (emit = fanOut(sinks)),
        runId,
        version: VERSION,
        operatorName: o.operator ?? null,
        map: map?.name ?? null,
        controlPeriod: 1 / rate,
        connect: false,
        yes: o.yes === true,
        ...(operateFor !== undefined ? { operateFor } : {}),
        options: {
          speed: choice.kind === "sim" || answers !== undefined ? speed : null,
          faults: faults.length ? (o.fault ?? []).join(" ") : null,
          // yes and "Operate for [s]" are recorded by the engine itself
        },
        signal,
        onState: display.onState,
      });
    } finally {
      interrupt.dispose();
    }
    await pending;
    await store.flush();
    if (storeFailure !== undefined) {
      io.err(
        `the run record could not be written: ${oneLine(String((storeFailure as Error).message ?? storeFailure))}`,
      );
      return 3;
    }
    io.err(`recorded as run ${runId}: ssbpress runs show ${runId}${o.db ? ` --db ${o.db}` : ""}`);
    return outcome.exitCode;
  } finally {
    terminal?.close();
    await press?.close();
    await store.close();
  }
}
