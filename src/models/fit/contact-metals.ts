/**
 * Contact parameters of In and Li-In on an electrolyte, and of the cathode's internal charge transfer
 * (parts of the contact fit, src/models/fit/contact.ts).
 *
 * In and Li-In: no impedance-vs-pressure series of either on a sulfide was found, so their sets are
 * built from Li's fitted law (Doux2020) and what is known of the metals. Plastic asperities touch
 * over an area load/hardness (BowdenTabor1950): the same contact needs a pressure proportional to
 * the metal's hardness, so P_c(M) = h·P_c(Li) with h the metal's flow stress over Li's. The shape
 * exponent k describes the roughness of the electrolyte's surface and is kept. In's h comes from its
 * bulk strength (data/published/interfaces.csv) over Li's yield strength (Masias2019); Li-In's is an
 * assumption (no measured hardness found). The full-contact ASR of either is an assumption.
 *
 * Cathode: the charge-transfer ASR per covered surface is bounded below by clean thin-film
 * oxide|electrolyte interfaces (Haruta2015, Kawasoko2018); its value in a pressed composite is an
 * assumption (see the notes).
 */
import { K_B } from "../conductivity/law.js";
import { CONTACT_KEYS as K } from "../contact/law.js";
import type { Parameter, ParameterSet } from "../params.js";
import { num, readCsv } from "./data.js";
import { parameter as p } from "./parameter.js";

const round = (x: number, digits = 4): number => Number(x.toPrecision(digits));

/** A copy of a Li parameter without its joint-fit correlation (the other members are not in the new set). */
function copy(x: Parameter | undefined, note: string): Parameter {
  if (!x) throw new Error("contact fit: Li parameter missing");
  const { correlation: _c, ...rest } = x;
  return { ...rest, note };
}

interface MetalInputs {
  /** The fitted Li set. */
  li: ParameterSet;
  /** Li's full-contact ASR [Ohm cm2] from the fit. */
  liFullAsr: number;
  /** Li's bulk yield strength [MPa] and its range (Masias2019). */
  liYield: { value: number; min: number; max: number };
}

/** Room-temperature homologous temperatures (298 K over the melting point): In 0.69, Li 0.66. */
const CREEP_NOTE: Record<string, string> = {
  In: "assumption: no creep exponent of In found; at room temperature In (melting point 429.75 K, Haynes2016) sits at a homologous temperature of 0.69, Li at 0.66, so it is taken to creep like Li: Li's exponent (Masias2019) with a range (4-10) wide enough to cover the doubt",
  "Li-In":
    "assumption: no creep data of Li-In found; Li's exponent (Masias2019) with a wide range (4-10). Li-In anodes are usually In-rich, and the free In creeps at room temperature (homologous temperature 0.69, Haynes2016)",
};

export function fitMetalContacts(input: MetalInputs): {
  indiumElectrolyte: ParameterSet;
  liInElectrolyte: ParameterSet;
  notes: string[];
} {
  const rows = readCsv("interfaces.csv");
  const strength = rows
    .filter((r) => r.material === "In" && r.property === "tensile strength")
    .map((r) => ({ value: num(r.value) ?? NaN, source: r.source ?? "" }));
  if (strength.length < 1 || strength.some((s) => !Number.isFinite(s.value)))
    throw new Error("contact fit: In strength rows missing");
  const lo = Math.min(...strength.map((s) => s.value));
  const hi = Math.max(...strength.map((s) => s.value));
  const { li, liFullAsr, liYield } = input;
  // h = σ(In)/σ_y(Li): nominal the lower (softer) In value over Li's yield; range from half of it
  // (a yield below the tensile strength) to the stronger In value over Li's weakest reading.
  const hIn = lo / liYield.value;
  const hInMin = hIn / 2;
  const hInMax = hi / liYield.min;
  const inSources = strength.map((s) => s.source);

  const common = (metal: string): ParameterSet => ({
    [K.contactPressure]: copy(
      li[K.contactPressure],
      `Li's fitted contact pressure scale (Doux2020, Xu2017); ${metal}'s own is this × the hardness ratio`,
    ),
    [K.shape]: copy(
      li[K.shape],
      "Li's fitted shape exponent (Doux2020): it describes the roughness of the electrolyte surface the metal flows into, not the metal",
    ),
    [K.retention]: copy(
      li[K.retention],
      `assumption: ${metal} keeps the contact made at the highest pressure as Li does (plastic contact, small elastic recovery); Li's fitted value and range (Doux2020)`,
    ),
    [K.creepExponent]: p(6.56, 4, 10, ["Masias2019", "Haynes2016"], "assumption", CREEP_NOTE[metal] ?? ""),
    [K.referenceTime]: copy(
      li[K.referenceTime],
      "assumption, as for Li: the hold at which the contact pressure scale applies (parameterisation)",
    ),
    [K.minimumContact]: copy(
      li[K.minimumContact],
      "assumption, as for Li: a foil laid on a pellet touches at a few points",
    ),
    [K.fullContactAsr]: p(
      liFullAsr,
      liFullAsr / 3,
      liFullAsr * 10,
      ["Doux2020"],
      "assumption",
      `assumption: no ${metal}|sulfide impedance series found; Li's full-contact ASR (${round(liFullAsr, 3)} Ohm cm2, Doux2020), from a third to ten times it (the first Li exchanged makes Li-In at the interface, whose charge transfer is not measured), sampled log-uniformly`,
      { log: true },
    ),
  });

  const indiumElectrolyte: ParameterSet = {
    ...common("In"),
    [K.hardnessRatio]: p(
      hIn,
      hInMin,
      hInMax,
      [...inSources, "Masias2019", "BowdenTabor1950"],
      "data",
      `bulk strength of In (${lo}-${hi} MPa, vendor data) over Li's yield strength (${liYield.value} MPa, ${round(liYield.min, 3)}-${round(liYield.max, 3)}, Masias2019): the contact pressure scales with hardness (BowdenTabor1950). Range from half the nominal (In's yield below its tensile strength) to ${hi}/${round(liYield.min, 3)}; sampled log-uniformly`,
      { log: true },
    ),
  };
  const liInElectrolyte: ParameterSet = {
    ...common("Li-In"),
    [K.hardnessRatio]: p(
      10,
      3,
      30,
      ["BowdenTabor1950"],
      "assumption",
      `assumption: no measured hardness of LiIn found; the intermetallic is taken as much harder than Li and In, 10× Li (3-30×, log-uniform); the lower end (~In: ${round(hIn, 3)}×) covers In-rich two-phase anodes whose soft In matrix touches the electrolyte`,
      { log: true },
    ),
  };
  return {
    indiumElectrolyte,
    liInElectrolyte,
    notes: [
      `In|electrolyte: hardness ratio to Li ${round(hIn, 3)} (${round(hInMin, 3)}-${round(hInMax, 3)}) from In's strength ${lo}-${hi} MPa over Li's yield ${liYield.value} MPa → P_c ${round((li[K.contactPressure]?.value ?? NaN) * hIn, 3)} MPa; Li-In: assumed 10× (3-30×) → P_c ${round((li[K.contactPressure]?.value ?? NaN) * 10, 3)} MPa; full-contact ASR of both assumed Li's ${round(liFullAsr, 3)} Ohm cm2 (÷3 to ×10)`,
    ],
  };
}

