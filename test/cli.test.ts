/**
 * Scenarios as a new user would run them: check the examples, read the compiler-style output,
 * convert pressures and forces, make the usual mistakes on the command line. In-process through
 * `main(argv, io)` and, for the first steps a user takes, through a real `node bin/ssbpress.js`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryIo } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";
import { ensureBuilt, ROOT, runChild, runInProcess, STACK_TRACE, type CliRun } from "./helpers/cli.js";

const EXAMPLES = join(ROOT, "examples");
const exampleFiles = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** FILE:LINE:COL: severity rule: message */
const DIAGNOSTIC_LINE = /^(.+):(\d+):(\d+): (error|warning|info) ([a-z]+(?:-[a-z]+)*): (.+)$/;

interface Report {
  file: string;
  diagnostics: {
    rule: string;
    severity: string;
    message: string;
    line: number;
    column: number;
    step: number | null;
  }[];
  errors: number;
  warnings: number;
}

function clean(run: CliRun): CliRun {
  expect(run.stdout).not.toMatch(STACK_TRACE);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  return run;
}

const cli = async (...argv: string[]) => clean(await runInProcess(argv));

/** 1-based line and column of the first occurrence of `needle` in a file. */
function locate(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(file, "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" is not in ${file}`);
  return { line: i + 1, column: lines[i]!.indexOf(needle) + 1 };
}

describe("ssbpress check on the examples", () => {
  it("there are examples to check", () => {
    expect(exampleFiles).toContain("classic-li-lpscl-nmc811.yaml");
    expect(exampleFiles).toContain("classic-failure-whole-stack.yaml");
  });

  it.each(exampleFiles)("%s: exit 0 (or 1 for the failure example), valid JSON", async (name) => {
    const file = join(EXAMPLES, name);
    const run = await cli("check", file, "--json");
    const report = JSON.parse(run.stdout) as Report;
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(["file", "diagnostics", "errors", "warnings"]),
    );
    expect(report.file).toBe(file);
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    expect(report.errors).toBe(errors.length);
    if (name.includes("failure")) {
      expect(run.code).toBe(1);
      expect(errors.length).toBeGreaterThan(0);
    } else {
      expect(run.code, JSON.stringify(errors, null, 2)).toBe(0);
      expect(errors).toEqual([]);
    }
  });

  it("the classic recipe exits 0 with warnings only (Li creeps at 70-80 MPa)", async () => {
    const file = join(EXAMPLES, "classic-li-lpscl-nmc811.yaml");
    const run = await cli("check", file, "--json");
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(0);
    expect(report.errors).toBe(0);
    expect(report.warnings).toBeGreaterThan(0);
    expect(report.diagnostics.every((d) => d.severity !== "error")).toBe(true);
    const creep = report.diagnostics.find((d) => d.rule === "operating-pressure-creep");
    expect(creep).toBeDefined();
    const operate = locate(file, "Operate at 75 MPa");
    expect(creep!.line).toBe(operate.line);
    expect(creep!.step).toBe(7);
  });

  it("the whole-stack failure exits 1 with anode-overpressure at the Press to 400 MPa step", async () => {
    const file = join(EXAMPLES, "classic-failure-whole-stack.yaml");
    const run = await cli("check", file, "--json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const d = report.diagnostics.find((x) => x.rule === "anode-overpressure");
    expect(d, JSON.stringify(report.diagnostics, null, 2)).toBeDefined();
    expect(d!.severity).toBe("error");
    const step = locate(file, "- Press to 400 MPa");
    const stepText = readFileSync(file, "utf8").split("\n")[step.line - 1]!;
    expect(d!.line).toBe(step.line);
    // at the step or at its target pressure
    expect([step.column + 2, stepText.indexOf("400 MPa") + 1]).toContain(d!.column);
    expect(d!.step).toBe(5);
    expect(d!.message).toMatch(/50 MPa/);
  });

  it("prints compiler-style lines FILE:LINE:COL: severity rule: message, then a summary", async () => {
    const file = join(EXAMPLES, "classic-failure-whole-stack.yaml");
    const run = await cli("check", file);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const summary = lines.pop()!;
    expect(summary).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: \\d+ errors?, \\d+ warnings?`),
    );
    for (const l of lines) {
      const m = DIAGNOSTIC_LINE.exec(l);
      expect(m, l).not.toBeNull();
      expect(m![1]).toBe(file);
    }
    const step = locate(file, "- Press to 400 MPa");
    expect(
      lines.some((l) => l.startsWith(`${file}:${step.line}:`) && l.includes(" error anode-overpressure: ")),
    ).toBe(true);
  });

  it("--quiet prints errors only", async () => {
    const run = await cli("check", join(EXAMPLES, "classic-li-lpscl-nmc811.yaml"), "--quiet");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/: warning /);
  });
});

