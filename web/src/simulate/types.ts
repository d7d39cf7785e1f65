/**
 * The answer of POST /api/simulate: `simulate --json` (CONTRACTS §4). Only the keys the page reads
 * are typed; units are in the keys, as the CLI prints them.
 */
interface LayerState {
  "Relative density [-]": number;
  "Relative density under load [-]"?: number;
  "Thickness [um]": number | null;
  "Ionic conductivity [mS/cm]": number | null;
  "Max pressure seen [MPa]"?: number;
}

interface InterfaceState {
  kind?: string;
  "Contact fraction [-]": number;
  "ASR [Ohm cm2]": number | null;
}

export interface StepResult {
  step: number;
  text: string;
  kind?: string;
  "Max pressure [MPa]": number | null;
  "Max force [kN]"?: number | null;
  "Start [min]"?: number;
  "End [min]"?: number;
  stack?: string[];
  "Temperature [°C]"?: number;
  layers: Record<string, LayerState>;
  interfaces: Record<string, InterfaceState>;
  "Cell resistance [Ohm cm2]"?: number | null;
  risks: Record<string, number>;
  "Li extruded [-]"?: number;
}

export interface Operation {
  step: number;
  fixture?: string;
  "Stack pressure min [MPa]": number;
  "Stack pressure max [MPa]": number;
  "Time to short [h]": number | null;
  "Short-circuit probability [-]"?: number;
  "Shorted from [h]"?: number | null;
  "Contact loss [h]"?: number | null;
  "Above band [h]"?: number | null;
  "Duration [h]"?: number;
  Cycles?: number;
  series?: { "Time [h]": number[]; "Stack pressure [MPa]": number[] };
}

interface Timeline {
  "Time [min]": number[];
  Step: number[];
  "Pressure [MPa]": number[];
  layers: Record<string, { "Relative density [-]": (number | null)[]; "Thickness [um]"?: (number | null)[] }>;
}

export interface Band {
  "5%": number;
  "50%": number;
  "95%": number;
}

/** A reference as the server may give it: a bare key, or the key with its text. */
export type Citation =
  | string
  | {
      key: string;
      authors?: string;
      title?: string;
      journal?: string;
      year?: number | null;
      doi?: string | null;
    };

export interface SimulationResult {
  steps: StepResult[];
  operation?: Operation;
  "Predicted short"?: {
    Phase: string;
    Step: number;
    "Operation time [h]"?: number;
    "Assembly time [min]"?: number;
  } | null;
  timeline?: Timeline;
  "Monte Carlo"?: { samples: number; seed: number; bands: Record<string, Band> };
  unknowns?: string[];
  notes?: string[];
  citations: Citation[];
  /** Reference texts, when the server sends them apart from the keys. */
  references?: Citation[];
}

export interface Diagnostic {
  rule?: string;
  severity?: string;
  message: string;
  line?: number | null;
  column?: number | null;
  step?: number | null;
}
