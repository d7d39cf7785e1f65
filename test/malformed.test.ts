/**
 * Malformed protocols: every fixture under test/fixtures/malformed/ goes through the real CLI entry
 * (`ssbpress check FILE --json` and the text form), in-process and, for a handful, as a child
 * process. Each must give the right exit code (CONTRACTS §1), a diagnostic with the expected rule at
 * the expected line and column, a message that says what is wrong and how to fix it, valid JSON
 * with the CONTRACTS §3 keys, and never a stack trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT, runChild, runInProcess, STACK_TRACE, type CliRun } from "./helpers/cli.js";

interface ExpectedDiagnostic {
  rule: string;
  severity: "error" | "warning" | "info";
  line: number;
  column: number;
  /** A substring of the message. */
  message: string;
}

interface Expectation {
  exit: 0 | 1 | 2;
  diagnostics: ExpectedDiagnostic[];
  generated?: boolean;
}

interface JsonDiagnostic {
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  step: number | null;
}

const DIR = join(ROOT, "test", "fixtures", "malformed");
const EXPECTATIONS = (
  JSON.parse(readFileSync(join(DIR, "expectations.json"), "utf8")) as {
    fixtures: Record<string, Expectation>;
  }
).fixtures;

/** A message must say how to fix the problem: an example, a suggestion or an instruction. */
const HOW_TO_FIX =
  /e\.g\.|did you mean|such as|\bsee\b|\b(write|add|remove|rename|use|check|save|pass|close|end|define|correct|split|press|operate|keep)\b/i;

const SHORT_HEADER = `name: generated fixture
die:
  diameter: 10 mm
layers:
  separator: { material: Li6PS5Cl, mass: 80 mg }
steps:
  - Add separator
`;

/** Fixtures that are generated rather than committed (binary, huge, odd encodings). */
const GENERATORS: Record<string, () => Uint8Array> = {
  "binary.bin": () => {
    const bytes = new Uint8Array(4096);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    for (let i = 12; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    return bytes;
  },
  // Saved as Latin-1 by an old editor: "°" is the single byte 0xB0.
  "invalid-utf8.yaml": () =>
    Buffer.concat([
      Buffer.from(`# generated\n${SHORT_HEADER}  - Press to 250 MPa at 120 `),
      Buffer.from([0xb0]),
      Buffer.from("C, hold 2 min\n"),
    ]),
  "utf16.yaml": () =>
    Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`# generated\n${SHORT_HEADER}  - Press to 250 MPa\n`, "utf16le"),
    ]),
  "too-large-10mb.yaml": () => {
    const step = "  - Press to 250 MPa, hold 2 min\n";
    return Buffer.from(`# generated\n${SHORT_HEADER}${step.repeat(Math.ceil(10e6 / step.length))}`);
  },
  "crlf-line-endings.yaml": () =>
    Buffer.from(readFileSync(join(DIR, "missing-unit.yaml"), "utf8").replace(/\n/g, "\r\n")),
  // Once cubic in the band parser: a few thousand spaces took seconds, this many would hang.
  "pathological-long-step.yaml": () =>
    Buffer.from(`# generated\n${SHORT_HEADER}  - Operate at 5 MPa (${" ".repeat(300_000)}x\n`),
};

let tmp: string;
const pathOf = (name: string) => (EXPECTATIONS[name]?.generated ? join(tmp, name) : join(DIR, name));

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "ssbpress-malformed-"));
  for (const [name, make] of Object.entries(GENERATORS)) writeFileSync(join(tmp, name), make());
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function noStackTrace(run: CliRun): void {
  expect(run.stdout).not.toMatch(STACK_TRACE);
  expect(run.stderr).not.toMatch(STACK_TRACE);
}

