/** GET a JSON resource for a page: the answer, a readable error, and a way to fetch it again. */
import { useCallback, useEffect, useState } from "react";
import { describeError, getJson } from "../api";

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

export function useJson<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    getJson<T>(path, ctl.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (e: unknown) => {
        if (!ctl.signal.aborted) setState((s) => ({ data: s.data, error: describeError(e), loading: false }));
      },
    );
    return () => ctl.abort();
  }, [path, tick]);
  return { ...state, reload };
}
