/** operating-pressure-creep and contact-loss: the continuous stack pressure during cycling. */
import { isSoftMetal, limitOf } from "../limits.js";
import { layersIn } from "../compile.js";
import { mpa, type RuleContext } from "./context.js";

/** Below ≈ 2 MPa a Li|Li6PS5Cl interface loses contact (impedance off scale at 1 MPa, Doux2020). */
const MIN_CONTACT_PRESSURE = 2e6;

/** "12 h", "3.5 days", "at once" for a predicted time to short. */
function when(seconds: number): string {
  if (seconds <= 60) return "at once";
  const h = seconds / 3600;
  return h < 48 ? `in about ${+h.toPrecision(2)} h` : `in about ${+(h / 24).toPrecision(2)} days`;
}

export function checkOperatingPressure({ protocol, trace, sink, advisors }: RuleContext): void {
  for (const t of trace) {
    const s = t.source;
    if (s.kind !== "operate") continue;
    const top = s.max ?? s.pressure;
    for (const layer of layersIn(protocol, t.before)) {
      const lim = limitOf(layer, "operatingPressureMax");
      if (!lim) continue;
      if (top > lim.value * (1 + 1e-9)) {
        const li = layer.material.name === "Li";
        const predicted = advisors?.operationShort?.(protocol, s);
        const model =
          predicted && Number.isFinite(predicted.timeToShort)
            ? ` The model predicts a short ${when(predicted.timeToShort)} (probability ${(predicted.probability * 100).toFixed(0)} % within the ${+(s.duration / 3600).toPrecision(3)} h operation).`
            : predicted
              ? ` The model puts the median time to short beyond the ${+(s.duration / 3600).toPrecision(3)} h operation; a short within it has probability ${(predicted.probability * 100).toFixed(0)} %.`
              : "";
        const evidence = li
          ? " Li|Li6PS5Cl|Li cells shorted at once at 75 MPa, within 48 h at 25 MPa and 474 h at 10 MPa, while 5 MPa ran 1000 h (Doux2020)."
          : "";
        sink.warning(
          "operating-pressure-creep",
          `operating at ${mpa(top)} exceeds the creep-safe limit of ${mpa(lim.value)} for "${layer.id}" (${layer.material.name})${lim.basis === "protocol" ? " set in this protocol" : ""}: the metal creeps into the separator's pores under load until it shorts the cell.${model}${evidence} Operate at ≤ ${mpa(lim.value)}${li ? ", or use a Li–In anode, which tolerates 60–70 MPa (Koerver2018)" : ""}`,
          s.pressurePos,
          s.index,
          [
            ...new Set([
              ...lim.citations,
              ...(li ? ["Doux2020", "Koerver2018"] : []),
              ...(predicted?.citations ?? []),
            ]),
          ],
        );
      }
      if (isSoftMetal(layer) && (s.min ?? s.pressure) < MIN_CONTACT_PRESSURE) {
        sink.warning(
          "contact-loss",
          `below ${mpa(MIN_CONTACT_PRESSURE)} the ${layer.material.name}|electrolyte contact is lost (cell impedance off scale at 1 MPa, Doux2020); keep the band's lower end at ≥ ${mpa(MIN_CONTACT_PRESSURE)}`,
          s.bandPos ?? s.pressurePos,
          s.index,
          ["Doux2020"],
        );
      }
    }
  }
}
