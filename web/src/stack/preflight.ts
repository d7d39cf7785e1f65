/**
 * POST /api/preflight: for each step, what the press is asked for and which layers are in the
 * die. The stack drawing shows it; it is asked only for a protocol the checker passed (the server
 * answers 422 otherwise), and the last good answer stays on screen, greyed, while there are errors.
 */
import { useEffect, useState } from "react";
import { ApiError, describeError, postJson } from "../api";

interface StackLayer {
  id: string;
  material: string | null;
  class: string | null;
}

/** One step of the preflight, read from the server's keys (units in the keys, as the CLI's --json). */
export interface PreflightStep {
  step: number;
  kind: string;
  text: string;
  /** Only for steps that load the die (press, operate). */
  pressureMPa: number | null;
  forceKN: number | null;
  forceTf: number | null;
  gaugeBar: number | null;
  holdS: number | null;
  durationS: number | null;
  /** The layers in the die after the step, bottom to top. */
  layers: StackLayer[];
}

interface Preflight {
  name: string | null;
  steps: PreflightStep[];
}

const numOr = (...vs: unknown[]): number | null => {
  for (const v of vs) if (typeof v === "number" && Number.isFinite(v)) return v;
  return null;
};
const strOr = (...vs: unknown[]): string | null => {
  for (const v of vs) if (typeof v === "string") return v;
  return null;
};

function toLayer(raw: unknown): StackLayer | null {
  if (typeof raw === "string") return { id: raw, material: null, class: null };
  const o = raw as Record<string, unknown> | null;
  const id = strOr(o?.id);
  return id === null ? null : { id, material: strOr(o?.material), class: strOr(o?.class) };
}

/** POST /api/preflight's answer as steps ({"steps": [...]}; a bare array is taken too). */
function toPreflight(raw: unknown): Preflight {
  const o = (raw ?? {}) as Record<string, unknown>;
  const list: unknown[] = Array.isArray(raw) ? raw : Array.isArray(o.steps) ? o.steps : [];
  const steps: PreflightStep[] = [];
  for (const item of list) {
    const s = item as Record<string, unknown> | null;
    if (!s || typeof s !== "object") continue;
    const layersRaw = Array.isArray(s.layers) ? s.layers : Array.isArray(s.stack) ? s.stack : [];
    steps.push({
      step: numOr(s.step) ?? steps.length + 1,
      kind: strOr(s.kind) ?? "",
      text: strOr(s.text) ?? "",
      pressureMPa: numOr(s["Pressure [MPa]"]),
      forceKN: numOr(s["Force [kN]"]),
      forceTf: numOr(s["Force [tf]"]),
      gaugeBar: numOr(s["Gauge pressure [bar]"]),
      holdS: numOr(s["Hold [s]"]),
      durationS: numOr(s["Duration [s]"]),
      layers: layersRaw.map(toLayer).filter((l): l is StackLayer => l !== null),
    });
  }
  return { name: strOr(o.name), steps };
}

export interface PreflightState {
  /** The last protocol that could be drawn, with the text it is about. */
  good: { text: string; preflight: Preflight } | null;
  /** The current text has errors (or the server refused it): the drawing is of an older text. */
  stale: boolean;
  error: string | null;
}

/**
 * `checkedText` is the text the checker last answered about and `errors` its error count: only a
 * checked, error-free text is sent.
 */
export function usePreflight(checkedText: string | null, errors: number): PreflightState {
  const [state, setState] = useState<PreflightState>({ good: null, stale: false, error: null });
  useEffect(() => {
    if (checkedText === null) return;
    if (!checkedText.trim()) {
      // an emptied editor: nothing is drawn (the old drawing would be of a protocol that is gone)
      setState({ good: null, stale: false, error: null });
      return;
    }
    if (errors > 0) {
      setState((s) => ({ ...s, stale: true, error: null }));
      return;
    }
    const abort = new AbortController();
    postJson<unknown>("/api/preflight", { protocol: checkedText }, abort.signal).then(
      (raw) =>
        setState({ good: { text: checkedText, preflight: toPreflight(raw) }, stale: false, error: null }),
      (e: unknown) => {
        if (abort.signal.aborted) return;
        const refused = e instanceof ApiError && e.status === 422;
        setState((s) => ({ ...s, stale: true, error: refused ? null : describeError(e) }));
      },
    );
    return () => abort.abort();
  }, [checkedText, errors]);
  return state;
}
