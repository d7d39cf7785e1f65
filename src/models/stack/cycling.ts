/**
 * Default cycling conditions when a protocol's operation step gives none: one full practical capacity
 * per half cycle at C/10.
 */
import { MAH_PER_G } from "./thickness.js";

/** The C-rate assumed when none is given: C/10, i.e. a 10 h half cycle. */
const DEFAULT_C_RATE = 0.1;

export interface CathodeLoading {
  /** Active material mass per cell area [kg/m²] (1 mg/cm² = 0.01 kg/m²). */
  activeMassPerArea: number;
  /** Practical specific capacity of the active material [mAh/g] (e.g. ~180 NMC811, ~140 LiCoO2 to 4.2 V). */
  specificCapacity: number;
}

/**
 * Areal capacity per half cycle and current density at C/10 from the cathode loading:
 *
 *   Q = m_A · c_sp          [C/m²]  (1 mAh/g = 3600 C/kg)
 *   j = Q · C-rate / 3600 s [A/m²]
 *
 * Why C/10: it is the usual rate of lab ASSB cells in their first cycles (sulfide cells at room
 * temperature rarely reach full capacity faster), and a full half cycle moves the whole practical
 * capacity, which is the worst case for the thickness swing. Example: 10 mg/cm² of NMC811 at 180 mAh/g
 * gives 1.8 mAh/cm² (64 800 C/m²) at 0.18 mA/cm² (1.8 A/m²), a 10 h half cycle.
 * References: none — a lab convention, stated here as an assumption.
 */
export function defaultCycling(
  loading: CathodeLoading,
  cRate: number = DEFAULT_C_RATE,
): { capacity: number; current: number } {
  const { activeMassPerArea, specificCapacity } = loading;
  if (!(activeMassPerArea >= 0) || !(specificCapacity >= 0) || !(cRate > 0)) {
    throw new RangeError(
      `defaultCycling: need activeMassPerArea >= 0 kg/m2, specificCapacity >= 0 mAh/g and cRate > 0, got ${activeMassPerArea}, ${specificCapacity}, ${cRate}`,
    );
  }
  const capacity = activeMassPerArea * specificCapacity * MAH_PER_G;
  return { capacity, current: (capacity * cRate) / 3600 };
}
