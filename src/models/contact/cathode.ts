/**
 * Charge transfer between the active particles of a composite cathode and the electrolyte around
 * them, as an area-specific resistance of the cell.
 *
 * Ions enter and leave the active material only where electrolyte touches it. Per unit of touched
 * surface the interface has a charge-transfer ASR, ASR_ct. A layer of thickness L holding a volume
 * fraction φ of spheres of radius r offers a_s·L = 3·φ·L/r of active surface per unit of cell area,
 * of which the share f (the powder|powder contact fraction) is touched, so, the surfaces acting in
 * parallel,
 *
 *   R_ct,cell = ASR_ct / (a_s·L·f),   a_s = 3φ/r.
 *
 * This treats the whole depth of the cathode as reacting (fast ionic transport in the layer relative
 * to the charge transfer, the limit of a thin or well-percolated cathode); the layer's own ionic
 * resistance is counted apart by the simulator.
 *
 * Temperature: charge transfer is thermally activated, so ASR_ct falls when the cell is warm,
 *
 *   ASR_ct(T) = ASR_ct(25 °C)·exp((E_a/k_B)(1/T − 1/298.15 K)),
 *
 * with E_a an assumption (0.5 eV, 0.3-0.7): no measurement away from room temperature is in the
 * data, so the factor is untested.
 *
 * Applies to a formed cathode: after its first charge, at an intermediate state of charge, with a
 * coated (LiNbO3-type buffer) layered oxide. A pristine, fully lithiated cathode before the first
 * charge, or a fully discharged one, has a much larger, not well-defined charge-transfer
 * resistance; an uncoated layered oxide on a sulfide can be up to ~10³ times worse (the
 * buffer lowers the thin-film interface resistance 2800-fold, Nishio2022). Neither is modelled.
 * References: Haruta2015, Kawasoko2018 (clean thin-film interfaces, the lower bound of ASR_ct),
 * Nishio2022 (uncoated vs buffered).
 */
import { SsbError } from "../../core/errors.js";
import { K_B } from "../conductivity/law.js";
import { get, nominal, type Values } from "../params.js";
import * as P from "../parameters/contact.js";
import { CONTACT_KEYS as K } from "./law.js";

const NOMINAL = nominal(P.cathodeChargeTransfer);
/** Temperature at which ASR_ct is stated (room temperature, 25 °C) [K]. */
const REFERENCE_TEMPERATURE = 298.15;

/** The parameter set of the cathode's charge transfer (for Monte Carlo draws). */
export const cathodeChargeTransferParameters = P.cathodeChargeTransfer;

export interface CathodeChargeTransferInput {
  /** Volume fraction of the layer taken by active material (its share of the solids × relative density) [-]. */
  activeVolumeFraction: number;
  /** Layer thickness [m]. */
  thickness: number;
  /** Share of the active surface touched by electrolyte, f ∈ (0, 1] (powder|powder contact fraction). */
  contactFraction: number;
  /** Cathode temperature [K]; absent = 298.15 K, where ASR_ct is stated. */
  temperature?: number;
}

export interface CathodeChargeTransfer {
  /** Charge-transfer resistance of the cathode per unit of cell area [Ω·m²]. */
  asr: number;
  /** Active surface per unit of cell area, a_s·L [-]. */
  activeSurfacePerArea: number;
}

/**
 * ASR_ct(T)/ASR_ct(25 °C) = exp((E_a/k_B)(1/T − 1/298.15 K)) of charge transfer at an active
 * particle|electrolyte surface; exactly 1 at 25 °C or without a temperature [K]. Throws
 * SsbError("usage") on a non-physical temperature.
 */
export function chargeTransferTemperatureFactor(temperature: number | undefined, values?: Values): number {
  const T = temperature ?? REFERENCE_TEMPERATURE;
  if (!(T > 0 && Number.isFinite(T))) {
    throw new SsbError("usage", `charge transfer: temperature must be finite and > 0 K, got ${T}`);
  }
  const v = values ?? NOMINAL;
  return Math.exp((get(v, K.cathodeChargeTransferActivation) / K_B) * (1 / T - 1 / REFERENCE_TEMPERATURE));
}

/**
 * R_ct,cell = ASR_ct(T)/(a_s·L·f) with a_s = 3φ/r and ASR_ct Arrhenius in T (see the file comment for
 * the physics and the states it applies to). Throws SsbError("usage") on a non-physical input.
 * References: Haruta2015, Kawasoko2018, Nishio2022.
 */
export function cathodeChargeTransfer(
  input: CathodeChargeTransferInput,
  values?: Values,
): CathodeChargeTransfer {
  const { activeVolumeFraction: phi, thickness: L, contactFraction: f } = input;
  const T = input.temperature ?? REFERENCE_TEMPERATURE;
  const bad = (m: string) => new SsbError("usage", `cathodeChargeTransfer: ${m}`);
  if (!(phi > 0 && phi <= 1)) throw bad(`activeVolumeFraction must be in (0, 1], got ${phi}`);
  if (!(L > 0 && Number.isFinite(L))) throw bad(`thickness must be finite and > 0, got ${L}`);
  if (!(f > 0 && f <= 1)) throw bad(`contactFraction must be in (0, 1], got ${f}`);
  if (!(T > 0 && Number.isFinite(T))) throw bad(`temperature must be finite and > 0 K, got ${T}`);
  const v = values ?? NOMINAL;
  const r = get(v, K.activeParticleRadius) * 1e-6;
  const surface = (3 * phi * L) / r;
  const asrCt = get(v, K.cathodeChargeTransferAsr) * 1e-4 * chargeTransferTemperatureFactor(T, v); // Ω·m² per covered surface
  return { asr: asrCt / (surface * f), activeSurfacePerArea: surface };
}
