/**
 * Event detection and location for the integrators. Internal to numerics.
 *
 * After each accepted step the event functions are evaluated at the new point; a sign change (filtered
 * by direction) marks a crossing inside the step, which is then located by Brent's method on g(t, y(t))
 * with y(t) from the step's dense output (the approach of Hairer, Nørsett & Wanner I §II.6, "event
 * location", and of MATLAB's odeset Events).
 */
import type { OdeEvent, OdeEventRecord } from "./ode-types.js";
import { brent } from "./roots.js";

export interface EventCheck {
  /** Events inside the step, in the order they occur, ending with the first terminal one if any. */
  records: OdeEventRecord[];
  /** Set when a terminal event ends the integration at records[records.length − 1]. */
  terminal: boolean;
}

export class EventTracker {
  private readonly gOld: Float64Array;
  private readonly gNew: Float64Array;

  constructor(private readonly events: OdeEvent[]) {
    this.gOld = new Float64Array(events.length);
    this.gNew = new Float64Array(events.length);
  }

  get active(): boolean {
    return this.events.length > 0;
  }

  /** Evaluates every event function at the start point. */
  init(t0: number, y0: number[]): void {
    for (let i = 0; i < this.events.length; i++) this.gOld[i] = (this.events[i] as OdeEvent).fn(t0, y0);
  }

  /**
   * Checks the step from tOld to tNew (end state yNew). `dense(t)` must return y(t) inside the step.
   * Returns null when nothing happened (the common case, no allocation).
   */
  check(tOld: number, tNew: number, yNew: number[], dense: (t: number) => number[]): EventCheck | null {
    const evs = this.events;
    let found: { index: number; t: number }[] | null = null;
    for (let i = 0; i < evs.length; i++) {
      const ev = evs[i] as OdeEvent;
      const g0 = this.gOld[i] as number;
      const g1 = ev.fn(tNew, yNew);
      this.gNew[i] = g1;
      const up = g0 < 0 && g1 >= 0;
      const down = g0 > 0 && g1 <= 0;
      const dirWanted = ev.direction ?? 0;
      if (!((up && dirWanted >= 0) || (down && dirWanted <= 0))) continue;
      let tRoot: number;
      if (g1 === 0) {
        tRoot = tNew;
      } else {
        const g = (t: number): number => (t === tOld ? g0 : t === tNew ? g1 : ev.fn(t, dense(t)));
        tRoot = brent(g, tOld, tNew, { xtol: 1e-13 * Math.abs(tNew - tOld), maxIter: 200 });
      }
      (found ??= []).push({ index: i, t: tRoot });
    }
    this.gOld.set(this.gNew);
    if (found === null) return null;
    const sign = tNew >= tOld ? 1 : -1;
    found.sort((a, b) => sign * (a.t - b.t) || a.index - b.index);
    const records: OdeEventRecord[] = [];
    let terminal = false;
    let tStop = NaN;
    for (const f of found) {
      if (terminal && f.t !== tStop) break;
      records.push({ index: f.index, t: f.t, y: f.t === tNew ? yNew.slice() : dense(f.t) });
      if (!terminal && (evs[f.index] as OdeEvent).terminal === true) {
        terminal = true;
        tStop = f.t;
      }
    }
    return { records, terminal };
  }
}
