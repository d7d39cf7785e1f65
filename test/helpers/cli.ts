/**
 * Running the CLI in tests: in-process through `main(argv, io)`, or as a real child process through
 * `bin/ssbpress.js` (or the memory-measuring wrapper) (which needs `dist/`, built here when it is missing or older than the sources).
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { boundedBytes, diskFs, memoryIo, type Io } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(ROOT, "bin", "ssbpress.js");
/** Runs the built CLI in its own process and reports that process's peak memory on fd 3. */
const RSS_WRAPPER = join(ROOT, "test", "helpers", "rss-wrapper.mjs");

/** A stack trace or a raw JS error in output: never acceptable in front of a user. */
export const STACK_TRACE =
  /\n\s+at .*\(|\bat .*\(.*:\d+:\d+\)|\bat Object\.|TypeError|ReferenceError|RangeError|SyntaxError: |internal error|Cannot read properties/;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** An Io on the real disk that records what would go to stdout and stderr; `-` reads `stdin`. */
export function diskIo(stdin: string | Uint8Array = ""): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const bytes = typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin;
  return {
    ...diskFs,
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    readFile: async (p) => (p === "-" ? boundedBytes(bytes) : diskFs.readFile(p)),
  };
}

/**
 * Run `ssbpress ARGV` in this process. Without `files` it works on the real disk (reads and
 * writes); with `files` everything stays in memory (`-` in `files` is standard input). `stdin` is
 * what `-` reads on the disk.
 */
export async function runInProcess(
  argv: string[],
  files?: Record<string, string | Uint8Array>,
  stdin?: string | Uint8Array,
): Promise<CliRun> {
  const io = files ? memoryIo(stdin === undefined ? files : { ...files, "-": stdin }) : diskIo(stdin);
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
}

export interface ChildOptions {
  timeoutMs?: number;
  /** Bytes for standard input. */
  input?: string | Uint8Array;
  /** Standard input from a file or device (e.g. /dev/zero) instead of `input`. */
  stdinFrom?: string;
  cwd?: string;
}

/**
 * Run `node bin/ssbpress.js ARGV` as a child process (call `ensureBuilt()` first). Throws when the
 * child outlives the timeout.
 */
export function runChild(argv: string[], timeoutOrOptions: number | ChildOptions = 60_000): CliRun {
  const o = typeof timeoutOrOptions === "number" ? { timeoutMs: timeoutOrOptions } : timeoutOrOptions;
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: o.cwd ?? ROOT,
    encoding: "utf8",
    timeout: o.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(o.input !== undefined ? { input: o.input } : {}),
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface MeasuredRun extends CliRun {
  /** Peak resident memory of the CLI's process [MB]. */
  peakMB: number;
  signal: NodeJS.Signals | null;
}

/**
 * Run the built CLI in a child process whose V8 heap is capped at 256 MB (a memory explosion kills
 * it instead of the machine) and report its peak resident memory, measured by the process itself.
 * `shellStdin` pipes the output of a shell command (e.g. `yes`) into it: an endless producer. A run
 * that outlives the timeout is killed (with its producer) and reported with `signal` SIGKILL.
 * Asynchronous, so that several can run at once.
 */
export function runChildMeasured(
  argv: string[],
  o: ChildOptions & { shellStdin?: string } = {},
): Promise<MeasuredRun> {
  const timeout = o.timeoutMs ?? 20_000;
  const node = [process.execPath, "--max-old-space-size=256", RSS_WRAPPER, ...argv];
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const [cmd, args] = o.shellStdin
    ? ["/bin/sh", ["-c", `${o.shellStdin} | ${node.map(quote).join(" ")}`]]
    : [node[0]!, node.slice(1)];
  const fd = o.stdinFrom ? openSync(o.stdinFrom, "r") : undefined;
  return new Promise((done, fail) => {
    const child = spawn(cmd, args as string[], {
      cwd: o.cwd ?? ROOT,
      stdio: [fd ?? "pipe", "pipe", "pipe", "pipe"],
      detached: true,
    });
    if (fd !== undefined) closeSync(fd);
    const LIMIT = 16 * 1024 * 1024;
    const collect = (stream: NodeJS.ReadableStream | null | undefined) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream?.on("data", (c: Buffer) => {
        if (size < LIMIT) chunks.push(c);
        size += c.length;
      });
      return () => Buffer.concat(chunks).toString("utf8");
    };
    const out = collect(child.stdout);
    const err = collect(child.stderr);
    const rss = collect(child.stdio[3] as NodeJS.ReadableStream | null);
    if (child.stdin) {
      child.stdin.on("error", () => undefined); // the CLI may stop reading early (that is the point)
      child.stdin.end(o.input ?? "");
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeout);
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const kb = Number(rss().trim());
      done({
        code: code ?? -1,
        signal,
        stdout: out(),
        stderr: err(),
        peakMB: Number.isFinite(kb) && kb > 0 ? kb / 1024 : Number.NaN,
      });
    });
  });
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
  const out = join(ROOT, "dist", "cli", "ssbpress.js"); // the bundle bin/ssbpress.js runs, written last
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
    const out = join(ROOT, "dist", "cli", "ssbpress.js"); // the bundle bin/ssbpress.js runs, written last
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
