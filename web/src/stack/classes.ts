/**
 * Fills for the material classes of the stack drawing. Chosen to stay apart for the common
 * colour-vision deficiencies (after Okabe and Ito) and light enough for the dark label on top; each
 * layer also carries its name and class in text, so colour is never the only cue.
 */
const FILLS: Record<string, string> = {
  "sulfide-electrolyte": "#f3e08a",
  "oxide-electrolyte": "#e9c39b",
  "halide-electrolyte": "#bfe3c9",
  "cathode-active": "#8fb8e8",
  "metal-anode": "#c7ccd3",
  "alloy-anode": "#c9b3e0",
  "anode-active": "#9a9a9a",
  additive: "#f2a97e",
  binder: "#e7a6c9",
  composite: "#a9d3e8",
};
const OTHER = "#dddddd";

export const classFill = (cls: string): string => FILLS[cls] ?? OTHER;

/** "sulfide-electrolyte" → "sulfide electrolyte" (how the legend says it). */
export const className = (cls: string): string => (cls ? cls.replace(/-/g, " ") : "unknown class");
