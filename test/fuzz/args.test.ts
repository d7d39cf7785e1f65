/**
 * A hostile argument corpus: every command with wrong units, absurd numbers, look-alike Unicode,
 * control characters, huge arguments, unknown options, unreadable inputs, devices, FIFOs, endless
 * standard input, outputs aimed at existing files, at the inputs and at /proc and /dev. Every case
 * runs with and without --json and must end with exit 0, 1 or 2, no stack trace, a message that says
 * what is wrong (a key phrase per case), JSON on stdout with --json, no raw control character in the
 * output, and every file it was given unchanged. A subset runs as real processes of the built
 * command, with a timeout and a cap on memory.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  ftruncateSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { diskIo, ensureBuilt, ROOT, runChildMeasured, STACK_TRACE } from "../helpers/cli.js";

/** The work folder; `@/name` in a case's arguments stands for a file in it. */
const WORK = mkdtempSync(join(tmpdir(), "ssbpress-fuzz-"));
const at = (name: string) => join(WORK, name);
/** Never listed in the work folder's hashes: 10 GB sparse file (its size is the point) and the FIFO. */
const UNHASHED = new Set(["huge-10g.yaml", "fifo"]);

const classic = readFileSync(join(ROOT, "examples", "classic-li-lpscl-nmc811.yaml"), "utf8");
const failure = readFileSync(join(ROOT, "examples", "classic-failure-whole-stack.yaml"), "utf8");

/** YAML billion laughs: nine levels of nine aliases (387 million strings once expanded). */
function aliasBomb(tail: string): string {
  const lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < 9; i++) {
    const p = String.fromCharCode(96 + i);
    const n = String.fromCharCode(97 + i);
    lines.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(", ")}]`);
  }
  return `${lines.join("\n")}\n${tail}`;
}

function setUpWork(): void {
  writeFileSync(at("p.yaml"), classic);
  writeFileSync(at("fail.yaml"), failure);
  writeFileSync(
    at("bad-material.yaml"),
    "die: { diameter: 10 mm }\nlayers: { s: { material: Li6PS5Cll, mass: 80 mg } }\nsteps: [Add s]\n",
  );
  writeFileSync(
    at("stack.yaml"),
    "separator: Li6PS5Cl\ncathode: { NMC811: 70, Li6PS5Cl: 30 }\nanode: LiIn\n",
  );
  writeFileSync(at("bomb-stack.yaml"), aliasBomb("separator: *i\n"));
  writeFileSync(at("bomb.yaml"), aliasBomb("die: { diameter: 10 mm }\nlayers: *i\nsteps: *i\n"));
  writeFileSync(at("binary.bin"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0xff, 0xfe, 0, 0]));
  writeFileSync(at("utf16.yaml"), Buffer.from("\ufeffdie: 10 mm\n", "utf16le"));
  writeFileSync(at("empty.yaml"), "");
  writeFileSync(at("big-2mb.yaml"), `# ${"x".repeat(2_000_000)}\n`);
  writeFileSync(at("existing.svg"), "<svg>keep me</svg>");
  writeFileSync(at("existing.yaml"), "keep me\n");
  mkdirSync(at("dir"));
  mkdirSync(at("tables"));
  writeFileSync(at("tables/steps.csv"), "keep me\n");
  symlinkSync("loop-b", at("loop-a"));
  symlinkSync("loop-a", at("loop-b"));
  symlinkSync("p.yaml", at("link-to-p.yaml"));
  const fd = openSync(at("huge-10g.yaml"), "w");
  ftruncateSync(fd, 10 * 1024 ** 3);
  closeSync(fd);
  expect(spawnSync("mkfifo", [at("fifo")]).status).toBe(0);
}

/** The content hash of every regular file in the work folder (recursively), by relative name. */
function snapshot(dir = WORK, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (UNHASHED.has(rel)) continue;
    if (e.isDirectory()) for (const [k, v] of snapshot(join(dir, e.name), `${rel}/`)) out.set(k, v);
    else if (e.isFile()) {
      const st = statSync(join(dir, e.name));
      // large files by identity, size and modification time (any write changes them); small ones by content
      out.set(
        rel,
        st.size > 65_536
          ? `${st.ino}:${st.size}:${st.mtimeMs}`
          : createHash("sha256")
              .update(readFileSync(join(dir, e.name)))
              .digest("hex"),
      );
    }
  }
  return out;
}

interface Case {
  argv: string[];
  /** A key phrase the message must contain (in JSON: in some string of the printed object). */
  phrase: RegExp;
  /** Allowed exit codes (default: 2). */
  codes?: number[];
  stdin?: string | Uint8Array;
  /** Run only with or only without --json. */
  only?: "json" | "text";
  /** Work-folder files this case may create or change (relative names); everything else must stay. */
  changes?: string[];
}

