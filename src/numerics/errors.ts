/**
 * Argument checking shared by the numerics modules. Every failure is an `SsbError` with code `"usage"`
 * (the caller passed something the routine cannot work with) so that the CLI and server report it the
 * same way as any other input mistake.
 */
import { SsbError } from "../core/errors.js";

/** Throws an `SsbError("usage")` naming the routine that rejected its input. */
export function usageError(where: string, message: string, hint?: string): never {
  throw new SsbError("usage", `${where}: ${message}`, hint === undefined ? {} : { hint });
}

/** Throws unless every entry of `values` is a finite number. */
export function requireFinite(where: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) usageError(where, `${name}[${i}] is ${String(v)}; expected a finite number`);
  }
}
