/** A protocol the server refused (422): each error with its line, and the way back to the editor. */
import type { Diagnostic } from "./types";

export function DiagnosticsBanner({ message, diagnostics }: { message: string; diagnostics: Diagnostic[] }) {
  return (
    <div className="banner error" role="alert">
      <p>
        <strong>The protocol cannot be simulated:</strong> {message}
      </p>
      {diagnostics.length ? (
        <ul>
          {diagnostics.map((d, i) => (
            <li key={i}>
              {d.line ? `line ${d.line}${d.column ? `, column ${d.column}` : ""}: ` : ""}
              {d.rule ? <code>{d.rule}</code> : null}
              {d.rule ? " " : ""}
              {d.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href="#/editor">Fix it in the protocol editor</a>
      </p>
    </div>
  );
}

/** The diagnostics of a 422 answer: `{"error", "diagnostics"}`, or the CLI's nested `{"error": {…}}`. */
export function diagnosticsOf(body: unknown): Diagnostic[] {
  const b = body as { diagnostics?: unknown; error?: { diagnostics?: unknown } } | null;
  const list = Array.isArray(b?.diagnostics)
    ? b.diagnostics
    : Array.isArray(b?.error?.diagnostics)
      ? b.error.diagnostics
      : [];
  return (list as Diagnostic[]).filter((d) => d && typeof d.message === "string" && d.severity !== "warning");
}
