/**
 * Ctrl-C during a run (CONTRACTS §6): once, the run finishes safely — it ramps down at the
 * protocol's release rate, records, and exits 3 with status `aborted`; twice, it releases at once.
 * A real `ssbpress run --press sim --speed 1` receives real SIGINTs while it holds 250 MPa.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDocument, SampleDocument } from "../src/engine/documents.js";
import { BIN, ROOT, STACK_TRACE, ensureBuilt } from "./helpers/cli.js";

const PROTOCOL = join(ROOT, "test", "fixtures", "run", "long-hold.yaml");
let dir: string;
const children = new Set<number>();

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "ssbpress-run-interrupt-"));
}, 180_000);

afterAll(() => {
  for (const pid of children) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

interface Interrupted {
  code: number | null;
  docs: RunDocument[];
  stderr: string;
  /** Test time [s] of the first Ctrl-C. */
  at: number;
}

/** Runs the long hold; once it holds at 250 MPa, sends SIGINT `times` times (0.3 s apart). */
function interrupt(times: 1 | 2, db: string): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, "run", PROTOCOL, "--press", "sim", "--speed", "10", "--yes", "--json", "--db", db],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.add(child.pid!);
    const docs: RunDocument[] = [];
    let partial = "";
    let stderr = "";
    let at = -1;
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no exit within 60 s:\n${stderr}`));
    }, 60_000);
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.stdout.on("data", (d: Buffer) => {
      partial += d.toString("utf8");
      const lines = partial.split("\n");
      partial = lines.pop()!;
      for (const line of lines) {
        const doc = JSON.parse(line) as RunDocument;
        docs.push(doc);
        if (at < 0 && doc.type === "sample" && (doc["Pressure [MPa]"] ?? 0) > 245) {
          at = doc["Test time [s]"];
          child.kill("SIGINT");
          if (times === 2) setTimeout(() => child.kill("SIGINT"), 300);
        }
      }
    });
    child.on("exit", (code) => {
      clearTimeout(guard);
      children.delete(child.pid!);
      resolve({ code, docs, stderr, at });
    });
  });
}

const samples = (docs: RunDocument[]) => docs.filter((d): d is SampleDocument => d.type === "sample");

describe("Ctrl-C during a run", () => {
  it("once: ramps down at the release rate, records, exit 3, status aborted", async () => {
    const r = await interrupt(1, join(dir, "once.sqlite"));
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(/Ctrl-C: finishing safely/);
    expect(r.code).toBe(3);
    const stop = r.docs.at(-1)!;
    expect(stop).toMatchObject({ type: "run-stop", status: "aborted" });
    const after = samples(r.docs).filter((s) => s["Test time [s]"] > r.at);
    // released at the end
    expect(after.at(-1)!["Force [kN]"]!).toBeLessThan(0.5);
    // and the way down was a ramp at the protocol's release rate (5 MPa/s default): 250 MPa take
    // ~50 s, far longer than a vent (the twin vents in ~5 s from full scale)
    const below10 = after.find((s) => (s["Pressure [MPa]"] ?? 0) < 10)!;
    expect(below10["Test time [s]"] - r.at).toBeGreaterThan(30);
  }, 90_000);

  it("twice: releases at once", async () => {
    const r = await interrupt(2, join(dir, "twice.sqlite"));
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(/Ctrl-C again: releasing at once/);
    expect(r.code).toBe(3);
    expect(r.docs.at(-1)).toMatchObject({ type: "run-stop" });
    const after = samples(r.docs).filter((s) => s["Test time [s]"] > r.at);
    const below10 = after.find((s) => (s["Pressure [MPa]"] ?? 0) < 10)!;
    expect(below10["Test time [s]"] - r.at).toBeLessThan(10);
    expect(after.at(-1)!["Force [kN]"]!).toBeLessThan(0.5);
  }, 90_000);
});
