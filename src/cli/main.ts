/**
 * The `ssbpress` command. Only parsing of arguments and printing live here; the work is done by the
 * library. Exit codes (CONTRACTS §1): 0 ok · 1 error diagnostics · 2 usage / unreadable input · 3 run aborted.
 */
import { Command, CommanderError, Option } from "commander";
import { SsbError } from "../core/errors.js";
import { echo } from "../core/text.js";
import { safeMessage } from "./safe.js";
import { type Io, processIo } from "./io.js";
// Each command's module is imported when it runs, so that `ssbpress check` starts without loading the
// planner, the converter or the simulator's output code.

/** Where a bug is reported (the last-resort message names it). */
const REPORT_BUGS = "the ssbpress maintainers (see README.md)";

/** `--json` anywhere before a `--` end-of-options marker. */
function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  let command = "";
  const json = wantsJson(argv);
  /** What commander printed (help, or an error followed by the usage hint), kept for --json. */
  const captured: { out: string[]; err: string[] } = { out: [], err: [] };
  const program = new Command();
  program
    .name("ssbpress")
    .description(
      "Plan, check, simulate, convert and run layer-by-layer pressing protocols for all-solid-state batteries",
    )
    .version("0.1.0")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => (json ? captured.out.push(s) : io.out(s.replace(/\n$/, ""))),
      writeErr: (s) => (json ? captured.err.push(s) : io.err(safeMessage(s.replace(/\n$/, "")))),
    })
    .showSuggestionAfterError(true)
    .showHelpAfterError(
      "(run `ssbpress --help` for the commands, `ssbpress COMMAND --help` for their options)",
    )
    .addHelpText(
      "after",
      `
Examples:
  ssbpress check examples/classic-li-lpscl-nmc811.yaml
  ssbpress simulate examples/li-in-cell.yaml --plot cell.svg
  ssbpress convert "500 MPa" --die 10mm
  ssbpress plan --separator Li6PS5Cl --cathode "NMC811:70,Li6PS5Cl:30" --anode Li --die 10mm --press 10t
  ssbpress run examples/classic-li-lpscl-nmc811.yaml --press sim --speed 60 --yes --operate-for "2 min"
  ssbpress runs list
  ssbpress serve --port 8080

Exit codes: 0 ok (warnings allowed), 1 the protocol has errors, 2 usage error or unreadable input,
3 a run ended by an interlock, a device fault or an abort.
The protocol language: docs/protocol.md · checker rules: docs/rules.md · models: docs/models.md ·
running a press: docs/running.md`,
    );

  program
    .command("check")
    .description(
      "load and check protocols; print diagnostics like a compiler (FILE:LINE:COL: severity rule: message)",
    )
    .argument("<files...>", "protocol YAML files (- reads standard input)")
    .option("--json", "machine-readable output (an array when several files are given)")
    .option("--quiet", "print errors only")
    .option("--settings", "also print what to set on the press for each step: MPa, kN, tonnes, gauge reading")
    .option("--methods", "also print a methods-section paragraph for a protocol without errors")
    .action(
      async (
        files: string[],
        opts: { json?: boolean; quiet?: boolean; methods?: boolean; settings?: boolean },
      ) => {
        command = "check";
        code = await (await import("./check.js")).runCheck(files, opts, io);
      },
    );

  program
    .command("convert")
    .description("pressure ⇄ force for a die, a manual press's gauge reading, bolt torque for bolted cells")
    .argument(
      "<quantity>",
      'a pressure, force, rate or torque with its unit, e.g. "500 MPa", "3.9 t", "200 bar", "10 N m"',
    )
    .option("--die <diameter>", "die diameter, e.g. 10mm")
    .option("--to <unit>", "print only this unit, e.g. tf, kN, MPa, psi")
    .option(
      "--ram <diameter>",
      "ram (cylinder) diameter of a manual press: converts its gauge's oil pressure",
    )
    .option(
      "--gauge",
      "read the input pressure as the gauge's oil pressure (default for bar and psi with --ram)",
    )
    .option("--pellet", "read the input pressure as the pressure on the pellet")
    .option("--bolts <pattern>", "bolted cell: number and size of bolts, e.g. 4xM6")
    .option("--nut-factor <K>", "bolt nut factor K (0.2 dry steel, 0.15 lubricated)", "0.2")
    .option("--json", "machine-readable output")
    .action(async (quantity: string, opts: Record<string, string | boolean | undefined>) => {
      command = "convert";
      code = (await import("./convert.js")).runConvert(quantity, opts, io);
    });

  program
    .command("simulate")
    .description(
      "predict what each step does to each layer and interface, and the risks (short circuit, fracture)",
    )
    .argument("<file>", "protocol YAML file (- reads standard input)")
    .option("--json", "machine-readable output (keys carry units)")
    .option(
      "--csv <dir>",
      "write steps.csv, interfaces.csv, programme.csv and operation.csv to a folder (created when missing)",
    )
    .option(
      "--plot <file.svg>",
      "write the pressure programme with densities and the stack pressure during cycling (- for stdout)",
    )
    .option("--force", "replace existing output files (inputs are never overwritten)")
    .option("--samples <n>", "Monte Carlo over the parameter ranges: probabilities and 5–95 % bands")
    .option("--seed <n>", "random seed for --samples (results are reproducible)", "1")
    .option("--series", "include the stack-pressure time series in --json")
    .action(async (file: string, opts: Record<string, string | boolean | undefined>) => {
      command = "simulate";
      code = await (await import("./simulate.js")).runSimulate(file, opts, io);
    });

  program
    .command("plan")
    .description("write a layer-by-layer protocol for a stack and a goal")
    .option("--separator <material>", "separator electrolyte, e.g. Li6PS5Cl")
    .option("--cathode <composite>", 'cathode composite, e.g. "NMC811:70,Li6PS5Cl:30" (wt%)')
    .option("--anode <material>", "anode, e.g. Li, LiIn, In, graphite")
    .option(
      "--stack <file>",
      "read separator/cathode/anode/die/press from a YAML file instead (- reads standard input)",
    )
    .option("--die <diameter>", "die diameter", "10mm")
    .option("--die-rating <pressure>", "the die's maximum pressure, e.g. 740MPa")
    .option("--press <capacity>", "press capacity, e.g. 10t")
    .addOption(new Option("--press-type <type>", "kind of press").choices(["manual", "automatic", "heated"]))
    .addOption(
      new Option("--goal <goal>", "what the protocol is for")
        .choices(["densify", "integrate-anode", "cycling"])
        .default("cycling"),
    )
    .option("--separator-mass <mass>", "separator mass, e.g. 80mg (default: about 600 µm of pellet)")
    .option("--cathode-mass <mass>", "cathode composite mass, e.g. 15mg (default: about 2 mAh/cm2)")
    .option("--anode-thickness <length>", "anode foil thickness, e.g. 50um")
    .option(
      "--temperature <T>",
      "warm-press the hard layers at this temperature on a heated press, e.g. 120C",
    )
    .option(
      "--optimize",
      "choose pressures and holds that maximise the predicted ionic conductance within the risk limits",
    )
    .option("--max-short <p>", "with --optimize: highest acceptable short-circuit probability", "0.05")
    .option("--max-fracture <p>", "with --optimize: highest acceptable fracture probability", "0.05")
    .option("--methods", "also print a methods-section paragraph")
    .option("-o, --output <file>", "write the protocol to a new file instead of stdout (- for stdout)")
    .option("--force", "with -o: replace an existing file (the --stack file is never overwritten)")
    .option("--json", "machine-readable output")
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      command = "plan";
      code = await (await import("./plan.js")).runPlan(opts, io);
    });

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command("run")
    .description(
      "run a protocol on a press (the digital twin, Modbus TCP/RTU, or an operator at a manual press) and record everything",
    )
    .argument("<file>", "protocol YAML file (- reads standard input)")
    .option(
      "--press <press>",
      "sim | manual | modbus-tcp://HOST:PORT | modbus-rtu:/dev/ttyUSB0?baud=19200&parity=even",
    )
    .option("--map <file>", "Modbus register map of the press (default: ssbpress-press-v1)")
    .option(
      "--db <location>",
      "run record: SQLite file or postgres:// URL (default: SSBPRESS_DB, else the user's data folder)",
    )
    .option("--operator <name>", "who runs it, for the record")
    .option("--yes", "answer every confirmation (recorded as answered by --yes)")
    .option("--json", "print the run's documents as JSON lines on stdout")
    .option("--speed <n>", "sim: run n times faster than real time (virtual clock)")
    .option(
      "--fault <spec>",
      "sim: inject a fault, e.g. link-loss@30s, fracture@step4+10s, leak:2%/min, overshoot:15% (repeatable)",
      collect,
    )
    .option("--operate-for <duration>", 'shorten every Operate step to this, e.g. "2 min"')
    .option("--answers <file>", "manual: a file of scripted operator answers (ok, ok 3.4, abort)")
    .option("--rate <Hz>", "control and sampling rate", "10")
    .option("--dry-run", "print the commands that would be sent, without connecting")
    .action(async (file: string, opts: Record<string, unknown>) => {
      command = "run";
      code = await (await import("./run.js")).runRun(file, opts, io);
    });

  program
    .command("sim-press")
    .description("serve the simulated press (digital twin) over Modbus TCP, for any Modbus client")
    .option("--modbus <host:port>", "where to listen, e.g. 127.0.0.1:5020 (port 0 picks a free one)")
    .option("--map <file>", "register map to serve (default: ssbpress-press-v1)")
    .option("--die <diameter>", "die diameter (default 10mm, holding an 80 mg Li6PS5Cl separator)")
    .option("--capacity <force>", "press capacity (default 10t)")
    .option("--heated", "a heated platen")
    .option(
      "--watchdog <duration>",
      "stop loading when no request arrives for this long while run is set; 0 disables",
      "2s",
    )
    .option("--fault <spec>", "inject a fault (repeatable)", collect)
    .option("--json", "print where it listens as JSON")
    .action(async (opts: Record<string, unknown>) => {
      command = "sim-press";
      code = await (await import("./sim-press.js")).runSimPress(opts, io);
    });

  program
    .command("serve")
    .description(
      "the web app and its JSON API on this machine: write, check, simulate, run and review protocols",
    )
    .option(
      "--host <address>",
      "address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (every network, with a token)",
      "127.0.0.1",
    )
    .option("--port <n>", "port to listen on (0 picks a free one)", "8080")
    .option(
      "--db <location>",
      "run record: SQLite file or postgres:// URL (default: SSBPRESS_DB, else the user's data folder)",
    )
    .option("--token <token>", "access token required beyond loopback (default: a random one, printed)")
    .option(
      "--press <press>",
      "the press runs use when they name none: sim | manual | modbus-tcp://HOST:PORT",
      "sim",
    )
    .action(async (opts: Record<string, string | undefined>) => {
      command = "serve";
      code = await (await import("./serve.js")).runServe(opts, io);
    });

  // `runs`: the record of past runs (CONTRACTS §7); every subcommand takes --db and --json
  const runs = program
    .command("runs")
    .description("the record of past runs: list, show, export (CSV, JSON, Battery Data Format), plot");
  const dbOption = () =>
    new Option(
      "--db <location>",
      "run record: SQLite file or postgres:// URL (default: SSBPRESS_DB, else the user's data folder)",
    );
  runs
    .command("list")
    .description("the recorded runs, newest first")
    .addOption(dbOption())
    .option("--json", "a JSON array of {id, name, status, started, press, steps}")
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      command = "runs list";
      code = await (await import("./runs.js")).runsList(opts, io);
    });
  runs
    .command("show")
    .description("a run's steps with their statistics (peak, hold mean ± sd, final position), events, status")
    .argument("<id>", "run id, or a unique beginning of one")
    .addOption(dbOption())
    .option("--json", "machine-readable output (keys carry units)")
    .action(async (id: string, opts: Record<string, string | boolean | undefined>) => {
      command = "runs show";
      code = await (await import("./runs.js")).runsShow(id, opts, io);
    });
  runs
    .command("export")
    .description(
      "a run's samples as CSV, the whole record as JSON, or Battery Data Format (with a metadata sidecar)",
    )
    .argument("<id>", "run id, or a unique beginning of one")
    .option("--format <format>", "csv | json | bdf")
    .option("-o, --output <file>", "write to a new file instead of stdout (bdf: X.csv gets X.metadata.json)")
    .option("--force", "replace existing output files")
    .addOption(dbOption())
    .option("--json", "print what was written as JSON (errors as JSON)")
    .action(async (id: string, opts: Record<string, string | boolean | undefined>) => {
      command = "runs export";
      code = await (await import("./runs.js")).runsExport(id, opts, io);
    });
  runs
    .command("plot")
    .description("an SVG of pressure (or force) and position against time, steps shaded, events marked")
    .argument("<id>", "run id, or a unique beginning of one")
    .option("-o, --output <file.svg>", "the SVG file to write (- for stdout)")
    .option("--y <quantity>", "pressure (default) or force in the upper panel")
    .option("--force", "replace an existing file")
    .addOption(dbOption())
    .option("--json", "print what was written as JSON (errors as JSON)")
    .action(async (id: string, opts: Record<string, string | boolean | undefined>) => {
      command = "runs plot";
      code = await (await import("./runs.js")).runsPlot(id, opts, io);
    });

  const prefix = () => `ssbpress${command ? ` ${command}` : ""}`;
  /** Report a failure as text on stderr, or as one JSON object on stdout with --json. */
  const report = (errorCode: string, message: string, hint?: string) => {
    const m = safeMessage(message);
    const h = hint === undefined ? undefined : safeMessage(hint);
    if (json)
      io.out(JSON.stringify({ error: { code: errorCode, message: m, ...(h ? { hint: h } : {}) } }, null, 2));
    else io.err(`${prefix()}: ${m}${h ? `\n  hint: ${h}` : ""}`);
  };

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0) {
        if (json) {
          const text = captured.out.join("").trimEnd();
          io.out(
            JSON.stringify(e.code === "commander.version" ? { version: text } : { help: text }, null, 2),
          );
        }
        return 0;
      }
      // "-500 MPa" looks like an option to any command-line parser
      const negative =
        e.code === "commander.unknownOption" && /'-(?:[\d.]|[^']*\s)/.test(e.message)
          ? 'a value starting with - is read as an option: put it after --, e.g. ssbpress convert -- "-5 MPa"'
          : undefined;
      if (negative && !json) io.err(`  hint: ${negative}`);
      if (json) {
        // commander's own message, without its "error: " prefix; the usage hint goes to `hint`
        const message =
          e.code === "commander.help" || e.code === "commander.executeSubCommandAsync"
            ? "no command given: ssbpress check|convert|plan|simulate|run|sim-press|runs|serve …"
            : e.message.replace(/^error: /, "");
        report(
          "usage",
          message,
          negative ?? "run `ssbpress --help` for the commands, `ssbpress COMMAND --help` for their options",
        );
      }
      return 2;
    }
    if (e instanceof SsbError && e.code !== "internal") {
      report(e.code, e.message, e.hint);
      // a plan the equipment cannot carry out is a finding about the request (1); the rest is usage (2)
      return e.code === "infeasible" ? 1 : e.code === "device" ? 3 : 2;
    }
    // A bug: never show a JS error or a function name; say what to do instead.
    report(
      "internal",
      `this is a bug in ssbpress, not a problem with your input: the command stopped unexpectedly. Please report it to ${REPORT_BUGS} with the command you ran: ssbpress ${echo(argv.join(" "))}`,
      process.env.SSBPRESS_DEBUG
        ? `details: ${(e as Error)?.stack ?? String(e)}`
        : "set SSBPRESS_DEBUG=1 to print the technical details for the report",
    );
    return 70;
  }
  return code;
}
