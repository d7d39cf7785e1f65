/**
 * The force ⇄ pressure ⇄ gauge ⇄ torque calculator: the `convert` command's inputs →
 * POST /api/convert → the answer big with its unit and every equivalent the command gives.
 */
import { useState, type FormEvent } from "react";
import { ApiError, describeError, postJson } from "../api";
import { arrangeResult, formatValue, type ConvertResult } from "./result";

const TO_UNITS = ["", "MPa", "GPa", "bar", "psi", "ksi", "kN", "N", "tf", "kgf", "lbf", "N m"];

interface Answer {
  quantity: string;
  result: ConvertResult;
}

function hintOf(e: unknown): string | undefined {
  const body =
    e instanceof ApiError ? (e.body as { error?: { hint?: unknown }; hint?: unknown } | null) : null;
  const h = body?.error?.hint ?? body?.hint;
  // a hint written for the command line ("e.g. ssbpress convert …") does not help on this page
  return typeof h === "string" && !/\bssbpress\s/.test(h) ? h : undefined;
}

export function ConvertForm() {
  const [values, setValues] = useState({ quantity: "500 MPa", die: "10 mm", to: "", ram: "", bolts: "" });
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const quantity = values.quantity.trim();
    if (!quantity) {
      setError('Type a quantity with its unit, e.g. "500 MPa", "3.9 t", "200 bar" or "10 N m".');
      return;
    }
    const body: Record<string, string> = { quantity };
    for (const k of ["die", "to", "ram", "bolts"] as const) if (values[k].trim()) body[k] = values[k].trim();
    setBusy(true);
    try {
      const result = await postJson<ConvertResult>("/api/convert", body);
      setAnswer({ quantity, result });
      setError(null);
    } catch (err) {
      const hint = hintOf(err);
      setError(`${describeError(err)}${hint ? ` (${hint})` : ""}`);
    } finally {
      setBusy(false);
    }
  };

  const shown = answer ? arrangeResult(answer.quantity, answer.result) : null;
  return (
    <div className="convert">
      <form className="convert-form" onSubmit={(e) => void submit(e)}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="cv-quantity">Quantity</label>
            <input
              id="cv-quantity"
              value={values.quantity}
              onChange={set("quantity")}
              aria-describedby="cv-quantity-help"
              aria-invalid={error ? true : undefined}
              autoComplete="off"
              spellCheck={false}
            />
            <small id="cv-quantity-help" className="muted">
              A pressure, force, rate or torque with its unit: 500 MPa, 3.9 t, 200 bar, 10 N m.
            </small>
          </div>
          <div className="field">
            <label htmlFor="cv-die">Die diameter</label>
            <input
              id="cv-die"
              value={values.die}
              onChange={set("die")}
              aria-describedby="cv-die-help"
              autoComplete="off"
            />
            <small id="cv-die-help" className="muted">
              e.g. 10 mm; needed between pressure and force.
            </small>
          </div>
          <div className="field">
            <label htmlFor="cv-to">Show only</label>
            <select id="cv-to" value={values.to} onChange={set("to")}>
              {TO_UNITS.map((u) => (
                <option key={u} value={u}>
                  {u || "every equivalent"}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="cv-ram">Ram diameter</label>
            <input
              id="cv-ram"
              value={values.ram}
              onChange={set("ram")}
              aria-describedby="cv-ram-help"
              autoComplete="off"
            />
            <small id="cv-ram-help" className="muted">
              A manual press's cylinder, e.g. 50 mm: converts its gauge's oil pressure (bar, psi).
            </small>
          </div>
          <div className="field">
            <label htmlFor="cv-bolts">Bolts</label>
            <input
              id="cv-bolts"
              value={values.bolts}
              onChange={set("bolts")}
              aria-describedby="cv-bolts-help"
              autoComplete="off"
            />
            <small id="cv-bolts-help" className="muted">
              A bolted cell's bolts, number and size, e.g. 4xM6: pressure ⇄ torque per bolt.
            </small>
          </div>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Converting…" : "Convert"}
        </button>
      </form>
      <div className="convert-output">
        {error ? (
          <p className="banner error" role="alert">
            {error}
          </p>
        ) : null}
        {shown && !error ? (
          <>
            {shown.main ? (
              <p className="convert-main">
                <span className="convert-name">{shown.main.name}</span>
                <output className="convert-value" htmlFor="cv-quantity cv-die">
                  {formatValue(shown.main.value)} <span className="convert-unit">{shown.main.unit}</span>
                </output>
              </p>
            ) : null}
            {shown.others.length ? (
              <table className="convert-table">
                <caption>{`${answer?.quantity ?? ""}: the equivalents`}</caption>
                <tbody>
                  {shown.others.map((s) => (
                    <tr key={s.key}>
                      <th scope="row">{s.name}</th>
                      <td className="num">{formatValue(s.value)}</td>
                      <td>{s.unit}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
