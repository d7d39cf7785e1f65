/**
 * The preflight settings table: for each step, what the press will be asked for, in every unit a
 * lab reads (MPa on the pellet, kN, tonnes, the gauge in bar for a hydraulic press) and the hold.
 * The same numbers `ssbpress run` prints before it asks for confirmation.
 */
import type { Diagnostic, PreflightRow } from "./documents";
import { num } from "./format";
import { clock } from "./time-left";

export function PreflightTable({ rows }: { rows: PreflightRow[] }) {
  const gauge = rows.some((r) => r["Gauge [bar]"] !== null && r["Gauge [bar]"] !== undefined);
  return (
    <div className="table-scroll">
      <table className="preflight">
        <caption className="visually-hidden">Press settings per step</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Step
            </th>
            <th scope="col">What</th>
            <th scope="col" className="num">
              Pressure [MPa]
            </th>
            <th scope="col" className="num">
              Force [kN]
            </th>
            <th scope="col" className="num">
              Force [t]
            </th>
            {gauge && (
              <th scope="col" className="num">
                Gauge [bar]
              </th>
            )}
            <th scope="col" className="num">
              Hold
            </th>
            <th scope="col">In the die</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.Step}>
              <td className="num">{r.Step}</td>
              <td>{r.Text}</td>
              <td className="num">{num(r["Pressure [MPa]"])}</td>
              <td className="num">{num(r["Force [kN]"])}</td>
              <td className="num">{num(r["Force [t]"], 3)}</td>
              {gauge && <td className="num">{num(r["Gauge [bar]"], 4)}</td>}
              <td className="num">{r["Hold [s]"] === null ? "—" : clock(r["Hold [s]"])}</td>
              <td>{Array.isArray(r.Layers) ? r.Layers.join(" | ") : (r.Layers ?? "")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The checker's findings, each with its place in the file, and the way back to the editor. */
export function DiagnosticList({ diagnostics }: { diagnostics: Diagnostic[] }) {
  if (diagnostics.length === 0) return null;
  return (
    <ul className="run-diagnostics">
      {diagnostics.map((d, i) => (
        <li key={i} className={`banner ${d.severity === "error" ? "error" : "warning"}`}>
          <strong>{d.severity === "error" ? "Error" : "Warning"}</strong>
          {d.line !== null && (
            <>
              {" "}
              at line {d.line}
              {d.column !== null ? `, column ${d.column}` : ""}
            </>
          )}
          {d.step !== null && <> (step {d.step})</>}: {d.message} <a href="#/editor">Fix it in the editor</a>
        </li>
      ))}
    </ul>
  );
}
