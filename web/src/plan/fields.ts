/**
 * The planner's inputs: one entry per field of the form, with the body key POST /api/plan takes
 * (the `plan` CLI's options; the multi-word ones in the snake_case of its --stack file) and the
 * option names its error messages may use, so an error can be shown next to its field.
 */
export interface PlanField {
  key: string;
  label: string;
  /** Shown under the field: what it is and an example. */
  help: string;
  placeholder?: string;
  kind: "material" | "text" | "select";
  choices?: { value: string; label: string }[];
  /** Names the server's messages use for this field ("--separator-mass", "separator_mass", …). */
  names: string[];
}

/** The spellings of an option a message may use: --die-rating, "die_rating", die_rating, dieRating. */
function names(opt: string): string[] {
  const snake = opt.replace(/-/g, "_");
  const camel = opt.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
  // a one-word name bare ("die", "press") is too common in prose to mean the field
  return [...new Set([`--${opt}`, `"${snake}"`, ...(opt.includes("-") ? [snake, camel] : [])])];
}

export const PLAN_FIELDS: PlanField[] = [
  {
    key: "separator",
    label: "Separator electrolyte",
    help: "Required, e.g. Li6PS5Cl.",
    placeholder: "Li6PS5Cl",
    kind: "material",
    names: names("separator"),
  },
  {
    key: "cathode",
    label: "Cathode composite",
    help: 'Materials with wt%, e.g. "NMC811:70,Li6PS5Cl:30"; empty for none.',
    placeholder: "NMC811:70,Li6PS5Cl:30",
    kind: "material",
    names: names("cathode"),
  },
  {
    key: "anode",
    label: "Anode",
    help: "e.g. Li, LiIn, In, graphite; empty for none.",
    placeholder: "Li",
    kind: "material",
    names: names("anode"),
  },
  {
    key: "separator_mass",
    label: "Separator mass",
    help: "e.g. 80 mg (default: about 600 µm of pellet).",
    placeholder: "80 mg",
    kind: "text",
    names: names("separator-mass"),
  },
  {
    key: "cathode_mass",
    label: "Cathode mass",
    help: "e.g. 15 mg (default: about 2 mAh/cm²).",
    placeholder: "15 mg",
    kind: "text",
    names: names("cathode-mass"),
  },
  {
    key: "anode_thickness",
    label: "Anode foil thickness",
    help: "e.g. 50 um.",
    placeholder: "50 um",
    kind: "text",
    names: names("anode-thickness"),
  },
  {
    key: "die",
    label: "Die diameter",
    help: "e.g. 10 mm (default 10 mm).",
    placeholder: "10 mm",
    kind: "text",
    names: names("die"),
  },
  {
    key: "die_rating",
    label: "Die rating",
    help: "The die's maximum pressure, e.g. 740 MPa; optional.",
    placeholder: "740 MPa",
    kind: "text",
    names: names("die-rating"),
  },
  {
    key: "press",
    label: "Press capacity",
    help: "e.g. 10 t (metric tonne-force); optional.",
    placeholder: "10 t",
    kind: "text",
    names: names("press"),
  },
  {
    key: "press_type",
    label: "Press type",
    help: "Manual presses get settings in tonnes; heated ones can warm-press.",
    kind: "select",
    choices: [
      { value: "", label: "not said" },
      { value: "manual", label: "manual" },
      { value: "automatic", label: "automatic" },
      { value: "heated", label: "heated" },
    ],
    names: names("press-type"),
  },
  {
    key: "temperature",
    label: "Warm-press temperature",
    help: "Heated press only, e.g. 120 C; optional.",
    placeholder: "120 C",
    kind: "text",
    names: names("temperature"),
  },
  {
    key: "goal",
    label: "Goal",
    help: "What the protocol is for.",
    kind: "select",
    choices: [
      { value: "cycling", label: "a cell for cycling" },
      { value: "densify", label: "densify a pellet" },
      { value: "integrate-anode", label: "integrate the anode" },
    ],
    names: names("goal"),
  },
];

/**
 * The field an error message is about, when it names one: the longest name first, so
 * "--separator-mass" is not taken for "--separator"; a name counts only as a whole word.
 */
export function fieldOfMessage(message: string, fields: PlanField[] = PLAN_FIELDS): string | null {
  const candidates = fields
    .flatMap((f) => f.names.map((n) => ({ key: f.key, n })))
    .sort((a, b) => b.n.length - a.n.length);
  for (const { key, n } of candidates) {
    const escaped = n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(`(^|[^\\w-])${escaped}(?![\\w-])`, "i").test(message)) return key;
  }
  return null;
}
