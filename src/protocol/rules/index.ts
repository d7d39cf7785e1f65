import type { RuleContext, RuleInfo } from "./context.js";
import { checkDensification, checkNoGain, checkShortHold, checkThinSeparator } from "./densification.js";
import { checkOperatingPressure } from "./operation.js";
import { checkStepOrder } from "./order.js";
import { checkOverrides } from "./overrides.js";
import { checkAnodeOverpressure, checkDieRating, checkFracture, checkPressCapacity } from "./pressure.js";
import { checkRates } from "./rates.js";
import { checkTemperature } from "./temperature.js";

export type Rule = (ctx: RuleContext) => void;

/** Every checker rule, in the order they run. */
export const RULES: Rule[] = [
  checkStepOrder,
  checkAnodeOverpressure,
  checkPressCapacity,
  checkDieRating,
  checkTemperature,
  checkDensification,
  checkNoGain,
  checkShortHold,
  checkThinSeparator,
  checkFracture,
  checkRates,
  checkOperatingPressure,
  checkOverrides,
];

/** The rule catalogue (ids are a contract: CONTRACTS §3). */
export const RULE_CATALOGUE: RuleInfo[] = [
  {
    id: "anode-overpressure",
    severity: "error",
    summary:
      "a press step exceeds the assembly limit of a layer already in the die (Li: 50 MPa); a warning when that limit is an assumption",
  },
  { id: "press-capacity", severity: "error", summary: "the force a step needs exceeds the press's capacity" },
  { id: "die-rating", severity: "error", summary: "a step's pressure exceeds the die's rating" },
  {
    id: "temperature-limit",
    severity: "error",
    summary:
      "a heated step exceeds a material's or the press's temperature limit, or a soft metal meets a die above 35 °C",
  },
  {
    id: "press-not-heated",
    severity: "error",
    summary: "a step heats on a press declared manual or automatic (not heated)",
  },
  {
    id: "step-order",
    severity: "error",
    summary:
      "unknown layer, layer added twice, empty die pressed or ejected, incomplete cell operated, a step after the pellet was ejected",
  },
  {
    id: "unknown-material",
    severity: "error",
    summary: "the material is in no database (suggests the closest names)",
  },
  {
    id: "invalid-quantity",
    severity: "error",
    summary: "a value has no unit, the wrong dimension, cannot be parsed, or is absurd",
  },
  {
    id: "invalid-step",
    severity: "error",
    summary: "a step cannot be understood (the message shows a valid example)",
  },
  {
    id: "schema",
    severity: "error",
    summary: "a required field is missing or malformed, or a key is duplicated (unknown keys: warning)",
  },
  { id: "yaml-syntax", severity: "error", summary: "the file is not valid YAML (exit code 2)" },
  {
    id: "unreadable",
    severity: "error",
    summary: "the file is empty, binary, not UTF-8 or too large (exit code 2)",
  },
  {
    id: "underdensified",
    severity: "warning",
    summary:
      "a ceramic layer never sees its densification pressure (250 MPa by default); oxides are not cold-pressed dense",
  },
  {
    id: "operating-pressure-creep",
    severity: "warning",
    summary: "the operating pressure exceeds the creep-safe limit of a Li-metal anode",
  },
  {
    id: "contact-loss",
    severity: "warning",
    summary: "the operating band goes below the pressure that keeps a metal anode in contact",
  },
  {
    id: "layer-never-pressed",
    severity: "warning",
    summary: "a layer is added but no press step follows it",
  },
  {
    id: "no-densification-gain",
    severity: "warning",
    summary: "a press step is below what every layer in the die has already seen",
  },
  { id: "short-hold", severity: "warning", summary: "a densification step holds less than 30 s" },
  {
    id: "thin-separator",
    severity: "warning",
    summary: "the separator's mass gives a pellet thinner than 200 µm on this die",
  },
  {
    id: "fracture-risk",
    severity: "warning",
    summary: "a step reaches a pressure at which the electrolyte was reported to fracture",
  },
  {
    id: "particle-cracking",
    severity: "warning",
    summary: "a step reaches a pressure at which polycrystalline cathode particles crack",
  },
  { id: "fast-ramp", severity: "warning", summary: "a ramp faster than 20 MPa/s" },
  { id: "fast-release", severity: "warning", summary: "a release faster than 20 MPa/s" },
  { id: "unused-layer", severity: "warning", summary: "a layer is defined but never added" },
  { id: "ambiguous-unit", severity: "warning", summary: 'a unit with two readings ("ton", plain "%")' },
  { id: "composition", severity: "warning", summary: "a composite's fractions do not add up to 100 %" },
  {
    id: "limit-override",
    severity: "warning",
    summary:
      "the protocol loosens a limit or redefines a database material (information when it only adds caution)",
  },
];
