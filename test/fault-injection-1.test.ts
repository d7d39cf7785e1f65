// Issue #7's fault-injection property, part 1 of 4 (split so that vitest runs the parts on both cores).
import { faultInjectionSuite } from "./helpers/fault-run.js";

faultInjectionSuite(1, 250);
