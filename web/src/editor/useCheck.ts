/**
 * Checks the protocol as it is typed: POST /api/check ~400 ms after the last keystroke, the
 * previous request cancelled (AbortController), so a slow answer about an older text never
 * overwrites the answer about the current one.
 */
import { useEffect, useState } from "react";
import { describeError, postJson } from "../api";
import type { CheckResult } from "./check-result";

export interface Checked {
  /** The exact text the result is about (the editor only shows marks on that text). */
  text: string;
  result: CheckResult;
}

export interface CheckState {
  checked: Checked | null;
  /** True from a change until its answer arrives. */
  pending: boolean;
  /** Why the server could not be asked (the marks of the last answer stay). */
  error: string | null;
}

export function useCheck(text: string, fileName: string, delayMs = 400): CheckState {
  const [state, setState] = useState<CheckState>({ checked: null, pending: true, error: null });
  useEffect(() => {
    // an empty editor is not a protocol with an error: there is just nothing to check yet
    if (!text.trim()) {
      setState({ checked: null, pending: false, error: null });
      return;
    }
    const abort = new AbortController();
    setState((s) => (s.pending ? s : { ...s, pending: true }));
    const timer = setTimeout(() => {
      postJson<CheckResult>("/api/check", { protocol: text, file: fileName }, abort.signal).then(
        (result) => setState({ checked: { text, result }, pending: false, error: null }),
        (e: unknown) => {
          if (!abort.signal.aborted) setState((s) => ({ ...s, pending: false, error: describeError(e) }));
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [text, fileName, delayMs]);
  return state;
}
