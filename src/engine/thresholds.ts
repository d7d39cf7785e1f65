/**
 * Every number the engine's interlocks and control decisions use, in one place, with why each has
 * the value it has. The LIMITS themselves (the force and temperature that may not be exceeded) are
 * not here: they come from the compiled protocol's `segment.limits`, the same source the checker
 * uses, so that "safe" has one definition (CONTRACTS §6). These are only the margins around them.
 *
 * Noise model assumed: a load cell with Gaussian noise of σ ≈ 0.05 % of full scale per reading (the
 * digital twin's, and typical of a strain-gauge cell with a 16-bit amplifier). Full scale is the
 * press capacity when known, otherwise the limit in force. Every threshold that compares single
 * readings either sits several σ away or is confirmed over consecutive readings, so that a 500 h
 * Operate at 10 Hz (18 million readings) is not stopped by noise.
 */
export const THRESHOLDS = {
  /** Load-cell noise, one σ, as a fraction of full scale. */
  noiseFraction: 0.0005,

  /**
   * Over-force: measured force above the limit in force by more than this fraction (CONTRACTS §6:
   * "by more than 2 %")…
   */
  overForceFraction: 0.02,
  /**
   * …or by this many noise σ where that is larger, so that a hold at exactly the limit of a small
   * force on a big press (3.9 kN on a 98 kN press: 2 % is only 1.6 σ) does not trip on noise. The
   * larger of the two margins, never their sum.
   */
  overForceNoiseSigmas: 4,
  /**
   * Readings in a row above the threshold before releasing. Two readings are 0.1 s apart at 10 Hz,
   * so the release still comes within 0.25 s of the force crossing the threshold; the chance of two
   * 4 σ noise excursions in a row is ~1e-9.
   */
  overForceConfirmReadings: 2,
  /** A reading this far above the limit (fraction) releases at once, without confirmation: no noise does that. */
  overForceGrossFraction: 0.1,
  /** After an over-force release, e-stop if the force is still above the threshold this long after [s] (§6: 1 s). */
  overForceEstopAfter: 1,

  /**
   * Fracture: a drop of the force during a hold, wait or Operate, within `fractureWindow`, by more
   * than this fraction of the target (a cracking pellet unloads in milliseconds; a slow leak of
   * 2 %/min drops 0.03 % per second and never trips it).
   */
  fractureDropFraction: 0.05,
  /** …and by at least this many noise σ of full scale (noise on a 3-reading mean, compared twice). */
  fractureNoiseSigmas: 5,
  /** Window over which the drop is measured [s]. */
  fractureWindow: 1,
  /** Readings averaged before comparing (suppresses single-reading noise). */
  smoothReadings: 3,
  /** A setpoint change larger than this fraction of the target restarts the fracture window. */
  setpointStepFraction: 0.01,

  /**
   * Extrusion: the ram moves more than this [m] within `jumpWindow` while the force is steady. Creep
   * and densification during a hold are micrometres per second at most; powder squeezing past the
   * punch moves the ram tens of micrometres at once. Not checked during ramps (loose powder
   * compacting moves the ram fast at almost constant force).
   */
  jumpDistance: 20e-6,
  /** Window of the ram-jump check [s]: one 10 Hz period, kept fixed so that 100 Hz is as sensitive. */
  jumpWindow: 0.1,
  /** "Force steady": the force changed by less than this fraction within the window… */
  jumpSteadyFraction: 0.02,
  /** …or by less than this many noise σ. */
  jumpSteadyNoiseSigmas: 4,

  /** Garbage answers (or unexpected read errors) in a row are tolerated this long [s]; link-lost is not. */
  readFailureGrace: 1,

  /** Temperature above the limit by more than this [K] (thermocouple noise and PID overshoot), … */
  temperatureMargin: 1,
  /** …in this many readings in a row, stops the run. */
  temperatureConfirmReadings: 2,
  /** A heat segment is "there" within this [K]. */
  temperatureTolerance: 2,
  /** A heat segment may take this many times its nominal duration… */
  heatTimeoutFactor: 2,
  /** …plus this [s] (platens lag), before it is a fault. */
  heatTimeoutExtra: 600,

  /** Hold tolerance: the hold timer starts when |force − target| ≤ this fraction of the target… */
  holdToleranceFraction: 0.01,
  /** …plus this [N] (the press's own "at setpoint" band, CONTRACTS §5: 1 % + 0.05 kN). */
  holdToleranceForce: 50,
  /** A ramp or hold that has not reached its target after nominal time × this… */
  reachTimeoutFactor: 2,
  /** …plus this [s] is a fault (a press that cannot build pressure: leak, empty die, stuck valve). */
  reachTimeoutExtra: 60,
  /** During a hold, a force more than this fraction below target for `lowForceNoteAfter` is noted once (leak?). */
  lowForceFraction: 0.03,
  lowForceNoteAfter: 10,

  /** Re-command the setpoint this often during holds, waits and Operate [s] (cheap; heals a press that drifted). */
  recommandEvery: 1,

  /** Position hold: the setpoint moves by at most this fraction of the target per second (slow, so a fracture still shows). */
  positionTrimRate: 0.01,
  /** Position hold gain: setpoint change per second per metre of ram error, as a fraction of the target (1 %/s per µm). */
  positionTrimGain: 0.01 / 1e-6,

  /** "Released": force below this fraction of full scale… */
  zeroForceFraction: 0.005,
  /** …or below this [N], whichever is larger. */
  zeroForceMin: 100,
  /** Waiting for a release to reach zero may take the press's release time × this… */
  releaseWaitFactor: 1.5,
  /** …plus this [s], then the engine e-stops. */
  releaseWaitExtra: 2,

  /** Operate: band detection uses the mean of this long [s]… */
  bandWindow: 0.5,
  /** …and a margin of this many σ of that mean, so noise does not flap the band events. */
  bandNoiseSigmas: 3,
  /** Full-rate samples are kept from this long before the pressure leaves the band to this long after it returns [s]. */
  excursionPadding: 5,
  /**
   * Full rate lasts at most this long after the pressure left its band [s]: enough to see how it
   * left; the per-second min/mean/max show the rest, and the record stays bounded (a 500 h Operate
   * at 10 Hz under 100 MB) even when the pressure stays out of its band for hours.
   */
  excursionFullRateMax: 60,
  /** Operate records one summary per this many seconds. */
  summaryPeriod: 1,
} as const;
