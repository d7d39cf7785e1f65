/**
 * The protocol routes (CONTRACTS §8): check, simulate, convert, plan — each answers exactly what
 * the CLI's `--json` prints for the same input, through the same builders — and preflight, the
 * run's settings table as data for the run console (an extension, docs/api.md).
 */
import { Hono } from "hono";
import { convert } from "../../core/convert.js";
import { SsbError } from "../../core/errors.js";
import { checkBytes, type CheckResult } from "../../protocol/check.js";
import { preflightJson } from "../../protocol/settings.js";
import { blockingDiagnosticsJson, checkJson, diagnosticJson } from "../../report/json/check.js";
import { planJson } from "../../report/json/plan.js";
import { booleanField, integerField, readJsonObject, stringField, textOrNumberField } from "./body.js";
import { HttpError } from "./http-error.js";
import { refuseOtherMethods } from "./method.js";

/** The name a protocol gets in messages when the request gives none. */
const DEFAULT_FILE = "protocol.yaml";

/**
 * Most Monte Carlo samples one request may ask for: plenty for 5–95 % bands (a few hundred do),
 * few enough that one request cannot hold the machine's cores for minutes (2,000 samples of the
 * classic recipe take about 15 s on two cores). The CLI allows more, on the user's own machine.
 */
export const MAX_SERVER_SAMPLES = 5_000;

const PROTOCOL_EXAMPLE = '{"protocol": "name: my cell\\ndie: 10 mm\\n…"}';

/** Check a protocol text as `check` checks a file: the models advise only protocols that operate the cell. */
async function checkProtocolText(file: string, text: string): Promise<CheckResult> {
  const operates = /\boperate\b/i.test(text);
  const advisors = operates ? (await import("../../models/simulate/advisors.js")).checkAdvisors : undefined;
  return checkBytes(file, new TextEncoder().encode(text), advisors);
}

/** 422 for a protocol that cannot go further, with every error diagnostic (as `check --json` gives them). */
function unprocessable(message: string, r: CheckResult): HttpError {
  return new HttpError(422, message, {
    diagnostics: r.diagnostics.filter((d) => d.severity === "error").map(diagnosticJson),
  });
}

/** An SsbError of the library as an HTTP error: a request the library cannot read is 400, an infeasible one 422. */
function fromLibrary(e: unknown): never {
  if (e instanceof SsbError && e.code !== "internal")
    throw new HttpError(e.code === "infeasible" ? 422 : 400, e.message, e.hint ? { hint: e.hint } : {});
  throw e;
}

/** Plan body fields (as in a `--stack` file) and the CLI option each stands for. */
const PLAN_FIELDS: Record<string, string> = {
  separator: "separator",
  cathode: "cathode",
  anode: "anode",
  die: "die",
  die_rating: "dieRating",
  press: "press",
  press_type: "pressType",
  goal: "goal",
  separator_mass: "separatorMass",
  cathode_mass: "cathodeMass",
  anode_thickness: "anodeThickness",
  temperature: "temperature",
  max_short: "maxShort",
  max_fracture: "maxFracture",
};
const PLAN_EXAMPLE =
  '{"separator": "Li6PS5Cl", "cathode": "NMC811:70,Li6PS5Cl:30", "anode": "Li", "die": "10 mm", "press": "10 t"}';

