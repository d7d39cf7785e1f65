/**
 * Turning press readings into §6 documents, and keeping long Operate steps small.
 *
 * Units: the press speaks SI (N, m, K); documents carry kN, MPa (force / die area), mm and °C, with
 * null for quantities the press does not measure. Values are rounded to well below the sensors'
 * resolution (1 mN, 0.1 kPa, 1 nm, 1 mK) so a 500 h record does not carry 17-digit noise.
 */
import type { PressSample } from "../devices/press.js";
import type { SampleDocument } from "./documents.js";
import { THRESHOLDS } from "./thresholds.js";

const ZERO_CELSIUS = 273.15;

/** Powers of ten for the rounding below, computed once (this runs for every reading). */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

function r(x: number, digits: number): number {
  const f = POW10[digits] ?? 10 ** digits;
  // + 0 turns a rounded -0 (a load cell's noise around zero) into 0: JSON and the store cannot tell them apart
  return Math.round(x * f) / f + 0;
}

export interface SampleContext {
  run: string;
  /** Unix time [s] when the run started. */
  start: number;
  /** Die area [m²]. */
  area: number;
}

/** A sample document from a reading; `setpoint` [N] is what the engine is asking for at that moment. */
export function sampleDocument(
  ctx: SampleContext,
  sample: PressSample,
  step: number,
  setpoint: number | null,
): SampleDocument {
  return {
    type: "sample",
    run: ctx.run,
    time: r(sample.time, 4),
    step,
    "Test time [s]": r(sample.time - ctx.start, 4),
    "Force setpoint [kN]": setpoint === null ? null : r(setpoint / 1000, 6),
    "Force [kN]": r(sample.force / 1000, 6),
    "Pressure [MPa]": ctx.area > 0 ? r(sample.force / ctx.area / 1e6, 4) : null,
    "Position [mm]": sample.position === null ? null : r(sample.position * 1000, 6),
    "Temperature [degC]": sample.temperature === null ? null : r(sample.temperature - ZERO_CELSIUS, 3),
  };
}

/**
 * Operate supervision's recording: one summary sample per second (force = mean over the second,
 * with "Force min [kN]" and "Force max [kN]"), and every reading at full rate from
 * `excursionPadding` before the pressure leaves its band to `excursionPadding` after it returns (for at
 * most `excursionFullRateMax` after it left: a longer excursion goes back to summaries until it ends).
 *
 * The readings before an excursion are emitted when the excursion is detected, so they come after
 * the summaries of the same seconds (which they refine): consumers order samples by time, not by
 * arrival. Summaries are emitted as soon as their second is over (not delayed by the padding), so a
 * crash loses at most one second of the record, as §7 asks.
 */
export class OperateRecorder {
  private readonly pre: SampleDocument[] = [];
  private acc: SampleDocument[] = [];
  private fullUntil = -Infinity;
  private excursion = false;
  /** Test time the current excursion began [s]. */
  private leftAt = -Infinity;
  /** Summaries and full-rate samples emitted (for tests and statistics). */
  emitted = 0;

  constructor(
    private readonly emit: (doc: SampleDocument) => void,
    /** Die area [m²], for the mean pressure. */
    private readonly area: number,
    private readonly padding: number = THRESHOLDS.excursionPadding,
    private readonly period: number = THRESHOLDS.summaryPeriod,
    private readonly fullRateMax: number = THRESHOLDS.excursionFullRateMax,
  ) {}

  /** One reading during the Operate step. */
  add(doc: SampleDocument): void {
    const t = doc["Test time [s]"];
    // A long excursion (a cell whose pressure stays out of its band for hours) is summarised again
    // after `fullRateMax`, or the record of a drifting press would grow at the full rate.
    const fullRate = this.excursion ? t - this.leftAt <= this.fullRateMax : t <= this.fullUntil;
    if (fullRate) {
      this.out(doc);
      return;
    }
    this.pre.push(doc);
    while (this.pre.length > 0 && (this.pre[0]?.["Test time [s]"] ?? t) < t - this.padding) this.pre.shift();
    // one summary per whole second of test time: a reading in a new second closes the last one
    const first = this.acc[0];
    if (first && this.bucket(t) !== this.bucket(first["Test time [s]"])) this.summarise();
    this.acc.push(doc);
  }

  private bucket(t: number): number {
    return Math.floor(t / this.period + 1e-9);
  }

  /** The pressure left its band: emit the readings kept from before, and go to full rate. */
  leave(): void {
    if (this.excursion) return;
    this.excursion = true;
    this.leftAt =
      this.pre[this.pre.length - 1]?.["Test time [s]"] ??
      this.acc[this.acc.length - 1]?.["Test time [s]"] ??
      -Infinity;
    // the partial second is in `pre` and goes out at full rate instead of as a summary
    this.acc = [];
    for (const d of this.pre) this.out(d);
    this.pre.length = 0;
  }

  /** The pressure is back in its band at test time `t` [s]: full rate for `padding` more. */
  back(t: number): void {
    if (!this.excursion) return;
    this.excursion = false;
    this.fullUntil = t + this.padding;
  }

  /** Emits what is pending (the end of the step or of the run). */
  flush(): void {
    if (this.acc.length > 0) this.summarise();
  }

  private out(doc: SampleDocument): void {
    this.emitted += 1;
    this.emit(doc);
  }

  private summarise(): void {
    const docs = this.acc;
    this.acc = [];
    const last = docs[docs.length - 1];
    if (!last) return;
    const forces = docs.map((d) => d["Force [kN]"]).filter((f): f is number => f !== null);
    if (forces.length === 0) {
      this.out(last);
      return;
    }
    const mean = forces.reduce((a, b) => a + b, 0) / forces.length;
    this.out({
      ...last,
      "Force [kN]": r(mean, 6),
      // kN / m² → MPa: × 1e3 / 1e6
      "Pressure [MPa]": this.area > 0 ? r(mean / this.area / 1000, 4) : null,
      "Force min [kN]": Math.min(...forces),
      "Force max [kN]": Math.max(...forces),
    });
  }
}
