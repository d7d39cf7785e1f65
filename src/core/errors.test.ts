import { describe, expect, it } from "vitest";
import { ManualClock, systemClock } from "./clock.js";
import { err, ok, SsbError, unwrap } from "./errors.js";

describe("SsbError and results", () => {
  it("carries a code the CLI maps to an exit code, a hint and a cause", () => {
    const cause = new Error("disk");
    const e = new SsbError("io", "cannot read p.yaml", { hint: "check the path", cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("SsbError");
    expect(e.code).toBe("io");
    expect(e.message).toBe("cannot read p.yaml");
    expect(e.hint).toBe("check the path");
    expect(e.cause).toBe(cause);
    const plain = new SsbError("usage", "bad");
    expect(plain.hint).toBeUndefined();
    expect("cause" in plain).toBe(false);
  });

  it("unwrap returns a value and throws an error", () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(err("x")).toEqual({ ok: false, error: "x" });
    expect(unwrap(ok(3))).toBe(3);
    const e = new SsbError("parse", "broken");
    expect(() => unwrap(err(e))).toThrow(e);
  });
});

describe("clocks", () => {
  it("a manual clock only moves when told to", () => {
    const c = new ManualClock(1000);
    expect(c.now()).toBe(1000);
    c.advance(250);
    c.advance(250);
    expect(c.now()).toBe(1500);
    expect(new ManualClock().now()).toBe(0);
  });

  it("the system clock is the wall clock", () => {
    const before = Date.now();
    const t = systemClock.now();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});
