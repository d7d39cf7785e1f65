/**
 * The preflight of a protocol, as the server computes it: the checker's diagnostics
 * (`POST /api/check`, warnings included) and what each step asks of the press
 * (`POST /api/preflight`: MPa, kN, t, gauge, hold per step; 422 with the diagnostics when the
 * protocol has errors). Both are asked again whenever the protocol text changes.
 */
import { useEffect, useState } from "react";
import { ApiError, describeError, postJson } from "../api";
import { readDiagnostics, readPreflight, type Diagnostic, type PreflightRow } from "./documents";

export interface Preflight {
  loading: boolean;
  rows: PreflightRow[];
  diagnostics: Diagnostic[];
  errors: number;
  /** A failure to ask (server down, bad request), as a sentence; null when the answers came. */
  failure: string | null;
}

const EMPTY: Preflight = { loading: false, rows: [], diagnostics: [], errors: 0, failure: null };

export function usePreflight(protocol: string): Preflight {
  const [state, setState] = useState<Preflight>({ ...EMPTY, loading: protocol.trim() !== "" });

  useEffect(() => {
    if (protocol.trim() === "") {
      setState(EMPTY);
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    (async () => {
      const next: Preflight = { ...EMPTY };
      try {
        next.diagnostics = readDiagnostics(await postJson("/api/check", { protocol }, abort.signal));
      } catch (e) {
        if (abort.signal.aborted) return;
        next.failure = `The protocol could not be checked: ${describeError(e)}`;
      }
      try {
        next.rows = readPreflight(await postJson("/api/preflight", { protocol }, abort.signal));
      } catch (e) {
        if (abort.signal.aborted) return;
        if (e instanceof ApiError && e.status === 422) {
          // The diagnostics of a refused preflight are the errors; keep check's list if it has them.
          const refused = readDiagnostics(e.body);
          if (!next.diagnostics.some((d) => d.severity === "error")) next.diagnostics = refused;
          if (!next.diagnostics.some((d) => d.severity === "error"))
            next.diagnostics = [
              ...next.diagnostics,
              {
                rule: "preflight",
                severity: "error",
                message: e.message,
                line: null,
                column: null,
                step: null,
              },
            ];
        } else {
          next.failure ??= `The press settings could not be computed: ${describeError(e)}`;
        }
      }
      next.errors = next.diagnostics.filter((d) => d.severity === "error").length;
      if (!abort.signal.aborted) setState(next);
    })();
    return () => abort.abort();
  }, [protocol]);

  return state;
}
