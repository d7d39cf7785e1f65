/**
 * The rules every output of the CLI follows (`plan -o`, `simulate --plot`, `simulate --csv DIR`):
 * never overwrite an existing file without `--force`, never overwrite an input of the same command,
 * write only regular files (a device, FIFO or socket could block or swallow the output), and `-`
 * means standard output. Targets are checked before any work is done and again, atomically, when
 * written (see `Io.writeFile`).
 */
import { dirname, resolve } from "node:path";
import { SsbError } from "../core/errors.js";
import { echo } from "../core/text.js";
import { describeWriteError, type Io } from "./io.js";

export interface OutputTarget {
  /** The file to write; `-` is standard output. */
  path: string;
  /** The option that named it, for messages (`--plot`, `-o`, `--csv`). */
  option: string;
}

const quoted = (p: string) => `"${echo(p)}"`;

/** The real paths of the inputs (files that exist), to recognise them among the outputs. */
async function inputIdentities(inputs: string[], io: Io): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const p of inputs) {
    if (p === "-" || p === "") continue;
    const info = await io.inspect(p).catch(() => undefined);
    if (info?.real) ids.add(info.real);
  }
  return ids;
}

/**
 * Refuse (throwing an SsbError with code "io", exit 2) any target that would destroy a file or block:
 * an input of this command, an existing file without `force`, a folder, a device or FIFO, or two
 * outputs with the same name.
 */
export async function checkOutputs(
  targets: OutputTarget[],
  inputs: string[],
  force: boolean,
  io: Io,
): Promise<void> {
  const inputIds = await inputIdentities(inputs, io);
  const seen = new Map<string, OutputTarget>();
  for (const t of targets) {
    if (t.path === "-") continue;
    if (t.path === "")
      throw new SsbError(
        "usage",
        `${t.option} needs a file name (or - for standard output), got an empty one`,
      );
    let info;
    try {
      info = await io.inspect(t.path);
    } catch (e) {
      throw new SsbError("io", describeWriteError(t.path, e));
    }
    const id = info.real ?? resolve(t.path);
    const twin = seen.get(id);
    if (twin)
      throw new SsbError(
        "usage",
        `${twin.option} and ${t.option} both name ${quoted(t.path)}; give each output its own file name`,
      );
    seen.set(id, t);
    if (info.kind === "directory")
      throw new SsbError(
        "io",
        `${t.option} ${quoted(t.path)} is a folder; give a file name inside it instead`,
      );
    if (info.kind === "other")
      throw new SsbError(
        "io",
        `${t.option} ${quoted(t.path)} is not a regular file (a device, pipe, socket or broken link); ssbpress writes only regular files: give another name, or - for standard output`,
      );
    if (info.kind === "file" && info.real && inputIds.has(info.real))
      throw new SsbError(
        "io",
        `refusing to write ${t.option} ${quoted(t.path)}: it is an input of this command and would be destroyed; write to another name`,
      );
    if (info.kind === "missing") {
      // a new file needs an existing folder: say so before any work is done
      const parent = await io.inspect(dirname(t.path)).catch(() => undefined);
      if (parent && parent.kind !== "directory")
        throw new SsbError(
          "io",
          `cannot write ${t.option} ${quoted(t.path)}: its folder ${quoted(dirname(t.path))} ${parent.kind === "missing" ? "does not exist (create it first, or choose another path)" : "is not a folder"}`,
        );
    }
    if (info.kind === "file" && !force)
      throw new SsbError(
        "io",
        `refusing to overwrite ${quoted(t.path)} (${t.option}): the file exists. Add --force to replace it, or choose another name`,
      );
  }
}

/**
 * Check a folder for `--csv`: it must be a folder or not exist yet (it is then created); the files it
 * would receive are checked like any output.
 */
export async function checkFolder(
  dir: string,
  names: string[],
  option: string,
  inputs: string[],
  force: boolean,
  io: Io,
  others: OutputTarget[] = [],
): Promise<void> {
  if (dir === "-")
    throw new SsbError("usage", `${option} writes several files: give a folder, not - (standard output)`);
  if (dir === "") throw new SsbError("usage", `${option} needs a folder name, got an empty one`);
  let info;
  try {
    info = await io.inspect(dir);
  } catch (e) {
    throw new SsbError("io", describeWriteError(dir, e));
  }
  if (info.kind === "file")
    throw new SsbError(
      "io",
      `${option} ${quoted(dir)} is a file, not a folder; give a folder (it is created when missing)`,
    );
  if (info.kind === "other")
    throw new SsbError(
      "io",
      `${option} ${quoted(dir)} is not a folder (a device, pipe, socket or broken link); give a folder`,
    );
  const files = names.map((n) => ({ path: joinPath(dir, n), option: `${option} ${n}` }));
  for (const o of others)
    for (const f of files)
      if (resolve(o.path) === resolve(f.path))
        throw new SsbError(
          "usage",
          `${o.option} and ${f.option} both name ${quoted(o.path)}; give each output its own file name`,
        );
  if (info.kind === "missing") {
    // the other outputs first, then the folder is made now, so that a folder that cannot be created
    // (a read-only place, /proc) is reported before any work
    await checkOutputs(others, inputs, force, io);
    await makeFolder(dir, io);
  }
  await checkOutputs([...others, ...files], inputs, force, io);
}

const joinPath = (dir: string, name: string) => (dir.endsWith("/") ? dir + name : `${dir}/${name}`);

/** Create a folder for outputs, reporting failures as an SsbError. */
export async function makeFolder(dir: string, io: Io): Promise<void> {
  try {
    await io.makeDir(dir);
  } catch (e) {
    throw new SsbError("io", describeWriteError(dir, e).replace(/^cannot write/, "cannot create the folder"));
  }
}

/** Write one output: `-` prints to stdout; a file is created exclusively, or replaced whole with `force`. */
export async function writeOutput(path: string, text: string, force: boolean, io: Io): Promise<void> {
  if (path === "-") {
    io.out(text.replace(/\n$/, ""));
    return;
  }
  try {
    await io.writeFile(path, text, force);
  } catch (e) {
    throw new SsbError("io", describeWriteError(path, e));
  }
}

export { joinPath };
