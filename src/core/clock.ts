/**
 * Clocks and schedulers, so that the engine, the digital twin and the tests can run on real time,
 * on real time sped up, or on virtual time that only moves when someone waits.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests and the digital twin. */
export class ManualClock implements Clock {
  constructor(private t = 0) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * A clock one can wait on. The engine paces its control loop with `sleep`; the digital twin reads
 * `now` to integrate its dynamics, so both share one notion of time.
 */
export interface Scheduler extends Clock {
  /** Resolves once `ms` milliseconds of this scheduler's time have passed. */
  sleep(ms: number): Promise<void>;
}

/** Milliseconds since the epoch with sub-millisecond resolution (Date.now() has 1 ms steps). */
const preciseNow = (): number => performance.timeOrigin + performance.now();

/**
 * How long before a deadline a real-time sleep stops trusting the timer [ms]: Node's timers fire
 * up to a millisecond or two late (more on a loaded machine), which a 100 Hz control loop feels.
 * The last stretch is waited out by yielding to the event loop, so I/O is still served.
 */
const TIMER_SLACK_MS = 2;

/** Wall-clock time, with sleeps that end close to their deadline. */
export const realScheduler: Scheduler = {
  now: preciseNow,
  async sleep(ms: number): Promise<void> {
    const due = preciseNow() + Math.max(0, ms);
    const coarse = ms - TIMER_SLACK_MS;
    if (coarse >= 1) await new Promise((resolve) => setTimeout(resolve, coarse));
    while (preciseNow() < due) await new Promise((resolve) => setImmediate(resolve));
  },
};

/**
 * Virtual time running `speed` times faster than the wall clock (`speed = Infinity`: as fast as the
 * computer goes, time jumps on every sleep). Starts at `start` [ms since the epoch].
 */
export class VirtualScheduler implements Scheduler {
  private t: number;
  /** Wall-clock and virtual time when pacing started: the pace is kept on average, not per sleep. */
  private readonly wallStart = Date.now();
  private readonly virtualStart: number;
  private lastYield = 0;
  constructor(
    start = Date.now(),
    readonly speed = Infinity,
  ) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
    this.t = start;
    this.virtualStart = start;
  }
  now(): number {
    return this.t;
  }
  /** Moves time forward without waiting (tests). */
  advance(ms: number): void {
    this.t += Math.max(0, ms);
  }
  async sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
    // Timers cannot wait less than ~1 ms, so a 100 Hz loop at 1000× speed would crawl if every
    // sleep waited ms/speed: instead wait until the wall clock catches up with the virtual one, and
    // only yield to the event loop (I/O, Ctrl-C) while it is ahead.
    if (!Number.isFinite(this.speed)) {
      // As fast as possible, but yield to the event loop (sockets, Ctrl-C) once per wall millisecond:
      // yielding on every sleep costs more than the simulated work itself.
      const wall = performance.now();
      if (wall - this.lastYield >= 1) {
        this.lastYield = wall;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return;
    }
    const wait = this.wallStart + (this.t - this.virtualStart) / this.speed - Date.now();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    else await new Promise((resolve) => setImmediate(resolve));
  }
}
