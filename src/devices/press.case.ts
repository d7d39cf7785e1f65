/**
 * The press conformance suite: what every driver must do, whatever is behind it (the twin in-process,
 * the twin behind Modbus TCP, a scripted fake, an operator at a manual press). A driver is done when
 * it passes. Time is the scheduler's: the suite waits with `scheduler.sleep` and polls up to
 * deadlines derived from the declared rates, so it runs in virtual time on in-process drivers and
 * tolerates the latency of a real socket. Every press call is also raced against a wall-clock timer,
 * so a driver that hangs fails with a message instead of stalling the test run.
 */
import { describe, expect, it } from "vitest";
import type { Scheduler } from "../core/clock.js";
import { PressError, type Press, type PressSample } from "./press.js";

export interface ConformanceSubject {
  /** A fresh press, not yet connected. */
  press: Press;
  scheduler: Scheduler;
  /** How many commands have reached the device so far (optional): lets the suite prove "nothing sent". */
  sent?: () => number;
  cleanup?: () => Promise<void>;
}

export interface ConformanceOptions {
  /** Overshoot the driver declares, as a fraction of the setpoint (default 0). */
  overshoot?: number;
  /** Force the suite loads to [N] (default 30 % of the capacity, at most 20 kN). */
  force?: number;
  /** Ramp rate the suite commands [N/s] (default: the force in 2 s). */
  rate?: number;
  /** Polling period [ms of scheduler time] (default 100). */
  poll?: number;
  /** Extra time allowed beyond what the rates imply, for lags and link latency [s] (default 2). */
  margin?: number;
  /** Wall-clock time after which one press call counts as hung [ms] (default 10 000). */
  callTimeout?: number;
  /** Time the suite waits for a heated platen to move towards its setpoint [s] (default 120). */
  heatTime?: number;
  /** Wall-clock budget of one test [ms] (default 30 000: a real socket runs the ramps in real time). */
  testTimeout?: number;
}

/** Whether a measured force is at a setpoint: 1 % of the setpoint + 50 N, the status bit's band. */
function near(force: number, target: number): boolean {
  return Math.abs(force - target) <= 0.01 * target + 50;
}