const D = ["--die", "10mm"];
const PLAN = ["plan", "--separator", "Li6PS5Cl", "--cathode", "NMC811:70,Li6PS5Cl:30", "--anode", "LiIn"];
const HUGE = "5".repeat(100_000);
const ESC = "\u001b[2J\u001b[31m";
const noUnit = /has no unit/;
const unknownUnit = /unknown unit/;
const finite = /not a finite number/;
const tooBig = /too large to be a number/;
const positive = /must be positive/;
const tooLarge = /too large for a protocol/;
const exists = /the file exists\. Add --force to replace it, or choose another name/;
const notRegular = /is not a regular file .*give another name, or - for standard output/;
const isInput = /it is an input of this command and would be destroyed/;

let fresh = 0;
/** A name in the work folder that does not exist yet (for outputs that must be created). */
const NEW = () => `@/new-${++fresh}`;

const CASES: Case[] = [
  // ── convert: units, numbers, look-alikes ──────────────────────────────────────────────────────
  { argv: ["convert", "500 MPa", ...D], phrase: /39\.27/, codes: [0] },
  { argv: ["convert", "500 MPA", ...D], phrase: /did you mean "MPa"/ },
  { argv: ["convert", "500 mpa"], phrase: /did you mean "MPa"/ },
  { argv: ["convert", "500"], phrase: noUnit },
  { argv: ["convert", "500", ...D], phrase: noUnit },
  { argv: ["convert", "MPa"], phrase: /does not start with a number/ },
  { argv: ["convert", "500 MPa", "--die", "10"], phrase: noUnit },
  { argv: ["convert", "500 MPa", "--die", "-3mm"], phrase: positive },
  { argv: ["convert", "500 MPa", "--die", "0 mm"], phrase: positive },
  { argv: ["convert", "500 MPa", "--die", "NaN mm"], phrase: finite },
  { argv: ["convert", "500 MPa", "--die", "Infinity mm"], phrase: finite },
  { argv: ["convert", "500 MPa", "--die", "1e999mm"], phrase: tooBig },
  { argv: ["convert", "500 MPa", "--die", ""], phrase: /is empty/ },
  { argv: ["convert", "500 MPa", "--die", "10 MPa"], phrase: /needs a length/ },
  { argv: ["convert", "500 MPa", "--die", "10 мм"], phrase: /Cyrillic м \(U\+043C\) that looks like m/ },
  { argv: ["convert", "500 MPa", "--die", `10${ESC}mm`], phrase: unknownUnit },
  { argv: ["convert", "NaN MPa", ...D], phrase: finite },
  { argv: ["convert", "Infinity MPa", ...D], phrase: finite },
  { argv: ["convert", "1e999 MPa", ...D], phrase: tooBig },
  { argv: ["convert", "", ...D], phrase: /is empty/ },
  { argv: ["convert", "   "], phrase: /is empty/ },
  { argv: ["convert", "500 МPa", ...D], phrase: /Cyrillic М .*did you mean "500 MPa"/ },
  { argv: ["convert", "500 μm"], phrase: /is a length/ }, // Greek μ
  { argv: ["convert", "500 µm"], phrase: /is a length/ }, // micro sign
  { argv: ["convert", "５００ MPa"], phrase: /full-width/ },
  { argv: ["convert", `500 ${ESC}MPa`], phrase: unknownUnit },
  { argv: ["convert", "\u202e500 MPa"], phrase: /does not start with a number/ },
  { argv: ["convert", "500 MPa\r\n", ...D], phrase: /39\.27/, codes: [0] },
  { argv: ["convert", `${HUGE} MPa`], phrase: tooBig },
  { argv: ["convert", `${"x".repeat(100_000)}`], phrase: /does not start with a number/ },
  { argv: ["convert", "500 MPa 200 MPa"], phrase: unknownUnit },
  { argv: ["convert", "-500 MPa", ...D], phrase: /put it after --/ },
  { argv: ["convert", "-Infinity MPa"], phrase: /put it after --/ },
  { argv: ["convert", "500 MPa", "--to", "furlong"], phrase: /unknown unit "furlong"/ },
  { argv: ["convert", "500 MPa", "--to", ""], phrase: unknownUnit },
  { argv: ["convert", "500 MPa", ...D, "--to", `tf${ESC}`], phrase: unknownUnit },
  { argv: ["convert", "500 MPa", ...D, "--bolts", "xx"], phrase: /must look like "4xM6"/ },
  { argv: ["convert", "500 MPa", ...D, "--bolts", "0xM6"], phrase: /must look like "4xM6"/ },
  { argv: ["convert", "500 MPa", ...D, "--bolts", "4xM0"], phrase: /must look like "4xM6"/ },
  { argv: ["convert", "500 MPa", ...D, "--bolts", "4xM6", "--nut-factor", "abc"], phrase: /between 0 and 1/ },
  { argv: ["convert", "500 MPa", ...D, "--bolts", "4xM6", "--nut-factor", ""], phrase: /between 0 and 1/ },
  {
    argv: ["convert", "500 MPa", ...D, "--bolts", "4xM6", "--nut-factor", "Infinity"],
    phrase: /between 0 and 1/,
  },
  { argv: ["convert", "500 MPa", ...D, "--ram", "0mm"], phrase: positive },
  { argv: ["convert", "10 N m"], phrase: /converts with --bolts/ },
  { argv: ["convert", "5 MPa/s", "--to", "kN/s"], phrase: /needs the die/ },
  { argv: ["convert", "500 MPa", "extra"], phrase: /too many arguments/ },
  { argv: ["convert", "500 MPa", "--dei", "10mm"], phrase: /unknown option '--dei'/ },
  // (with --json after it, --die would take "--json" as its value, as any parser does)
  { argv: ["convert", "500 MPa", "--die"], phrase: /argument missing/, only: "text" },
  { argv: ["convert"], phrase: /missing required argument 'quantity'/ },
  { argv: ["convert", "500 MPa", `--${"x".repeat(100_000)}`], phrase: /unknown option/ },
  { argv: ["convert", "500 MPa", `--${ESC}`], phrase: /unknown option/ },

  // ── check: unreadable inputs, devices, stdin ──────────────────────────────────────────────────
  { argv: ["check", "@/p.yaml"], phrase: /0 errors|^errors: 0$/m, codes: [0] },
  { argv: ["check", "@/p.yaml", "@/fail.yaml"], phrase: /anode-overpressure/, codes: [1] },
  { argv: ["check", "@/p.yaml", "@/nope.yaml", "@/fail.yaml"], phrase: /no such file/ },
  { argv: ["check", "@/nope.yaml"], phrase: /no such file \(check the path/ },
  { argv: ["check", "@/dir"], phrase: /is a directory, not a protocol file/ },
  { argv: ["check", "/dev/zero"], phrase: /more than 1 MB, too large for a protocol/ },
  { argv: ["check", "/dev/urandom"], phrase: /more than 1 MB, too large for a protocol/ },
  { argv: ["check", "/dev/null"], phrase: /empty/ },
  { argv: ["check", "/proc/self/status"], phrase: /has no "die"/, codes: [1, 2] },
  { argv: ["check", "@/binary.bin"], phrase: /binary/ },
  { argv: ["check", "@/utf16.yaml"], phrase: /UTF-16/ },
  { argv: ["check", "@/empty.yaml"], phrase: /empty/ },
  { argv: ["check", "@/big-2mb.yaml"], phrase: /the file is 2\.0 MB, too large for a protocol/ },
  { argv: ["check", "@/huge-10g.yaml"], phrase: /the file is 10\.7 GB, too large for a protocol/ },
  { argv: ["check", "@/fifo"], phrase: /empty/ },
  { argv: ["check", "@/loop-a"], phrase: /symbolic link in the path loops/ },
  { argv: ["check", "@/p.yaml/x"], phrase: /a part of the path is a file/ },
  { argv: ["check", "@/bomb.yaml"], phrase: /aliases/, codes: [1, 2] },
  { argv: ["check", ""], phrase: /empty file name/ },
  { argv: ["check", `@/evil${ESC}.yaml`], phrase: /no such file/ },
  { argv: ["check", `@/${"n".repeat(100_000)}.yaml`], phrase: /too long/ },
  { argv: ["check", "-"], stdin: classic, phrase: /<stdin>: 0 errors|^file: -$/m, codes: [0] },
  { argv: ["check", "-"], stdin: failure, phrase: /anode-overpressure/, codes: [1] },
  { argv: ["check", "-"], stdin: "", phrase: /empty/ },
  { argv: ["check", "-"], stdin: "{{{{ ]]]] : : :", phrase: /YAML syntax error/ },
  { argv: ["check", "-"], stdin: new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 0, 0xff]), phrase: /binary/ },
  { argv: ["check", "-"], stdin: Buffer.from([0xc3, 0x28, 0x41]), phrase: /not UTF-8/ },
  { argv: ["check", "-"], stdin: "x: 1\n".repeat(300_000), phrase: tooLarge },
  {
    argv: ["check", "-"],
    stdin: `die: { diameter: 10 mm }\nname: "${ESC}"\n`,
    phrase: /has no "layers"/,
    codes: [1],
  },
  { argv: ["check", "-", "-"], phrase: /can be read only once/ },
  { argv: ["check"], phrase: /missing required argument 'files'/ },
  { argv: ["check", "@/p.yaml", "--jsn"], phrase: /unknown option '--jsn'/ },
  {
    argv: ["check", "@/p.yaml", "--settings", "--methods", "--quiet"],
    phrase: /Press settings|settings/,
    codes: [0],
  },

  // ── simulate: options, inputs, outputs ────────────────────────────────────────────────────────
  { argv: ["simulate", "@/p.yaml"], phrase: /Step 2|^steps: /m, codes: [0] },
  { argv: ["simulate", "@/fail.yaml"], phrase: /anode-overpressure/, codes: [1] },
  {
    argv: ["simulate", "@/bad-material.yaml"],
    phrase: /cannot be simulated until these errors are fixed/,
    codes: [1],
  },
  { argv: ["simulate", "@/bomb.yaml"], phrase: /aliases/, codes: [1, 2] },
  { argv: ["simulate", "@/nope.yaml"], phrase: /no such file/ },
  { argv: ["simulate", "@/dir"], phrase: /is a directory/ },
  { argv: ["simulate", "/dev/zero"], phrase: /more than 1 MB, too large/ },
  { argv: ["simulate", "@/binary.bin"], phrase: /binary/, codes: [2] },
  { argv: ["simulate", "@/fifo"], phrase: /empty/ },
  { argv: ["simulate", "-"], stdin: "\u0000\u0001garbage", phrase: /binary/ },
  { argv: ["simulate", "-"], stdin: "", phrase: /empty/ },
  { argv: ["simulate", "-"], stdin: classic, phrase: /Step 2|^steps: /m, codes: [0] },
  {
    argv: ["simulate", "@/p.yaml", "--samples", "abc"],
    phrase: /--samples must be a whole number from 0 to 1000000/,
  },
  { argv: ["simulate", "@/p.yaml", "--samples", "-1"], phrase: /--samples must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--samples", "1.5"], phrase: /--samples must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--samples", ""], phrase: /--samples must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--samples", "1e3"], phrase: /--samples must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--samples", "1000001"], phrase: /--samples must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--samples", "1e999"], phrase: /--samples must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--samples", "Infinity"], phrase: /--samples must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--samples", "99999999999999999999"], phrase: /--samples must be/ },
  { argv: ["simulate", "@/p.yaml", "--samples", HUGE], phrase: /more characters/ },
  { argv: ["simulate", "@/p.yaml", "--seed", "abc"], phrase: /--seed must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--seed", ""], phrase: /--seed must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--seed", "0x10"], phrase: /--seed must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--seed", "1.5"], phrase: /--seed must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--seed", "9007199254740993"], phrase: /--seed must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--seed", `1${ESC}`], phrase: /--seed must be a whole number/ },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/p.yaml"], phrase: isInput },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/./p.yaml", "--force"], phrase: isInput },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/link-to-p.yaml", "--force"], phrase: isInput },
  { argv: ["simulate", "@/link-to-p.yaml", "--plot", "@/p.yaml", "--force"], phrase: isInput },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/existing.svg"], phrase: exists },
  {
    argv: ["simulate", "@/p.yaml", "--plot", "@/existing.svg", "--force"],
    phrase: /wrote/,
    codes: [0],
    changes: ["existing.svg"],
  },
  { argv: ["simulate", "@/p.yaml", "--plot", "/dev/null"], phrase: notRegular },
  { argv: ["simulate", "@/p.yaml", "--plot", "/dev/zero", "--force"], phrase: notRegular },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/fifo", "--force"], phrase: notRegular },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/loop-a"], phrase: notRegular },
  { argv: ["simulate", "@/p.yaml", "--plot", "/proc/self/status"], phrase: exists },
  {
    argv: ["simulate", "@/p.yaml", "--plot", "/proc/ssbpress/x.svg"],
    phrase: /its folder .* does not exist/,
  },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/dir"], phrase: /is a folder; give a file name inside it/ },
  { argv: ["simulate", "@/p.yaml", "--plot", ""], phrase: /needs a file name/ },
  { argv: ["simulate", "@/p.yaml", "--plot", "-"], phrase: /^<svg/m, codes: [0], only: "text" },
  { argv: ["simulate", "@/p.yaml", "--plot", "-"], phrase: /both write to standard output/, only: "json" },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/nodir/x.svg"], phrase: /does not exist \(create it first/ },
  { argv: ["simulate", "@/p.yaml", "--csv", "@/p.yaml"], phrase: /is a file, not a folder/ },
  { argv: ["simulate", "@/p.yaml", "--csv", "@/tables"], phrase: exists },
  { argv: ["simulate", "@/p.yaml", "--csv", "/proc/ssbpress-no-such"], phrase: /cannot create the folder/ },
  { argv: ["simulate", "@/p.yaml", "--csv", "/dev/null"], phrase: /is not a folder/ },
  { argv: ["simulate", "@/p.yaml", "--csv", "-"], phrase: /give a folder, not -/ },
  { argv: ["simulate", "@/p.yaml", "--csv", ""], phrase: /needs a folder name/ },
  { argv: ["simulate", "@/p.yaml", "--csv", "@/x", "--plot", "@/x/steps.csv"], phrase: /both name/ },
  { argv: ["simulate", "@/p.yaml", "--plto", "x.svg"], phrase: /unknown option '--plto'/ },
  { argv: ["simulate"], phrase: /missing required argument 'file'/ },

  // ── plan: quantities, materials, limits, the stack file, -o ───────────────────────────────────
  { argv: [...PLAN], phrase: /steps:|^protocol: /m, codes: [0] },
  { argv: ["plan"], phrase: /say what the separator is/ },
  { argv: ["plan", "--separator", ""], phrase: /say what the separator is/ },
  {
    argv: ["plan", "--separator", "Li6PS5Cll"],
    phrase: /unknown material "Li6PS5Cll"; did you mean Li6PS5Cl/,
  },
  { argv: ["plan", "--separator", `${ESC}LPSCl`], phrase: /unknown material/ },
  { argv: ["plan", "--separator", "Lі6PS5Cl"], phrase: /unknown material/ }, // Cyrillic і
  { argv: ["plan", "--separator", "x".repeat(100_000)], phrase: /unknown material/ },
  { argv: [...PLAN, "--cathode", "NMC811:70,Li6PS5Cl:abc"], phrase: /write components as NAME:PERCENT/ },
  { argv: [...PLAN, "--cathode", ":::"], phrase: /write components as NAME:PERCENT/ },
  { argv: [...PLAN, "--anode", "Na"], phrase: /unknown material "Na"/ },
  { argv: [...PLAN, "--die", "10"], phrase: noUnit },
  { argv: [...PLAN, "--die", "-3mm"], phrase: positive },
  { argv: [...PLAN, "--die", "0 mm"], phrase: positive },
  { argv: [...PLAN, "--die", "NaN mm"], phrase: finite },
  { argv: [...PLAN, "--die", "1e999mm"], phrase: tooBig },
  { argv: [...PLAN, "--die", "1e1mm"], phrase: /diameter: 10 mm/, codes: [0] },
  { argv: [...PLAN, "--die", ""], phrase: /is empty/ },
  { argv: [...PLAN, "--die", "10 MPa"], phrase: /needs a length/ },
  { argv: [...PLAN, "--press", "10"], phrase: noUnit },
  { argv: [...PLAN, "--press", "-1 t"], phrase: positive },
  { argv: [...PLAN, "--press", "10 MPa"], phrase: /needs a force/ },
  { argv: [...PLAN, "--die-rating", "abc"], phrase: /does not start with a number/ },
  { argv: [...PLAN, "--temperature", "120"], phrase: noUnit },
  { argv: [...PLAN, "--temperature", "-300 C"], phrase: positive },
  { argv: [...PLAN, "--temperature", "120 MPa"], phrase: /needs a temperature/ },
  { argv: [...PLAN, "--separator-mass", "0 mg"], phrase: positive },
  { argv: [...PLAN, "--anode-thickness", "50"], phrase: noUnit },
  { argv: [...PLAN, "--goal", "fly"], phrase: /argument 'fly' is invalid/ },
  { argv: [...PLAN, "--press-type", "x"], phrase: /argument 'x' is invalid/ },
  { argv: [...PLAN, "--optimize", "--max-short", "abc"], phrase: /probabilities between 0 and 1/ },
  { argv: [...PLAN, "--optimize", "--max-short", ""], phrase: /probabilities between 0 and 1/ },
  { argv: [...PLAN, "--optimize", "--max-short", "150%"], phrase: /probabilities between 0 and 1/ },
  { argv: [...PLAN, "--optimize", "--max-fracture", "Infinity"], phrase: /probabilities between 0 and 1/ },
  { argv: [...PLAN, "--seperator", "LPSCl"], phrase: /unknown option '--seperator'/ },
  { argv: ["plan", "foo"], phrase: /too many arguments/ },
  { argv: ["plan", "--stack", "@/stack.yaml"], phrase: /steps:|^protocol: /m, codes: [0] },
  { argv: ["plan", "--stack", "@/nope.yaml"], phrase: /no such file/ },
  { argv: ["plan", "--stack", "@/dir"], phrase: /is a directory/ },
  { argv: ["plan", "--stack", "/dev/zero"], phrase: tooLarge },
  { argv: ["plan", "--stack", "/dev/null"], phrase: /expected a map of stack fields/ },
  { argv: ["plan", "--stack", "@/fifo"], phrase: /expected a map of stack fields/ },
  { argv: ["plan", "--stack", "@/bomb-stack.yaml"], phrase: /unknown key "a"/ },
  { argv: ["plan", "--stack", "@/binary.bin"], phrase: /binary content|not UTF-8/ },
  { argv: ["plan", "--stack", "@/big-2mb.yaml"], phrase: /the file is 2\.0 MB, too large/ },
  { argv: ["plan", "--stack", "@/p.yaml"], phrase: /unknown key "name"/ },
  {
    argv: ["plan", "--stack", "-"],
    stdin: "separator: LiIn\nanode: *x\n",
    phrase: /"anode" needs a value .*an alias/,
  },
  { argv: ["plan", "--stack", "-"], stdin: "- a\n- b\n", phrase: /expected a map of stack fields/ },
  { argv: ["plan", "--stack", "-"], stdin: `separator: "${ESC}"\n`, phrase: /unknown material/ },
  { argv: ["plan", "--stack", "-"], stdin: "#".repeat(1_100_000), phrase: tooLarge },
  {
    argv: ["plan", "--stack", "-"],
    stdin: "separator: Li6PS5Cl\nanode: LiIn\n",
    phrase: /steps:|^protocol: /m,
    codes: [0],
  },
  { argv: ["plan", "--stack"], phrase: /argument missing/, only: "text" },
  { argv: [...PLAN, "-o", "@/existing.yaml"], phrase: exists },
  { argv: ["plan", "--stack", "@/stack.yaml", "-o", "@/stack.yaml", "--force"], phrase: isInput },
  { argv: [...PLAN, "-o", "/dev/null"], phrase: notRegular },
  { argv: [...PLAN, "-o", "/dev/full", "--force"], phrase: notRegular },
  { argv: [...PLAN, "-o", "@/fifo"], phrase: notRegular },
  { argv: [...PLAN, "-o", "@/dir"], phrase: /is a folder/ },
  { argv: [...PLAN, "-o", ""], phrase: /needs a file name/ },
  { argv: [...PLAN, "-o", "/proc/x/y.yaml"], phrase: /does not exist/ },
  { argv: [...PLAN, "-o", "/proc/self/status", "--force"], phrase: /cannot write|permission|refused/ },
  { argv: [...PLAN, "-o", "-"], phrase: /steps:|^protocol: /m, codes: [0] },
  { argv: [...PLAN, "-o", "@/new"], phrase: /check it with: ssbpress check|^file: /m, codes: [0] },
  { argv: ["simulate", "@/p.yaml", "--csv", "@/new", "--plot", "@/new"], phrase: /wrote/, codes: [0] },
  { argv: [...PLAN, "-o", `@/${"o".repeat(300)}.yaml`], phrase: /too long/ },

  // ── run, sim-press, runs: refused before anything connects or is written ──────────────────────
  { argv: ["run", "@/p.yaml"], phrase: /--press is required/ },
  { argv: ["run", "@/p.yaml", "--press", "hydraulic"], phrase: /is not a press ssbpress knows/ },
  { argv: ["run", "/dev/zero", "--press", "sim", "--yes"], phrase: tooLarge },
  { argv: ["run", "@/fail.yaml", "--press", "sim", "--yes"], phrase: /anode-overpressure/, codes: [1] },
  {
    argv: ["run", "@/p.yaml", "--press", "sim", "--speed", "NaN", "--yes"],
    phrase: /--speed must be a number/,
  },
  { argv: ["run", "@/p.yaml", "--press", "sim", "--fault", ESC, "--yes"], phrase: /--fault/ },
  { argv: ["run", "@/p.yaml", "--press", "sim", "--operate-for", HUGE], phrase: /--operate-for/ },
  {
    argv: ["run", "@/p.yaml", "--press", "sim", "--map", "@/p.yaml"],
    phrase: /--map describes a Modbus press/,
  },
  {
    argv: ["run", "@/p.yaml", "--press", "modbus-tcp://127.0.0.1:1", "--map", "/dev/zero", "--yes"],
    phrase: /too large for a press map/,
  },
  {
    argv: ["run", "@/p.yaml", "--press", "manual", "--answers", "/dev/urandom", "--speed", "10"],
    phrase: /too large for an answers file/,
  },
  { argv: ["run", "@/p.yaml", "--press", "modbus-tcp://[::1", "--yes"], phrase: /not a Modbus TCP address/ },
  {
    argv: ["run", "@/p.yaml", "--press", "sim", "--yes", "--db", "@/p.yaml"],
    phrase: /not an SQLite database/,
  },
  { argv: ["runs", "list", "--db", "@/nope.sqlite"], phrase: /no run record/ },
  { argv: ["runs", "show", ESC, "--db", "@/p.yaml"], phrase: /not an SQLite database|run record/ },
  { argv: ["sim-press"], phrase: /--modbus HOST:PORT is required/ },
  { argv: ["sim-press", "--modbus", HUGE], phrase: /is not HOST:PORT/ },
  { argv: ["sim-press", "--modbus", "127.0.0.1:0", "--die", "-5 mm"], phrase: /--die/ },

  // ── the command line itself ───────────────────────────────────────────────────────────────────
  { argv: [], phrase: /Usage: ssbpress|unknown option '--json'/ },
  { argv: ["frobnicate"], phrase: /unknown command 'frobnicate'/ },
  { argv: ["chek", "x.yaml"], phrase: /Did you mean check\?/ },
  { argv: [ESC], phrase: /unknown command/ },
  { argv: ["--version"], phrase: /0\.1\.0/, codes: [0] },
  { argv: ["check", "--help"], phrase: /Usage: ssbpress check/, codes: [0] },
];

