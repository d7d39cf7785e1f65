/**
 * The sources behind every number in the materials database. Keys follow the AuthorYear style of
 * data/published/references.csv; every row of that file is here, plus the sources added for numbers
 * the published data do not hold (handbook values, constants for computed capacities).
 */

export interface Reference {
  key: string;
  authors: string;
  title: string;
  /** Journal with volume and first page, publisher, or "vendor documentation". */
  journal: string;
  year?: number;
  doi?: string;
  note?: string;
}

/** The rows of data/published/references.csv, transcribed field by field. */
const SHARED_DATA_REFERENCES: Reference[] = [
  {
    key: "Heckel1961",
    authors: "Heckel R.W.",
    title: "Density-pressure relationships in powder compaction",
    journal: "Transactions of the Metallurgical Society of AIME 221 671",
    year: 1961,
    note: "compaction law: ln(1/(1-D)) = K P + A with A = ln(1/(1-D0)) + B (rearrangement)",
  },
  {
    key: "PhaniNiyogi1987",
    authors: "Phani K.K., Niyogi S.K.",
    title: "Young's modulus of porous brittle solids",
    journal: "Journal of Materials Science 22 257",
    year: 1987,
    doi: "10.1007/BF01160581",
    note: "E = E0 (1 - a P)^n for porous brittle solids",
  },
  {
    key: "Doux2020",
    authors: "Doux J.-M., Nguyen H., Tan D.H.S., Banerjee A., Wang X., Wu E.A., Jo C., Yang H., Meng Y.S.",
    title: "Stack pressure considerations for room-temperature all-solid-state lithium metal batteries",
    journal: "Advanced Energy Materials 10 1903253",
    year: 2020,
    doi: "10.1002/aenm.201903253",
    note: "arXiv 1910.02118",
  },
  {
    key: "Masias2019",
    authors: "Masias A., Felten N., Garcia-Mendez R., Wolfenstine J., Sakamoto J.",
    title: "Elastic, plastic, and creep mechanical properties of lithium metal",
    journal: "Journal of Materials Science 54 2585",
    year: 2019,
    doi: "10.1007/s10853-018-2971-3",
  },
  {
    key: "NarayanAnand2018",
    authors: "Narayan S., Anand L.",
    title: "A large deformation elastic-viscoplastic model for lithium",
    journal: "Extreme Mechanics Letters 24 21",
    year: 2018,
    doi: "10.1016/j.eml.2018.08.006",
  },
  {
    key: "Deng2016",
    authors: "Deng Z., Wang Z., Chu I.-H., Luo J., Ong S.P.",
    title:
      "Elastic properties of alkali superionic conductor electrolytes from first principles calculations",
    journal: "Journal of The Electrochemical Society 163 A67",
    year: 2016,
    doi: "10.1149/2.0061602jes",
    note: "DFT values",
  },
  {
    key: "Sakuda2013",
    authors: "Sakuda A., Hayashi A., Tatsumisago M.",
    title: "Sulfide solid electrolyte with favorable mechanical property for all-solid-state lithium battery",
    journal: "Scientific Reports 3 2261",
    year: 2013,
    doi: "10.1038/srep02261",
  },
  {
    key: "Ohno2020",
    authors: "Ohno S. et al.",
    title:
      "How certain are the reported ionic conductivities of thiophosphate-based solid electrolytes? An interlaboratory study",
    journal: "ACS Energy Letters 5 910",
    year: 2020,
  },
  {
    key: "Cronau2021",
    authors: "Cronau M., Szabo M., König C., Wassermann T.B., Roling B.",
    title:
      "How to measure a reliable ionic conductivity? The stack pressure dilemma of microcrystalline sulfide-based solid electrolytes",
    journal: "ACS Energy Letters 6 3072",
    year: 2021,
  },
  {
    key: "Adeli2019",
    authors: "Adeli P. et al.",
    title:
      "Boosting solid-state diffusivity and conductivity in lithium superionic argyrodites by halide substitution",
    journal: "Angewandte Chemie",
    year: 2019,
    note: "via secondary source",
  },
  {
    key: "Schneider2023",
    authors: "Schneider et al.",
    title: "Pelletizing of t-Li7SiPS8 (compaction and conductivity under pressure)",
    journal: "Advanced Energy Materials 13 2203873",
    year: 2023,
    doi: "10.1002/aenm.202203873",
  },
  {
    key: "Varkey2026",
    authors: "Varkey et al.",
    title: "Compaction of halide-electrolyte separators and NMC811 composite cathodes",
    journal: "Advanced Powder Technology 37 105338",
    year: 2026,
  },
  {
    key: "Koerver2018",
    authors:
      "Koerver R., Zhang W., de Biasi L., Schweidler S., Kondrakov A.O., Kolling S., Brezesinski T., Hartmann P., Zeier W.G., Janek J.",
    title:
      "Chemo-mechanical expansion of lithium electrode materials – on the route to mechanically optimized all-solid-state batteries",
    journal: "Energy & Environmental Science 11 2142",
    year: 2018,
  },
  {
    key: "Schweidler2018",
    authors: "Schweidler S. et al.",
    title:
      "Investigation into mechanical degradation and fatigue of high-Ni NCM cathode material (graphite volume change)",
    journal: "Journal of Physical Chemistry C 122 8829",
    year: 2018,
  },
  {
    key: "Zhang2017",
    authors: "Zhang W. et al.",
    title:
      "The detrimental effects of carbon additives in Li10GeP2S12-based solid-state batteries (in-situ pressure monitoring)",
    journal: "Journal of Materials Chemistry A 5 9929",
    year: 2017,
  },
  {
    key: "Kondrakov2017",
    authors: "Kondrakov A.O. et al.",
    title: "Charge-transfer-induced lattice collapse in Ni-rich NCM cathode materials during delithiation",
    journal: "Journal of Physical Chemistry C 121 3286",
    year: 2017,
  },
  {
    key: "Krauskopf2019",
    authors: "Krauskopf T., Hartmann H., Zeier W.G., Janek J.",
    title:
      "Toward a fundamental understanding of the lithium metal anode in solid-state batteries — an electrochemo-mechanical study on the garnet-type solid electrolyte",
    journal: "ACS Applied Materials & Interfaces 11 14463",
    year: 2019,
    doi: "10.1021/acsami.9b02537",
  },
  {
    key: "Kasemchainan2019",
    authors: "Kasemchainan J. et al.",
    title:
      "Critical stripping current leads to dendrite formation on plating in lithium anode solid electrolyte cells",
    journal: "Nature Materials 18 1105",
    year: 2019,
    doi: "10.1038/s41563-019-0438-9",
  },
  {
    key: "Lee2020",
    authors: "Lee Y.-G. et al.",
    title:
      "High-energy long-cycling all-solid-state lithium metal batteries enabled by silver–carbon composite anodes",
    journal: "Nature Energy 5 299",
    year: 2020,
  },
  {
    key: "Li2025",
    authors: "Li Q., Liu H., Ye Y., Li K.J., Wu F., Li L., Chen R.",
    title: "The critical importance of stack pressure in batteries",
    journal: "Nature Energy 10 1064",
    year: 2025,
    doi: "10.1038/s41560-025-01820-x",
    note: "survey of reported pressures",
  },
  {
    key: "Specac",
    authors: "Specac Ltd.",
    title: "13 mm evacuable pellet die: maximum load (FAQ)",
    journal: "vendor documentation",
    note: "vendor",
  },
  {
    key: "Yan2026",
    authors: "Yan et al.",
    title: "Stepwise pressing of Li6PS5Cl cells",
    journal: "Journal of Colloid and Interface Science",
    year: 2026,
    note: "vendor summary only; low confidence",
  },
  {
    key: "Miss2026",
    authors: "Miß V., Lange M., Staubitz A., Roling B.",
    title: "In-situ thickness and conductivity of argyrodite pellets under pressure",
    journal: "ACS Applied Materials & Interfaces 18 32830",
    year: 2026,
    doi: "10.1021/acsami.6c03789",
  },
  {
    key: "Song2025",
    authors: "Song, Shi, Pakhare, Sheldon, Guduru",
    title: "Mechanical properties of cold-pressed Li6PS5Cl",
    journal: "ACS Applied Energy Materials 8 5636",
    year: 2025,
    note: "via secondary source",
  },
  {
    key: "Minnmann2021",
    authors: "Minnmann P. et al.",
    title: "Composite cathode microstructure and effective transport (NCM-Li6PS5Cl)",
    journal: "Journal of The Electrochemical Society 168 040537",
    year: 2021,
    note: "via secondary source",
  },
  {
    key: "Xu2017",
    authors: "Xu C. et al.",
    title: "Enhanced strength and temperature dependence of mechanical properties of Li at small scales",
    journal: "PNAS 114 57",
    year: 2017,
  },
  {
    key: "LePage2019",
    authors: "LePage W.S. et al.",
    title:
      "Lithium mechanics: roles of strain rate and temperature and implications for lithium metal batteries",
    journal: "Journal of The Electrochemical Society 166 A89",
    year: 2019,
    doi: "10.1149/2.0221902jes",
    note: "power-law creep of Li with a strong temperature dependence",
  },
  {
    key: "KintekFAQ",
    authors: "Kintek Press technical team",
    title:
      "Laboratory press FAQ pages on sulfide electrolyte pellets (Li7SiPS8 at 1.5 GPa; Li3PS4 at 510 MPa)",
    journal: "vendor documentation",
    year: 2026,
    note: "vendor summaries of unnamed papers; low confidence",
  },
  {
    key: "Akseli2013",
    authors: "Akseli I., Abebe A., Sprockel O., Cuitiño A.M.",
    title: "Mechanistic characterization of bilayer tablet formulations",
    journal: "Powder Technology 236 30",
    year: 2013,
    doi: "10.1016/j.powtec.2012.05.048",
  },
  {
    key: "Kuhn2013",
    authors: "Kuhn A., Duppel V., Lotsch B.V.",
    title: "Tetragonal Li10GeP2S12 and Li7GePS8 - exploring the Li ion dynamics in LGPS Li electrolytes",
    journal: "Energy & Environmental Science 6 3548",
    year: 2013,
    note: "bulk-lattice activation energy ~0.22 eV",
  },
  {
    key: "Seino2014",
    authors: "Seino Y., Ota T., Takada K., Hayashi A., Tatsumisago M.",
    title:
      "A sulphide lithium super ion conductor is superior to liquid ion conductors for use in rechargeable batteries",
    journal: "Energy & Environmental Science 7 627",
    year: 2014,
    doi: "10.1039/C3EE41655K",
  },
  {
    key: "Liu2013",
    authors:
      "Liu Z., Fu W., Payzant E.A., Yu X., Wu Z., Dudney N.J., Kiggans J., Hong K., Rondinone A.J., Liang C.",
    title: "Anomalous high ionic conductivity of nanoporous β-Li3PS4",
    journal: "Journal of the American Chemical Society 135 975",
    year: 2013,
    doi: "10.1021/ja3110895",
  },
  {
    key: "Famprikis2019",
    authors: "Famprikis T., Canepa P., Dawson J.A., Islam M.S., Masquelier C.",
    title: "Fundamentals of inorganic solid-state electrolytes for batteries",
    journal: "Nature Materials 18 1278",
    year: 2019,
    doi: "10.1038/s41563-019-0431-3",
    note: "ion conduction as a modified Arrhenius law sigma = (sigma0/T^m) exp(-Ea/kT), m typically -1",
  },
  {
    key: "IndiumCorp",
    authors: "Indium Corporation",
    title: "How soft is pure indium? (indium metal properties)",
    journal: "vendor documentation (blog)",
    note: "vendor",
  },
  {
    key: "AZoMIndium",
    authors: "AZoM",
    title: "Indium (In) - Properties and Applications",
    journal: "AZoM materials data sheet (ArticleID 9093)",
    note: "vendor-type summary; primary source not named",
  },
  {
    key: "Haruta2015",
    authors: "Haruta M., Shiraki S., Suzuki T., Kumatani A., Ohsawa T., Takagi Y., Shimizu R., Hitosugi T.",
    title:
      "Negligible negative space-charge layer effects at oxide-electrolyte/electrode interfaces of thin-film batteries",
    journal: "Nano Letters 15",
    year: 2015,
  },
  {
    key: "Kawasoko2018",
    authors: "Kawasoko H., Shiraki S., Suzuki T., Shimizu R., Hitosugi T.",
    title: "Extremely low resistance of Li3PO4 electrolyte/Li(Ni0.5Mn1.5)O4 electrode interfaces",
    journal: "ACS Applied Materials & Interfaces 10",
    year: 2018,
  },
  {
    key: "Nishio2022",
    authors:
      "Nishio K., Imazeki D., Kurushima K., Takeda Y., Edamura K., Nakayama R., Shimizu R., Hitosugi T.",
    title: "Immense reduction in interfacial resistance between sulfide electrolyte and positive electrode",
    journal: "ACS Applied Materials & Interfaces",
    year: 2022,
  },
  {
    key: "BowdenTabor1950",
    authors: "Bowden F.P., Tabor D.",
    title: "The Friction and Lubrication of Solids",
    journal: "Clarendon Press, Oxford",
    year: 1950,
    note: "real contact area of plastically deforming asperities = load / hardness",
  },
];

