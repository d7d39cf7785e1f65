/**
 * The run-start document: everything needed to reproduce the run (CONTRACTS §6, PATTERNS.md
 * "Documents"): the protocol text and its SHA-256, the die in mm, mm² and MPa, the press, the map,
 * the operator, the software version and the options the run was started with.
 */
import { createHash } from "node:crypto";
import type { RunStartDocument } from "./documents.js";
import type { RunOptions } from "./types.js";

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function runStartDocument(o: RunOptions, time: number): RunStartDocument {
  const die = o.compiled.die;
  const options: Record<string, string | number | boolean | null> = {
    "Control period [s]": o.controlPeriod ?? 0.1,
    yes: o.yes ?? false,
    "Operate for [s]": o.operateFor ?? null,
    "Start at step": o.startAt ?? 1,
    "Press capacity [kN]": o.pressCapacity === undefined ? null : o.pressCapacity / 1000,
    ...o.options,
  };
  return {
    type: "run-start",
    run: o.runId,
    time,
    protocol: o.protocolText,
    sha256: sha256(o.protocolText),
    name: o.compiled.name,
    die: {
      "Diameter [mm]": die.diameter * 1000,
      "Area [mm2]": Math.round(die.area * 1e6 * 1e4) / 1e4,
      "Rating [MPa]": die.rating === undefined ? null : die.rating / 1e6,
    },
    press: o.press.description,
    map: o.map ?? null,
    operator: o.operatorName ?? null,
    version: o.version,
    steps: o.compiled.steps.length,
    options,
  };
}
