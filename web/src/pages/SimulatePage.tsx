/**
 * Simulate: the protocol of the editor through the physics models (POST /api/simulate, the same
 * answer as `simulate --json`): the pressure programme with each layer's density, the risks per
 * step with their Monte Carlo bands, the stack pressure during cycling, the predicted state per
 * layer, and what the numbers rest on.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ApiError, describeError, postJson } from "../api";
import { useProtocol } from "../protocol-state";
import { ProgrammeChart } from "../simulate/ProgrammeChart";
import { OperationChart } from "../simulate/OperationChart";
import { RiskTable } from "../simulate/RiskTable";
import { StateTable } from "../simulate/StateTable";
import { References } from "../simulate/References";
import { DiagnosticsBanner, diagnosticsOf } from "../simulate/DiagnosticsBanner";
import { percent, withUnit } from "../charts/format";
import type { Diagnostic, SimulationResult } from "../simulate/types";

/** The server's cap per request (the CLI allows more, on the user's own machine). */
const MAX_SAMPLES = 5_000;

type Failure = { message: string; diagnostics: Diagnostic[] };

/** A whole number from a text field, or an explanation of what is wrong with it. */
function wholeNumber(text: string, what: string, min: number, max: number): number | string {
  const t = text.trim();
  if (!/^[+-]?\d{1,16}$/.test(t))
    return `${what} must be a whole number, e.g. ${min === 0 ? 200 : 1}; got "${text.slice(0, 40)}"`;
  const v = Number(t);
  if (v < min || v > max) return `${what} must be from ${min} to ${max}; got ${v}`;
  return v;
}

function ShortSummary({ sim }: { sim: SimulationResult }) {
  const s = sim["Predicted short"];
  if (!s) return <p className="banner ok">No short circuit predicted (median parameters).</p>;
  return (
    <p className="banner warning">
      <strong>Short circuit predicted</strong> in step {s.Step} ({s.Phase}
      {s["Operation time [h]"] !== undefined
        ? `, after ${withUnit(s["Operation time [h]"], "h", 3)} of cycling`
        : ""}
      {s["Assembly time [min]"] !== undefined
        ? `, ${withUnit(s["Assembly time [min]"], "min", 3)} into the assembly`
        : ""}
      ).{" "}
      {sim.operation?.["Short-circuit probability [-]"] !== undefined
        ? `Probability of a short during cycling: ${percent(sim.operation["Short-circuit probability [-]"])}.`
        : ""}
    </p>
  );
}

export function SimulatePage() {
  const { text, fileName } = useProtocol();
  const samplesId = useId();
  const seedId = useId();
  const [samples, setSamples] = useState("0");
  const [seed, setSeed] = useState("1");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SimulationResult | null>(null);
  /** The protocol text the shown result was simulated from. */
  const [simulated, setSimulated] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const pending = useRef<AbortController | null>(null);

  useEffect(() => () => pending.current?.abort(), []);

  async function simulate(e: FormEvent) {
    e.preventDefault();
    const n = wholeNumber(samples, "Monte Carlo samples", 0, MAX_SAMPLES);
    const s = wholeNumber(seed, "Seed", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    if (typeof n === "string" || typeof s === "string") {
      setInputError(typeof n === "string" ? n : (s as string));
      return;
    }
    setInputError(null);
    pending.current?.abort();
    const ctl = new AbortController();
    pending.current = ctl;
    setBusy(true);
    setFailure(null);
    try {
      // series: the timeline through every ramp and hold, and the stack pressure while cycling
      const body: Record<string, unknown> = { protocol: text, file: fileName, seed: s, series: true };
      if (n > 0) body.samples = n;
      const sim = await postJson<SimulationResult>("/api/simulate", body, ctl.signal);
      if (!Array.isArray(sim?.steps))
        throw new Error("the server's answer has no steps: is it an ssbpress server?");
      setResult(sim);
      setSimulated(text);
    } catch (err) {
      // cancelled by the user (Cancel, or a newer request): nothing to report
      if (ctl.signal.aborted) return;
      setFailure({
        message: describeError(err),
        diagnostics: err instanceof ApiError ? diagnosticsOf(err.body) : [],
      });
    } finally {
      if (pending.current === ctl) {
        pending.current = null;
        setBusy(false);
      }
    }
  }

  const empty = text.trim() === "";
  return (
    <div className="simulate-page">
      <h1>Simulate</h1>
      <form className="row sim-form" onSubmit={simulate} aria-describedby="sim-what">
        <p id="sim-what" className="grow">
          {empty ? (
            <>
              No protocol yet: <a href="#/editor">open or write one in the editor</a>.
            </>
          ) : (
            <>
              Protocol: <strong>{fileName}</strong>
            </>
          )}
        </p>
        <div className="field">
          <label htmlFor={samplesId}>Monte Carlo samples</label>
          <input
            id={samplesId}
            inputMode="numeric"
            value={samples}
            onChange={(e) => setSamples(e.target.value)}
            aria-describedby={`${samplesId}-hint`}
            size={8}
          />
          <small id={`${samplesId}-hint`} className="muted">
            0 = nominal only; 200 gives 5–95 % bands
          </small>
        </div>
        <div className="field">
          <label htmlFor={seedId}>Seed</label>
          <input
            id={seedId}
            inputMode="numeric"
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
            size={6}
          />
        </div>
        <button type="submit" disabled={busy || empty}>
          {busy ? "Simulating…" : "Simulate"}
        </button>
        {busy ? (
          <button type="button" className="secondary" onClick={() => pending.current?.abort()}>
            Cancel
          </button>
        ) : null}
      </form>
      <div aria-live="polite" className="status-line">
        {busy ? <p className="muted">simulating…</p> : null}
      </div>
      {inputError ? (
        <p className="banner error" role="alert">
          {inputError}
        </p>
      ) : null}
      {failure ? <DiagnosticsBanner message={failure.message} diagnostics={failure.diagnostics} /> : null}
      {result ? (
        <div className={busy ? "sim-busy" : undefined}>
          {simulated !== text ? (
            <p className="banner warning">
              The protocol has changed since this simulation: press Simulate to see the new one.
            </p>
          ) : null}
          <ShortSummary sim={result} />
          <section aria-labelledby="sim-programme">
            <h2 id="sim-programme">Pressure programme</h2>
            <ProgrammeChart sim={result} />
          </section>
          <section aria-labelledby="sim-risks">
            <h2 id="sim-risks">Risks per step</h2>
            <div className="table-scroll">
              <RiskTable sim={result} />
            </div>
          </section>
          {result.operation ? (
            <section aria-labelledby="sim-operation">
              <h2 id="sim-operation">Cycling</h2>
              <OperationChart op={result.operation} />
            </section>
          ) : null}
          <section aria-labelledby="sim-state">
            <h2 id="sim-state">Predicted state</h2>
            <div className="table-scroll">
              <StateTable sim={result} />
            </div>
          </section>
          <References sim={result} />
        </div>
      ) : null}
    </div>
  );
}