/** Parse `check --json` output and check it has the CONTRACTS §3 shape. */
function parseReport(run: CliRun, file: string): { diagnostics: JsonDiagnostic[] } {
  let report: unknown;
  expect(() => (report = JSON.parse(run.stdout)), `stdout is not JSON:\n${run.stdout}`).not.toThrow();
  const r = report as Record<string, unknown>;
  expect(Object.keys(r)).toEqual(expect.arrayContaining(["file", "diagnostics", "errors", "warnings"]));
  expect(r.file).toBe(file);
  expect(Array.isArray(r.diagnostics)).toBe(true);
  const ds = r.diagnostics as JsonDiagnostic[];
  for (const d of ds) {
    expect(Object.keys(d)).toEqual(
      expect.arrayContaining(["rule", "severity", "message", "line", "column", "step"]),
    );
    expect(d.rule).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(["error", "warning", "info"]).toContain(d.severity);
    expect(typeof d.message).toBe("string");
    expect(d.message.length).toBeGreaterThan(10);
    expect(Number.isInteger(d.line) && d.line >= 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    expect(d.step === null || (Number.isInteger(d.step) && d.step >= 1)).toBe(true);
  }
  expect(r.errors).toBe(ds.filter((d) => d.severity === "error").length);
  expect(r.warnings).toBe(ds.filter((d) => d.severity === "warning").length);
  return { diagnostics: ds };
}

function describeAll(ds: JsonDiagnostic[]): string {
  return ds.map((d) => `  ${d.line}:${d.column} ${d.severity} ${d.rule}: ${d.message}`).join("\n");
}

/** The JSON output has each expected diagnostic, at its line and column, with a helpful message. */
function expectDiagnostics(ds: JsonDiagnostic[], want: ExpectedDiagnostic[]): void {
  for (const w of want) {
    const found = ds.find(
      (d) => d.rule === w.rule && d.severity === w.severity && d.line === w.line && d.column === w.column,
    );
    expect(
      found,
      `expected ${w.severity} ${w.rule} at ${w.line}:${w.column}; got:\n${describeAll(ds)}`,
    ).toBeDefined();
    expect(found!.message).toContain(w.message);
    expect(found!.message, "the message should say how to fix it").toMatch(HOW_TO_FIX);
  }
}

const names = Object.keys(EXPECTATIONS);
/**
 * Checked only in a child process with a timeout: should the quadratic-or-worse parsing come back,
 * the test fails instead of hanging the whole test run.
 */
const CHILD_ONLY = new Set(["pathological-long-step.yaml"]);

describe("malformed-protocol fixtures", () => {
  it("has at least 45 fixtures, each committed file with an expectation and vice versa", async () => {
    expect(names.length).toBeGreaterThanOrEqual(45);
    const { readdirSync } = await import("node:fs");
    const committed = readdirSync(DIR).filter((f) => f !== "expectations.json");
    const expectedCommitted = names.filter((n) => !EXPECTATIONS[n]!.generated);
    expect(committed.sort()).toEqual(expectedCommitted.sort());
    expect(Object.keys(GENERATORS).sort()).toEqual(names.filter((n) => EXPECTATIONS[n]!.generated).sort());
  });

  describe.each(names.filter((n) => !CHILD_ONLY.has(n)))("%s", (name) => {
    const want = EXPECTATIONS[name]!;

    it(`--json: exit ${want.exit}, the expected diagnostics, CONTRACTS §3 shape`, async () => {
      const file = pathOf(name);
      const run = await runInProcess(["check", file, "--json"]);
      noStackTrace(run);
      const { diagnostics } = parseReport(run, file);
      expect(run.code, describeAll(diagnostics)).toBe(want.exit);
      expectDiagnostics(diagnostics, want.diagnostics);
      if (want.exit === 2) {
        // unreadable files are reported once, at the top, and nothing else is guessed at
        expect(diagnostics.every((d) => d.rule === "yaml-syntax" || d.rule === "unreadable")).toBe(true);
      }
      if (want.exit === 0) expect(diagnostics.some((d) => d.severity === "error")).toBe(false);
    });

    it("text: FILE:LINE:COL: severity rule: message, same exit code", async () => {
      const file = pathOf(name);
      const run = await runInProcess(["check", file]);
      noStackTrace(run);
      expect(run.code).toBe(want.exit);
      const lines = run.stdout.split("\n");
      for (const w of want.diagnostics) {
        const prefix = `${file}:${w.line}:${w.column}: ${w.severity} ${w.rule}: `;
        expect(
          lines.some((l) => l.startsWith(prefix) && l.includes(w.message)),
          `no line starting with ${prefix}\n${run.stdout}`,
        ).toBe(true);
      }
    });
  });

  it("reads the same bytes in memory as from disk (memoryIo)", async () => {
    const file = "in-memory/yaml-unclosed-double-quote.yaml";
    const bytes = readFileSync(join(DIR, "yaml-unclosed-double-quote.yaml"));
    const run = await runInProcess(["check", file, "--json"], { [file]: bytes });
    expect(run.code).toBe(2);
    expectDiagnostics(
      parseReport(run, file).diagnostics,
      EXPECTATIONS["yaml-unclosed-double-quote.yaml"]!.diagnostics,
    );
  });
});

describe("malformed protocols through a real child process (node bin/ssbpress.js)", () => {
  beforeAll(() => ensureBuilt(), 200_000);

  const SAMPLE = [
    "missing-unit.yaml",
    "wrong-dim-hold-rate.yaml",
    "object-step-empty.yaml",
    "yaml-unclosed-double-quote.yaml",
    "duplicate-top-key.yaml",
    "binary.bin",
    "invalid-utf8.yaml",
    "too-large-10mb.yaml",
    "ton-ambiguous-warning-only.yaml",
  ];

  it.each([...SAMPLE, ...CHILD_ONLY])("%s", (name) => {
    const want = EXPECTATIONS[name]!;
    const file = pathOf(name);
    const t0 = performance.now();
    const json = runChild(["check", file, "--json"], 15_000);
    expect(performance.now() - t0, "a malformed file is checked in seconds").toBeLessThan(15_000);
    noStackTrace(json);
    const { diagnostics } = parseReport(json, file);
    expect(json.code, describeAll(diagnostics)).toBe(want.exit);
    expectDiagnostics(diagnostics, want.diagnostics);

    const text = runChild(["check", file], 15_000);
    noStackTrace(text);
    expect(text.code).toBe(want.exit);
    const w = want.diagnostics[0]!;
    expect(text.stdout).toContain(`${file}:${w.line}:${w.column}: ${w.severity} ${w.rule}: `);
  });
});
