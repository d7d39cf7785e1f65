/**
 * During and after a run: the live trace, the big current values, the step list with the current
 * step and its time left, events and interlocks as they happen, and the controls. Abort is always
 * enabled while the run goes on and asks nothing more: an abort must be fast, and it leads to the
 * safe release (ramp down, record). A manual press's prompts take the top of the page.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { describeError, getJson, postJson } from "../api";
import { STATUS_TEXT, type PreflightRow, type RunEvent } from "./documents";
import { fmt } from "./format";
import { LiveChart } from "./LiveChart";
import { NoticePanel, OperatorGuide } from "./OperatorGuide";
import { RunFeed, type RunSnapshot } from "./run-feed";
import { clock, HoldTracker } from "./time-left";
import { usePreflight } from "./usePreflight";

type Control = "pause" | "resume" | "abort";

export function RunConsole({ runId, onNewRun }: { runId: string; onNewRun(): void }) {
  const feed = useMemo(() => new RunFeed(runId), [runId]);
  const holds = useMemo(() => new HoldTracker(), [feed]);
  const run = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  const preflight = usePreflight(run.start?.protocol ?? "");
  const rows = preflight.rows;

  useEffect(() => {
    feed.open();
    return () => feed.close();
  }, [feed]);

  // The hold detection sees every sample; the pressure setpoint needs the die's MPa per kN.
  useEffect(() => {
    const byStep = new Map(rows.map((r) => [r.step, r]));
    feed.observeSample = (s) => holds.update(byStep.get(s.step), s);
    const r = rows.find((x) => x["Force [kN]"] && x["Pressure [MPa]"]);
    if (r) feed.trace.setMpaPerKn(r["Pressure [MPa]"]! / r["Force [kN]"]!);
    return () => {
      feed.observeSample = null;
    };
  }, [feed, holds, rows]);

  // The run's own options (its "operate for" shortens the Operate step's countdown).
  const [operateFor, setOperateFor] = useState<number | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    getJson<{ options?: Record<string, unknown> }>(`/api/runs/${encodeURIComponent(runId)}`, abort.signal)
      .then((r) => {
        const v = r.options?.["Operate for [s]"];
        if (typeof v === "number" && v > 0) setOperateFor(v);
      })
      .catch(() => undefined); // without it the countdown shows the protocol's full duration
    return () => abort.abort();
  }, [runId]);

  const [aborting, setAborting] = useState(false);
  const [controlFailure, setControlFailure] = useState<string | null>(null);
  const running = run.stop === null;

  async function control(what: Control) {
    setControlFailure(null);
    if (what === "abort") setAborting(true);
    try {
      // The buttons follow the run's own "paused"/"resumed" events, not this request.
      await postJson(`/api/runs/${encodeURIComponent(runId)}/${what}`, {});
    } catch (e) {
      setControlFailure(`${what[0]!.toUpperCase()}${what.slice(1)} failed: ${describeError(e)}`);
      if (what === "abort") setAborting(false);
    }
  }

  const current = run.currentStep;
  const currentRow = rows.find((r) => r.step === current);
  const currentProgress = run.steps.find((s) => s.step === current);
  const notice = run.notice && run.notice.step === current ? run.notice : null;
  // A hold announced by the run itself (its count-down notice) is the surest start of the hold.
  const left =
    notice?.countdown != null && notice.countdown > 0
      ? {
          seconds: Math.max(0, notice.countdown - ((run.latest?.time ?? notice.time) - notice.time)),
          phase: "holding",
        }
      : holds.timeLeft(currentRow, currentProgress, run.latest, operateFor);
  // While paused the run's timers stop: no countdown is shown rather than a wrong one.
  const leftText = run.paused || left.seconds === null ? null : clock(left.seconds);
  const stepTotal = Math.max(rows.at(-1)?.step ?? 0, run.steps.at(-1)?.step ?? 0);
  const currentText = currentProgress?.text ?? currentRow?.text ?? "";

  return (
    <div className="run-console">
      <div className="run-head">
        <p className="run-id">
          Run <strong>{runId}</strong>
          {run.start && (
            <>
              {" "}
              on <strong>{run.start.press}</strong>
            </>
          )}
        </p>
        <Connection state={run.connection} stopped={!running} />
      </div>

      <div className="visually-hidden" role="status" aria-live="polite">
        {current !== null && `Step ${current}${stepTotal ? ` of ${stepTotal}` : ""}: ${currentText}`}
        {run.prompt && `. Operator: ${run.prompt.message}`}
        {run.stop && `. Run ${run.stop.status}: ${run.stop.reason}`}
      </div>
      <div className="run-alert" role="alert" aria-live="assertive">
        {run.interlock && (
          <p className="banner error interlock">
            <strong>Interlock:</strong> {run.interlock.message}
          </p>
        )}
      </div>

      {run.stop && <StopBanner runId={runId} stop={run.stop} onNewRun={onNewRun} />}

      {running && (
        <div className="run-controls" role="group" aria-label="Run controls">
          {run.paused ? (
            <button type="button" className="secondary" onClick={() => void control("resume")}>
              Resume
            </button>
          ) : (
            <button type="button" className="secondary" onClick={() => void control("pause")}>
              Pause
            </button>
          )}
          <button type="button" className="danger run-abort" onClick={() => void control("abort")}>
            {aborting ? "Release at once" : "Abort"}
          </button>
          {aborting && (
            <p className="run-aborting" role="status">
              Aborting: the press ramps down at the protocol&apos;s release rate. Press again to release at
              once.
            </p>
          )}
          {controlFailure && (
            <p className="banner error" role="alert">
              {controlFailure}
            </p>
          )}
        </div>
      )}

      {run.prompt && running && (
        <OperatorGuide
          runId={runId}
          prompt={run.prompt}
          holdLeft={left.phase === "holding" && leftText ? leftText : null}
        />
      )}

      {run.paused && running && (
        <p className="banner warning run-paused" role="status">
          Paused: the load in force is held and the step&apos;s timers are stopped. Resume to go on, or abort.
        </p>
      )}
      {!run.prompt && notice && running && <NoticePanel notice={notice} left={leftText} />}

      <LiveValues run={run} />

      <div className="run-body">
        <div className="run-main">
          <LiveChart feed={feed} />
        </div>
        <aside className="run-side">
          <StepList rows={rows} run={run} leftText={leftText} phase={left.phase} />
        </aside>
      </div>

      <EventList events={run.events} startTime={run.start?.time ?? null} />
    </div>
  );
}

function Connection({ state, stopped }: { state: RunSnapshot["connection"]; stopped: boolean }) {
  if (stopped) return null;
  const text: Record<RunSnapshot["connection"], string> = {
    connecting: "connecting…",
    open: "live",
    reconnecting: "connection lost — reconnecting…",
    closed: "",
    failed: "the server refused the live stream: is the run id right? Reload the page to try again.",
  };
  return (
    <p className={`run-connection ${state}`} role={state === "failed" ? "alert" : undefined}>
      {text[state]}
    </p>
  );
}

function LiveValues({ run }: { run: RunSnapshot }) {
  const s = run.latest;
  const values: [string, string][] = [
    ["Force", fmt(s?.["Force [kN]"], "kN")],
    ["Pressure", fmt(s?.["Pressure [MPa]"], "MPa")],
    ["Setpoint", fmt(s?.["Force setpoint [kN]"], "kN")],
    ["Position", fmt(s?.["Position [mm]"], "mm")],
    ["Temperature", fmt(s?.["Temperature [degC]"], "°C", 3)],
    ["Test time", s ? clock(s["Test time [s]"]) : "—"],
  ];
  return (
    <dl className="run-values" aria-label="Current values">
      {values.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd data-testid={`value-${k.toLowerCase().replace(/\s+/g, "-")}`}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function StepList({
  rows,
  run,
  leftText,
  phase,
}: {
  rows: PreflightRow[];
  run: RunSnapshot;
  leftText: string | null;
  phase: string;
}) {
  // The preflight knows every planned step; the stream adds any it did not list.
  const steps = new Map<number, string>();
  for (const r of rows) steps.set(r.step, r.text);
  for (const s of run.steps) steps.set(s.step, s.text);
  const list = [...steps.entries()].sort((a, b) => a[0] - b[0]);
  return (
    <section aria-labelledby="run-steps-h">
      <h2 id="run-steps-h">Steps</h2>
      <ol className="run-steps">
        {list.map(([step, text]) => {
          const progress = run.steps.find((s) => s.step === step);
          const isCurrent = step === run.currentStep && !progress?.ended && run.stop === null;
          const state = isCurrent ? "current" : progress?.ended ? "done" : "todo";
          return (
            <li key={step} className={`run-step ${state}`} aria-current={isCurrent ? "step" : undefined}>
              <span className="run-step-n">{step}</span> <span className="run-step-text">{text}</span>
              {isCurrent && run.paused && (
                <span className="run-step-left">paused — its timers are stopped</span>
              )}
              {isCurrent && leftText && (
                <span className="run-step-left">
                  {phase === "ramping"
                    ? `ramping — the hold ends in ${leftText}`
                    : `${phase} — ${leftText} left`}
                </span>
              )}
              {state === "done" && <span className="visually-hidden"> (done)</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function EventList({ events, startTime }: { events: RunEvent[]; startTime: number | null }) {
  return (
    <section aria-labelledby="run-events-h">
      <h2 id="run-events-h">Events</h2>
      {events.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="run-events" tabIndex={0} aria-label="Events, newest first">
          {events.map((e, i) => (
            <li key={events.length - i} className={`run-event ${e.kind}`}>
              <span className="run-event-time">
                {startTime !== null ? `+${clock(Math.max(0, e.time - startTime))}` : ""}
              </span>{" "}
              <strong>{e.kind}</strong>
              {e.step !== null ? ` (step ${e.step})` : ""}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function StopBanner({
  runId,
  stop,
  onNewRun,
}: {
  runId: string;
  stop: NonNullable<RunSnapshot["stop"]>;
  onNewRun(): void;
}) {
  const tone = stop.status === "completed" ? "ok" : stop.status === "aborted" ? "warning" : "error";
  const id = encodeURIComponent(runId);
  return (
    <section className={`banner ${tone} run-stop`} aria-labelledby="run-stop-h">
      <h2 id="run-stop-h" data-status={stop.status}>
        {STATUS_TEXT[stop.status] ?? stop.status}
      </h2>
      {stop.reason && <p>{stop.reason}</p>}
      <p className="run-stop-links">
        <a href={`#/history/${id}`}>Open this run in the history</a> · Download{" "}
        <a href={`/api/runs/${id}/export?format=bdf`} download={`${runId}.bdf.csv`}>
          BDF
        </a>{" "}
        ·{" "}
        <a href={`/api/runs/${id}/export?format=csv`} download={`${runId}.csv`}>
          CSV
        </a>{" "}
        ·{" "}
        <a href={`/api/runs/${id}/export?format=json`} download={`${runId}.json`}>
          JSON
        </a>
      </p>
      <button type="button" className="secondary" onClick={onNewRun}>
        Set up a new run
      </button>
    </section>
  );
}