describe("ssbpress convert", () => {
  // 500 MPa on a 10 mm die: F = p·πd²/4 = 500e6 · π · 0.005² = 39 270 N = 4.004 tf (9.80665 kN each)
  const force500 = 500e6 * Math.PI * 0.005 ** 2;

  it('"500 MPa" --die 10mm → 39.27 kN = 4.004 tf', async () => {
    expect(force500 / 1e3).toBeCloseTo(39.27, 2);
    const run = await cli("convert", "500 MPa", "--die", "10mm");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("39.27 kN");
    expect(run.stdout).toContain("4.004 tf");
  });

  it('"500 MPa" --die 10mm --json has the CONTRACTS §4 keys', async () => {
    const run = await cli("convert", "500 MPa", "--die", "10mm", "--json");
    expect(run.code).toBe(0);
    const v = JSON.parse(run.stdout) as Record<string, number>;
    expect(v["Pressure [MPa]"]).toBe(500);
    expect(v["Force [kN]"]).toBeCloseTo(force500 / 1e3, 2);
    expect(v["Force [tf]"]).toBeCloseTo(force500 / 9806.65, 3);
    expect(v["Force [lbf]"]).toBeCloseTo(force500 / 4.4482216152605, -1);
    expect(v["Die diameter [mm]"]).toBe(10);
  });

  it("--to tf prints only tonnes-force", async () => {
    const run = await cli("convert", "500 MPa", "--die", "10mm", "--to", "tf");
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("4.004 tf");
    const json = await cli("convert", "500 MPa", "--die", "10mm", "--to", "tf", "--json");
    expect(JSON.parse(json.stdout)).toEqual({ "Force [tf]": 4.004 });
  });

  it("and back: 4.004 t on a 10 mm die is 500 MPa", async () => {
    const run = await cli("convert", "4.004 t", "--die", "10mm", "--json");
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Record<string, number>)["Pressure [MPa]"]).toBeCloseTo(500, 0);
  });

  it('a manual press gauge: "200 bar" --ram 50mm --die 13mm', async () => {
    // oil pressure × ram area = force; force / die area = pellet pressure
    const force = 200e5 * Math.PI * 0.025 ** 2;
    const pellet = force / (Math.PI * 0.0065 ** 2) / 1e6;
    const run = await cli("convert", "200 bar", "--ram", "50mm", "--die", "13mm");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${(force / 1e3).toFixed(2)} kN`);
    expect(run.stdout).toContain(`${pellet.toFixed(1)} MPa`);
    const json = await cli("convert", "200 bar", "--ram", "50mm", "--die", "13mm", "--json");
    const v = JSON.parse(json.stdout) as Record<string, number>;
    expect(v["Gauge pressure [bar]"]).toBe(200);
    expect(v["Ram diameter [mm]"]).toBe(50);
    expect(v["Die diameter [mm]"]).toBe(13);
    expect(v["Force [kN]"]).toBeCloseTo(force / 1e3, 2);
    expect(v["Pressure [MPa]"]).toBeCloseTo(pellet, 1);
  });

  it('bolted cell: "60 MPa" --die 10mm --bolts 4xM6 --nut-factor 0.2, torque scatter ±25 %', async () => {
    // T = K·F·d per bolt: 0.2 × (60 MPa · 78.54 mm² / 4) × 6 mm
    const perBolt = (60e6 * Math.PI * 0.005 ** 2) / 4;
    const torque = 0.2 * perBolt * 0.006;
    const run = await cli("convert", "60 MPa", "--die", "10mm", "--bolts", "4xM6", "--nut-factor", "0.2");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("±25 %");
    expect(run.stdout).toContain(`${torque.toFixed(3)} N m`);
    const json = await cli(
      "convert",
      "60 MPa",
      "--die",
      "10mm",
      "--bolts",
      "4xM6",
      "--nut-factor",
      "0.2",
      "--json",
    );
    const v = JSON.parse(json.stdout) as Record<string, number | string>;
    expect(v["Torque per bolt [N m]"]).toBeCloseTo(torque, 3);
    expect(v["Preload per bolt [kN]"]).toBeCloseTo(perBolt / 1e3, 3);
    expect(v["Pressure min [MPa]"]).toBeCloseTo(45, 5);
    expect(v["Pressure max [MPa]"]).toBeCloseTo(75, 5);
  });
});

describe("usage errors exit 2 with a helpful message", () => {
  it("an unknown command, and a misspelt one", async () => {
    const run = await cli("frobnicate", "x.yaml");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(run.stderr).toMatch(/--help/);
    const typo = await cli("chek", "x.yaml");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean check\?/);
  });

  it("no command at all prints the usage and exits 2", async () => {
    const run = await cli();
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/Usage: ssbpress/);
  });

  it("check without a file, and with a file that does not exist", async () => {
    const none = await cli("check");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing required argument 'files'/);
    const missing = await cli("check", "no/such/protocol.yaml");
    expect(missing.code).toBe(2);
    // an unreadable file is a diagnostic like any other: FILE:1:1: error unreadable: …
    expect(missing.stdout).toContain("no/such/protocol.yaml:1:1: error unreadable: ");
    expect(missing.stdout).toMatch(/no such file \(check the path/);
    expect(missing.stdout).toMatch(/no\/such\/protocol\.yaml: 1 error, 0 warnings — cannot be read/);
    const json = await cli("check", "no/such/protocol.yaml", "--json");
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.diagnostics[0]!.rule).toBe("unreadable");
    expect(report.errors).toBe(1);
  });

  it("check on a directory", async () => {
    const run = await cli("check", EXAMPLES);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/is a directory, not a protocol file/);
  });

  it('convert "500" without a unit says what is missing and shows an example', async () => {
    const run = await cli("convert", "500");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"500" has no unit/);
    expect(run.stderr).toMatch(/e\.g\. ssbpress convert "500 MPa" --die 10mm/);
  });

  it("convert with a misspelt unit suggests the right one", async () => {
    const run = await cli("convert", "500 Mpa", "--die", "10mm");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did you mean "MPa"\?/);
  });

  it("convert with a die diameter in the wrong unit", async () => {
    const run = await cli("convert", "500 MPa", "--die", "10 MPa");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs a length/);
  });

  it("an unknown option suggests the right one", async () => {
    const run = await cli("check", join(EXAMPLES, "classic-li-lpscl-nmc811.yaml"), "--jsn");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--jsn'/);
    expect(run.stderr).toMatch(/Did you mean --json\?/);
  });
});

describe("check of several files", () => {
  const classic = join(EXAMPLES, "classic-li-lpscl-nmc811.yaml");
  const failure = join(EXAMPLES, "classic-failure-whole-stack.yaml");

  it("reports each file in turn; the exit code is the worst (2 > 1 > 0)", async () => {
    const ok = await cli("check", classic, join(EXAMPLES, "heated-press.yaml"));
    expect(ok.code).toBe(0);
    const summaries = ok.stdout.split("\n").filter((l) => / — (ok|not safe to run|cannot be read)$/.test(l));
    expect(summaries.map((l) => l.split(":")[0])).toEqual([classic, join(EXAMPLES, "heated-press.yaml")]);
    expect((await cli("check", classic, failure)).code).toBe(1);
    expect((await cli("check", failure, classic)).code).toBe(1);
    const worst = await cli("check", classic, "no/such.yaml", failure);
    expect(worst.code).toBe(2);
    // the unreadable file does not stop the others
    expect(worst.stdout).toContain(`${failure}: `);
    expect(worst.stdout).toMatch(/anode-overpressure/);
  });

  it("--json: one file gives the CONTRACTS §3 object, several files an array of them", async () => {
    const one = JSON.parse((await cli("check", classic, "--json")).stdout) as Report;
    expect(Array.isArray(one)).toBe(false);
    expect(Object.keys(one).sort()).toEqual(["diagnostics", "errors", "file", "warnings"]);
    const run = await cli("check", classic, failure, "no/such.yaml", "--json");
    expect(run.code).toBe(2);
    const many = JSON.parse(run.stdout) as Report[];
    expect(many.map((r) => r.file)).toEqual([classic, failure, "no/such.yaml"]);
    expect(many[0]).toEqual(one);
    expect(many[1]!.diagnostics.some((d) => d.rule === "anode-overpressure")).toBe(true);
    expect(many[2]!.diagnostics[0]!.rule).toBe("unreadable");
  });

  it("- reads the protocol from standard input, once", async () => {
    const text = readFileSync(failure, "utf8");
    const run = clean(await runInProcess(["check", "-", "--json"], undefined, text));
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as Report).file).toBe("-");
    const shown = clean(await runInProcess(["check", "-"], undefined, text));
    expect(shown.stdout).toMatch(/^<stdin>:\d+:\d+: error anode-overpressure: /m);
    const twice = await cli("check", "-", "-");
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/standard input \(-\) can be read only once/);
  });

  it("says how many diagnostics were left out beyond the cap, in text and JSON", async () => {
    // 400 steps adding a layer that does not exist: more diagnostics than any report lists
    const text = `die: { diameter: 10 mm }\nlayers: { s: { material: Li6PS5Cl, mass: 80 mg } }\nsteps:\n${"  - Add nothere\n".repeat(400)}`;
    const run = await runInProcess(["check", "many.yaml"], { "many.yaml": text });
    expect(run.code).toBe(1);
    const m = /^… and (\d+) more diagnostics$/m.exec(run.stdout);
    expect(m, run.stdout.slice(-500)).not.toBeNull();
    const json = JSON.parse(
      (await runInProcess(["check", "many.yaml", "--json"], { "many.yaml": text })).stdout,
    ) as Report & {
      omitted: number;
    };
    expect(json.omitted).toBe(Number(m![1]));
    expect(json.diagnostics.length + json.omitted).toBeGreaterThanOrEqual(400);
  });
});

describe("--json prints one JSON object for every failure", () => {
  const cases: [string, string[], RegExp][] = [
    ["unknown option", ["check", "x.yaml", "--jsn"], /unknown option '--jsn'/],
    ["missing argument", ["convert"], /missing required argument 'quantity'/],
    ["bad choice", ["plan", "--goal", "fly"], /argument 'fly' is invalid/],
    ["unknown command", ["frobnicate"], /unknown command 'frobnicate'/],
    ["no unit", ["convert", "500"], /"500" has no unit/],
    ["unreadable stack", ["plan", "--stack", "no/such/stack.yaml"], /no such file/],
    ["unreadable protocol", ["simulate", "no/such/protocol.yaml"], /no such file/],
    [
      "bad --samples",
      ["simulate", join(EXAMPLES, "li-in-cell.yaml"), "--samples", "lots"],
      /--samples must be a whole number/,
    ],
    ["no separator", ["plan"], /say what the separator is/],
  ];
  it.each(cases)("%s", async (_name, argv, phrase) => {
    const run = await cli(...argv, "--json");
    expect(run.code).toBe(2);
    const j = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    expect(["usage", "io"]).toContain(j.error.code);
    expect(j.error.message).toMatch(phrase);
  });

  it("help and version as JSON too", async () => {
    expect((JSON.parse((await cli("check", "--help", "--json")).stdout) as { help: string }).help).toMatch(
      /Usage: ssbpress check/,
    );
    expect(JSON.parse((await cli("--version", "--json")).stdout)).toEqual({ version: "0.1.0" });
  });

  it("a bug is reported as a bug, without the JavaScript error, as text and as JSON", async () => {
    for (const json of [false, true]) {
      const io = memoryIo();
      // an input layer that fails the way a programming error does
      io.readFile = () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')"));
      const code = await main(["simulate", "x.yaml", ...(json ? ["--json"] : [])], io);
      expect(code).toBe(70);
      const out = io.stdout.join("\n") + io.stderr.join("\n");
      expect(out).not.toMatch(STACK_TRACE);
      expect(out).not.toMatch(/Cannot read properties|readFile/);
      const message = json
        ? (JSON.parse(io.stdout.join("\n")) as { error: { code: string; message: string } }).error
        : { code: "internal", message: io.stderr.join("\n") };
      expect(message.code).toBe("internal");
      expect(message.message).toMatch(/this is a bug in ssbpress, not a problem with your input/);
      expect(message.message).toMatch(/with the command you ran: ssbpress simulate x\.yaml/);
    }
  });

  it("a negative value is explained: it is read as an option", async () => {
    const run = await cli("convert", "-5 MPa");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/put it after --/);
  });
});

describe("help and version exit 0", () => {
  it("--help lists the commands", async () => {
    const run = await cli("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: ssbpress/);
    expect(run.stdout).toMatch(/\bcheck\b/);
    expect(run.stdout).toMatch(/\bconvert\b/);
  });

  it("check --help and convert --help show their options", async () => {
    const check = await cli("check", "--help");
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/--json/);
    const convert = await cli("convert", "--help");
    expect(convert.code).toBe(0);
    expect(convert.stdout).toMatch(/--die/);
    const help = await cli("help", "convert");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--die/);
  });

  it("--version", async () => {
    const run = await cli("--version");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("the same first steps through a real process (node bin/ssbpress.js)", () => {
  beforeAll(() => ensureBuilt(), 200_000);

  it("--help", () => {
    const run = clean(runChild(["--help"]));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: ssbpress/);
  });

  it("check the classic recipe: exit 0, warnings on stdout", () => {
    const file = join("examples", "classic-li-lpscl-nmc811.yaml");
    const run = clean(runChild(["check", file]));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^${file.replace(/[.]/g, "\\.")}:\\d+:\\d+: warning operating-pressure-creep: `, "m"),
    );
  });

  it("check the whole-stack failure --json: exit 1, anode-overpressure", () => {
    const file = join("examples", "classic-failure-whole-stack.yaml");
    const run = clean(runChild(["check", file, "--json"]));
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const step = locate(join(ROOT, file), "- Press to 400 MPa");
    expect(report.diagnostics.some((d) => d.rule === "anode-overpressure" && d.line === step.line)).toBe(
      true,
    );
  });

  it('convert "500 MPa" --die 10mm --json', () => {
    const run = clean(runChild(["convert", "500 MPa", "--die", "10mm", "--json"]));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      "Pressure [MPa]": 500,
      "Force [kN]": 39.27,
      "Force [tf]": 4.004,
    });
  });

  it("usage errors: unknown command, missing file, no unit", () => {
    for (const argv of [["frobnicate"], ["check", "no/such/file.yaml"], ["convert", "500"], []]) {
      const run = clean(runChild(argv));
      expect(run.code, argv.join(" ")).toBe(2);
      expect((run.stdout + run.stderr).length, argv.join(" ")).toBeGreaterThan(0);
    }
  });
});
