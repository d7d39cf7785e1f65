/**
 * The stack: the die in section with the layers in it as the steps put them there, coloured by
 * material class and labelled, and for each press step its pressure, force and what to set on the
 * press. A step selector (or a row of the table) shows the die at that step.
 */
import { useState } from "react";
import type { PreflightState, PreflightStep } from "./preflight";
import { StackDrawing } from "./StackDrawing";
import { classFill, className } from "./classes";

/** A number for people: up to 4 significant digits, no exponent for lab-sized values. */
function num(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return Number(v.toPrecision(4)).toLocaleString("en-US", { maximumFractionDigits: 4 });
}

const isPress = (s: PreflightStep) => s.pressureMPa !== null;

/** "set 4.004 t (gauge 200 bar)": what the operator or the press is given. */
function pressSetting(s: PreflightStep): string {
  const parts = [`${num(s.forceTf)} t`];
  if (s.gaugeBar !== null) parts.push(`gauge ${num(s.gaugeBar)} bar`);
  return parts.join(", ");
}

/** A press step's hold, or an Operate step's duration (the time the setting lasts). */
function holdText(s: PreflightStep): string {
  const t = s.holdS ?? s.durationS;
  if (t === null || t <= 0) return "–";
  return t >= 7200 ? `${num(t / 3600)} h` : t >= 120 ? `${num(t / 60)} min` : `${num(t)} s`;
}

export function StackView({ state }: { state: PreflightState }) {
  const steps = state.good?.preflight.steps ?? [];
  const [chosen, setChosen] = useState<number | null>(null);
  // the last step until the user picks one; a pick outlives edits (clamped when steps go away)
  const index = chosen !== null && chosen < steps.length ? chosen : steps.length - 1;
  const step = steps[index];
  const classes = [...new Set(steps.flatMap((s) => s.layers.map((l) => l.class ?? "")))];
  const presses = steps.map((s, i) => ({ s, i })).filter(({ s }) => isPress(s));

  return (
    <section className={`stack-view${state.stale ? " stale" : ""}`} aria-labelledby="stack-title">
      <h2 id="stack-title">The stack in the die</h2>
      {state.stale && state.good ? (
        <p className="banner warning">
          The protocol has errors: this is the last version that passed the check.
        </p>
      ) : null}
      {state.error ? <p className="banner error">The stack could not be computed: {state.error}</p> : null}
      {!state.good ? (
        <p className="muted">
          {state.stale
            ? "Fix the errors to see the stack."
            : "The drawing appears when the protocol passes the check."}
        </p>
      ) : steps.length === 0 ? (
        <p className="muted">The protocol has no steps yet.</p>
      ) : (
        <>
          <label className="step-picker">
            Show the die after step {step?.step ?? "–"} of {steps.length}
            <input
              type="range"
              min={1}
              max={steps.length}
              value={index + 1}
              onChange={(e) => setChosen(Number(e.target.value) - 1)}
              aria-valuetext={step ? `step ${step.step}: ${step.text}` : undefined}
            />
          </label>
          {step ? <p className="step-caption">{`Step ${step.step}: ${step.text}`}</p> : null}
          {step ? <StackDrawing step={step} /> : null}
          {step && isPress(step) ? (
            <p className="press-setting">
              <strong>{num(step.pressureMPa)} MPa</strong> = {num(step.forceKN)} kN on the die:{" "}
              <strong>set {pressSetting(step)}</strong>
            </p>
          ) : null}
          <ul className="legend" aria-label="Material classes">
            {classes.map((c) => (
              <li key={c}>
                <svg width="18" height="18" aria-hidden="true">
                  <rect width="18" height="18" fill={classFill(c)} stroke="#333" />
                </svg>
                {className(c)}
              </li>
            ))}
          </ul>
          {presses.length ? (
            <table className="press-table">
              <caption>What to set on the press, per press step</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col" className="num">
                    Pressure [MPa]
                  </th>
                  <th scope="col" className="num">
                    Force [kN]
                  </th>
                  <th scope="col" className="num">
                    Set [t]
                  </th>
                  {presses.some(({ s }) => s.gaugeBar !== null) ? (
                    <th scope="col" className="num">
                      Gauge [bar]
                    </th>
                  ) : null}
                  <th scope="col" className="num">
                    Hold or duration
                  </th>
                </tr>
              </thead>
              <tbody>
                {presses.map(({ s, i }) => (
                  <tr key={i} className={i === index ? "current" : undefined}>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setChosen(i)}
                        aria-pressed={i === index}
                      >
                        {s.step}
                      </button>
                      <span className="muted step-text">{s.text}</span>
                    </td>
                    <td className="num">{num(s.pressureMPa)}</td>
                    <td className="num">{num(s.forceKN)}</td>
                    <td className="num">{num(s.forceTf)}</td>
                    {presses.some(({ s: p }) => p.gaugeBar !== null) ? (
                      <td className="num">{num(s.gaugeBar)}</td>
                    ) : null}
                    <td className="num">{holdText(s)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </section>
  );
}
