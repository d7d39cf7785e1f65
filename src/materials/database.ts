/**
 * The materials database: every material of data/published/ plus those a pressing lab uses daily.
 *
 * Rules (see the module README in the task brief and MODELS.md): a number comes from
 * data/published/ (citing the row's source and its confidence code) or from a named, verified
 * source; an engineering default the checker needs is marked "A" with the reason in its note;
 * anything else is `value: null, confidence: "U"`. Ranges keep the data's scatter in min/max.
 */
import type { Confidence, Material, Property, SampleForm } from "./types.js";
import { PROP } from "./types.js";

interface Range {
  min?: number;
  max?: number;
}

function prop(
  value: number,
  confidence: Exclude<Confidence, "U">,
  citations: string[],
  note?: string,
  range: Range = {},
): Property {
  const p: Property = { value, citations, confidence };
  if (range.min !== undefined) p.min = range.min;
  if (range.max !== undefined) p.max = range.max;
  if (note !== undefined) p.note = note;
  return p;
}

/** A measured transport property with the form of the sample it was measured on. */
function measuredOn(form: SampleForm, p: Property): Property {
  return { ...p, sampleForm: form };
}

/** An explicit unknown: says that we looked and why there is no number. */
function unknown(note: string, citations: string[] = []): Property {
  return { value: null, citations, confidence: "U", note };
}

// ---------------------------------------------------------------------------------------------
// Computed theoretical capacities. Kept as code so every number can be reproduced.
// Standard atomic weights (Prohaska2022, conventional values) and F (Tiesinga2021, exact since 2019).

const FARADAY = 96485.33212; // C/mol
const ATOMIC_WEIGHT: Record<string, number> = {
  Li: 6.94,
  C: 12.011,
  O: 15.999,
  Al: 26.982,
  Si: 28.085,
  P: 30.974,
  Ti: 47.867,
  Mn: 54.938,
  Fe: 55.845,
  Co: 58.933,
  Ni: 58.693,
  In: 114.82,
};

/** Molar mass [g/mol] of a formula given as element → count. */
export function molarMass(formula: Record<string, number>): number {
  let m = 0;
  for (const [el, n] of Object.entries(formula)) {
    const w = ATOMIC_WEIGHT[el];
    if (w === undefined) throw new Error(`no atomic weight for ${el}`);
    m += w * n;
  }
  return m;
}

/** Theoretical capacity [mAh/g]: n Li per formula unit of molar mass M: n·F / (3.6·M). */
export function theoreticalCapacity(formula: Record<string, number>, liPerFormula: number): number {
  return Math.round(((liPerFormula * FARADAY) / (3.6 * molarMass(formula))) * 10) / 10;
}

function capacity(formula: Record<string, number>, liPerFormula: number, note: string): Property {
  return prop(theoreticalCapacity(formula, liPerFormula), "C", ["Prohaska2022", "Tiesinga2021"], note);
}

// ---------------------------------------------------------------------------------------------
// Shared limits.

/** The contract's default densification pressure for cold-pressed sulfide and halide powders. */
const SULFIDE_DENSIFICATION = prop(
  250,
  "A",
  ["Adeli2019", "Doux2020", "Ohno2020"],
  "project default for the underdensified rule (CONTRACTS.md). Li6PS5Cl reached 0.87 relative density at 250 MPa (Adeli2019) and 0.82 at 370 MPa (Doux2020); six labs found 0.81-0.95 at 275-441 MPa (Ohno2020).",
);

const HALIDE_DENSIFICATION = prop(
  250,
  "A",
  ["Varkey2026"],
  "project default for the underdensified rule (CONTRACTS.md), as for sulfides. Li3YBrCl6 with 3 wt% SBR reached only 0.69 at 200 MPa and 0.79 at 350 MPa (Varkey2026), less than Li6PS5Cl reaches at similar pressure",
);

/** Cathode actives barely deform; the composite's density is set by the electrolyte filling gaps. */
const CATHODE_DENSIFICATION = prop(
  250,
  "A",
  ["Varkey2026", "Minnmann2021"],
  "default pressure for a composite cathode with this active material: NMC811 composites plateaued at 0.62-0.63 relative density from 200 to 350 MPa (Varkey2026); NCM-Li6PS5Cl composites reached 0.86 at 380 MPa (Minnmann2021). The active particles (E ~ 140 GPa) barely deform; the electrolyte fills the gaps",
);

const OXIDE_NOT_COLD_PRESSED = unknown(
  "garnet oxides are not densified by cold pressing at any lab-press pressure: they need sintering or hot pressing (the cited moduli were measured on hot-pressed pellets). See Cold-pressable [-] = 0",
  ["Ni2012", "Hu2021"],
);