/** Arguments with `@/` resolved into the work folder, and the new-file placeholder made unique. */
function resolveArgs(argv: string[]): string[] {
  return argv.map((a) => (a === "@/new" ? at(NEW().slice(2)) : a.startsWith("@/") ? at(a.slice(2)) : a));
}

/** Every string, number and key in a JSON value, one per line, for phrase matching. */
function flatten(v: unknown): string {
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v)) return v.map(flatten).join("\n");
  return Object.entries(v)
    .map(([k, x]) => `${k}: ${flatten(x)}`)
    .join("\n");
}

/** Raw control characters (other than newline and tab) must never reach the terminal. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

const runs = CASES.flatMap((c, i) =>
  (c.only ? [c.only === "json"] : [false, true]).map((json) => ({ i, json, c })),
);

beforeAll(setUpWork);
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe("hostile arguments, in process", () => {
  it("the corpus is large enough", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
  });

  it.each(
    runs.map((r) => [`#${r.i} ${r.json ? "--json " : ""}${r.c.argv.join(" ").slice(0, 80)}`, r] as const),
  )("%s", async (_label, { json, c }) => {
    const before = snapshot();
    const argv = [...resolveArgs(c.argv), ...(json ? ["--json"] : [])];
    const io = diskIo(c.stdin ?? "");
    const code = await main(argv, io);
    const stdout = io.stdout.join("\n");
    const stderr = io.stderr.join("\n");
    const what = `${argv.join(" ").slice(0, 300)}\nstdout: ${stdout.slice(0, 1500)}\nstderr: ${stderr.slice(0, 1500)}`;
    expect([0, 1, 2], what).toContain(code);
    expect(c.codes ?? [2], what).toContain(code);
    expect(stdout, what).not.toMatch(STACK_TRACE);
    expect(stderr, what).not.toMatch(STACK_TRACE);
    expect(stdout + stderr, what).not.toMatch(RAW_CONTROL);
    // a 100 kB argument is elided, not repeated
    expect(stderr.length, what).toBeLessThan(20_000);
    let text = `${stdout}\n${stderr}`;
    if (json) {
      expect(stdout.trim(), what).not.toBe("");
      let parsed: unknown;
      expect(() => (parsed = JSON.parse(stdout)), what).not.toThrow();
      text = `${flatten(parsed)}\n${stderr}`;
      if (code === 2)
        expect(
          (parsed as { error?: unknown }).error !== undefined ||
            flatten(parsed).includes("unreadable") ||
            flatten(parsed).includes("yaml-syntax") ||
            flatten(parsed).includes("schema"),
          what,
        ).toBe(true);
    }
    expect(text, what).toMatch(c.phrase);
    const after = snapshot();
    for (const [name, hash] of before) {
      if (c.changes?.includes(name)) continue;
      expect(after.get(name), `${name} changed or vanished: ${what}`).toBe(hash);
    }
    // nothing left behind: no temporary files
    for (const name of after.keys()) expect(name, what).not.toMatch(/\.ssbpress-.*\.tmp$/);
  });
});

/** Run as real processes of the built command: a timeout, and a cap on memory. */
const CHILD: { argv: string[]; phrase: RegExp; stdinFrom?: string; shellStdin?: string; input?: string }[] = [
  { argv: ["check", "/dev/zero"], phrase: tooLarge },
  { argv: ["check", "/dev/urandom", "--json"], phrase: tooLarge },
  { argv: ["check", "@/huge-10g.yaml"], phrase: /10\.7 GB, too large/ },
  { argv: ["check", "@/big-2mb.yaml", "--json"], phrase: /2\.0 MB, too large/ },
  { argv: ["check", "-"], stdinFrom: "/dev/zero", phrase: tooLarge },
  { argv: ["check", "-", "--json"], stdinFrom: "/dev/urandom", phrase: tooLarge },
  { argv: ["check", "-"], shellStdin: "yes 'die: 10 mm'", phrase: tooLarge },
  { argv: ["check", "-"], input: "{{{ garbage ]]]", phrase: /YAML syntax error/ },
  { argv: ["check", "@/fifo"], phrase: /empty/ },
  { argv: ["check", "@/bomb.yaml", "--json"], phrase: /aliases/ },
  { argv: ["simulate", "/dev/zero", "--json"], phrase: tooLarge },
  { argv: ["simulate", "-"], shellStdin: "yes garbage", phrase: tooLarge },
  { argv: ["simulate", "@/bomb.yaml"], phrase: /aliases/ },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/p.yaml"], phrase: isInput },
  { argv: ["simulate", "@/p.yaml", "--plot", "@/fifo", "--force"], phrase: notRegular },
  {
    argv: ["simulate", "@/p.yaml", "--csv", "/proc/ssbpress-no-such", "--json"],
    phrase: /cannot create the folder/,
  },
  { argv: ["plan", "--stack", "@/bomb-stack.yaml"], phrase: /unknown key "a"/ },
  { argv: ["plan", "--stack", "@/bomb-stack.yaml", "--json"], phrase: /unknown key/ },
  { argv: ["plan", "--stack", "-"], stdinFrom: "/dev/zero", phrase: tooLarge },
  { argv: ["plan", "--stack", "-", "--json"], shellStdin: "yes 'separator: Li6PS5Cl'", phrase: tooLarge },
  { argv: ["plan", "--stack", "@/fifo"], phrase: /expected a map/ },
  { argv: [...PLAN, "-o", "@/fifo"], phrase: notRegular },
  { argv: ["convert", `${"5".repeat(100_000)} MPa`, "--json"], phrase: tooBig },
  { argv: ["check", "@/p.yaml", "--jsn", "--json"], phrase: /unknown option/ },
];

