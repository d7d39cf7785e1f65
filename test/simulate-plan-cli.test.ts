import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryIo } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";
import { ensureBuilt, ROOT, runChild, runInProcess, STACK_TRACE } from "./helpers/cli.js";
import { scratchDirs } from "./helpers/tmp.js";

const scratch = scratchDirs("ssbpress-sim-plan");

const ex = (name: string) => join(ROOT, "examples", name);

describe("ssbpress simulate", () => {
  it("prints a table per step with the references, exit 0 on the classic recipe", async () => {
    const r = await runInProcess(["simulate", ex("classic-li-lpscl-nmc811.yaml")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Step 2: Press to 250 MPa/);
    expect(r.stdout).toMatch(/separator +density 0\.\d+, [\d.]+ µm, [\d.]+ mS\/cm/);
    expect(r.stdout).toMatch(/time to short [\d.]+ h/);
    expect(r.stdout).toMatch(/References: .*Doux2020/);
    expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  });

  it("simulates the classic failure anyway, shows the errors, and exits 1", async () => {
    const r = await runInProcess(["simulate", ex("classic-failure-whole-stack.yaml"), "--json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/anode-overpressure/);
    const j = JSON.parse(r.stdout) as { steps: { risks: Record<string, number> }[] };
    const risks = j.steps[4]!.risks;
    expect(
      1 - (1 - risks["Short-circuit probability [-]"]!) * (1 - risks["Fracture probability [-]"]!),
    ).toBeGreaterThanOrEqual(0.9);
  });

  it("--samples with --seed is reproducible and adds bands", async () => {
    const a = await runInProcess([
      "simulate",
      ex("li-in-cell.yaml"),
      "--json",
      "--samples",
      "50",
      "--seed",
      "9",
    ]);
    const b = await runInProcess([
      "simulate",
      ex("li-in-cell.yaml"),
      "--json",
      "--samples",
      "50",
      "--seed",
      "9",
    ]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout) as {
      "Monte Carlo": { samples: number; seed: number; bands: Record<string, Record<string, number>> };
    };
    expect(j["Monte Carlo"].samples).toBe(50);
    expect(Object.keys(j["Monte Carlo"].bands).length).toBeGreaterThan(10);
  });

  it("writes CSV files and an SVG plot", async () => {
    const dir = scratch();
    const run = await runInProcess([
      "simulate",
      ex("classic-li-lpscl-nmc811.yaml"),
      "--csv",
      join(dir, "tables"),
      "--plot",
      join(dir, "plot.svg"),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(join(dir, "tables")).sort()).toEqual([
      "interfaces.csv",
      "operation.csv",
      "programme.csv",
      "steps.csv",
      "timeline.csv",
    ]);
    expect(readFileSync(join(dir, "plot.svg"), "utf8")).toMatch(/^<svg/);
    expect(readFileSync(join(dir, "tables", "steps.csv"), "utf8").split("\n")[0]).toMatch(
      /^Step,Text,Max pressure \[MPa\],Layer,Relative density \[-\]/,
    );
    // no temporary file is left behind
    expect(readdirSync(dir).sort()).toEqual(["plot.svg", "tables"]);
  });

  it("rejects bad options and unreadable protocols with exit 2", async () => {
    expect((await runInProcess(["simulate", ex("li-in-cell.yaml"), "--samples", "-3"])).code).toBe(2);
    expect((await runInProcess(["simulate", "nope.yaml"])).code).toBe(2);
    const bad = await runInProcess(["simulate", "bad.yaml"], {
      "bad.yaml": "die: { diameter: 10 mm }\nlayers: { s: Li6PS5Cll }\nsteps: [Add s]\n",
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown-material/);
  });
});

describe("ssbpress simulate on worker threads (the built command)", () => {
  beforeAll(() => ensureBuilt(), 200_000);

  it("gives the same Monte Carlo result as one thread", async () => {
    const args = ["simulate", ex("li-in-cell.yaml"), "--json", "--samples", "400", "--seed", "5"];
    const child = runChild(args);
    expect(child.code).toBe(0);
    const inThread = await runInProcess(args);
    expect(JSON.parse(child.stdout)).toEqual(JSON.parse(inThread.stdout));
  });
});

describe("ssbpress plan", () => {
  it("writes a protocol that passes check, with --methods and -o", async () => {
    const io = memoryIo();
    const code = await main(
      [
        "plan",
        "--separator",
        "Li6PS5Cl",
        "--cathode",
        "NMC811:70,Li6PS5Cl:30",
        "--anode",
        "Li",
        "--die",
        "10mm",
        "--press",
        "10t",
        "--methods",
        "-o",
        "out.yaml",
      ],
      io,
    );
    expect(code).toBe(0);
    const yaml = io.written["out.yaml"]!;
    expect(yaml).toMatch(/- Add anode on bottom/);
    expect(io.stdout.join("\n")).toMatch(/# Methods\nCells were assembled in a 10 mm diameter die/);
    const checked = await runInProcess(["check", "out.yaml", "--json"], { "out.yaml": yaml });
    expect(JSON.parse(checked.stdout).errors).toBe(0);
  });

  it("reads the stack from a file", async () => {
    const r = await runInProcess(["plan", "--stack", "stack.yaml"], {
      "stack.yaml":
        "separator: Li6PS5Cl\ncathode: { NMC811: 70, Li6PS5Cl: 30 }\nanode: LiIn\ndie: 13 mm\npress: 15 t\n",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/diameter: 13 mm/);
    expect(r.stdout).toMatch(/Operate at 60 MPa/);
  });

  it("fails with a clear message when the press cannot do it (exit 1) and on usage errors (exit 2)", async () => {
    const r = await runInProcess([
      "plan",
      "--separator",
      "Li6PS5Cl",
      "--cathode",
      "NMC811:70,Li6PS5Cl:30",
      "--anode",
      "Li",
      "--die",
      "20mm",
      "--press",
      "2t",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/largest die this press can serve/);
    const u = await runInProcess(["plan", "--cathode", "NMC811"]);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/--separator/);
  });

  it("--optimize explains its choice in the protocol", async () => {
    const r = await runInProcess([
      "plan",
      "--separator",
      "Li6PS5Cl",
      "--cathode",
      "NMC811:70,Li6PS5Cl:30",
      "--anode",
      "LiIn",
      "--die",
      "10mm",
      "--optimize",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { protocol: string; optimization: string[] };
    expect(j.optimization[0]).toMatch(/optimized for ionic conductance/);
    expect(j.protocol).toMatch(/^# co-press pressure/m);
  });
});

describe("outputs never destroy a file", () => {
  const protocol = readFileSync(ex("classic-li-lpscl-nmc811.yaml"), "utf8");
  const setup = () => {
    const dir = scratch();
    writeFileSync(join(dir, "x.yaml"), protocol);
    writeFileSync(join(dir, "old.svg"), "keep me");
    return dir;
  };
  const PLAN = ["plan", "--separator", "Li6PS5Cl", "--cathode", "NMC811:70,Li6PS5Cl:30", "--anode", "LiIn"];

  it("simulate --plot onto its own protocol is refused, even with --force", async () => {
    const dir = setup();
    for (const extra of [[], ["--force"]]) {
      const r = await runInProcess(["simulate", join(dir, "x.yaml"), "--plot", `${dir}/./x.yaml`, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /it is an input of this command and would be destroyed; write to another name/,
      );
      expect(readFileSync(join(dir, "x.yaml"), "utf8")).toBe(protocol);
    }
  });

  it("an existing output is refused without --force and replaced whole with it", async () => {
    const dir = setup();
    const r = await runInProcess(["simulate", join(dir, "x.yaml"), "--plot", join(dir, "old.svg")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`refusing to overwrite "${join(dir, "old.svg")}" (--plot): the file exists`);
    expect(r.stderr).toMatch(/Add --force to replace it, or choose another name/);
    expect(readFileSync(join(dir, "old.svg"), "utf8")).toBe("keep me");
    const forced = await runInProcess([
      "simulate",
      join(dir, "x.yaml"),
      "--plot",
      join(dir, "old.svg"),
      "--force",
    ]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, "old.svg"), "utf8")).toMatch(/^<svg/);
    expect(readdirSync(dir).sort()).toEqual(["old.svg", "x.yaml"]);
  });

  it("plan -o refuses an existing file and the --stack file; -o - prints the protocol", async () => {
    const dir = setup();
    writeFileSync(join(dir, "stack.yaml"), "separator: Li6PS5Cl\nanode: LiIn\n");
    const r = await runInProcess([...PLAN, "-o", join(dir, "x.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to overwrite .*x\.yaml" \(-o\): the file exists/);
    const stack = await runInProcess([
      "plan",
      "--stack",
      join(dir, "stack.yaml"),
      "-o",
      join(dir, "stack.yaml"),
      "--force",
    ]);
    expect(stack.code).toBe(2);
    expect(stack.stderr).toMatch(/it is an input of this command/);
    expect(readFileSync(join(dir, "stack.yaml"), "utf8")).toBe("separator: Li6PS5Cl\nanode: LiIn\n");
    expect(readFileSync(join(dir, "x.yaml"), "utf8")).toBe(protocol);
    const out = await runInProcess([...PLAN, "-o", "-"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^steps:$/m);
    expect(existsSync("-")).toBe(false);
    const fresh = await runInProcess([...PLAN, "-o", join(dir, "new.yaml")]);
    expect(fresh.code).toBe(0);
    expect(readFileSync(join(dir, "new.yaml"), "utf8")).toMatch(/- Add anode on bottom/);
  });

  it("--csv: creates the folder, refuses when one of its files exists, refuses a file as folder", async () => {
    const dir = setup();
    writeFileSync(join(dir, "tables-steps.csv"), "");
    const made = await runInProcess(["simulate", join(dir, "x.yaml"), "--csv", join(dir, "a", "b")]);
    expect(made.code, made.stderr).toBe(0);
    expect(readdirSync(join(dir, "a", "b"))).toHaveLength(5);
    const again = await runInProcess(["simulate", join(dir, "x.yaml"), "--csv", join(dir, "a", "b")]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/refusing to overwrite .*steps\.csv" \(--csv steps\.csv\): the file exists/);
    const file = await runInProcess(["simulate", join(dir, "x.yaml"), "--csv", join(dir, "x.yaml")]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/is a file, not a folder/);
    expect(readFileSync(join(dir, "x.yaml"), "utf8")).toBe(protocol);
  });

  it("devices, /proc and FIFOs are refused at once, never written or waited on", async () => {
    const dir = setup();
    const fifo = join(dir, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    for (const target of ["/dev/null", "/dev/zero", fifo]) {
      const r = await runInProcess(["simulate", join(dir, "x.yaml"), "--plot", target, "--force"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a regular file .* give another name, or - for standard output/);
    }
    const proc = await runInProcess(["simulate", join(dir, "x.yaml"), "--csv", "/proc/ssbpress-no-such"]);
    expect(proc.code).toBe(2);
    expect(proc.stderr).toMatch(/cannot create the folder "\/proc\/ssbpress-no-such"/);
    const status = await runInProcess(["simulate", join(dir, "x.yaml"), "--plot", "/proc/self/status"]);
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/the file exists/);
  });

  it("--plot - writes the SVG to stdout (the table goes to stderr); with --json it is refused", async () => {
    const r = await runInProcess(["simulate", ex("classic-li-lpscl-nmc811.yaml"), "--plot", "-"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(r.stderr).toMatch(/Step 2: Press to 250 MPa/);
    const j = await runInProcess(["simulate", ex("classic-li-lpscl-nmc811.yaml"), "--plot", "-", "--json"]);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error.message).toMatch(/both write to standard output/);
  });

  it("simulate - reads the protocol from standard input", async () => {
    const r = await runInProcess(["simulate", "-", "--json"], undefined, protocol);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).steps.length).toBeGreaterThan(0);
  });
});

describe("plan --stack is parsed with limits", () => {
  const laughs = [
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ...Array.from({ length: 9 }, (_, i) => {
      const p = String.fromCharCode(97 + i);
      const n = String.fromCharCode(98 + i);
      return `${n}: &${n} [*${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}]`;
    }),
    "separator: *j",
  ].join("\n");
  const cases: [string, string | Uint8Array, RegExp][] = [
    ["an alias bomb", laughs, /unknown key "a"/],
    ["an alias as a value", "x: &m Li6PS5Cl\nseparator: *m\n", /unknown key "x"/],
    [
      "only an alias",
      "separator: &m Li6PS5Cl\nanode: *m\n",
      /"anode" needs a value .*not a list, an alias or nothing/,
    ],
    ["a list", "- separator\n- Li6PS5Cl\n", /expected a map of stack fields/],
    ["a string", "Li6PS5Cl\n", /expected a map of stack fields/],
    ["a nested map", "cathode: { NMC811: { a: 1 } }\n", /must map material names to fractions/],
    ["a repeated key", "separator: Li6PS5Cl\nseparator: LPSCl\n", /"separator" is given twice/],
    ["broken YAML", "separator: [Li6PS5Cl\n", /not valid YAML/],
    ["binary", "separator: Li\u0000", /binary content/],
    [
      "a decimal comma in { … }",
      "separator: Li6PS5Cl\ncathode: { NMC811: 70,5, Li6PS5Cl: 29,5 }\n",
      /line 2, column 22: "70,5" has a comma in its number, and inside \{ … \} a comma separates entries.*write a decimal point: "70\.5"$/m,
    ],
    [
      "Latin-1 text",
      Buffer.from("separator: Li6PS5Cl\ntemperature: 80 \u00b0C\n", "latin1"),
      /not UTF-8 text: byte 0xB0 \(in Windows-1252 it would be "°"\) at line 2, column 17/,
    ],
  ];
  it.each(cases)("%s: exit 2 with a message", async (_name, text, phrase) => {
    for (const json of [false, true]) {
      const r = await runInProcess(["plan", "--stack", "s.yaml", ...(json ? ["--json"] : [])], {
        "s.yaml": text,
      });
      expect(r.code).toBe(2);
      const message = json
        ? (JSON.parse(r.stdout) as { error: { message: string } }).error.message
        : r.stderr;
      expect(message).toMatch(phrase);
      expect(message).toMatch(/^(ssbpress plan: )?--stack "s\.yaml": /);
    }
  });

  it("a stack file too large is refused by size, and --stack - reads stdin", async () => {
    const big = await runInProcess(["plan", "--stack", "-"], undefined, "#".repeat(2_000_000));
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/the file is 2\.0 MB, too large for a protocol/);
    const ok = await runInProcess(["plan", "--stack", "-"], undefined, "separator: Li6PS5Cl\nanode: LiIn\n");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Operate at 60 MPa/);
  });
});

describe("ssbpress check --settings", () => {
  it("prints what to set on the press for every step, with the gauge reading of a manual press", async () => {
    const text = `name: manual
die: { diameter: 13 mm }
press: { capacity: 15 t, type: manual, ram: 50 mm, gauge: bar }
layers:
  separator: { material: Li6PS5Cl, mass: 135 mg }
steps:
  - Add separator
  - Press to 3.4 t, hold 2 min
`;
    const r = await runInProcess(["check", "m.yaml", "--settings"], { "m.yaml": text });
    expect(r.code).toBe(0);
    // 3.4 t = 33.34 kN on a 13 mm die = 251.2 MPa; on a 50 mm ram the oil is at 33.34 kN / 19.63 cm² = 169.8 bar
    expect(r.stdout).toMatch(/step 2 +251.2 MPa = +33.34 kN = +3.4 t = gauge 169.8 bar/);
    const j = JSON.parse(
      (await runInProcess(["check", "m.yaml", "--settings", "--json"], { "m.yaml": text })).stdout,
    );
    expect(j.settings[0]).toMatchObject({
      step: 2,
      "Pressure [MPa]": 251.2,
      "Force [kN]": 33.34,
      "Gauge pressure [bar]": 169.8,
    });
  });
});
