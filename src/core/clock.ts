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

/** Wall-clock time. */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * Virtual time running `speed` times faster than the wall clock (`speed = Infinity`: as fast as the
 * computer goes, time jumps on every sleep). Starts at `start` [ms since the epoch].
 */
export class VirtualScheduler implements Scheduler {
  private t: number;
  constructor(
    start = Date.now(),
    readonly speed = Infinity,
  ) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  /** Moves time forward without waiting (tests). */
  advance(ms: number): void {
    this.t += Math.max(0, ms);
  }
  async sleep(ms: number): Promise<void> {
    const step = Math.max(0, ms);
    if (Number.isFinite(this.speed)) {
      await new Promise((resolve) => setTimeout(resolve, step / this.speed));
    } else {
      // Yield to the event loop so that I/O (a Modbus socket, Ctrl-C) is still served.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.t += step;
  }
}