function coldPressable(confidence: Exclude<Confidence, "U">, citations: string[], note: string): Property {
  return prop(1, confidence, citations, note);
}

const ASSUMED_COLD_PRESSABLE_SULFIDE = coldPressable(
  "A",
  ["Sakuda2013", "Doux2020"],
  "assumed like the other thiophosphates: sulfide glasses and argyrodites densify by cold pressing (Sakuda2013, Doux2020); no pressing data for this compound in data/published",
);

const ASSUMED_COLD_PRESSABLE_HALIDE = coldPressable(
  "A",
  ["Varkey2026"],
  "assumed like Li3YBrCl6, which densifies by cold pressing (Varkey2026); no pressing data for this compound in data/published",
);

const UNKNOWN_TEMPERATURE_MAX = unknown(
  "no verified hot-pressing or decomposition limit in data/published; left unknown rather than guessed",
);

/**
 * The die temperature up to which a soft metal's assembly pressure limit holds. Every published
 * limit and observation behind them (Doux2020's foils attached at 25 MPa, shorts at 75 MPa) is at
 * room temperature, and metal creep is thermally activated: Li at 25 °C already sits at 0.66 of its
 * melting point (NarayanAnand2018) with a creep exponent of 6.56 (Masias2019), so a warm die makes it
 * flow through the separator at pressures that are safe when cold. Beyond the tested range no limit
 * is known to hold; 35 °C allows a die that is merely warm to the touch.
 */
const SOFT_METAL_ASSEMBLY_TEMPERATURE = prop(
  35,
  "C",
  ["Doux2020", "Masias2019", "NarayanAnand2018"],
  "room temperature of the experiments behind the assembly limit plus 10 K; creep is thermally activated, so the pressure limit is not known to hold in a warmer die",
);

const NMC_PARTICLE_CRACKING = prop(
  510,
  "S",
  ["ReviewUnidentified"],
  "polycrystalline NCM particles crack heavily at 510 MPa; single crystals survive 1020 MPa (review quoted in materials.csv). Applies to polycrystalline grades",
);

// ---------------------------------------------------------------------------------------------