/**
 * Sources added by the materials module. The first four identify rows of materials.csv whose
 * source column is a description instead of a key; the rest back numbers the published data lack.
 */
const ADDED_REFERENCES: Reference[] = [
  {
    key: "Ni2012",
    authors: "Ni J.E., Case E.D., Sakamoto J.S., Rangasamy E., Wolfenstine J.B.",
    title: "Room temperature elastic moduli and Vickers hardness of hot-pressed LLZO cubic garnet",
    journal: "Journal of Materials Science 47 7978",
    year: 2012,
    note: 'the "hot-pressed garnet study" of materials.csv: its abstract gives E = 149.8 GPa and Vickers hardness 6.3 GPa at porosity 0.03 for hot-pressed Li6.24La3Zr2Al0.24O11.98',
  },
  {
    key: "Hu2021",
    authors: "Hu S., Xu P., de Vasconcelos L.S., Stanciu L., Ni H., Zhao K.",
    title: "Elastic modulus, hardness, and fracture toughness of Li6.4La3Zr1.4Ta0.6O12 solid electrolyte",
    journal: "Chinese Physics Letters 38 098401",
    year: 2021,
    doi: "10.1088/0256-307X/38/9/098401",
    note: 'the "LLZTO nanoindentation study" of materials.csv: hot-pressed pellets of 83-98 % relative density measured by nanoindentation',
  },
  {
    key: "KimLedbetter1998",
    authors: "Kim S., Ledbetter H.",
    title: "Low-temperature elastic constants of polycrystalline indium",
    journal: "Materials Science and Engineering A 252(1)",
    year: 1998,
    note: "ultrasonic pulse-echo, 300 K to 5 K; Poisson ratio 0.45 (materials.csv: Kim & Ledbetter 1998)",
  },
  {
    key: "ReviewUnidentified",
    authors: "unidentified",
    title: 'Review quoted as "review" in data/published/materials.csv',
    journal: "not identified",
    note: "the published data name no author or title for this review (NCM particle cracking at 510 MPa; In -> LiIn volume change); treat as secondary and low confidence until the primary source is found",
  },
  {
    key: "MaterialLibrary",
    authors: "unidentified",
    title: "Public battery material library (densities, moduli, digitized volume-change curves)",
    journal: "not identified",
    note: 'quoted as "material library" in data/published/materials.csv and volume-change.csv; secondary, source of each number not traced',
  },
  {
    key: "GarnetAbstract",
    authors: "unidentified",
    title: "Garnet (LLZO) conference abstract quoted in data/published/materials.csv",
    journal: "conference abstract, not identified",
    note: "flexural strength of dense LLZO; the published data give no authors or title",
  },
  {
    key: "Haynes2016",
    authors: "Haynes W.M. (ed.)",
    title: "CRC Handbook of Chemistry and Physics, 97th edition",
    journal: "CRC Press, Boca Raton",
    year: 2016,
    note: "handbook values for elements (melting points and densities of In and Si)",
  },
  {
    key: "ZintlBrauer1933",
    authors: "Zintl E., Brauer G.",
    title: "Über die Valenzelektronenregel und die Atomradien unedler Metalle in Legierungen",
    journal: "Zeitschrift für physikalische Chemie B 20 245",
    year: 1933,
    note: "NaTl-type (B32) structures of LiZn, LiCd, LiGa and LiIn; LiIn cubic, a ≈ 6.79 Å. The lattice parameter was not checked in the primary source in this project (stored literature search found no text giving it); the stack model samples 6.78–6.80 Å",
  },
  {
    key: "Mehl2017",
    authors: "Mehl M.J., Hicks D., Toher C., Levy O., Hanson R.M., Hart G.L.W., Curtarolo S.",
    title: "The AFLOW Library of Crystallographic Prototypes: Part 1",
    journal: "Computational Materials Science 136 S1",
    year: 2017,
    doi: "10.1016/j.commatsci.2017.01.017",
    note: "NaTl (B32) prototype AB_cF16_227_a_b: Fd-3m, A on 8a and B on 8b, so 8 formula units per cubic cell",
  },
  {
    key: "Kamaya2011",
    authors:
      "Kamaya N., Homma K., Yamakawa Y., Hirayama M., Kanno R., Yonemura M., Kamiyama T., Kato Y., Hama S., Kawamoto K., Mitsui A.",
    title: "A lithium superionic conductor",
    journal: "Nature Materials 10 682",
    year: 2011,
    doi: "10.1038/nmat3066",
  },
  {
    key: "Prohaska2022",
    authors: "Prohaska T. et al.",
    title: "Standard atomic weights of the elements 2021 (IUPAC Technical Report)",
    journal: "Pure and Applied Chemistry 94 573",
    year: 2022,
    note: "atomic weights used for computed theoretical capacities",
  },
  {
    key: "Tiesinga2021",
    authors: "Tiesinga E., Mohr P.J., Newell D.B., Taylor B.N.",
    title: "CODATA recommended values of the fundamental physical constants: 2018",
    journal: "Reviews of Modern Physics 93 025010",
    year: 2021,
    doi: "10.1103/RevModPhys.93.025010",
    note: "Faraday constant used for computed theoretical capacities",
  },
  {
    key: "Groover2010",
    authors: "Groover M.P.",
    title: "Fundamentals of Modern Manufacturing: Materials, Processes, and Systems, 4th edition",
    journal: "John Wiley & Sons, Hoboken",
    year: 2010,
    note: "extrusion analysis: Johnson's extrusion-strain equation eps_x = a + b ln(r_x), a = 0.8, b = 1.2-1.5 (used by the Li creep model)",
  },
  {
    key: "Weibull1951",
    authors: "Weibull W.",
    title: "A statistical distribution function of wide applicability",
    journal: "Journal of Applied Mechanics 18 293",
    year: 1951,
    note: "the weakest-link failure probability used by the fracture model",
  },
];

