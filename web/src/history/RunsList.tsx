/**
 * The runs table of #/history: filters (status, the days they started, protocol name), a link to
 * each run's page, and the choice of two runs to overlay.
 */
import { useId, useMemo, useState } from "react";
import { filterRuns, NO_FILTER, type RunFilter } from "./filter";
import { useJson } from "./useJson";
import type { RunSummary } from "./types";
import { navigate } from "../router";
import { StatusBadge, when } from "./StatusBadge";

const STATUSES = ["running", "completed", "aborted", "interlock", "fault", "interrupted"];

export function RunsList() {
  const runs = useJson<RunSummary[]>("/api/runs");
  const [filter, setFilter] = useState<RunFilter>(NO_FILTER);
  const [picked, setPicked] = useState<string[]>([]);
  const ids = { status: useId(), from: useId(), to: useId(), name: useId() };
  const shown = useMemo(() => filterRuns(runs.data ?? [], filter), [runs.data, filter]);
  const set = (k: keyof RunFilter) => (e: { target: { value: string } }) =>
    setFilter({ ...filter, [k]: e.target.value });
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));

  return (
    <>
      <h1>History</h1>
      <form
        className="filters row"
        role="search"
        aria-label="Filter runs"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={filter.status} onChange={set("status")}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.from}>Started from</label>
          <input id={ids.from} type="date" value={filter.from} onChange={set("from")} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>Started to</label>
          <input id={ids.to} type="date" value={filter.to} onChange={set("to")} />
        </div>
        <div className="field grow">
          <label htmlFor={ids.name}>Protocol name</label>
          <input
            id={ids.name}
            type="search"
            value={filter.name}
            onChange={set("name")}
            placeholder="e.g. NMC811"
          />
        </div>
        <div className="field">
          <button type="button" className="secondary" onClick={() => setFilter(NO_FILTER)}>
            Clear filters
          </button>
        </div>
      </form>
      <div className="row compare-bar">
        <button
          type="button"
          disabled={picked.length !== 2}
          onClick={() => navigate("history", "compare", picked[0]!, picked[1]!)}
        >
          Compare the two selected runs
        </button>
        <span className="muted" aria-live="polite">
          {picked.length === 2
            ? "2 runs selected"
            : `select ${2 - picked.length} more run${picked.length === 1 ? "" : "s"} to compare`}
        </span>
        <button type="button" className="secondary" onClick={runs.reload}>
          Refresh
        </button>
      </div>
      {runs.error ? (
        <p className="banner error" role="alert">
          The runs could not be loaded: {runs.error}
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="runs-table">
          <caption>
            {runs.loading && !runs.data
              ? "Loading runs…"
              : `${shown.length} of ${runs.data?.length ?? 0} run${(runs.data?.length ?? 0) === 1 ? "" : "s"}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Press</th>
              <th scope="col" className="num">
                Steps
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id}>
                <td>
                  <input
                    type="checkbox"
                    checked={picked.includes(r.id)}
                    onChange={() => toggle(r.id)}
                    aria-label={`Compare ${r.name} (${r.id})`}
                  />
                </td>
                <td>
                  <a href={`#/history/${encodeURIComponent(r.id)}`}>{r.name || r.id}</a>
                  <div className="muted small">{r.id}</div>
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{when(r.started)}</td>
                <td>{r.press}</td>
                <td className="num">{r.steps}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {runs.data && runs.data.length === 0 ? (
        <p>
          No runs recorded yet: <a href="#/run">run a protocol</a> and it appears here.
        </p>
      ) : null}
    </>
  );
}
