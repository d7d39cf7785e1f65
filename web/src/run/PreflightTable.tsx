/**
 * The preflight settings table: for each step, what the press will be asked for, in every unit a
 * lab reads (MPa on the pellet, kN, tonnes, the gauge in bar for a hydraulic press) and the hold.
 * The same numbers `ssbpress run` prints before it asks for confirmation.
 */
import type { Diagnostic, PreflightRow } from "./documents";
import { num } from "./format";
import { clock } from "./time-left";

export function PreflightTable({ rows }: { rows: PreflightRow[] }) {
  const gauge = rows.some((r) => r["Gauge pressure [bar]"] !== null);
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
              Hold or duration
            </th>
            <th scope="col">In the die (bottom to top)</th>
            <th scope="col" className="num">
              Limit [MPa]
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.step}>
              <td className="num">{r.step}</td>
              <td>{r.text}</td>
              <td className="num">{num(r["Pressure [MPa]"])}</td>
              <td className="num">{num(r["Force [kN]"])}</td>
              <td className="num">{num(r["Force [tf]"], 3)}</td>
              {gauge && <td className="num">{num(r["Gauge pressure [bar]"])}</td>}
              <td className="num">{duration(r)}</td>
              <td>{r.stack.join(" | ")}</td>
              <td className="num">{num(r["Pressure limit [MPa]"])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function duration(r: PreflightRow): string {
  const s = r["Hold [s]"] ?? r["Duration [s]"];
  return s === null ? "—" : clock(s);
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