export function protocolRoutes(): Hono {
  const api = new Hono();
  // One Monte Carlo at a time: it uses every core (worker threads), and a run's control loop and
  // event streams share the machine. Later requests wait their turn.
  let monteCarloQueue: Promise<unknown> = Promise.resolve();

  api.post("/check", async (c) => {
    const body = await readJsonObject(c, ["protocol", "file", "settings", "methods"], PROTOCOL_EXAMPLE);
    const protocol = stringField(body, "protocol", true, PROTOCOL_EXAMPLE);
    const file = stringField(body, "file", false, '"file": "cell.yaml"') ?? DEFAULT_FILE;
    const opts = { settings: booleanField(body, "settings"), methods: booleanField(body, "methods") };
    return c.json(checkJson(await checkProtocolText(file, protocol), opts));
  });

  api.post("/simulate", async (c) => {
    const body = await readJsonObject(c, ["protocol", "file", "samples", "seed", "series"], PROTOCOL_EXAMPLE);
    const protocol = stringField(body, "protocol", true, PROTOCOL_EXAMPLE);
    const file = stringField(body, "file", false, '"file": "cell.yaml"') ?? DEFAULT_FILE;
    const samples = integerField(body, "samples", 0, MAX_SERVER_SAMPLES, 0);
    const seed = integerField(body, "seed", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 1);
    const series = booleanField(body, "series");
    const models = await import("../../models/simulate/index.js");
    const checked = checkBytes(file, new TextEncoder().encode(protocol), models.checkAdvisors);
    const compiled = checked.compiled;
    if (!compiled)
      throw new HttpError(
        422,
        `${file} cannot be simulated until these errors are fixed (POST /api/check lists them)`,
        {
          diagnostics: blockingDiagnosticsJson(checked.diagnostics),
        },
      );
    // Monte Carlo runs on worker threads when the library is built; a nominal run takes milliseconds
    let result:
      | Awaited<ReturnType<typeof models.monteCarloParallel>>
      | { simulation: ReturnType<typeof models.simulate>; aggregate: undefined };
    if (samples > 0) {
      const turn = monteCarloQueue.then(() => models.monteCarloParallel(compiled, samples, seed));
      monteCarloQueue = turn.catch(() => undefined);
      result = await turn;
    } else result = { simulation: models.simulate(compiled), aggregate: undefined };
    return c.json(models.simulationJson(result.simulation, result.aggregate, { series }));
  });

  api.post("/convert", async (c) => {
    const example = '{"quantity": "500 MPa", "die": "10 mm"}';
    const body = await readJsonObject(
      c,
      ["quantity", "die", "to", "ram", "bolts", "nut_factor", "gauge", "pellet"],
      example,
    );
    const s = (k: string) => stringField(body, k, false, example);
    const quantity = stringField(body, "quantity", true, example);
    const nutFactor = textOrNumberField(body, "nut_factor", '"nut_factor": 0.2');
    const given = { die: s("die"), to: s("to"), ram: s("ram"), bolts: s("bolts"), nutFactor };
    const r = convert(quantity, {
      ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
      gauge: booleanField(body, "gauge"),
      pellet: booleanField(body, "pellet"),
    });
    if (!r.ok) {
      // the library names the command line's options; here they are body fields, and the CLI
      // example ("e.g. ssbpress convert …") is left out
      if (r.error.code === "internal") throw r.error;
      const asField = (m: string) =>
        m.replace(
          /--(die|to|ram|bolts|nut-factor|gauge|pellet)\b/g,
          (_, o: string) => `"${o.replace(/-/g, "_")}"`,
        );
      throw new HttpError(400, asField(r.error.message));
    }
    return c.json(r.value.values);
  });

  api.post("/plan", async (c) => {
    const body = await readJsonObject(c, [...Object.keys(PLAN_FIELDS), "optimize", "methods"], PLAN_EXAMPLE);
    const opts: Record<string, string | boolean | undefined> = {
      optimize: booleanField(body, "optimize"),
      methods: booleanField(body, "methods"),
    };
    for (const [field, option] of Object.entries(PLAN_FIELDS)) {
      const v = textOrNumberField(body, field, PLAN_EXAMPLE);
      if (v !== undefined) opts[option] = v;
    }
    // the planner's messages name the option the user typed: here a body field
    const label = (option: string) => `"${option.replace(/^--/, "").replace(/-/g, "_")}"`;
    try {
      return c.json(await planJson(opts, label));
    } catch (e) {
      return fromLibrary(e);
    }
  });

  api.post("/preflight", async (c) => {
    const body = await readJsonObject(c, ["protocol", "file"], PROTOCOL_EXAMPLE);
    const protocol = stringField(body, "protocol", true, PROTOCOL_EXAMPLE);
    const file = stringField(body, "file", false, '"file": "cell.yaml"') ?? DEFAULT_FILE;
    const { checkAdvisors } = await import("../../models/simulate/advisors.js");
    const r = checkBytes(file, new TextEncoder().encode(protocol), checkAdvisors);
    if (!r.compiled || !r.runnable || r.errors > 0)
      throw unprocessable(
        `${file}: ${r.errors} error${r.errors === 1 ? "" : "s"} — it would be refused before anything connects to the press; fix the diagnostics`,
        r,
      );
    return c.json({ ...preflightJson(r.compiled), diagnostics: r.diagnostics.map(diagnosticJson) });
  });

  refuseOtherMethods(api, "POST", ["/check", "/simulate", "/convert", "/plan", "/preflight"]);
  return api;
}
