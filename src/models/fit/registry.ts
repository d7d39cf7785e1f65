import { fitConductivity } from "./conductivity.js";
import { fitContact } from "./contact.js";
import { fitCreep } from "./creep.js";
import { fitDensification } from "./densification.js";
import { fitFracture } from "./fracture.js";
import { fitStack } from "./stack.js";
import type { FitReport } from "./report.js";

/** Every fit run by `npm run fit`, in order. Each writes src/models/parameters/<name>.ts. */
export const FITS: (() => FitReport)[] = [
  fitDensification,
  fitConductivity,
  fitContact,
  fitCreep,
  fitFracture,
  fitStack,
];
