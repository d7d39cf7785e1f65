/**
 * The hostile protocol corpus (test/fuzz/corpus.ts) through the real CLI entry, `ssbpress check`.
 * Every case, whatever it holds: exit code 0, 1 or 2; no stack trace or internal error; `--json`
 * that parses; every diagnostic inside the file (line and column), bounded, with control characters
 * escaped; at most MAX_DIAGNOSTICS listed. Cases that must fail name the rule, a key phrase and the
 * place. The largest run as child processes of the built CLI, under a memory ceiling and a timeout.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_DIAGNOSTICS, MAX_MESSAGE_LENGTH } from "../../src/protocol/diagnostics.js";
import { BIN, ensureBuilt, runInProcess, STACK_TRACE, type CliRun } from "../helpers/cli.js";
import { corpus, largeCases, type Case } from "./corpus.js";

interface JsonDiagnostic {
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  step: number | null;
}

interface JsonReport {
  file: string;
  diagnostics: JsonDiagnostic[];
  errors: number;
  warnings: number;
  omitted?: number;
}

const CASES = corpus();
/** Control characters that must never reach a terminal raw (newlines separate diagnostics in text). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const INTERNAL = /internal error|TypeError|RangeError|ReferenceError|Maximum call stack|\bat .*\.js:\d+/;

const bytesOf = (c: Case) => (typeof c.content === "string" ? Buffer.from(c.content) : c.content);

/** The lines of the file as the loader sees them (or none when it is not UTF-8 text). */
function linesOf(c: Case): string[] | undefined {
  try {
    let text = new TextDecoder("utf-8", { fatal: true }).decode(bytesOf(c));
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.split(/\r\n|\r|\n/);
  } catch {
    return undefined;
  }
}

function describeAll(ds: JsonDiagnostic[]): string {
  return ds
    .slice(0, 20)
    .map((d) => `  ${d.line}:${d.column} ${d.severity} ${d.rule}: ${d.message.slice(0, 300)}`)
    .join("\n");
}

/** The invariants every case must keep, and its expectation when it has one. */
function checkRun(c: Case, file: string, json: CliRun, text?: CliRun): void {
  for (const run of text ? [json, text] : [json]) {
    expect([0, 1, 2], `exit code ${run.code}\n${run.stderr}`).toContain(run.code);
    expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stdout + run.stderr).not.toMatch(INTERNAL);
  }
  expect(json.stdout.length, "--json printed nothing").toBeGreaterThan(0);
  let report: JsonReport | undefined;
  expect(() => (report = JSON.parse(json.stdout) as JsonReport), json.stdout.slice(0, 500)).not.toThrow();
  const r = report!;
  expect(r.file).toBe(file);
  expect(Array.isArray(r.diagnostics)).toBe(true);
  expect(r.diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS);
  expect(r.errors).toBeGreaterThanOrEqual(r.diagnostics.filter((d) => d.severity === "error").length);
  const lines = linesOf(c);
  for (const d of r.diagnostics) {
    expect(d.rule).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(d.message.length).toBeGreaterThan(10);
    expect(d.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 100);
    expect(d.message, "a control character reached the output").not.toMatch(RAW_CONTROL);
    // Numbers we compute are never shown as Infinity or NaN (quoted user text may say so).
    expect(d.message.replace(/"[^"]*"/g, '""')).not.toMatch(/\bInfinity\b|\bNaN\b|undefined|\[object/);
    expect(Number.isInteger(d.line) && d.line >= 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    if (lines) {
      expect(d.line, `line ${d.line} is past the end of the file`).toBeLessThanOrEqual(lines.length);
      expect(d.column, `column ${d.column} is past the end of line ${d.line}`).toBeLessThanOrEqual(
        lines[d.line - 1]!.length + 1,
      );
    } else if (/is not UTF-8/.test(d.message)) {
      // at the first byte that is not UTF-8: where a lenient decoder puts its first U+FFFD
      const lenient = new TextDecoder("utf-8").decode(bytesOf(c)).split("\n");
      const line = lenient.findIndex((l) => l.includes("\ufffd"));
      expect([d.line, d.column]).toEqual([line + 1, [...lenient[line]!.split("\ufffd")[0]!].length + 1]);
    } else expect([d.line, d.column]).toEqual([1, 1]);
  }
  if (text)
    expect(text.stdout.replace(/\n/g, ""), "text output holds a control character").not.toMatch(RAW_CONTROL);
  if (text) expect(text.code).toBe(json.code);

  const want = c.expect;
  if (!want) return;
  expect(json.code, describeAll(r.diagnostics)).toBe(want.exit);
  if (want.exit === 0) expect(r.diagnostics.some((d) => d.severity === "error")).toBe(false);
  if (want.rule || want.phrase || want.line) {
    const found = r.diagnostics.find(
      (d) =>
        (!want.rule || d.rule === want.rule) &&
        (!want.phrase || want.phrase.test(d.message)) &&
        (want.line === undefined || d.line === want.line) &&
        (want.column === undefined || d.column === want.column),
    );
    expect(
      found,
      `no ${want.rule ?? "diagnostic"} matching ${want.phrase} at ${want.line ?? "?"}:${want.column ?? "?"}; got:\n${describeAll(r.diagnostics)}`,
    ).toBeDefined();
  }
}

describe("hostile protocol corpus, in-process (ssbpress check)", () => {
  it("holds at least 300 cases, each named once", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(300);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s", async (_name, i) => {
    const c = CASES[i]!;
    const file = `corpus/case-${i}.yaml`;
    const files = { [file]: bytesOf(c) };
    const json = await runInProcess(["check", file, "--json"], files);
    // The text form too, for the cases that say what must happen (the rest: JSON only, for speed).
    const text = c.expect && !c.jsonOnly ? await runInProcess(["check", file], files) : undefined;
    checkRun(c, file, json, text);
  });
});

