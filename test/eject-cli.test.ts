/**
 * The Eject step from the command line (issue #8): the separator-pellet example checks clean, its
 * dry run shows the eject instruction, and a manual press's scripted operator is asked to push the
 * pellet out, after which the run completes without asking to release a die that left the press.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT, runChild, STACK_TRACE } from "./helpers/cli.js";

const PELLET = join(ROOT, "examples", "separator-pellet.yaml");
const INSTRUCTION =
  "Take the die out of the press and push the pellet out (separator); confirm when it is out";

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "ssbpress-eject-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ssbpress and the Eject step", () => {
  it("checks the separator-pellet example with exit 0 and no diagnostics", () => {
    const r = runChild(["check", PELLET, "--json"]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ errors: 0, warnings: 0, diagnostics: [] });
  });

  it("reports a step after the Eject as a step-order error at its line, exit 1", () => {
    const bad = join(dir, "after-eject.yaml");
    writeFileSync(
      bad,
      "name: t\ndie: 10 mm\nlayers:\n  separator: { material: Li6PS5Cl, mass: 80 mg }\nsteps:\n  - Add separator\n  - Press to 250 MPa\n  - Eject\n  - Press to 100 MPa\n",
    );
    const r = runChild(["check", bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${bad}:9:5: error step-order: step 4 comes after the pellet was ejected at step 3; ejecting ends the assembly in this die`,
    );
  });

  it("shows the eject instruction in the dry run, after the release", () => {
    const r = runChild(["run", PELLET, "--press", "sim", "--dry-run", "--db", join(dir, "dry.sqlite")]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const release = lines.findIndex((l) => /step 2\s+release$/.test(l));
    const eject = lines.findIndex((l) => l.includes(`step 3   ask: ${INSTRUCTION}`));
    expect(release).toBeGreaterThan(0);
    expect(eject).toBeGreaterThan(release);
  });

  it("asks a manual press's operator to push the pellet out, and completes there", () => {
    const answers = join(dir, "answers.txt");
    writeFileSync(
      answers,
      "ok      # separator in\nok 3    # 3 t\nok      # released\nok      # pellet out\n",
    );
    const r = runChild(
      [
        "run",
        PELLET,
        "--press",
        "manual",
        "--answers",
        answers,
        "--speed",
        "1000",
        "--json",
        "--db",
        join(dir, "manual.sqlite"),
      ],
      60_000,
    );
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const docs = r.stdout
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const operator = docs.filter((d) => d.type === "event" && d.kind === "operator").map((d) => d.message);
    expect(operator.at(-1)).toBe(`answers file line 4 confirmed: ${INSTRUCTION}`);
    expect(docs.at(-1)).toMatchObject({ type: "run-stop", status: "completed" });
    expect(r.code).toBe(0);
  });
});
