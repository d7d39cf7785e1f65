/** Number formats shared by the planner's protocol text, reasons and error messages. */
import { roundSig } from "../../core/units.js";

/** Newtons in one tonne-force: presses are rated, and manual gauges read, in tonnes. */
export const NEWTONS_PER_TONNE = 9806.65;

/** A pressure [Pa] on the 5 MPa grid, rounded down (stay under a limit) or up (reach a target). */
export const round5 = (pa: number, dir: "down" | "up" = "down") =>
  dir === "down" ? Math.floor(pa / 5e6) * 5e6 : Math.ceil(pa / 5e6) * 5e6;

/** A pressure [Pa] as a number of MPa with four significant digits. */
export const MPa = (pa: number) => +(pa / 1e6).toPrecision(4);

/** A mass [kg] as the milligrams a lab weighs. */
export const fmtMass = (kg: number) => `${roundSig(kg * 1e6, 3)} mg`;
