/**
 * A methods-section paragraph for a protocol, written the way papers describe cell assembly:
 * amounts, pressures with the force and die, holds, temperatures, and the operating pressure.
 */
import { roundSig } from "../core/units.js";
import { isComposite, type LayerMaterial } from "../materials/index.js";
import { findLayer, type CompiledProtocol } from "./compile.js";
import type { Layer } from "./types.js";

const mpa = (pa: number) => `${roundSig(pa / 1e6, 3)} MPa`;
const kn = (n: number) => `${roundSig(n / 1e3, 3)} kN`;
const time = (s: number) =>
  s < 60 || (s < 120 && s % 60 !== 0)
    ? `${roundSig(s, 3)} s`
    : s < 7200
      ? `${roundSig(s / 60, 3)} min`
      : `${roundSig(s / 3600, 3)} h`;

function describeMaterial(m: LayerMaterial): string {
  if (!isComposite(m)) return m.name;
  const parts = m.components.map((c) => c.material.name).join(":");
  const ratio = m.components.map((c) => roundSig(c.fraction * 100, 3)).join(":");
  return `${parts} composite (${ratio} by ${m.basis === "volume" ? "volume" : "weight"})`;
}

function amount(l: Layer): string {
  if (l.mass !== undefined) return `${roundSig(l.mass * 1e6, 3)} mg of `;
  if (l.thickness !== undefined) return `a ${roundSig(l.thickness * 1e6, 3)} µm `;
  return "";
}

function noun(l: Layer): string {
  return l.form === "foil" ? " foil" : l.form === "pellet" ? " pellet" : "";
}

export function methodsText(p: CompiledProtocol): string {
  const d = p.die.diameter;
  const area = p.die.area;
  const s: string[] = [];
  s.push(
    `Cells were assembled in a ${roundSig(d * 1e3, 3)} mm diameter die (${roundSig(area * 1e4, 3)} cm²)${p.press?.capacity ? ` on a ${roundSig(p.press.capacity / 9806.65, 3)} t ${p.press.kind ?? ""} press`.replace("  ", " ") : ""}.`,
  );
  const added: string[] = [];
  let pending: string[] = [];
  let first = true;
  for (const state of p.steps) {
    const step = state.source;
    if (step.kind === "add") {
      const l = findLayer(p, step.layer);
      if (!l) continue;
      const what = `${amount(l)}${describeMaterial(l.material)}${noun(l)}${l.role !== "other" ? ` (${l.role})` : ""}`;
      pending.push(
        added.length === 0
          ? what
          : `${what} was placed on the ${step.position === "top" ? "top" : "bottom"} side`,
      );
      added.push(step.layer);
    } else if (step.kind === "press") {
      const into = pending.length
        ? first
          ? `${pending.join(" and ")} was loaded and`
          : `${pending.join(" and ")}, and the stack was`
        : "The stack was";
      const parts = [`uniaxially pressed at ${mpa(step.pressure)} (${kn(step.force)})`];
      if (state.temperature > 303.15) parts.push(`at ${roundSig(state.temperature - 273.15, 3)} °C`);
      if (step.rampRate !== undefined) parts.push(`with a ramp of ${roundSig(step.rampRate / 1e6, 3)} MPa/s`);
      if (step.hold) parts.push(`for ${time(step.hold)}`);
      const sentence = `${into} ${parts.join(" ")}.`;
      s.push(sentence.charAt(0).toUpperCase() + sentence.slice(1));
      pending = [];
      first = false;
    } else if (step.kind === "heat") {
      s.push(
        `The die was ${step.temperature < state.dieTemperatureBefore ? "cooled" : "heated"} to ${roundSig(step.temperature - 273.15, 3)} °C.`,
      );
    } else if (step.kind === "operate") {
      const band =
        step.min !== undefined || step.max !== undefined
          ? ` (held between ${mpa(step.min ?? step.pressure)} and ${mpa(step.max ?? step.pressure)})`
          : "";
      const fixture = p.fixture ? ` in a ${p.fixture.type} fixture` : "";
      const cyc = step.cycling?.current
        ? `, cycling at ${roundSig(step.cycling.current / 10, 3)} mA/cm²${step.cycling.capacity ? ` to ${roundSig(step.cycling.capacity / 36000, 3)} mAh/cm²` : ""}`
        : "";
      s.push(
        `The cell was operated under a stack pressure of ${mpa(step.pressure)}${band}${fixture} for ${time(step.duration)}${cyc}.`,
      );
    } else if (step.kind === "eject" && state.before.length > 0) {
      // layers put in after the last press leave with the pellet: say so before it goes
      if (pending.length) {
        const sentence = `${pending.join(" and ")} was added without further pressing.`;
        s.push(sentence.charAt(0).toUpperCase() + sentence.slice(1));
        pending = [];
      }
      // what each layer is (its role) reads better in a paper than the protocol's own ids
      const what = state.before.map((id) => {
        const l = findLayer(p, id);
        return l && l.role !== "other" ? l.role : (l?.material.name ?? id);
      });
      s.push(
        `The ${state.before.length > 1 ? "stack" : "pellet"} (${what.join(", ")}) was pushed out of the die.`,
      );
    }
  }
  if (pending.length) s.push(`Finally, ${pending.join(" and ")} without further pressing.`);
  s.push("Pressures are nominal: force divided by the die area.");
  return s.join(" ");
}
