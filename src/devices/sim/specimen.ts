/**
 * The pellet in the twin's die: the layers, the highest pressure each has seen (densification is
 * irreversible), and the stack's thickness at the current pressure. It asks the very physics object
 * `simulate` uses (models/simulate physicsSource().nominal()), with the same rules as the simulator's
 * walk: soft metal foils keep their thickness, powders follow their relative density, layers given by
 * thickness alone keep it. So a twin run and `simulate` agree on the same protocol.
 */
import { layerClass, layerDensity } from "../../materials/index.js";
import { physicsSource } from "../../models/simulate/models.js";
import type { Physics } from "../../models/simulate/physics.js";
import type { Layer } from "../../protocol/types.js";

interface LayerState {
  layer: Layer;
  /** Highest pressure seen since it went in [Pa]. */
  maxPressure: number;
  /** Platen temperature when that pressure was reached [K]. */
  pressTemperature: number;
}

export interface LayerReport {
  id: string;
  /** [Pa] */
  maxPressure: number;
  relativeDensity: number;
  /** [m] */
  thickness: number;
}

const softMetal = (l: Layer): boolean => {
  const c = layerClass(l.material);
  return c === "metal-anode" || c === "alloy-anode";
};

export class Specimen {
  private readonly stack: LayerState[] = [];
  private readonly physics: Physics;

  constructor(private readonly area: number) {
    this.physics = physicsSource().nominal();
  }

  place(layer: Layer, position: "top" | "bottom", temperature: number): void {
    const st: LayerState = { layer, maxPressure: 0, pressTemperature: temperature };
    if (position === "top") this.stack.push(st);
    else this.stack.unshift(st);
  }

  get empty(): boolean {
    return this.stack.length === 0;
  }

  /** The stack saw `pressure` [Pa] at `temperature` [K]. */
  press(pressure: number, temperature: number): void {
    for (const s of this.stack) {
      if (pressure > s.maxPressure) {
        s.maxPressure = pressure;
        s.pressTemperature = temperature;
      }
    }
  }

  private density(s: LayerState, pressure: number): number {
    if (softMetal(s.layer)) return 1;
    if (s.maxPressure <= 0) return this.physics.relativeDensity(s.layer, 0, s.pressTemperature, true);
    return this.physics.relativeDensity(s.layer, s.maxPressure, s.pressTemperature, false, pressure);
  }

  private thicknessOf(s: LayerState, rel: number): number {
    if (softMetal(s.layer)) return s.layer.thickness ?? 0;
    const rho = layerDensity(s.layer.material);
    if (s.layer.mass !== undefined && rho !== undefined) return s.layer.mass / (rho * 1000 * rel * this.area);
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
