/**
 * The pellet in the twin's die: the layers, the highest pressure each has seen (densification is
 * irreversible), and the stack's thickness at the current pressure. It asks the very physics object
 * `simulate` uses (models/simulate physicsSource().nominal()), with the same rules as the simulator's
 * walk: soft metal foils keep their thickness except for the Li creep and extrusion law applied per
 * loading, powders follow their relative density, ready pellets (`form: pellet`) keep their own
 * density and written thickness, layers given by thickness alone keep it. So a twin
 * run and `simulate` agree on the same protocol.
 */
import { layerClass, layerDensity } from "../../materials/index.js";
import { isReadyPellet } from "../../models/densification/index.js";
import { physicsSource } from "../../models/simulate/models.js";
import type { Physics } from "../../models/simulate/physics.js";
import type { Layer } from "../../protocol/types.js";

/** A foil's creep is re-evaluated after this much more time at load [s]: it moves nanometres meanwhile. */
const FOIL_STEP = 1;

interface LayerState {
  layer: Layer;
  /** Soft metal (Li, In, LiIn): no densification. */
  soft: boolean;
  /** Pore-free density [kg/m3], when known. */
  rho: number | undefined;
  /** Highest pressure seen since it went in [Pa]. */
  maxPressure: number;
  /** Platen temperature when that pressure was reached [K]. */
  pressTemperature: number;
  /**
   * A Li foil creeps and extrudes while loaded: its thickness when the current loading began, and
   * that loading's highest pressure and time at load (simulate applies the same law per press step).
   */
  foil?: { base: number; pressure: number; time: number; evaluatedAt: number; thickness: number };
  /** Last density asked for, by its inputs: holds ask the same question at every read. */
  memo?: { maxPressure: number; temperature: number; pressure: number; density: number };
}

export interface LayerReport {
  id: string;
  /** [Pa] */
  maxPressure: number;
  relativeDensity: number;
  /** [m] */
  thickness: number;
}

const electrolyte = (l: Layer): boolean => layerClass(l.material).endsWith("electrolyte");

export class Specimen {
  private readonly stack: LayerState[] = [];
  private readonly physics: Physics;

  constructor(private readonly area: number) {
    this.physics = physicsSource().nominal();
  }

  place(layer: Layer, position: "top" | "bottom", temperature: number): void {
    const cls = layerClass(layer.material);
    const g = layerDensity(layer.material);
    const st: LayerState = {
      layer,
      soft: cls === "metal-anode" || cls === "alloy-anode",
      rho: g === undefined ? undefined : g * 1000,
      maxPressure: 0,
      pressTemperature: temperature,
    };
    if (cls === "metal-anode" && layer.thickness !== undefined && layer.thickness > 0) {
      const h = layer.thickness;
      st.foil = { base: h, pressure: 0, time: 0, evaluatedAt: 0, thickness: h };
    }
    if (position === "top") this.stack.push(st);
    else this.stack.unshift(st);
  }

  /** The pellet was pushed out: nothing is left in the die. */
  clear(): void {
    this.stack.length = 0;
  }

  get empty(): boolean {
    return this.stack.length === 0;
  }

  /**
   * The stack saw up to `peak` [Pa] at `temperature` [K], spent `held` seconds at its target, and is
   * now at `pressure` [Pa]. A foil's loading ends (its creep is committed) when the load is off.
   */
  press(peak: number, held: number, pressure: number, temperature: number): void {
    for (const s of this.stack) {
      if (peak > s.maxPressure) {
        s.maxPressure = peak;
        s.pressTemperature = temperature;
      }
      const f = s.foil;
      if (!f) continue;
      if (peak > 0) {
        const higher = peak > f.pressure;
        f.pressure = Math.max(f.pressure, peak);
        f.time += held;
        if (higher || f.time - f.evaluatedAt >= FOIL_STEP) this.evaluateFoil(s);
      }
      if (pressure <= 0 && f.pressure > 0) {
        this.evaluateFoil(s);
        f.base = f.thickness;
        f.pressure = 0;
        f.time = 0;
        f.evaluatedAt = 0;
      }
    }
  }

  /** The electrolyte layer a Li foil presses against, as simulate chooses it. */
  private separator(): LayerState | undefined {
    return this.stack.find((s) => s.layer.role === "separator" || electrolyte(s.layer));
  }

  /** A Li foil's thickness after the current loading so far (the simulator's creep law). */
  private evaluateFoil(s: LayerState): void {
    const f = s.foil!;
    f.evaluatedAt = f.time;
    const sep = this.separator();
    if (f.pressure <= 0 || !sep) {
      f.thickness = f.base;
      return;
    }
    const rel = this.density(sep, f.pressure);
    f.thickness = this.physics.assemblyIntrusion({
      pressure: f.pressure,
      hold: f.time,
      separatorPorosity: 1 - rel,
      separatorThickness: this.thicknessOf(sep, rel) || 1e-3,
      liThickness: f.base,
      temperature: s.pressTemperature, // a warm die makes the foil creep faster, as in simulate
    }).thicknessAfter;
  }

  private density(s: LayerState, pressure: number): number {
    if (s.soft) return 1;
    const m = s.memo;
    if (
      m &&
      m.maxPressure === s.maxPressure &&
      m.temperature === s.pressTemperature &&
      m.pressure === pressure
    ) {
      return m.density;
    }
    const density =
      s.maxPressure <= 0
        ? this.physics.relativeDensity(s.layer, 0, s.pressTemperature, true)
        : this.physics.relativeDensity(s.layer, s.maxPressure, s.pressTemperature, false, pressure);
    s.memo = { maxPressure: s.maxPressure, temperature: s.pressTemperature, pressure, density };
    return density;
  }

  private thicknessOf(s: LayerState, rel: number): number {
    if (s.foil) return s.foil.thickness;
    if (s.soft) return s.layer.thickness ?? 0;
    if (isReadyPellet(s.layer) && s.layer.thickness !== undefined) return s.layer.thickness;
    if (s.layer.mass !== undefined && s.rho !== undefined) return s.layer.mass / (s.rho * rel * this.area);
    return s.layer.thickness ?? 0;
  }

  /** Each layer, bottom to top, at the current pressure [Pa]. */
  layers(pressure: number): LayerReport[] {
    return this.stack.map((s) => {
      const rel = this.density(s, pressure);
      return {
        id: s.layer.id,
        maxPressure: s.maxPressure,
        relativeDensity: rel,
        thickness: this.thicknessOf(s, rel),
      };
    });
  }

  /** Stack thickness at the current pressure [m]. */
  thickness(pressure: number): number {
    let h = 0;
    for (const s of this.stack) h += this.thicknessOf(s, this.density(s, pressure));
    return h;
  }
}
