/**
 * Typed errors and result values. Library code never prints or exits: it returns a Result or throws an
 * SsbError whose `code` tells the caller (CLI, server) how to report it and which exit code to use.
 */

export type ErrorCode =
  | "usage"
  | "io"
  | "parse"
  | "invalid-quantity"
  | "unknown-material"
  | "unknown-unit"
  | "infeasible"
  /** A press could not be reached or failed before a run could start (exit 3, like a device fault). */
  | "device"
  | "internal";

export class SsbError extends Error {
  readonly code: ErrorCode;
  /** A sentence telling the user how to fix the problem, when we know one. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SsbError";
    this.code = code;
    this.hint = options.hint;
  }
}

export type Result<T, E = SsbError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** Unwraps a result, throwing its error: the "throwing" twin of every validating call. */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  throw result.error;
}