export function pressConformance(
  name: string,
  make: () => Promise<ConformanceSubject>,
  opts: ConformanceOptions = {},
): void {
  const poll = opts.poll ?? 100;
  const margin = opts.margin ?? 2;
  const callTimeout = opts.callTimeout ?? 10_000;
  const overshoot = opts.overshoot ?? 0;
  const timeout = opts.testTimeout ?? 30_000;

  /** A press call that must settle within the wall-clock budget. */
  async function guard<T>(what: string, p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${name}: ${what} did not settle within ${callTimeout} ms`)),
        callTimeout,
      );
    });
    try {
      return await Promise.race([p, hang]);
    } finally {
      clearTimeout(timer);
    }
  }

  interface Ctx extends ConformanceSubject {
    read(): Promise<PressSample>;
    /** Polls until `done(sample)` or `seconds` of scheduler time pass; returns every sample seen. */
    until(seconds: number, done: (s: PressSample) => boolean): Promise<PressSample[]>;
    /** Reads for `seconds` of scheduler time. */
    watch(seconds: number): Promise<PressSample[]>;
    target: number;
    rate: number;
  }

  /** Connects a fresh press, runs `body`, and always releases, closes and cleans up. */
  async function withPress(body: (c: Ctx) => Promise<void>): Promise<void> {
    const subject = await make();
    const { press, scheduler } = subject;
    const cap = press.capabilities.capacity;
    const target = opts.force ?? Math.min(cap === null ? 10e3 : 0.3 * cap, 20e3);
    const rate = opts.rate ?? target / 2;
    const read = (): Promise<PressSample> => guard("read()", press.read());
    const until = async (seconds: number, done: (s: PressSample) => boolean): Promise<PressSample[]> => {
      const end = scheduler.now() + seconds * 1000;
      const seen: PressSample[] = [];
      for (;;) {
        const s = await read();
        seen.push(s);
        if (done(s) || scheduler.now() >= end) return seen;
        await scheduler.sleep(poll);
      }
    };
    const ctx: Ctx = { ...subject, read, until, watch: (s) => until(s, () => false), target, rate };
    try {
      await guard("connect()", press.connect());
      await body(ctx);
    } finally {
      await guard("close()", press.close());
      await subject.cleanup?.();
    }
  }

  const rampTime = (c: Ctx): number => c.target / c.rate + margin;

  describe(`press conformance: ${name}`, () => {
    it(
      "declares a description and coherent capabilities",
      async () => {
        await withPress(async ({ press }) => {
          expect(press.description.length).toBeGreaterThan(0);
          const cap = press.capabilities;
          expect(cap.capacity === null || (Number.isFinite(cap.capacity) && cap.capacity > 0)).toBe(true);
          expect(Number.isFinite(cap.releaseTime) && cap.releaseTime > 0).toBe(true);
          if (cap.heating) expect(cap.temperature).toBe(true);
        });
      },
      timeout,
    );

    it(
      "reads finite SI values after connect, with nulls exactly where capabilities say",
      async () => {
        await withPress(async ({ press, scheduler, read }) => {
          const s = await read();
          expect(Number.isFinite(s.time)).toBe(true);
          // Unix seconds on the press's scheduler (not ms, not a relative time).
          expect(Math.abs(s.time - scheduler.now() / 1000)).toBeLessThan(margin + 1);
          expect(Number.isFinite(s.force)).toBe(true);
          // Unloaded: no more than 1 % of the capacity (or 100 N) of noise or offset.
          expect(Math.abs(s.force)).toBeLessThan(Math.max(100, 0.01 * (press.capabilities.capacity ?? 0)));
          expect(s.setpoint === null || Number.isFinite(s.setpoint)).toBe(true);
          if (press.capabilities.position) {
            // Metres: a die gap is well under 0.1 m, never negative.
            expect(s.position).not.toBeNull();
            expect(s.position!).toBeGreaterThanOrEqual(0);
            expect(s.position!).toBeLessThan(0.1);
          } else {
            expect(s.position).toBeNull();
          }
          if (press.capabilities.temperature) {
            // Kelvin, not °C: between a cold lab and a hot platen.
            expect(s.temperature).not.toBeNull();
            expect(s.temperature!).toBeGreaterThan(250);
            expect(s.temperature!).toBeLessThan(800);
          } else {
            expect(s.temperature).toBeNull();
          }
          for (const bit of ["ready", "moving", "atSetpoint", "fault", "estop"] as const) {
            expect(typeof s.status[bit]).toBe("boolean");
          }
          expect(s.status.estop).toBe(false);
          expect(s.status.fault).toBe(false);
        });
      },
      timeout,
    );

    it(
      "reaches the setpoint within the time its ramp rate implies and reports atSetpoint",
      async () => {
        await withPress(async (c) => {
          const t0 = c.scheduler.now();
          await guard("setForce()", c.press.setForce(c.target, c.rate));
          const seen = await c.until(rampTime(c), (s) => near(s.force, c.target) && s.status.atSetpoint);
          const last = seen[seen.length - 1]!;
          expect(near(last.force, c.target), `force ${last.force} N, target ${c.target} N`).toBe(true);
          expect(last.status.atSetpoint).toBe(true);
          if (last.setpoint !== null) expect(near(last.setpoint, c.target)).toBe(true);
          if (c.press.capabilities.ramp && !c.press.capabilities.manual) {
            // The press ramps itself: never faster than commanded (plus the at-setpoint band).
            for (const s of seen) {
              const elapsed = s.time - t0 / 1000;
              expect(s.force).toBeLessThanOrEqual(c.rate * Math.max(0, elapsed) + 0.01 * c.target + 50);
            }
          }
        });
      },
      timeout,
    );

    it(
      "never exceeds the setpoint by more than the declared overshoot",
      async () => {
        await withPress(async (c) => {
          await guard("setForce()", c.press.setForce(c.target, c.rate));
          const seen = await c.watch(rampTime(c) + 2);
          const ceiling = c.target * (1 + overshoot) + 0.01 * c.target + 50;
          const peak = Math.max(...seen.map((s) => s.force));
          expect(peak, `peak ${peak} N above ${ceiling} N`).toBeLessThanOrEqual(ceiling);
        });
      },
      timeout,
    );

    it(
      "releases to about zero within capabilities.releaseTime",
      async () => {
        await withPress(async (c) => {
          await guard("setForce()", c.press.setForce(c.target, c.rate));
          await c.until(rampTime(c), (s) => near(s.force, c.target));
          await guard("release()", c.press.release());
          const seen = await c.until(
            c.press.capabilities.releaseTime + margin,
            (s) => s.force < 0.01 * c.target + 50,
          );
          const last = seen[seen.length - 1]!;
          expect(last.force).toBeLessThan(0.01 * c.target + 50);
        });
      },
      timeout,
    );

    it(
      "e-stop drops the force at once and latches until reset()",
      async () => {
        await withPress(async (c) => {
          await guard("setForce()", c.press.setForce(c.target, c.rate));
          await c.until(rampTime(c), (s) => near(s.force, c.target));
          await guard("estop()", c.press.estop());
          const dropped = await c.until(margin, (s) => s.force < 0.01 * c.target + 50 && s.status.estop);
          const last = dropped[dropped.length - 1]!;
          expect(last.force).toBeLessThan(0.01 * c.target + 50);
          expect(last.status.estop).toBe(true);
          // Latched: loading is refused or ignored.
          try {
            await guard("setForce() during e-stop", c.press.setForce(c.target, c.rate));
          } catch (e) {
            expect(e).toBeInstanceOf(PressError);
            expect((e as PressError).code).toBe("refused");
          }
          const latched = await c.watch(rampTime(c));
          for (const s of latched) {
            expect(s.force).toBeLessThan(0.01 * c.target + 50);
            expect(s.status.estop).toBe(true);
          }
          // reset clears it and loading works again.
          await guard("reset()", c.press.reset());
          const cleared = await c.until(margin, (s) => !s.status.estop);
          expect(cleared[cleared.length - 1]!.status.estop).toBe(false);
          await guard("setForce() after reset", c.press.setForce(c.target / 2, c.rate));
          const again = await c.until(rampTime(c), (s) => near(s.force, c.target / 2) && s.status.atSetpoint);
          expect(near(again[again.length - 1]!.force, c.target / 2)).toBe(true);
        });
      },
      timeout,
    );

    it(
      "refuses NaN, negative, infinite and above-capacity setpoints and sends nothing",
      async () => {
        await withPress(async (c) => {
          const held = c.target / 2;
          await guard("setForce()", c.press.setForce(held, c.rate));
          await c.until(rampTime(c), (s) => near(s.force, held) && s.status.atSetpoint);
          const cap = c.press.capabilities.capacity;
          const bad: [number, number][] = [
            [Number.NaN, c.rate],
            [-1, c.rate],
            [Number.POSITIVE_INFINITY, c.rate],
            [c.target, Number.NaN],
            [c.target, -c.rate],
          ];
          if (cap !== null) bad.push([cap * 1.01 + 1, c.rate]);
          const sentBefore = c.sent?.();
          for (const [force, rate] of bad) {
            const attempt = guard(`setForce(${force}, ${rate})`, c.press.setForce(force, rate));
            await expect(attempt, `setForce(${force}, ${rate})`).rejects.toBeInstanceOf(PressError);
            await attempt.catch((e: unknown) => expect((e as PressError).code).toBe("refused"));
          }
          if (sentBefore !== undefined) expect(c.sent!()).toBe(sentBefore);
          // The press is still holding the last good setpoint.
          const after = await c.watch(1);
          for (const s of after) {
            expect(near(s.force, held), `force ${s.force} N while holding ${held} N`).toBe(true);
            if (s.setpoint !== null) expect(near(s.setpoint, held)).toBe(true);
          }
        });
      },
      timeout,
    );

    it(
      "accepts a temperature setpoint; a heated platen moves towards it, an unheated one does not",
      async () => {
        await withPress(async (c) => {
          const first = await c.read();
          await guard(
            "setTemperature()",
            c.press.setTemperature(first.temperature === null ? 353.15 : first.temperature + 40),
          );
          const later = await c.watch(c.press.capabilities.heating ? (opts.heatTime ?? 120) : 2);
          const last = later[later.length - 1]!;
          if (!c.press.capabilities.temperature) {
            expect(last.temperature).toBeNull();
          } else if (c.press.capabilities.heating) {
            expect(last.temperature!).toBeGreaterThan(first.temperature! + 5);
          } else {
            expect(Math.abs(last.temperature! - first.temperature!)).toBeLessThan(1);
          }
        });
      },
      timeout,
    );

    it(
      "close is idempotent; calls after close reject with a PressError and never hang",
      async () => {
        const subject = await make();
        try {
          await guard("connect()", subject.press.connect());
          await guard("read()", subject.press.read());
          await guard("close()", subject.press.close());
          await guard("second close()", subject.press.close());
          await expect(guard("read() after close", subject.press.read())).rejects.toBeInstanceOf(PressError);
          await expect(
            guard("setForce() after close", subject.press.setForce(1000, 1000)),
          ).rejects.toBeInstanceOf(PressError);
        } finally {
          await subject.cleanup?.();
        }
      },
      timeout,
    );
  });
}
