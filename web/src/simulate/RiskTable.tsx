/**
 * The risks per step as a table of bars: the nominal probability as the bar, the Monte Carlo
 * 5–95 % range as a band over it and in words. The columns are whatever risks the simulation
 * reports (cumulative up to the end of the step), so a new risk in the model shows up here too.
 */
import type { SimulationResult, StepResult } from "./types";
import { band, type Range } from "./bands";
import { percent } from "../charts/format";

/** "Fracture probability [-]" → the Monte Carlo path "fractureProbability". */
const BAND_KEY: Record<string, string> = {
  "Short-circuit probability [-]": "shortProbability",
  "Fracture probability [-]": "fractureProbability",
  "Lamination probability [-]": "laminationProbability",
};

function title(key: string): string {
  return key.replace(/ probability \[-\]$/, "").replace(/ \[-\]$/, "");
}

function Bar({ p, range, label }: { p: number | undefined; range: Range | undefined; label: string }) {
  if (p === undefined) return <td className="num">—</td>;
  const w = (x: number) => `${Math.min(100, Math.max(0, x * 100))}%`;
  return (
    <td className="risk-cell">
      <div className="risk-bar" aria-hidden="true">
        {range ? (
          <span className="risk-band" style={{ left: w(range.low), width: w(range.high - range.low) }} />
        ) : null}
        <span className="risk-fill" style={{ width: w(p) }} />
      </div>
      <span className="risk-text">
        <span className="visually-hidden">{label}: </span>
        {percent(p)}
        {range && (range.low !== p || range.high !== p) ? (
          <span className="muted">
            {" "}
            (5–95 %: {percent(range.low)} – {percent(range.high)})
          </span>
        ) : null}
      </span>
    </td>
  );
}

/**
 * Steps that can carry a risk: presses, heats, operation and ejection (pushing the pellet out can
 * laminate or crack it); adding a layer or asking the operator risks nothing.
 */
const risky = (s: StepResult) => s.kind === undefined || !["add", "ask"].includes(s.kind);

export function RiskTable({ sim }: { sim: SimulationResult }) {
  const steps = sim.steps.filter(risky);
  const keys = [...new Set(steps.flatMap((s) => Object.keys(s.risks).filter((k) => !k.startsWith("Step "))))];
  const extruded = steps.some((s) => s["Li extruded [-]"] !== undefined);
  const mc = sim["Monte Carlo"];
  return (
    <table className="risk-table">
      <caption>
        Risks up to the end of each step{" "}
        {mc
          ? `— nominal, with the 5–95 % range over ${mc.samples} Monte Carlo samples (seed ${mc.seed})`
          : "— nominal (no Monte Carlo samples)"}
      </caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          {keys.map((k) => (
            <th scope="col" key={k}>
              {title(k)} [%]
            </th>
          ))}
          {extruded ? <th scope="col">Li extruded [%]</th> : null}
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={s.step}>
            <th scope="row">
              {s.step}. {s.text}
            </th>
            {keys.map((k) => (
              <Bar
                key={k}
                p={s.risks[k]}
                label={title(k)}
                range={BAND_KEY[k] ? band(sim, `steps.${s.step}.${BAND_KEY[k]}`) : undefined}
              />
            ))}
            {extruded ? <Bar p={s["Li extruded [-]"]} range={undefined} label="Li extruded" /> : null}
          </tr>
        ))}
        {sim.operation?.["Short-circuit probability [-]"] !== undefined ? (
          <tr>
            <th scope="row">Operation (step {sim.operation.step}): short during cycling</th>
            {keys.map((k) =>
              k === "Short-circuit probability [-]" ? (
                <Bar
                  key={k}
                  p={sim.operation!["Short-circuit probability [-]"]}
                  range={band(sim, "operation.shortProbability")}
                  label="Short-circuit during cycling"
                />
              ) : (
                <td key={k} className="num">
                  —
                </td>
              ),
            )}
            {extruded ? <td className="num">—</td> : null}
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