describe("hostile input to the built command: bounded time and memory", () => {
  let childBaseline = new Map<string, string>();
  beforeAll(() => {
    ensureBuilt();
    childBaseline = snapshot();
  }, 200_000);

  it("at least 20 cases", () => expect(CHILD.length).toBeGreaterThanOrEqual(20));

  // several at once: each waits mostly on a new Node process starting
  it.concurrent.for(CHILD.map((c) => [c.argv.join(" ").slice(0, 80), c] as const))(
    "%s",
    async ([, c], { expect }) => {
      const argv = resolveArgs(c.argv);
      const r = await runChildMeasured(argv, {
        timeoutMs: 20_000,
        ...(c.stdinFrom ? { stdinFrom: c.stdinFrom } : {}),
        ...(c.shellStdin ? { shellStdin: c.shellStdin } : {}),
        ...(c.input !== undefined ? { input: c.input } : {}),
      });
      const what = `${argv.join(" ").slice(0, 200)}\nstdout: ${r.stdout.slice(0, 1000)}\nstderr: ${r.stderr.slice(0, 1000)}`;
      expect(r.signal, `killed after 20 s or by a signal: ${what}`).toBeNull();
      expect([0, 1, 2], what).toContain(r.code);
      expect(r.peakMB, what).toBeLessThan(300);
      expect(r.stdout + r.stderr, what).not.toMatch(STACK_TRACE);
      expect(r.stdout + r.stderr, what).not.toMatch(/heap out of memory/i);
      if (argv.includes("--json")) expect(() => JSON.parse(r.stdout), what).not.toThrow();
      expect(`${r.stdout}\n${r.stderr}`, what).toMatch(c.phrase);
    },
  );

  it("no file in the work folder changed", () => {
    // the child cases only refuse; none may have written anything
    expect(snapshot()).toEqual(childBaseline);
  });

  it("the memory measurement works: a process that holds 330 MB is seen above the limit", () => {
    // the wrapper's measure, checked against a child that really allocates (guards the guard)
    const r = spawnSync(
      process.execPath,
      [
        "-e",
        "const b = Buffer.alloc(330 * 1024 * 1024, 1); require('fs').writeSync(3, String(process.resourceUsage().maxRSS + b[0] * 0));",
      ],
      { stdio: ["pipe", "pipe", "pipe", "pipe"], encoding: "utf8" },
    );
    expect(Number(r.output[3]) / 1024).toBeGreaterThan(300);
  });
});
