/**
 * The predicted state of the cell after a chosen step: each layer's density, thickness and ionic
 * conductivity, each interface's contact and resistance, the cell's resistance; with the Monte
 * Carlo 5–95 % range next to each number when samples were drawn.
 */
import { useId, useState } from "react";
import type { SimulationResult } from "./types";
import { band, lastStepWithLayers, SCALE, type Range } from "./bands";
import { sig, withUnit } from "../charts/format";

function Value({
  v,
  unit,
  range,
  digits = 3,
}: {
  v: number | null | undefined;
  unit: string;
  range?: Range | undefined;
  digits?: number;
}) {
  return (
    <td className="num">
      {withUnit(v, unit, digits)}
      {range ? (
        <span className="muted band-text">
          {" "}
          [{sig(range.low, 3)} – {sig(range.high, 3)}]
        </span>
      ) : null}
    </td>
  );
}

export function StateTable({ sim }: { sim: SimulationResult }) {
  const id = useId();
  const [chosen, setChosen] = useState<number | null>(null);
  // by default the finished cell, or the pellet just before an Eject emptied the die
  const last = lastStepWithLayers(sim);
  const step = sim.steps.find((s) => s.step === chosen) ?? last;
  if (!step) return null;
  const at = `steps.${step.step}`;
  return (
    <div>
      <div className="row inline-field">
        <label htmlFor={id}>State after step</label>
        <select id={id} value={step.step} onChange={(e) => setChosen(Number(e.target.value))}>
          {sim.steps.map((s) => (
            <option key={s.step} value={s.step}>
              {s.step}. {s.text}
            </option>
          ))}
        </select>
      </div>
      <table>
        <caption>
          Layers after step {step.step}
          {sim["Monte Carlo"] ? " ([5–95 %] range in brackets)" : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col" className="num">
              Relative density [-]
            </th>
            <th scope="col" className="num">
              Thickness [µm]
            </th>
            <th scope="col" className="num">
              Ionic conductivity [mS/cm]
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(step.layers).map(([name, l]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <Value
                v={l["Relative density [-]"]}
                unit=""
                range={band(sim, `${at}.layers.${name}.relativeDensity`)}
              />
              <Value
                v={l["Thickness [um]"]}
                unit="µm"
                digits={4}
                range={band(sim, `${at}.layers.${name}.thickness`, SCALE.thickness)}
              />
              <Value
                v={l["Ionic conductivity [mS/cm]"]}
                unit="mS/cm"
                range={band(sim, `${at}.layers.${name}.conductivity`, SCALE.conductivity)}
              />
            </tr>
          ))}
        </tbody>
      </table>
      {Object.keys(step.interfaces).length ? (
        <table>
          <caption>Interfaces after step {step.step}</caption>
          <thead>
            <tr>
              <th scope="col">Interface</th>
              <th scope="col" className="num">
                Contact fraction [-]
              </th>
              <th scope="col" className="num">
                Interface resistance (ASR) [Ω cm²]
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(step.interfaces).map(([name, i]) => (
              <tr key={name}>
                <th scope="row">{name.replace("|", " | ")}</th>
                <Value
                  v={i["Contact fraction [-]"]}
                  unit=""
                  range={band(sim, `${at}.interfaces.${name}.contactFraction`)}
                />
                <Value
                  v={i["ASR [Ohm cm2]"]}
                  unit="Ω cm²"
                  range={band(sim, `${at}.interfaces.${name}.asr`, SCALE.asr)}
                />
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {step["Cell resistance [Ohm cm2]"] !== undefined ? (
        <p>
          Cell resistance: <strong>{withUnit(step["Cell resistance [Ohm cm2]"], "Ω cm²", 3)}</strong>
          {(() => {
            const r = band(sim, `${at}.cellResistance`, SCALE.asr);
            return r ? (
              <span className="muted">
                {" "}
                [5–95 %: {sig(r.low, 3)} – {sig(r.high, 3)} Ω cm²]
              </span>
            ) : null;
          })()}
        </p>
      ) : null}
    </div>
  );
}
