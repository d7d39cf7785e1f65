/**
 * The CLI's disk side: a bounded reader that never holds more than the limit and never waits forever
 * on a pipe, and writes that never replace a file by accident or leave half of one.
 */
import { spawn } from "node:child_process";
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
  writeSync,
  constants,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  describeFsError,
  describeWriteError,
  InputTooLargeError,
  inspectPath,
  makeDirs,
  memoryIo,
  readBounded,
  writeFileSafely,
} from "../src/cli/io.js";
import { scratchDirs } from "./helpers/tmp.js";

const fresh = scratchDirs("ssbpress-io");

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to fail");
}

describe("readBounded", () => {
  it("reads a file up to the limit, and refuses one byte more by its size", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "ok"), "x".repeat(1000));
    writeFileSync(join(dir, "big"), "x".repeat(1001));
    expect((await readBounded(join(dir, "ok"), 1000)).length).toBe(1000);
    const e = await failure(readBounded(join(dir, "big"), 1000));
    expect(e).toBeInstanceOf(InputTooLargeError);
    expect((e as InputTooLargeError).size).toBe(1001);
  });

  it("stops an endless device after limit + 1 bytes", async () => {
    const e = await failure(readBounded("/dev/zero", 4096));
    expect(e).toBeInstanceOf(InputTooLargeError);
    expect((e as InputTooLargeError).size).toBeUndefined();
    expect(describeFsError("/dev/zero", e)).toMatch(/more than .* too large for a protocol/);
  });

  it("refuses a directory and names a missing file", async () => {
    expect(describeFsError("x", await failure(readBounded(fresh())))).toMatch(/it is a directory/);
    expect(describeFsError("nope", await failure(readBounded(join(fresh(), "nope"))))).toMatch(
      /no such file/,
    );
  });

  it("a FIFO with no writer reads as empty at once", async () => {
    const fifo = join(fresh(), "fifo");
    await new Promise((r) => spawn("mkfifo", [fifo]).on("close", r));
    expect((await readBounded(fifo)).length).toBe(0);
  });

  it("a FIFO whose writer never writes gives up after the idle time instead of hanging", async () => {
    const fifo = join(fresh(), "fifo");
    await new Promise((r) => spawn("mkfifo", [fifo]).on("close", r));
    // this process holds the FIFO open for writing (read-write open does not block) and stays silent
    const writer = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      const t0 = Date.now();
      const e = await failure(readBounded(fifo, 1000, 200));
      expect(Date.now() - t0).toBeLessThan(10_000); // the idle time, not forever (timers run late on a loaded machine)
      expect((e as NodeJS.ErrnoException).code).toBe("ETIMEDOUT");
      expect(describeFsError(fifo, e)).toMatch(/nothing arrived for \d+ s/);
    } finally {
      closeSync(writer);
    }
  });

  it("a FIFO with a slow writer is read whole", async () => {
    const fifo = join(fresh(), "fifo");
    await new Promise((r) => spawn("mkfifo", [fifo]).on("close", r));
    const writer = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    const reading = readBounded(fifo, 1000, 5000);
    setTimeout(() => {
      writeSync(writer, "die: 10 mm\n");
      closeSync(writer);
    }, 300);
    expect(new TextDecoder().decode(await reading)).toBe("die: 10 mm\n");
  });
});

describe("writeFileSafely", () => {
  it("creates a new file, and refuses an existing one without replace", async () => {
    const dir = fresh();
    await writeFileSafely(join(dir, "a.txt"), "one");
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("one");
    const e = await failure(writeFileSafely(join(dir, "a.txt"), "two"));
    expect((e as NodeJS.ErrnoException).code).toBe("EEXIST");
    expect(describeWriteError(join(dir, "a.txt"), e)).toMatch(/Add --force to replace it/);
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("one");
    expect(readdirSync(dir)).toEqual(["a.txt"]);
  });

  it("replaces a file whole, through a symbolic link to it, leaving no temporary file", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "target.txt"), "old");
    symlinkSync("target.txt", join(dir, "link.txt"));
    await writeFileSafely(join(dir, "link.txt"), "new", true);
    expect(readFileSync(join(dir, "target.txt"), "utf8")).toBe("new");
    expect(readlinkSync(join(dir, "link.txt"))).toBe("target.txt");
    expect(readdirSync(dir).sort()).toEqual(["link.txt", "target.txt"]);
  });

  it("a missing folder is an error that says so", async () => {
    const e = await failure(writeFileSafely(join(fresh(), "no", "x.txt"), "x"));
    expect(describeWriteError("no/x.txt", e)).toMatch(/its folder does not exist/);
  });
});

describe("inspectPath and makeDirs", () => {
  it("tells files, folders, devices, missing names and looping links apart", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "f"), "");
    symlinkSync("l2", join(dir, "l1"));
    symlinkSync("l1", join(dir, "l2"));
    expect((await inspectPath(join(dir, "f"))).kind).toBe("file");
    expect((await inspectPath(dir)).kind).toBe("directory");
    expect((await inspectPath("/dev/null")).kind).toBe("other");
    expect((await inspectPath(join(dir, "nope"))).kind).toBe("missing");
    expect((await inspectPath(join(dir, "l1"))).kind).toBe("other");
    expect((await inspectPath(`${dir}/./f`)).real).toBe((await inspectPath(join(dir, "f"))).real);
  });

  it("creates nested folders, and refuses to go through a file", async () => {
    const dir = fresh();
    await makeDirs(join(dir, "a", "b", "c"));
    expect((await inspectPath(join(dir, "a", "b", "c"))).kind).toBe("directory");
    writeFileSync(join(dir, "file"), "");
    expect(((await failure(makeDirs(join(dir, "file", "x")))) as NodeJS.ErrnoException).code).toBe("ENOTDIR");
  });
});

describe("memoryIo behaves like the disk", () => {
  it("refuses to overwrite, bounds reads, knows folders", async () => {
    const io = memoryIo({ "a.yaml": "x", "big.yaml": "#".repeat(1_000_001), "d/": "" });
    expect(((await failure(io.writeFile("a.yaml", "y"))) as NodeJS.ErrnoException).code).toBe("EEXIST");
    await io.writeFile("./a.yaml", "y", true);
    expect(new TextDecoder().decode(await io.readFile("a.yaml"))).toBe("y");
    expect(await failure(io.readFile("big.yaml"))).toBeInstanceOf(InputTooLargeError);
    expect((await io.inspect("d")).kind).toBe("directory");
    expect((await io.inspect("nope")).kind).toBe("missing");
  });
});