describe("diagnostics are capped and counted", () => {
  it("lists at most MAX_DIAGNOSTICS, says how many more, and keeps the totals", async () => {
    // 990 bad steps, each an error: 200 listed, the rest counted.
    const text = `name: x\ndie: { diameter: 10 mm }\nlayers:\n  s: { material: Li6PS5Cl, mass: 80 mg }\nsteps:\n${"  - Frobnicate\n".repeat(990)}`;
    const json = await runInProcess(["check", "capped.yaml", "--json"], { "capped.yaml": text });
    const r = JSON.parse(json.stdout) as JsonReport;
    expect(r.diagnostics).toHaveLength(MAX_DIAGNOSTICS);
    expect(r.errors).toBe(990);
    expect(r.omitted).toBe(r.errors + r.warnings - MAX_DIAGNOSTICS);
    expect(r.diagnostics.every((d) => d.severity === "error")).toBe(true);
    // the first ones in the file are the ones listed
    expect(r.diagnostics[0]!.line).toBe(6);
    expect(json.code).toBe(1);
  });

  it("never hides an error behind warnings", async () => {
    // 300 unknown keys (warnings) first, then one error at the end of the file.
    const keys = Array.from({ length: 300 }, (_, i) => `zz${i}: 1\n`).join("");
    const text = `${keys}name: x\ndie: { diameter: 10 mm }\nlayers:\n  s: { material: Li6PS5Cl, mass: 80 mg }\nsteps:\n  - Add s\n  - Press to 250\n`;
    const json = await runInProcess(["check", "w.yaml", "--json"], { "w.yaml": text });
    const r = JSON.parse(json.stdout) as JsonReport;
    expect(json.code).toBe(1);
    expect(r.errors).toBe(1);
    expect(r.diagnostics.some((d) => d.severity === "error" && /has no unit/.test(d.message))).toBe(true);
    expect(r.diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS);
    expect(r.warnings).toBeGreaterThanOrEqual(300);
  });
});

describe("the largest hostile files, as child processes under a memory ceiling", () => {
  let dir: string;
  let wrapper: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), "ssbpress-fuzz-"));
    // Prints the peak resident memory of the process on exit (KiB on Linux).
    wrapper = join(dir, "measure.mjs");
    writeFileSync(
      wrapper,
      `process.on("exit", () => process.stderr.write("\\nMAXRSS " + process.resourceUsage().maxRSS + "\\n"));\nawait import(${JSON.stringify(BIN)});\n`,
    );
  }, 200_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Peak memory allowed for one check, whatever the file holds. */
  const MAX_RSS_MB = 300;

  it.each(largeCases().map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const file = join(dir, `${c.name.replace(/\W+/g, "-")}.yaml`);
    writeFileSync(file, bytesOf(c));
    const t0 = performance.now();
    // The heap limit makes a memory blow-up crash the child (exit code ≠ 0/1/2) instead of swapping.
    const r = spawnSync(process.execPath, ["--max-old-space-size=256", wrapper, "check", file, "--json"], {
      encoding: "utf8",
      timeout: 30_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (performance.now() - t0) / 1000;
    expect(r.error, `the check did not finish: ${String(r.error)}`).toBeUndefined();
    const rss = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1]);
    expect(Number.isFinite(rss), `no memory figure in:\n${r.stderr.slice(-500)}`).toBe(true);
    expect(rss / 1024, `peak memory ${Math.round(rss / 1024)} MB`).toBeLessThan(MAX_RSS_MB);
    expect(seconds, "a hostile file is answered in seconds").toBeLessThan(20);
    const stderr = r.stderr.replace(/\nMAXRSS \d+\n$/, "");
    checkRun(c, file, { code: r.status ?? -1, stdout: r.stdout, stderr });
  });
});
