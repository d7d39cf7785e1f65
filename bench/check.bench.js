// Benchmarks of issue #2: check of a 200-step protocol in-process (target < 50 ms) and the wall time
// of `ssbpress check` on the classic recipe as a new process (target < 300 ms).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { checkText } from "../dist/protocol/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const emit = (o) => console.log(JSON.stringify(o));

/** A 200-step protocol: many layers, each added and pressed, with holds, rates and an operation. */
export function bigProtocol(steps = 200) {
  const layers = [];
  const lines = [];
  let i = 0;
  lines.push("  - Add l0", "  - Press to 250 MPa at 5 MPa/s, hold 2 min, release at 5 MPa/s");
  layers.push("  l0: { material: Li6PS5Cl, mass: 80 mg }");
  let n = 2;
  while (n < steps - 1) {
    i++;
    layers.push(`  l${i}: { material: { NMC811: 70 wt%, Li6PS5Cl: 30 wt% }, mass: 2 mg }`);
    lines.push(
      `  - Add l${i} on top`,
      `  - { press: ${250 + (i % 50) * 5} MPa, ramp: 5 MPa/s, hold: 1 min, release: 5 MPa/s }`,
    );
    n += 2;
  }
  lines.push("  - Operate at 60 MPa (55..65 MPa) for 100 h");
  return `name: benchmark\ndie: { diameter: 10 mm, rating: 900 MPa }\npress: { capacity: 10 t }\nlayers:\n${layers.join("\n")}\nsteps:\n${lines.slice(0, steps).join("\n")}\n`;
}

export default async function run() {
  const text = bigProtocol(200);
  for (let k = 0; k < 20; k++) checkText("bench.yaml", text); // warm up
  const times = [];
  for (let k = 0; k < 100; k++) {
    const t0 = performance.now();
    const r = checkText("bench.yaml", text);
    times.push(performance.now() - t0);
    if (r.exitCode === 2) throw new Error("benchmark protocol did not parse");
  }
  emit({
    name: "check 200-step protocol (in-process, median)",
    value: +median(times).toFixed(2),
    unit: "ms",
    target: "< 50 ms",
    steps: 200,
  });

  const file = join(root, "examples/classic-li-lpscl-nmc811.yaml");
  const bin = join(root, "bin/ssbpress.js");
  const wall = [];
  for (let k = 0; k < 15; k++) {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [bin, "check", file], { encoding: "utf8" });
    wall.push(performance.now() - t0);
    if (p.status !== 0) throw new Error(`ssbpress check exited ${p.status}: ${p.stderr}`);
  }
  emit({
    name: "ssbpress check classic recipe (new process, median wall)",
    value: +median(wall).toFixed(1),
    unit: "ms",
    target: "< 300 ms",
    runs: wall.length,
  });
}