/** Charge transfer at the cathode active material|electrolyte surface inside a composite. */
export function fitCathodeChargeTransfer(): { cathodeChargeTransfer: ParameterSet; notes: string[] } {
  const rows = readCsv("interfaces.csv");
  const films = rows
    .filter((r) => r.property === "interface resistance")
    .map((r) => ({ value: num(r.value) ?? NaN, source: r.source ?? "", material: r.material ?? "" }));
  const ratio = rows.find((r) => r.property === "interface resistance ratio");
  if (films.length < 1 || films.some((f) => !Number.isFinite(f.value)) || !ratio)
    throw new Error("contact fit: thin-film interface resistances missing");
  const floor = Math.min(...films.map((f) => f.value));
  const cathodeChargeTransfer: ParameterSet = {
    [K.cathodeChargeTransferAsr]: p(
      50,
      floor,
      300,
      [...films.map((f) => f.source), ratio.source ?? ""],
      "assumption",
      `assumption (bounded below by data): per unit of electrolyte-covered surface of a coated layered oxide in a formed cell (after the first charge, intermediate state of charge, room temperature). Lower bound: clean epitaxial thin-film interfaces (${films.map((f) => `${f.value} Ohm cm2 ${f.material}, ${f.source}`).join("; ")}), which a pressed, coated powder cannot beat. Nominal and upper bound are assumptions (no composite value per true surface found): a pressed, LiNbO3-coated interface a few to 40× the clean one, log-uniform. An uncoated oxide on a sulfide is far worse (${ratio.value}× without the buffer, ${ratio.source}) and is not covered`,
      { log: true },
    ),
    [K.activeParticleRadius]: p(
      5,
      2,
      8,
      ["Minnmann2021"],
      "assumption",
      "assumption: secondary particles of NMC/NCA/LCO powders used in composite cathodes, d50 about 4-16 um; not in data/published (Minnmann2021 is cited for the composite-cathode context, not for this number)",
    ),
    // Charge transfer is thermally activated; no measurement away from room temperature is in
    // data/published, so E_a is an assumption centred in its range (linear sampling).
    [K.cathodeChargeTransferActivation]: p(
      0.5,
      0.3,
      0.7,
      [],
      "assumption",
      "assumption: ASR_ct(T) = ASR_ct(25 C)·exp((E_a/k_B)(1/T - 1/298.15 K)). Activation energies of the charge transfer at layered-oxide|solid-electrolyte and coated-oxide|sulfide interfaces are typically a few tenths of an eV; 0.5 eV nominal, 0.3-0.7 eV sampled uniformly. No measured value for a pressed composite cathode is in data/published, and no paper is cited for the number because none was read for it",
    ),
  };
  return {
    cathodeChargeTransfer,
    notes: [
      `cathode charge transfer: ASR_ct 50 Ohm cm2 per covered surface (${floor}-300, lower bound from thin films), particle radius 5 um (2-8): a 50 um layer with 40 % active volume offers 3φL/r = 12 cm2 of active surface per cm2 of cell; activation energy 0.5 eV (0.3-0.7, assumed): ASR_ct ×${round(Math.exp((0.5 / K_B) * (1 / 353.15 - 1 / 298.15)), 3)} at 80 °C`,
    ],
  };
}