export const REFERENCES: Record<string, Reference> = Object.fromEntries(
  [...SHARED_DATA_REFERENCES, ...ADDED_REFERENCES].map((r) => [r.key, r]),
);

export function hasReference(key: string): boolean {
  return Object.hasOwn(REFERENCES, key);
}

/**
 * One-line citation: `Authors (Year). Title. Journal. doi:…`. An unknown key still yields a line
 * (marked as such) so a report never fails on a missing reference; tests guard the database.
 */
export function formatReference(key: string): string {
  const r = hasReference(key) ? REFERENCES[key] : undefined;
  if (r === undefined) return `${key} (unknown reference)`;
  const year = r.year === undefined ? "" : ` (${r.year})`;
  const doi = r.doi === undefined ? "" : ` doi:${r.doi}`;
  return `${sentence(r.authors + year)} ${sentence(r.title)} ${sentence(r.journal)}${doi}`;
}

/** Ends a citation part with one full stop ("Specac Ltd." must not become "Ltd.."). */
function sentence(s: string): string {
  return /[.?!]$/.test(s) ? s : `${s}.`;
}

/**
 * Source descriptions in data/published/*.csv that are not plain keys, and the keys they stand for.
 * Lets data-driven code (tests, fits) cite those rows correctly.
 */
const SOURCE_ALIASES: Record<string, string[]> = {
  "hot-pressed garnet study": ["Ni2012"],
  "LLZTO nanoindentation study": ["Hu2021"],
  "garnet conference abstract": ["GarnetAbstract"],
  "material library": ["MaterialLibrary"],
  review: ["ReviewUnidentified"],
  "Kim & Ledbetter 1998": ["KimLedbetter1998"],
};

/**
 * Reference keys for a `source` cell of the published CSV files: a plain key, a known description,
 * or a phrase such as "Song2025 via review" / "Xu2017 via NarayanAnand2018" (every AuthorYear
 * token that is a known key). Returns [] when nothing is known.
 */
export function sourceKeys(source: string): string[] {
  const s = source.trim();
  const alias = SOURCE_ALIASES[s];
  if (alias !== undefined) return [...alias];
  if (hasReference(s)) return [s];
  const tokens = s.match(/[A-Z][A-Za-z]*\d{4}/g) ?? [];
  return [...new Set(tokens)].filter(hasReference);
}
