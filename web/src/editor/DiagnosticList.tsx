/**
 * The checker's verdict under the editor: the counts (announced to screen readers as they change)
 * and every diagnostic as a button that puts the cursor on its line.
 */
import { countText, type CheckResult } from "./check-result";

interface Props {
  result: CheckResult | null;
  /** The answer is about an older text (a newer check is on its way). */
  stale: boolean;
  error: string | null;
  onJump(line: number, column: number): void;
  summaryId: string;
}

export function DiagnosticList({ result, stale, error, onJump, summaryId }: Props) {
  const verdict = !result
    ? stale
      ? "Checking…"
      : "Nothing to check yet"
    : `${countText(result)}: ${
        result.errors > 0
          ? "not safe to run"
          : result.warnings > 0
            ? "can run, read the warnings"
            : "ready to simulate or run"
      }`;
  const tone = !result ? "" : result.errors > 0 ? "error" : result.warnings > 0 ? "warning" : "ok";
  return (
    <section className="diagnostics" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title" className="visually-hidden">
        Diagnostics
      </h2>
      <div className={`banner ${tone} diag-summary`}>
        <span id={summaryId} role="status" aria-live="polite">
          {verdict}
        </span>
        {stale && result ? <span className="muted"> (checking your latest edit…)</span> : null}
      </div>
      {error ? (
        <p className="banner error" role="alert">
          Could not check the protocol: {error}
        </p>
      ) : null}
      {result && result.diagnostics.length > 0 ? (
        <ul className="diag-list">
          {result.diagnostics.map((d, i) => (
            <li key={i} className={`diag-item diag-${d.severity}`}>
              <button type="button" className="diag-jump" onClick={() => onJump(d.line, d.column)}>
                <span className="diag-where">
                  <span className={`diag-sev sev-${d.severity}`}>{d.severity}</span> line {d.line}, column{" "}
                  {d.column}
                  {d.step ? `, step ${d.step}` : ""}
                </span>
                <span className="diag-rule">{d.rule}</span>
              </button>
              <p className="diag-message">{d.message}</p>
              {d.hint ? <p className="diag-hint">Hint: {d.hint}</p> : null}
              {d.citations?.length ? (
                <p className="diag-cite muted">Sources: {d.citations.join(", ")}</p>
              ) : null}
            </li>
          ))}
          {result.omitted ? <li className="muted">… and {result.omitted} more</li> : null}
        </ul>
      ) : null}
    </section>
  );
}
