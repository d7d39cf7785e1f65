/**
 * Before a run: which protocol, which press, how long to operate, who runs it; the preflight
 * settings table and the checker's findings. Starting is deliberate: the Start button asks once
 * more, naming the press, and only that second answer sends `POST /api/runs` — which is the
 * preflight's confirmation (CONTRACTS §8). A protocol with errors cannot be started.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, describeError, getJson, postJson } from "../api";
import { useProtocol } from "../protocol-state";
import { readDiagnostics, type Diagnostic } from "./documents";
import { DiagnosticList, PreflightTable } from "./PreflightTable";
import { usePreflight } from "./usePreflight";

type PressKind = "sim" | "manual" | "modbus";

interface RunRequest {
  protocol: string;
  press: string;
  speed?: number;
  operate_for?: string;
  operator?: string;
  yes?: boolean;
  fault?: string;
}

const MODBUS = /^modbus-tcp:\/\/[^\s/:]+:\d{1,5}$/;

function pressName(kind: PressKind, speed: number, url: string): string {
  if (kind === "sim")
    return speed === 1 ? "the digital twin (real time)" : `the digital twin at ${speed}× speed`;
  if (kind === "manual") return "the manual press (you operate it, this page guides you)";
  return `the Modbus press at ${url}`;
}

interface RunSummary {
  id: string;
  status: string;
  name?: string;
  press?: string;
}

export function RunSetup({ onStarted }: { onStarted(id: string): void }) {
  const { text, fileName } = useProtocol();
  const preflight = usePreflight(text);
  const [kind, setKind] = useState<PressKind>("sim");
  const [speed, setSpeed] = useState("60");
  const [url, setUrl] = useState("modbus-tcp://");
  const [operateFor, setOperateFor] = useState("");
  const [operator, setOperator] = useState("");
  const [yes, setYes] = useState(false);
  const [fault, setFault] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [refused, setRefused] = useState<Diagnostic[]>([]);
  const [running, setRunning] = useState<RunSummary[]>([]);
  const confirmButton = useRef<HTMLButtonElement>(null);

  // A run already going on (started from another tab, or before a reload) is offered first;
  // asked again after a 409 (busy press), so that its console is one click away.
  const [listVersion, setListVersion] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    getJson<unknown>("/api/runs", abort.signal)
      .then((list) => {
        if (Array.isArray(list))
          setRunning(
            (list as RunSummary[]).filter((r) => r && r.status === "running" && typeof r.id === "string"),
          );
      })
      .catch(() => undefined); // the list is a convenience; the setup works without it
    return () => abort.abort();
  }, [listVersion]);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const speedValue = Number(speed);
  const speedProblem =
    kind === "sim" && !(Number.isFinite(speedValue) && speedValue >= 1 && speedValue <= 10000)
      ? "Speed must be a number from 1 (real time) to 10000."
      : null;
  const urlProblem =
    kind === "modbus" && !MODBUS.test(url.trim())
      ? "Type the press's address as modbus-tcp://HOST:PORT, e.g. modbus-tcp://192.168.1.20:502."
      : null;
  const blocked =
    text.trim() === "" ||
    preflight.loading ||
    preflight.errors > 0 ||
    preflight.failure !== null ||
    speedProblem !== null ||
    urlProblem !== null;
  const press = kind === "sim" ? "sim" : kind === "manual" ? "manual" : url.trim();
  const named = pressName(kind, speedValue, url.trim());

  // Any change to what would be started withdraws a pending confirmation.
  useEffect(() => setConfirming(false), [text, kind, speed, url, operateFor, operator, yes, fault]);

  async function start() {
    setBusy(true);
    setFailure(null);
    setRefused([]);
    const body: RunRequest = { protocol: text, press };
    if (kind === "sim") body.speed = speedValue;
    if (operateFor.trim()) body.operate_for = operateFor.trim();
    if (operator.trim()) body.operator = operator.trim();
    if (kind !== "manual" && yes) body.yes = true;
    if (kind === "sim" && fault.trim()) body.fault = fault.trim();
    try {
      const answer = await postJson<{ id?: unknown }>("/api/runs", body);
      if (typeof answer.id !== "string") throw new Error("the server started a run but sent no run id");
      onStarted(answer.id);
    } catch (e) {
      setConfirming(false);
      if (e instanceof ApiError && e.status === 409) {
        setFailure(
          `The press is busy: ${e.message}. Wait for its run to end, or open its console (top of the page).`,
        );
        setListVersion((v) => v + 1);
      } else if (e instanceof ApiError && e.status === 422) {
        setRefused(readDiagnostics(e.body));
        setFailure(`The run was refused: ${e.message}`);
      } else setFailure(`The run could not be started: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!blocked) setConfirming(true);
  }

  const warnings = preflight.diagnostics.filter((d) => d.severity !== "error").length;

  return (
    <div className="run-setup">
      {running.length > 0 && (
        <div className="banner warning" role="status">
          {running.map((r) => (
            <p key={r.id}>
              Run {r.id} {r.name ? `(${r.name}) ` : ""}is running{r.press ? ` on ${r.press}` : ""}.{" "}
              <a href={`#/run/${encodeURIComponent(r.id)}`}>Open its console</a>
            </p>
          ))}
        </div>
      )}

      <section aria-labelledby="run-protocol-h">
        <h2 id="run-protocol-h">Protocol</h2>
        {text.trim() === "" ? (
          <p className="banner warning">
            No protocol yet. <a href="#/editor">Open the editor</a> to write one or load an example.
          </p>
        ) : (
          <p>
            <strong>{fileName}</strong> — <a href="#/editor">edit in the editor</a>
          </p>
        )}
      </section>

      <form onSubmit={onSubmit} className="run-form" aria-labelledby="run-press-h">
        <h2 id="run-press-h">Press</h2>
        <fieldset>
          <legend>Which press runs the protocol</legend>
          <div className="run-press-choice">
            <label>
              <input type="radio" name="press" checked={kind === "sim"} onChange={() => setKind("sim")} />{" "}
              Digital twin (simulated press)
            </label>
            {kind === "sim" && (
              <label className="run-inline">
                Speed (× real time){" "}
                <input
                  type="number"
                  min={1}
                  max={10000}
                  step="any"
                  value={speed}
                  onChange={(e) => setSpeed(e.target.value)}
                  aria-invalid={speedProblem !== null}
                  aria-describedby={speedProblem ? "run-speed-problem" : undefined}
                />
              </label>
            )}
            {kind === "sim" && (
              <label className="run-inline">
                Inject a fault (optional, to rehearse an interlock){" "}
                <input
                  type="text"
                  value={fault}
                  onChange={(e) => setFault(e.target.value)}
                  placeholder="e.g. fracture@step4+10s"
                  spellCheck={false}
                />
              </label>
            )}
            {speedProblem && (
              <p id="run-speed-problem" className="banner error">
                {speedProblem}
              </p>
            )}
            <label>
              <input
                type="radio"
                name="press"
                checked={kind === "manual"}
                onChange={() => setKind("manual")}
              />{" "}
              Manual press (this page guides the operator)
            </label>
            <label>
              <input
                type="radio"
                name="press"
                checked={kind === "modbus"}
                onChange={() => setKind("modbus")}
              />{" "}
              Press on Modbus TCP
            </label>
            {kind === "modbus" && (
              <label className="run-inline">
                Modbus TCP address{" "}
                <input
                  type="text"
                  value={url}
                  onChange={(e) => setUrl(e.target.value)}
                  placeholder="modbus-tcp://192.168.1.20:502"
                  spellCheck={false}
                  aria-invalid={urlProblem !== null}
                  aria-describedby={urlProblem ? "run-url-problem" : undefined}
                />
              </label>
            )}
            {urlProblem && (
              <p id="run-url-problem" className="banner error">
                {urlProblem}
              </p>
            )}
          </div>
        </fieldset>

        <div className="run-fields">
          <label>
            Operate for (optional){" "}
            <input
              type="text"
              value={operateFor}
              onChange={(e) => setOperateFor(e.target.value)}
              placeholder="e.g. 10 min"
              aria-describedby="run-operate-help"
            />
          </label>
          <span id="run-operate-help" className="muted">
            Shortens an Operate step (a duration with its unit).
          </span>
          <label>
            Operator name (optional){" "}
            <input
              type="text"
              value={operator}
              onChange={(e) => setOperator(e.target.value)}
              autoComplete="name"
            />
          </label>
          {kind !== "manual" && (
            <label className="run-check">
              <input type="checkbox" checked={yes} onChange={(e) => setYes(e.target.checked)} /> Answer
              Add/Ask prompts automatically (the layers are placed without asking; recorded in the run)
            </label>
          )}
        </div>

        <h2 id="run-preflight-h">Preflight: what the press will be asked for</h2>
        {preflight.loading && <p role="status">Checking the protocol…</p>}
        {preflight.failure && <p className="banner error">{preflight.failure}</p>}
        <DiagnosticList diagnostics={preflight.diagnostics} />
        {preflight.errors > 0 && (
          <p className="banner error" role="alert">
            The protocol has {preflight.errors} error{preflight.errors > 1 ? "s" : ""}: it cannot be run.{" "}
            <a href="#/editor">Fix it in the editor</a>.
          </p>
        )}
        {!preflight.loading && preflight.errors === 0 && warnings > 0 && (
          <p className="muted">
            {warnings} warning{warnings > 1 ? "s" : ""}: the run is allowed; read{" "}
            {warnings > 1 ? "them" : "it"} first.
          </p>
        )}
        {preflight.rows.length > 0 && <PreflightTable rows={preflight.rows} />}

        {failure && (
          <p className="banner error" role="alert">
            {failure}
          </p>
        )}
        <DiagnosticList diagnostics={refused} />

        <div className="run-start">
          {!confirming ? (
            <button type="submit" disabled={blocked || busy}>
              Start run…
            </button>
          ) : (
            <div className="run-confirm" role="group" aria-label="Confirm the start">
              <p>
                Start <strong>{fileName}</strong> on <strong>{named}</strong>?
              </p>
              <button type="button" ref={confirmButton} onClick={() => void start()} disabled={busy}>
                Yes, start on{" "}
                {kind === "sim" ? "the digital twin" : kind === "manual" ? "the manual press" : url.trim()}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => setConfirming(false)}
                disabled={busy}
              >
                Cancel
              </button>
            </div>
          )}
        </div>
      </form>
    </div>
  );
}
