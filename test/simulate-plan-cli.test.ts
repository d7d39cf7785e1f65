import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryIo } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";
import { ensureBuilt, ROOT, runChild, runInProcess, STACK_TRACE } from "./helpers/cli.js";

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
    const dir = mkdtempSync(join(tmpdir(), "ssbpress-sim-"));
    const io = { ...memoryIo(), readFile: (p: string) => Promise.resolve(readFileSync(p)) };
    const code = await main(
      ["simulate", ex("classic-li-lpscl-nmc811.yaml"), "--csv", dir, "--plot", join(dir, "plot.svg")],
      io,
    );
    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      "interfaces.csv",
      "operation.csv",
      "programme.csv",
      "steps.csv",
    ]);
    expect(io.written[join(dir, "plot.svg")]).toMatch(/^<svg/);
    expect(readFileSync(join(dir, "steps.csv"), "utf8").split("\n")[0]).toMatch(
      /^Step,Text,Max pressure \[MPa\],Layer,Relative density \[-\]/,
    );
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
