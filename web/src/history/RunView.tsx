/**
 * One run's page (#/history/ID): what ran where and how it ended, its trace, the statistics per
 * step, the events, the downloads, and the protocol it ran.
 */
import { useCallback, useEffect, useState } from "react";
import { describeError } from "../api";
import { useJson } from "./useJson";
import { RunPlot } from "./RunPlot";
import { StatusBadge, when } from "./StatusBadge";
import { EVENT_COLOURS } from "./trace";
import { withUnit } from "../charts/format";
import type { RunShow, StepStats } from "./types";

const n = (v: number | null | undefined, unit: string, digits = 4) => withUnit(v, unit, digits);

function StatsTable({ steps }: { steps: StepStats[] }) {
  return (
    <table className="stats-table">
      <caption>Statistics per step</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col" className="num">
            Peak force
          </th>
          <th scope="col" className="num">
            Peak pressure
          </th>
          <th scope="col" className="num">
            Hold pressure (mean ± sd)
          </th>
          <th scope="col" className="num">
            Hold force (mean ± sd)
          </th>
          <th scope="col" className="num">
            Final position
          </th>
          <th scope="col" className="num">
            Max temperature
          </th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={s.step}>
            <th scope="row">
              {s.step}. {s.text}
            </th>
            <td className="num">{n(s["Duration [s]"], "s")}</td>
            <td className="num">{n(s["Peak force [kN]"], "kN")}</td>
            <td className="num">{n(s["Peak pressure [MPa]"], "MPa")}</td>
            <td className="num">
              {s["Hold pressure mean [MPa]"] === null || s["Hold pressure mean [MPa]"] === undefined
                ? "—"
                : `${n(s["Hold pressure mean [MPa]"], "")} ± ${n(s["Hold pressure std [MPa]"], "MPa", 2)}`}
            </td>
            <td className="num">
              {s["Hold force mean [kN]"] === null || s["Hold force mean [kN]"] === undefined
                ? "—"
                : `${n(s["Hold force mean [kN]"], "")} ± ${n(s["Hold force std [kN]"], "kN", 2)}`}
            </td>
            <td className="num">{n(s["Final position [mm]"], "mm")}</td>
            <td className="num">{n(s["Max temperature [degC]"], "°C", 3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Downloads({ id }: { id: string }) {
  const base = `/api/runs/${encodeURIComponent(id)}`;
  const links = [
    { href: `${base}/export?format=csv`, file: `${id}.csv`, text: "CSV (samples)" },
    { href: `${base}/export?format=bdf`, file: `${id}.bdf.csv`, text: "BDF (Battery Data Format)" },
    { href: `${base}/export?format=json`, file: `${id}.json`, text: "JSON (documents)" },
    { href: `${base}/plot?quantity=force`, file: `${id}-force.svg`, text: "SVG plot (force)" },
    { href: `${base}/plot?quantity=pressure`, file: `${id}-pressure.svg`, text: "SVG plot (pressure)" },
  ];
  return (
    <section aria-labelledby="run-downloads">
      <h2 id="run-downloads">Downloads</h2>
      <ul className="downloads">
        {links.map((l) => (
          <li key={l.href}>
            <a className="button secondary" href={l.href} download={l.file}>
              {l.text}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The run-start document at the head of the JSON export, which holds the protocol text. The export
 * streams every sample after it, so only its first lines are read and the rest is cancelled: a
 * million-sample run costs no more than a short one.
 */
async function runStart(id: string, signal: AbortSignal): Promise<{ protocol?: string }> {
  const res = await fetch(`/api/runs/${encodeURIComponent(id)}/export?format=json`, { signal });
  if (!res.ok || !res.body) throw new Error(`the server answered ${res.status} for the run's export`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      // `{` then `"run": {…},` on the next line
      const m = /^\{\s*"run":\s*(\{.*\}),?\s*\n/.exec(text);
      if (m) return JSON.parse(m[1]!) as { protocol?: string };
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.length > 4_000_000) break;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return ((JSON.parse(text) as { run?: { protocol?: string } }).run ?? {}) as { protocol?: string };
}

/** The protocol text: from the run itself, or from the head of its JSON export when opened. */
function ProtocolText({ run }: { run: RunShow }) {
  const [text, setText] = useState<string | null>(run.protocol ?? null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open || text !== null) return;
    const ctl = new AbortController();
    runStart(run.id, ctl.signal).then(
      (d) => setText(d.protocol ?? "(the record holds no protocol text)"),
      (e: unknown) => !ctl.signal.aborted && setError(describeError(e)),
    );
    return () => ctl.abort();
  }, [open, text, run.id]);
  return (
    <details className="protocol-text" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Protocol{run.sha256 ? ` (sha256 ${run.sha256.slice(0, 12)}…)` : ""}</summary>
      {error ? (
        <p className="banner error">The protocol could not be loaded: {error}</p>
      ) : text === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <pre>{text}</pre>
      )}
    </details>
  );
}

export function RunView({ id }: { id: string }) {
  // The record without statistics comes first (steps, events, die: all the plot needs), so the
  // trace of a long run is drawn while the server still walks its samples for the statistics.
  const path = `/api/runs/${encodeURIComponent(id)}`;
  const quick = useJson<RunShow>(`${path}?statistics=false`);
  // ...and the full record once the trace is drawn: a single server walking a long run's samples
  // for the statistics would otherwise hold up the trace's own queries.
  const [traced, setTraced] = useState(false);
  const onTraced = useCallback(() => setTraced(true), []);
  const full = useJson<RunShow>(traced || quick.error ? path : null);
  const run = full.data ?? quick.data;
  const error = full.data ? null : (quick.error ?? full.error);
  const { reload: reloadQuick } = quick;
  const { reload: reloadFull } = full;
  const reload = useCallback(() => {
    reloadQuick();
    reloadFull();
  }, [reloadQuick, reloadFull]);
  // A run still going: refresh its record now and then (the run console shows it live).
  useEffect(() => {
    if (run?.status !== "running") return;
    const t = setInterval(reload, 3000);
    return () => clearInterval(t);
  }, [run?.status, reload]);

  if (error && !run)
    return (
      <>
        <h1>Run {id}</h1>
        <p className="banner error" role="alert">
          {error}
        </p>
        <p>
          <a href="#/history">Back to all runs</a>
        </p>
      </>
    );
  if (!run) return <p className="muted">Loading run {id}…</p>;
  return (
    <>
      <p>
        <a href="#/history">← All runs</a>
      </p>
      <h1>{run.name || run.id}</h1>
      <dl className="run-header">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={run.status} />
            {run.reason ? ` — ${run.reason}` : ""}
          </dd>
        </div>
        <div>
          <dt>Run id</dt>
          <dd>
            <code>{run.id}</code>
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{when(run.started)}</dd>
        </div>
        <div>
          <dt>Stopped</dt>
          <dd>{when(run.stopped)}</dd>
        </div>
        <div>
          <dt>Press</dt>
          <dd>{run.press}</dd>
        </div>
        <div>
          <dt>Operator</dt>
          <dd>{run.operator || "—"}</dd>
        </div>
        <div>
          <dt>Samples</dt>
          <dd>{run.samples ?? "—"}</dd>
        </div>
        <div>
          <dt>Protocol sha256</dt>
          <dd>
            <code className="sha">{run.sha256 ?? "—"}</code>
          </dd>
        </div>
      </dl>
      <RunPlot run={run} onLoaded={onTraced} />
      <section aria-labelledby="run-stats">
        <h2 id="run-stats">Steps</h2>
        <div className="table-scroll">
          {full.data ? (
            <StatsTable steps={full.data.steps} />
          ) : full.error ? (
            <p className="banner error" role="alert">
              {full.error}
            </p>
          ) : (
            <p className="muted">Computing the statistics per step…</p>
          )}
        </div>
      </section>
      <section aria-labelledby="run-events">
        <h2 id="run-events">Events ({run.events.length})</h2>
        <ol className="events">
          {run.events.map((e, i) => (
            <li key={i} className={`event event-${e.kind}`}>
              <span className="event-time">{n(e["Test time [s]"], "s", 5)}</span>{" "}
              <span className="event-kind" style={{ borderColor: EVENT_COLOURS[e.kind] ?? "#4a4f57" }}>
                {e.kind}
              </span>{" "}
              {e.step ? <span className="muted">step {e.step}: </span> : null}
              {e.message}
            </li>
          ))}
        </ol>
      </section>
      <Downloads id={run.id} />
      <ProtocolText run={run} />
    </>
  );
}
