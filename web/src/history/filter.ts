/** Which runs the history table shows: by status, by the day they started, by protocol name. */
import type { RunSummary } from "./types";

export interface RunFilter {
  /** "" = any status. */
  status: string;
  /** yyyy-mm-dd (an <input type="date"> value), inclusive; "" = open. */
  from: string;
  to: string;
  /** Part of the protocol's name, any case; "" = any. */
  name: string;
}

export const NO_FILTER: RunFilter = { status: "", from: "", to: "", name: "" };

/** The local calendar day of an ISO time, as yyyy-mm-dd (the lab thinks in its own days). */
function localDay(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function filterRuns(runs: readonly RunSummary[], f: RunFilter): RunSummary[] {
  const name = f.name.trim().toLowerCase();
  return runs.filter((r) => {
    if (f.status && r.status !== f.status) return false;
    const day = localDay(r.started);
    if (f.from && day < f.from) return false;
    if (f.to && day > f.to) return false;
    if (name && !(r.name ?? "").toLowerCase().includes(name) && !r.id.toLowerCase().includes(name))
      return false;
    return true;
  });
}
