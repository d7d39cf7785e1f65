/**
 * Running the CLI in tests: in-process through `main(argv, io)`, or as a real child process through
 * `bin/ssbpress.js` (which needs `dist/`, built here when it is missing or older than the sources).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { memoryIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(ROOT, "bin", "ssbpress.js");

/** A stack trace or a raw JS error in output: never acceptable in front of a user. */
export const STACK_TRACE = /\n\s+at .*\(|\bat Object\.|TypeError|ReferenceError/;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `ssbpress ARGV` in this process; files are read from disk unless given in `files`. */
export async function runInProcess(
  argv: string[],
  files?: Record<string, string | Uint8Array>,
): Promise<CliRun> {
  const mem = memoryIo(files);
  const io = files ? mem : { ...mem, readFile: (p: string) => readFile(p) };
  const code = await main(argv, io);
  return { code, stdout: mem.stdout.join("\n"), stderr: mem.stderr.join("\n") };
}

/**
 * Run `node bin/ssbpress.js ARGV` as a child process (call `ensureBuilt()` first). Throws when the
 * child outlives `timeoutMs`.
 */
export function runChild(argv: string[], timeoutMs = 60_000): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function newestMtime(dir: string, keep: (name: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, keep));
    else if (keep(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const isSource = (name: string) =>
  name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".case.ts");

function distIsFresh(): boolean {
  const out = join(ROOT, "dist", "cli", "main.js");
  if (!existsSync(out)) return false;
  return statSync(out).mtimeMs >= newestMtime(join(ROOT, "src"), isSource);
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Build `dist/` with `npm run build` when it is missing or stale. Test files run in parallel
 * processes, so a lock directory makes them build once, one at a time. A build that reports type
 * errors elsewhere in the tree (work in progress) still emits JavaScript; that is accepted as long as
 * the CLI's entry point was written.
 */
export function ensureBuilt(): void {
  if (distIsFresh()) return;
  const lock = join(tmpdir(), `ssbpress-build-lock-${Buffer.from(ROOT).toString("hex").slice(-32)}`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      sleep(200);
    }
  }
  try {
    if (distIsFresh()) return;
    const started = Date.now();
    const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8", timeout: 170_000 });
    const out = join(ROOT, "dist", "cli", "main.js");
    if (!existsSync(out) || statSync(out).mtimeMs < started - 2000) {
      throw new Error(`npm run build did not write ${out}:\n${r.stdout}\n${r.stderr}`);
    }
    if (r.status !== 0) {
      console.warn(
        `npm run build reported errors (JavaScript was still emitted):\n${r.stdout.split("\n").slice(0, 8).join("\n")}`,
      );
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
