/**
 * Where the CLI reads and writes: the real terminal and disk in use, buffers in tests.
 *
 * Reading is bounded: an input is never held beyond `MAX_PROTOCOL_BYTES` (+1 byte to know it is too
 * large), whether it is a file, a device such as /dev/zero, a FIFO or an endless standard input.
 * Writing never overwrites by accident: a new file is published only if the name is still free, a
 * replaced file is swapped in whole (temporary file + rename), so a crash never leaves half a file.
 */
import { constants, read as readFd } from "node:fs";
import { link, lstat, mkdir, open, realpath, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { SsbError } from "../core/errors.js";
import { echo } from "../core/text.js";
import { MAX_PROTOCOL_BYTES } from "../protocol/yaml-source.js";

/** What a path names, following symbolic links. `other` is a device, FIFO, socket or broken link. */
type PathKind = "missing" | "file" | "directory" | "other";

export interface PathInfo {
  kind: PathKind;
  /** The resolved real path of an existing file or folder (to tell `./x.yaml` and `x.yaml` apart). */
  real?: string;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /**
   * The whole content of an input, `-` meaning standard input. Never holds more than
   * MAX_PROTOCOL_BYTES: larger inputs fail with an `InputTooLargeError` (code EFBIG).
   */
  readFile(path: string): Promise<Uint8Array>;
  /** What is at `path` now (never opens it, so it cannot block on a FIFO or device). */
  inspect(path: string): Promise<PathInfo>;
  /** Create a folder and its missing parents. */
  makeDir(path: string): Promise<void>;
  /**
   * Write a regular file. With `replace` false the file must not exist (fails with EEXIST, even when
   * another program creates it meanwhile); with `replace` true an existing file is swapped whole.
   */
  writeFile(path: string, text: string, replace?: boolean): Promise<void>;
}

/** An input larger than the limit; `size` is known for regular files only. */
export class InputTooLargeError extends Error {
  readonly code = "EFBIG";
  constructor(
    readonly size: number | undefined,
    readonly limit: number,
  ) {
    super(`input larger than ${limit} bytes`);
    this.name = "InputTooLargeError";
  }
}

function fsError(code: string, message: string): NodeJS.ErrnoException {
  const e = new Error(message) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

/** Refuse bytes beyond the limit (for inputs that arrive whole, e.g. in tests). */
export function boundedBytes(bytes: Uint8Array, limit = MAX_PROTOCOL_BYTES): Uint8Array {
  if (bytes.length > limit) throw new InputTooLargeError(bytes.length, limit);
  return bytes;
}

const CHUNK = 64 * 1024;
const readAsync = promisify(readFd);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a pipe may stay silent before the read gives up [ms]. */
const PIPE_IDLE_MS = 30_000;

/**
 * Read from an open descriptor until end of input or until more than `limit` bytes arrived.
 * `EAGAIN` (a non-blocking pipe with nothing in it yet) waits and tries again, for at most `idleMs`
 * without data (a FIFO whose writer never writes, or `check /dev/stdout`, must not hang).
 */
async function readAtMost(
  fd: number,
  limit: number,
  knownSize: number | undefined,
  idleMs: number,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  let lastData = Date.now();
  for (;;) {
    const want = Math.min(CHUNK, limit + 1 - total);
    const buf = Buffer.allocUnsafe(want);
    let n: number;
    try {
      n = (await readAsync(fd, buf, 0, want, null)).bytesRead;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") {
        if (Date.now() - lastData > idleMs) throw fsError("ETIMEDOUT", "no data arrived");
        await pause(10);
        continue;
      }
      throw e;
    }
    if (n === 0) break;
    lastData = Date.now();
    chunks.push(n === want ? buf : buf.subarray(0, n));
    total += n;
    if (total > limit) throw new InputTooLargeError(knownSize, limit);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/** The bounded reader behind `Io.readFile` for the real disk and standard input. */
export async function readBounded(
  path: string,
  limit = MAX_PROTOCOL_BYTES,
  idleMs = PIPE_IDLE_MS,
): Promise<Uint8Array> {
  if (path === "-") {
    if (process.stdin.isTTY)
      process.stderr.write("reading the protocol from standard input (end it with Ctrl-D)\n");
    return readAtMost(0, limit, undefined, idleMs);
  }
  if (path === "") throw fsError("ENOENT", "empty file name");
  const before = await stat(path);
  if (before.isDirectory()) throw fsError("EISDIR", "is a directory");
  // A FIFO opened for reading blocks until some program opens it for writing; non-blocking, it does not.
  const handle: FileHandle = await open(
    path,
    constants.O_RDONLY | (before.isFIFO() ? constants.O_NONBLOCK : 0),
  );
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw fsError("EISDIR", "is a directory");
    if (st.isFile() && st.size > limit) throw new InputTooLargeError(st.size, limit);
    return await readAtMost(handle.fd, limit, st.isFile() ? st.size : undefined, idleMs);
  } finally {
    await handle.close();
  }
}

/** What is at a path on disk, without opening it. */
export async function inspectPath(path: string): Promise<PathInfo> {
  try {
    const st = await stat(path);
    const real = await realpath(path);
    if (st.isFile()) return { kind: "file", real };
    if (st.isDirectory()) return { kind: "directory", real };
    return { kind: "other", real };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      // a symbolic link that points nowhere is not a free name
      const isLink = await lstat(path).then(
        (l) => l.isSymbolicLink(),
        () => false,
      );
      return isLink ? { kind: "other" } : { kind: "missing" };
    }
    if (code === "ENOTDIR") return { kind: "missing" };
    // symbolic links that loop name nothing that can be written
    if (code === "ELOOP") return { kind: "other" };
    throw e;
  }
}

/** Create a folder and its missing parents, one level at a time (bounded; no recursive mkdir loop). */
export async function makeDirs(path: string): Promise<void> {
  const missing: string[] = [];
  let p = resolve(path);
  for (let depth = 0; depth < 256; depth++) {
    const info = await inspectPath(p);
    if (info.kind === "directory") break;
    if (info.kind !== "missing") throw fsError("ENOTDIR", "not a directory");
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const dir of missing.reverse()) {
    try {
      await mkdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

let tempCounter = 0;

/** Write `text` to a new temporary file beside `path`, flushed to disk; returns its name. */
async function writeTemp(path: string, text: string): Promise<string> {
  const tmp = join(dirname(path), `.ssbpress-${process.pid}-${Date.now().toString(36)}-${tempCounter++}.tmp`);
  const handle = await open(tmp, "wx", 0o666);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  return tmp;
}

/** The disk side of `Io.writeFile`: exclusive creation, or a whole-file swap with `replace`. */
export async function writeFileSafely(path: string, text: string, replace = false): Promise<void> {
  if (path === "" || basename(path) === "") throw fsError("EISDIR", "not a file name");
  // with `replace`, the file a symbolic link points to is replaced, not the link
  const target = replace ? await realpath(path).catch(() => path) : path;
  const tmp = await writeTemp(target, text);
  try {
    if (replace) {
      await rename(tmp, target);
      return;
    }
    try {
      // link() publishes the complete file and fails if the name is taken: exclusive and atomic
      await link(tmp, path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EMLINK") throw e;
      // a file system without hard links: exclusive creation, written in place
      const handle = await open(path, "wx", 0o666);
      try {
        await handle.writeFile(text, "utf8");
      } finally {
        await handle.close();
      }
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Disk operations of the real command, for `processIo` and for in-process tests on real files. */
export const diskFs: Pick<Io, "readFile" | "inspect" | "makeDir" | "writeFile"> = {
  readFile: (p) => readBounded(p),
  inspect: inspectPath,
  makeDir: makeDirs,
  writeFile: writeFileSafely,
};

export function processIo(): Io {
  // A closed pipe (`ssbpress … | head`) is not an error: stop writing quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      process.exit(2);
    });
  }
  // Last resort for a failure outside main()'s handler (e.g. in a worker thread): a sentence, no stack.
  const bug = () => {
    process.stderr.write(
      "ssbpress: this is a bug in ssbpress, not a problem with your input: the command stopped unexpectedly. Please report it to the ssbpress maintainers (see README.md) with the command you ran\n",
    );
    process.exit(70);
  };
  process.on("uncaughtException", bug);
  process.on("unhandledRejection", bug);
  return {
    out: (t) => process.stdout.write(t + "\n"),
    err: (t) => process.stderr.write(t + "\n"),
    ...diskFs,
  };
}

/**
 * An Io that keeps everything in memory, for tests. `files` are the existing files (`-` is standard
 * input); a name ending in `/` is an existing folder, as is the current folder. Written files
 * appear in `written` and can be read back.
 */
export function memoryIo(
  files: Record<string, string | Uint8Array> = {},
): Io & { stdout: string[]; stderr: string[]; written: Record<string, string> } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written: Record<string, string> = {};
  const store = new Map<string, string | Uint8Array>(Object.entries(files));
  const dirs = new Set<string>([...store.keys()].filter((k) => k.endsWith("/")).map((k) => k.slice(0, -1)));
  const norm = (p: string) => resolve("/mem", p);
  const find = (p: string) => [...store.keys()].find((k) => !k.endsWith("/") && norm(k) === norm(p));
  const isDir = (p: string) =>
    norm(p) === "/mem" ||
    norm(p) === "/" ||
    [...dirs].some((d) => norm(d) === norm(p)) ||
    [...store.keys()].some((k) => norm(k).startsWith(norm(p) + "/"));
  return {
    stdout,
    stderr,
    written,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    readFile: async (p) => {
      const key = p === "-" ? (store.has("-") ? "-" : undefined) : find(p);
      if (key === undefined) {
        if (p !== "-" && isDir(p)) throw fsError("EISDIR", `EISDIR: illegal operation on a directory, read`);
        if (p === "-") return new Uint8Array(0);
        throw fsError("ENOENT", `ENOENT: no such file or directory, open '${p}'`);
      }
      const f = store.get(key)!;
      return boundedBytes(typeof f === "string" ? new TextEncoder().encode(f) : f);
    },
    inspect: async (p) => {
      if (find(p) !== undefined) return { kind: "file", real: norm(p) };
      if (isDir(p)) return { kind: "directory", real: norm(p) };
      return { kind: "missing" };
    },
    makeDir: async (p) => {
      if (find(p) !== undefined) throw fsError("ENOTDIR", "not a directory");
      dirs.add(p);
    },
    writeFile: async (p, t, replace = false) => {
      const key = find(p);
      if (key !== undefined && !replace) throw fsError("EEXIST", "file already exists");
      if (isDir(p)) throw fsError("EISDIR", "is a directory");
      written[p] = t;
      store.set(key ?? p, t);
    },
  };
}

const formatSize = (bytes: number) =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Let through only what the operating system (or the size limit) reported about a file; anything
 * else is a programming error, rethrown so that it is reported as a bug, not as a bad file.
 */
export function rethrowUnlessFsError(e: unknown): void {
  if (e instanceof InputTooLargeError) return;
  if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string") return;
  throw e;
}

/**
 * A readable sentence for an error reading an input (`path` is echoed safely). `kind` names what the
 * input should be when it is not a protocol, e.g. "a press map".
 */
export function describeFsError(path: string, e: unknown, kind = "a protocol"): string {
  const name = path === "-" ? "standard input" : `"${echo(path)}"`;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (e instanceof InputTooLargeError) {
    const limit = `${kind} is a few kB of ${kind === "a protocol" ? "YAML" : "text"} (limit ${e.limit / 1e6} MB)`;
    return e.size !== undefined
      ? `cannot read ${name}: the file is ${formatSize(e.size)}, too large for ${kind}: ${limit}. Check that you passed the right file`
      : `cannot read ${name}: it gives more than ${e.limit / 1e6} MB, too large for ${kind}: ${limit}. Check that you passed the right file, not a device or an endless stream`;
  }
  switch (code) {
    case "ENOENT":
      return path === ""
        ? "cannot read an empty file name: give the path of a protocol file, or - for standard input"
        : `cannot read ${name}: no such file (check the path; examples are in examples/)`;
    case "ENOTDIR":
      return `cannot read ${name}: a part of the path is a file, not a folder (check the path)`;
    case "EISDIR":
      return `cannot read ${name}: it is a directory, not a protocol file`;
    case "EACCES":
    case "EPERM":
      return `cannot read ${name}: permission denied (check the file's permissions)`;
    case "ENAMETOOLONG":
      return `cannot read ${name}: the path is too long for the file system`;
    case "ELOOP":
      return `cannot read ${name}: a symbolic link in the path loops`;
    case "EAGAIN":
    case "EWOULDBLOCK":
      return `cannot read ${name}: nothing to read (a pipe or device with no data)`;
    case "ETIMEDOUT":
      return `cannot read ${name}: nothing arrived for ${PIPE_IDLE_MS / 1000} s (a pipe whose writer never writes?); pass the protocol file itself`;
    default:
      return `cannot read ${name}: the operating system refused (${code ?? "unknown error"})`;
  }
}

/** A readable sentence for an error writing an output. */
export function describeWriteError(path: string, e: unknown): string {
  const name = `"${echo(path)}"`;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EEXIST":
      return `refusing to overwrite ${name}: it appeared while ssbpress was working. Add --force to replace it, or choose another name`;
    case "ENOENT":
      return `cannot write ${name}: its folder does not exist (create it first, or choose another path)`;
    case "ENOTDIR":
      return `cannot write ${name}: a part of the path is a file, not a folder`;
    case "EISDIR":
      return `cannot write ${name}: it is a folder; give a file name`;
    case "EACCES":
    case "EPERM":
      return `cannot write ${name}: permission denied (choose a folder you can write to)`;
    case "EROFS":
      return `cannot write ${name}: the file system is read-only`;
    case "ENOSPC":
    case "EDQUOT":
      return `cannot write ${name}: the disk is full`;
    case "ENAMETOOLONG":
      return `cannot write ${name}: the path is too long for the file system`;
    case "EXDEV":
      return `cannot write ${name}: the file is a link to another file system; write to another name`;
    case "ELOOP":
      return `cannot write ${name}: a symbolic link in the path loops`;
    default:
      return `cannot write ${name}: the operating system refused (${code ?? "unknown error"})`;
  }
}

/** The bytes of an input, or an SsbError "io" that says why it cannot be read (never a raw fs error). */
export async function readInput(file: string, io: Io): Promise<Uint8Array> {
  try {
    return await io.readFile(file);
  } catch (e) {
    rethrowUnlessFsError(e);
    throw new SsbError("io", describeFsError(file, e));
  }
}