const materials: Material[] = [
  // ----- sulfide electrolytes -----
  {
    name: "Li6PS5Cl",
    aliases: ["LPSCl", "LPSC", "argyrodite", "Li6PS5Cl argyrodite"],
    class: "sulfide-electrolyte",
    description: "Chloride argyrodite thiophosphate; the most common cold-pressed sulfide separator.",
    properties: {
      [PROP.density]: prop(1.86, "D", ["Doux2020"], "also follows from the lattice parameter a = 9.8598 A"),
      [PROP.youngsModulus]: prop(
        22.1,
        "D",
        ["Deng2016"],
        "DFT (dense crystal); a cold-pressed pellet with 13 % porosity measured 4.7 GPa in bending",
      ),
      [PROP.poissonRatio]: prop(0.37, "D", ["Deng2016"], "DFT"),
      [PROP.conductivity]: measuredOn(
        "cold-pressed",
        prop(
          2.25,
          "D",
          ["Doux2020"],
          "pellet pressed at 370 MPa; 2-2.5 mS/cm. The same batch measured in 8 labs spread 0.44-2.98 mS/cm (Ohno2020)",
          { min: 2, max: 2.5 },
        ),
      ),
      [PROP.densificationPressure]: SULFIDE_DENSIFICATION,
      [PROP.coldPressable]: coldPressable(
        "D",
        ["Doux2020", "Adeli2019", "Ohno2020"],
        "cold-pressed pellets reach 0.81-0.95 relative density at 250-441 MPa",
      ),
      [PROP.fracturePressure]: prop(
        750,
        "V",
        ["Yan2026"],
        "a stepwise protocol fractured the pellet at 750 MPa; 625 MPa caused delamination; a 375 MPa pre-press worked best (vendor summary, low confidence)",
      ),
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "Li6PS5Cl (microcrystalline)",
    aliases: ["Li6PS5Cl-microcrystalline", "microcrystalline Li6PS5Cl"],
    class: "sulfide-electrolyte",
    description: "Microcrystalline Li6PS5Cl powder whose conductivity depends strongly on stack pressure.",
    properties: {
      [PROP.density]: prop(1.86, "D", ["Doux2020"], "same compound as Li6PS5Cl; Cronau2021 used 1.860 too"),
      [PROP.conductivity]: measuredOn(
        "cold-pressed",
        prop(
          2.88,
          "F",
          ["Cronau2021"],
          "fabricated at 487 MPa: plateau 2.88-3.46 mS/cm at stack pressure >= 146 MPa; about 2.07 at 49 MPa and 2.31 at 68 MPa stack",
          { min: 2.88, max: 3.46 },
        ),
      ),
      [PROP.densificationPressure]: SULFIDE_DENSIFICATION,
      [PROP.coldPressable]: coldPressable(
        "F",
        ["Cronau2021"],
        "0.79 relative density at 195 MPa, 0.83 at 292 MPa",
      ),
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "Li6PS5Cl (glass-ceramic)",
    aliases: ["Li6PS5Cl-glass-ceramic", "glass-ceramic Li6PS5Cl"],
    class: "sulfide-electrolyte",
    description: "Glass-ceramic Li6PS5Cl powder: lower conductivity, little stack-pressure dependence.",
    properties: {
      [PROP.density]: prop(1.86, "D", ["Doux2020"], "same compound as Li6PS5Cl; Cronau2021 used 1.860 too"),
      [PROP.conductivity]: measuredOn(
        "cold-pressed",
        prop(1.02, "F", ["Cronau2021"], "plateau after fabrication at 487 MPa; 0.705 mS/cm after 195 MPa", {
          min: 0.705,
          max: 1.02,
        }),
      ),
      [PROP.densificationPressure]: SULFIDE_DENSIFICATION,
      [PROP.coldPressable]: coldPressable(
        "F",
        ["Cronau2021"],
        "0.74 relative density at 195 MPa, 0.81 at 487 MPa",
      ),
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "Li6PS5Br",
    aliases: ["LPSBr", "Li6PS5Br argyrodite"],
    class: "sulfide-electrolyte",
    description: "Bromide argyrodite thiophosphate.",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.youngsModulus]: prop(25.3, "D", ["Deng2016"], "DFT"),
      [PROP.densificationPressure]: SULFIDE_DENSIFICATION,
      [PROP.coldPressable]: ASSUMED_COLD_PRESSABLE_SULFIDE,
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "Li5.5PS4.5Cl1.5",
    aliases: ["LPSCl1.5", "Li5.5PS4.5Cl1.5 argyrodite"],
    class: "sulfide-electrolyte",
    description:
      "Chlorine-rich argyrodite (Li6-xPS5-xCl1+x, x = 0.5) with higher conductivity than Li6PS5Cl.",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.conductivity]: unknown(
        "Adeli2019 studied Li6-xPS5-xCl1+x up to x = 0.5 (this composition); the conductivity number was not verified here",
        ["Adeli2019"],
      ),
      [PROP.densificationPressure]: SULFIDE_DENSIFICATION,
      [PROP.coldPressable]: ASSUMED_COLD_PRESSABLE_SULFIDE,
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "Li3PS4",
    aliases: ["beta-Li3PS4", "β-Li3PS4", "b-Li3PS4", "LPS"],
    class: "sulfide-electrolyte",
    description:
      "Crystalline beta-Li3PS4 thiophosphate (nanoporous beta phase stabilised at room temperature).",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.youngsModulus]: prop(29.5, "D", ["Deng2016"], "DFT, beta phase"),
      [PROP.conductivity]: measuredOn(
        "cold-pressed",
        prop(
          0.16,
          "S",
          ["Liu2013"],
          "nanoporous beta-Li3PS4 (THF route), pellet at 25 °C; 1.6e-4 S/cm as quoted by later work (Kaup et al. 2018 put it one order of magnitude below their 1.22 mS/cm); the primary text was not read here. Range 0.1-0.2 mS/cm",
          { min: 0.1, max: 0.2 },
        ),
      ),
      [PROP.densificationPressure]: SULFIDE_DENSIFICATION,
      [PROP.coldPressable]: ASSUMED_COLD_PRESSABLE_SULFIDE,
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "75Li2S-25P2S5 glass",
    aliases: ["75Li2S-25P2S5", "75Li2S-25P2S5-glass", "LPS glass", "Li3PS4 glass"],
    class: "sulfide-electrolyte",
    description: "Li2S-P2S5 glass (75:25 mol) made by ball milling; densifies well by cold pressing.",
    properties: {
      [PROP.density]: prop(1.88, "D", ["Sakuda2013"]),
      [PROP.youngsModulus]: prop(24, "D", ["Sakuda2013"], "ultrasonic measurement"),
      [PROP.conductivity]: measuredOn(
        "cold-pressed",
        prop(0.31, "D", ["Sakuda2013"], "cold pressed at 360 MPa; hot-pressed bulk 0.34 mS/cm"),
      ),
      [PROP.densificationPressure]: prop(
        250,
        "A",
        ["Sakuda2013"],
        "project default for the underdensified rule (CONTRACTS.md); under load the glass is ~0.83 dense at 250 MPa and > 0.90 above 350 MPa (Sakuda2013)",
      ),
      [PROP.coldPressable]: coldPressable(
        "D",
        ["Sakuda2013"],
        "> 90 % relative density under load above 350 MPa",
      ),
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "Li10GeP2S12",
    aliases: ["LGPS"],
    class: "sulfide-electrolyte",
    description: "Tetragonal LGPS-type thiophosphate superionic conductor.",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.youngsModulus]: prop(21.7, "D", ["Deng2016"], "DFT"),
      [PROP.conductivity]: measuredOn(
        "unknown",
        prop(
          12,
          "P",
          ["Kamaya2011"],
          "27 °C, as reported by the discoverers; the pellet's preparation was not checked here, and Kuhn2013 trace ~10 mS/cm to Li hopping in the bulk lattice: treated as a bulk value, not a cold-pressed one",
        ),
      ),
      [PROP.activationEnergy]: prop(
        0.22,
        "D",
        ["Kuhn2013"],
        "nearly isotropic Li hopping in the bulk lattice of tetragonal LGPS (impedance and NMR)",
      ),
      [PROP.densificationPressure]: SULFIDE_DENSIFICATION,
      [PROP.coldPressable]: ASSUMED_COLD_PRESSABLE_SULFIDE,
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "Li7P3S11",
    aliases: ["70Li2S-30P2S5 glass-ceramic", "LPS glass-ceramic"],
    class: "sulfide-electrolyte",
    description: "Li2S-P2S5 glass-ceramic whose superionic crystal phase is Li7P3S11.",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.youngsModulus]: prop(21.9, "D", ["Deng2016"], "DFT"),
      [PROP.conductivity]: measuredOn(
        "heat-treated",
        prop(
          17,
          "P",
          ["Seino2014"],
          "heat-treated glass-ceramic (the heat treatment reduced grain-boundary resistance and voids); not a cold-pressed value",
        ),
      ),
      [PROP.activationEnergy]: prop(
        0.176,
        "C",
        ["Seino2014"],
        "17 kJ/mol (Seino2014) = 0.176 eV; heat-treated glass-ceramic",
      ),
      [PROP.densificationPressure]: SULFIDE_DENSIFICATION,
      [PROP.coldPressable]: ASSUMED_COLD_PRESSABLE_SULFIDE,
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "t-Li7SiPS8",
    aliases: ["Li7SiPS8", "tetragonal Li7SiPS8"],
    class: "sulfide-electrolyte",
    description: "Tetragonal LGPS-type Li7SiPS8; hard to compact, conductivity rises with stack pressure.",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.conductivity]: measuredOn(
        "cold-pressed",
        prop(
          4.1,
          "D",
          ["Schneider2023"],
          "< 50 um powder at 500 MPa fabrication and stack pressure (0.3 mS/cm at 10 MPa); > 50 um powder 5.7 mS/cm (0.7 at 10 MPa); falls above ~0.5 GPa",
          { min: 0.3, max: 5.7 },
        ),
      ),
      [PROP.heckelYieldPressure]: prop(
        950,
        "D",
        ["Schneider2023"],
        "< 50 um powder; > 50 um powder 1650 MPa. About 4 % thickness recovery on release",
        { min: 950, max: 1650 },
      ),
      [PROP.densificationPressure]: prop(
        250,
        "A",
        ["Schneider2023"],
        "project default for the underdensified rule, kept for consistency; this material needs far more: 90-95 % dense only above ~1 GPa (Schneider2023), so expect low density at 250-500 MPa",
        { max: 1000 },
      ),
      [PROP.coldPressable]: coldPressable(
        "D",
        ["Schneider2023"],
        "densifies by cold pressing, but only at ~1 GPa",
      ),
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },

  // ----- halide electrolytes -----
  {
    name: "Li3InCl6",
    aliases: ["LIC", "lithium indium chloride"],
    class: "halide-electrolyte",
    description: "Monoclinic lithium indium chloride; oxidation-stable halide electrolyte for 4 V cathodes.",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.conductivity]: unknown(
        "reported values depend strongly on the synthesis route; none verified for adoption here",
      ),
      [PROP.densificationPressure]: HALIDE_DENSIFICATION,
      [PROP.coldPressable]: ASSUMED_COLD_PRESSABLE_HALIDE,
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "Li3YCl6",
    aliases: ["LYC", "lithium yttrium chloride"],
    class: "halide-electrolyte",
    description: "Trigonal lithium yttrium chloride halide electrolyte.",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.conductivity]: unknown("no verified value found"),
      [PROP.densificationPressure]: HALIDE_DENSIFICATION,
      [PROP.coldPressable]: ASSUMED_COLD_PRESSABLE_HALIDE,
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },
  {
    name: "Li3YBrCl6",
    aliases: ["LYBC"],
    class: "halide-electrolyte",
    description: "Mixed bromide-chloride lithium yttrium halide (name as written in the source data).",
    properties: {
      [PROP.density]: prop(2.6, "D", ["Varkey2026"]),
      [PROP.youngsModulus]: prop(10.58, "D", ["Varkey2026"]),
      [PROP.densificationPressure]: HALIDE_DENSIFICATION,
      [PROP.coldPressable]: coldPressable(
        "D",
        ["Varkey2026"],
        "with 3 wt% SBR: 0.55 relative density as poured, 0.75 at 300 MPa, 0.79 at 350 MPa",
      ),
      [PROP.temperatureMax]: UNKNOWN_TEMPERATURE_MAX,
    },
  },

  // ----- oxide electrolytes -----
  {
    name: "LLZO",
    aliases: ["Li7La3Zr2O12", "LLZO (Al-doped cubic)", "Al-LLZO", "c-LLZO"],
    class: "oxide-electrolyte",
    description: "Al-doped cubic garnet Li7La3Zr2O12; stiff ceramic densified by sintering or hot pressing.",
    properties: {
      [PROP.density]: unknown("no verified theoretical density found (depends on the dopant level)"),
      [PROP.youngsModulus]: prop(
        149.8,
        "P",
        ["Ni2012"],
        "hot-pressed Li6.24La3Zr2Al0.24O11.98 at porosity 0.03 (132.6 GPa at porosity 0.06)",
      ),
      [PROP.vickersHardness]: prop(6.3, "P", ["Ni2012"], "porosity 0.03 (5.2 GPa at porosity 0.06)"),
      [PROP.flexuralStrength]: prop(150, "P", ["GarnetAbstract"], "dense LLZO"),
      [PROP.densificationPressure]: OXIDE_NOT_COLD_PRESSED,
      [PROP.coldPressable]: prop(
        0,
        "A",
        ["Ni2012", "Hu2021"],
        "classification: garnet pellets reach high density only by sintering or hot pressing (both cited studies hot-pressed); a cold-pressed garnet layer stays porous",
      ),
    },
  },
  {
    name: "LLZTO",
    aliases: ["Li6.4La3Zr1.4Ta0.6O12", "Ta-LLZO", "Ta-doped LLZO"],
    class: "oxide-electrolyte",
    description: "Ta-doped cubic garnet Li6.4La3Zr1.4Ta0.6O12; densified by sintering or hot pressing.",
    properties: {
      [PROP.density]: unknown("no verified theoretical density found"),
      [PROP.youngsModulus]: prop(
        158.47,
        "P",
        ["Hu2021"],
        "nanoindentation, hot-pressed pellet of 98 % relative density",
      ),
      [PROP.fractureToughness]: prop(
        1.51,
        "P",
        ["Hu2021"],
        "rises from 0.44 at 83 % to 1.51 MPa m^0.5 at 98 % relative density (intergranular to transgranular fracture)",
        { min: 0.44, max: 1.51 },
      ),
      [PROP.conductivity]: measuredOn(
        "hot-pressed",
        prop(0.454, "P", ["Hu2021"], "densest hot-pressed pellet"),
      ),
      [PROP.densificationPressure]: OXIDE_NOT_COLD_PRESSED,
      [PROP.coldPressable]: prop(
        0,
        "A",
        ["Hu2021"],
        "classification: garnet pellets reach high density only by sintering or hot pressing (the cited study hot-pressed); a cold-pressed garnet layer stays porous",
      ),
    },
  },

  // ----- cathode actives -----
  {
    name: "NMC811",
    aliases: ["NCM811", "LiNi0.8Mn0.1Co0.1O2", "LiNi0.8Co0.1Mn0.1O2"],
    class: "cathode-active",
    description: "Ni-rich layered oxide LiNi0.8Mn0.1Co0.1O2 (polycrystalline unless stated).",
    properties: {
      [PROP.density]: prop(4.81, "D", ["Varkey2026"], "midpoint of the reported 4.75-4.87 g/cm3", {
        min: 4.75,
        max: 4.87,
      }),
      [PROP.youngsModulus]: prop(
        138,
        "D",
        ["Varkey2026"],
        "nanoindentation 138 +- 24 GPa; reported as 138-140",
        {
          min: 138,
          max: 140,
        },
      ),
      [PROP.volumeChange]: prop(
        -6.53,
        "F",
        ["Koerver2018"],
        "unit-cell volume change on delithiation to x = 0.151 (digitized curve); shrinks mostly below x ~ 0.3",
      ),
      [PROP.fracturePressure]: NMC_PARTICLE_CRACKING,
      [PROP.densificationPressure]: CATHODE_DENSIFICATION,
      [PROP.specificCapacity]: capacity(
        { Li: 1, Ni: 0.8, Mn: 0.1, Co: 0.1, O: 2 },
        1,
        "theoretical, one Li per formula unit; the reversible capacity is lower",
      ),
    },
  },
  {
    name: "NMC622",
    aliases: ["NCM622", "LiNi0.6Mn0.2Co0.2O2", "LiNi0.6Co0.2Mn0.2O2"],
    class: "cathode-active",
    description: "Layered oxide LiNi0.6Mn0.2Co0.2O2 (polycrystalline unless stated).",
    properties: {
      [PROP.density]: prop(4.48, "S", ["Miss2026"], "quoted by Miss2026 from Hua2020"),
      [PROP.fracturePressure]: NMC_PARTICLE_CRACKING,
      [PROP.densificationPressure]: CATHODE_DENSIFICATION,
      [PROP.specificCapacity]: capacity(
        { Li: 1, Ni: 0.6, Mn: 0.2, Co: 0.2, O: 2 },
        1,
        "theoretical, one Li per formula unit; the reversible capacity is lower",
      ),
    },
  },
  {
    name: "NCA",
    aliases: ["LiNi0.8Co0.15Al0.05O2", "NCA80"],
    class: "cathode-active",
    description: "Ni-rich layered oxide LiNi0.8Co0.15Al0.05O2.",
    properties: {
      [PROP.density]: prop(4.74, "S", ["MaterialLibrary"]),
      [PROP.volumeChange]: prop(
        -5.72,
        "F",
        ["Koerver2018"],
        "unit-cell volume change on delithiation to x = 0.169 (digitized curve)",
      ),
      [PROP.densificationPressure]: CATHODE_DENSIFICATION,
      [PROP.specificCapacity]: capacity(
        { Li: 1, Ni: 0.8, Co: 0.15, Al: 0.05, O: 2 },
        1,
        "theoretical, one Li per formula unit; the reversible capacity is lower",
      ),
    },
  },
  {
    name: "LiCoO2",
    aliases: ["LCO", "lithium cobalt oxide"],
    class: "cathode-active",
    description: "Layered lithium cobalt oxide.",
    properties: {
      [PROP.density]: prop(5.0, "S", ["MaterialLibrary"]),
      [PROP.youngsModulus]: prop(191, "S", ["MaterialLibrary"]),
      [PROP.volumeChange]: prop(
        2.19,
        "F",
        ["Koerver2018"],
        "non-monotonic: expands to +2.19 % at x = 0.6, then contracts to -1.05 % at x = 0.43 (digitized curve)",
        { min: -1.05, max: 2.19 },
      ),
      [PROP.densificationPressure]: CATHODE_DENSIFICATION,
      [PROP.specificCapacity]: capacity(
        { Li: 1, Co: 1, O: 2 },
        1,
        "theoretical, one Li per formula unit; only about half is used reversibly",
      ),
    },
  },
  {
    name: "LiFePO4",
    aliases: ["LFP", "lithium iron phosphate"],
    class: "cathode-active",
    description: "Olivine lithium iron phosphate.",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.densificationPressure]: CATHODE_DENSIFICATION,
      [PROP.specificCapacity]: capacity(
        { Li: 1, Fe: 1, P: 1, O: 4 },
        1,
        "theoretical, one Li per formula unit",
      ),
    },
  },

  // ----- anodes -----
  {
    name: "Li",
    aliases: ["Li metal", "lithium", "lithium metal", "Li foil"],
    class: "metal-anode",
    description: "Lithium metal foil: very soft, creeps at fractions of a MPa; shorts cells if pressed hard.",
    properties: {
      [PROP.density]: prop(0.534, "P", ["NarayanAnand2018"], "ambient"),
      [PROP.meltingPoint]: prop(180.5, "P", ["NarayanAnand2018"]),
      [PROP.temperatureMax]: prop(
        180.5,
        "P",
        ["NarayanAnand2018"],
        "the melting point; creep is already fast far below it",
      ),
      [PROP.youngsModulus]: prop(7.82, "D", ["Masias2019"], "polycrystal, pulse-echo, 26 degC"),
      [PROP.shearModulus]: prop(2.83, "D", ["Masias2019"], "polycrystal, pulse-echo, 26 degC"),
      [PROP.poissonRatio]: prop(0.381, "D", ["Masias2019"], "polycrystal, pulse-echo, 26 degC"),
      [PROP.yieldStrength]: prop(
        0.81,
        "D",
        ["Masias2019"],
        "compression, +-0.10 MPa over 4 specimens; tension 0.73-0.81 MPa. Micropillars reach 15-105 MPa (size effect, Xu2017)",
        { min: 0.71, max: 0.91 },
      ),
      [PROP.creepStressExponent]: prop(6.56, "D", ["Masias2019"], "tension 0.2-0.6 MPa, room temperature"),
      [PROP.assemblyPressureMax]: prop(
        50,
        "D",
        ["Doux2020"],
        "set below the measured failure: a Li|Li6PS5Cl|Li cell at 75 MPa shorted mechanically before any plating (Li creeps through the ~18 % porosity of the separator) and Doux2020 attached Li foil at only 25 MPa; 50 MPa is the lab-recipe consensus between the two and the contract's default for the anode-overpressure rule",
      ),
      [PROP.assemblyTemperatureMax]: SOFT_METAL_ASSEMBLY_TEMPERATURE,
      [PROP.operatingPressureMax]: prop(
        5,
        "D",
        ["Doux2020"],
        "Li|Li6PS5Cl|Li at 5 MPa ran 1000 h without a short; 10 MPa shorted at 474 h, 25 MPa at 48 h, 75 MPa at once (one cell per point, 82 % dense separator, 75 uA/cm2)",
      ),
      [PROP.specificCapacity]: capacity({ Li: 1 }, 1, "theoretical"),
      "Thickness per areal capacity [um cm2/mAh]": prop(
        4.85,
        "C",
        ["NarayanAnand2018"],
        "dense Li plated or stripped per mAh/cm2, computed from the density 0.534 g/cm3",
      ),
    },
  },
  {
    name: "In",
    aliases: ["indium", "In foil", "indium foil"],
    class: "alloy-anode",
    description: "Indium foil; alloys with Li to InLi and is the usual counter electrode of lab cells.",
    properties: {
      [PROP.density]: prop(7.31, "S", ["Haynes2016"], "handbook value, near room temperature"),
      [PROP.meltingPoint]: prop(156.6, "S", ["Haynes2016"], "handbook value (156.60 degC)"),
      [PROP.temperatureMax]: prop(156.6, "S", ["Haynes2016"], "the melting point"),
      [PROP.poissonRatio]: prop(0.45, "P", ["KimLedbetter1998"], "polycrystal, ultrasonic, room temperature"),
      [PROP.volumeChange]: prop(
        106,
        "S",
        ["ReviewUnidentified"],
        "In -> LiIn on full lithiation, as the data quote it. Contradicted by the crystal structures (In 15.7, LiIn 23.6 cm3/mol: +50 %, 7.9 cm3 per mol Li); the stack model uses the crystal-structure value (src/models/fit/stack.ts)",
      ),
      [PROP.assemblyPressureMax]: prop(
        120,
        "A",
        ["Doux2020"],
        "assumption: no measured limit for In foil was found; set to the 120 MPa at which Doux2020 pressed Li-In powder anodes onto the separator. Indium is soft and extrudes at high pressure",
      ),
      [PROP.assemblyTemperatureMax]: SOFT_METAL_ASSEMBLY_TEMPERATURE,
      [PROP.operatingPressureMax]: prop(
        100,
        "A",
        ["Koerver2018", "Zhang2017"],
        "assumption, not a measured limit: cells with In/LiIn anodes run at ~60-70 MPa in lab practice (Koerver2018; e.g. In|LGPS|LCO at 61.8 MPa in Zhang2017); set above that band so such cells are not flagged",
      ),
      [PROP.specificCapacity]: capacity({ In: 1 }, 1, "theoretical for In -> LiIn"),
    },
  },
  {
    name: "LiIn",
    aliases: ["Li-In", "Li–In", "InLi", "Li-In alloy", "Li-In anode", "lithium-indium"],
    class: "alloy-anode",
    description:
      "Lithium-indium alloy anode (InLi, usually with excess In): tolerates far more pressure than Li.",
    properties: {
      [PROP.density]: prop(
        5.17,
        "C",
        ["ZintlBrauer1933", "Mehl2017"],
        "from the crystal structure: NaTl type, a = 6.79 A, 8 LiIn per cubic cell, M = 121.76 g/mol (data/published/interfaces.csv); 5.14-5.19 for a = 6.80-6.78 A",
        { min: 5.14, max: 5.19 },
      ),
      [PROP.assemblyPressureMax]: prop(
        120,
        "D",
        ["Doux2020"],
        "documented safe value: Doux2020 pressed Li-In powder anodes onto the separator at 120 MPa, and a Li-In full cell at 25 MPa cycled where Li metal failed. Not a measured upper limit",
      ),
      [PROP.assemblyTemperatureMax]: SOFT_METAL_ASSEMBLY_TEMPERATURE,
      [PROP.operatingPressureMax]: prop(
        100,
        "A",
        ["Koerver2018", "Zhang2017"],
        "assumption, not a measured limit: cells with In/LiIn anodes run at ~60-70 MPa in lab practice (Koerver2018; e.g. In|LGPS|LCO at 61.8 MPa in Zhang2017). MODELS.md requires that a Li-In anode at 75 MPa is not predicted to short, so the limit sits above that band",
      ),
      [PROP.temperatureMax]: prop(
        156.6,
        "A",
        ["Haynes2016"],
        "assumption: Li-In anodes are usually In-rich (In + InLi two-phase), and the free In melts at 156.6 degC",
      ),
    },
  },
  {
    name: "graphite",
    aliases: ["natural graphite", "artificial graphite"],
    class: "anode-active",
    description: "Graphite intercalation anode (LixC6).",
    properties: {
      [PROP.density]: prop(
        2.26,
        "S",
        ["Haynes2016"],
        "crystallographic density of graphite (handbook); natural and synthetic powders 2.1-2.26 g/cm3, as the stack model samples it",
        { min: 2.1, max: 2.26 },
      ),
      [PROP.volumeChange]: prop(
        13.17,
        "F",
        ["Schweidler2018"],
        "at x = 0.949 in LixC6, end of the digitized curve",
      ),
      [PROP.specificCapacity]: capacity({ C: 6 }, 1, "theoretical, LiC6, per gram of carbon"),
    },
  },
  {
    name: "Si",
    aliases: ["silicon"],
    class: "anode-active",
    description: "Silicon alloy anode; expands several-fold on lithiation.",
    properties: {
      [PROP.density]: prop(2.329, "S", ["Haynes2016"], "crystalline Si, handbook value"),
      [PROP.meltingPoint]: prop(1414, "S", ["Haynes2016"], "handbook value"),
      [PROP.volumeChange]: unknown(
        "data/published/volume-change.csv notes 8.85 cm3 per mol Li for a-Si -> Li15Si4 but gives no source",
      ),
      [PROP.specificCapacity]: capacity({ Si: 1 }, 3.75, "theoretical for Li15Si4 (3.75 Li per Si)"),
    },
  },
  {
    name: "Li4Ti5O12",
    aliases: ["LTO", "lithium titanate"],
    class: "anode-active",
    description: "Spinel lithium titanate anode with very small volume change.",
    properties: {
      [PROP.density]: unknown("no verified crystallographic density found"),
      [PROP.specificCapacity]: capacity({ Li: 4, Ti: 5, O: 12 }, 3, "theoretical, 3 Li per Li4Ti5O12"),
    },
  },

  // ----- additives and binders -----
  {
    name: "VGCF",
    aliases: ["vapor-grown carbon fiber", "vapour-grown carbon fibre", "carbon fiber"],
    class: "additive",
    description: "Vapor-grown carbon fibres: electronic conductor in composite electrodes.",
    properties: {
      [PROP.density]: unknown("no verified value found (vendor data only)"),
    },
  },
  {
    name: "carbon black",
    aliases: ["Super P", "C65", "Super C65", "CB"],
    class: "additive",
    description: "Conductive carbon black: electronic conductor in composite electrodes.",
    properties: {
      [PROP.density]: unknown("no verified value found (vendor data only)"),
    },
  },
  {
    name: "SBR",
    aliases: ["styrene-butadiene rubber"],
    class: "binder",
    description: "Styrene-butadiene rubber binder (Varkey2026 used 3 wt% in halide separators).",
    properties: {
      [PROP.density]: unknown("no verified value found"),
    },
  },
];

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/**
 * The database. Frozen: shared limits are the same objects in several records, so an accidental
 * edit would silently change many materials.
 */
export const MATERIALS: readonly Material[] = deepFreeze(materials);
