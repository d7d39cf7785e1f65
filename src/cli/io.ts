/** Where the CLI writes: real streams in use, buffers in tests. */
import { readFile, writeFile } from "node:fs/promises";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, text: string): Promise<void>;
}

export function processIo(): Io {
  // A closed pipe (`ssbpress … | head`) is not an error: stop writing quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  return {
    out: (t) => process.stdout.write(t + "\n"),
    err: (t) => process.stderr.write(t + "\n"),
    readFile: (p) => readFile(p),
    writeFile: (p, t) => writeFile(p, t, "utf8"),
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(
  files: Record<string, string | Uint8Array> = {},
): Io & { stdout: string[]; stderr: string[]; written: Record<string, string> } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written: Record<string, string> = {};
  return {
    stdout,
    stderr,
    written,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    readFile: async (p) => {
      const f = files[p];
      if (f === undefined) {
        const e = new Error(`ENOENT: no such file or directory, open '${p}'`) as NodeJS.ErrnoException;
        e.code = "ENOENT";
        throw e;
      }
      return typeof f === "string" ? new TextEncoder().encode(f) : f;
    },
    writeFile: async (p, t) => {
      written[p] = t;
    },
  };
}

/** A readable sentence for a file-system error. */
export function describeFsError(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return `cannot read "${path}": no such file (check the path; examples are in examples/)`;
    case "EISDIR":
      return `cannot read "${path}": it is a directory, not a protocol file`;
    case "EACCES":
    case "EPERM":
      return `cannot read "${path}": permission denied`;
    default:
      return `cannot read "${path}": ${(e as Error).message}`;
  }
}
