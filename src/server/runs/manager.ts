/**
 * The server's runs: `POST /api/runs` composes exactly what `ssbpress run` composes — check the
 * protocol, build the press with the shared factory (src/devices/factory.ts), run the engine, write
 * every document to the run record — with the web console as the operator and the HTTP routes as
 * Ctrl-C. One run per press at a time: the press's name is its lock ("sim" is one twin per server,
 * each Modbus URL its own press, "manual" one operator's press).
 */
import { realScheduler, VirtualScheduler, type Scheduler } from "../../core/clock.js";
import { SsbError } from "../../core/errors.js";
import { checkBytes } from "../../protocol/check.js";
import { connectError, makePress, recordingOperator, stepMarker } from "../../devices/factory.js";
import type { Press } from "../../devices/press.js";
import { RunControl, runProtocol } from "../../engine/index.js";
import type { DocumentSink, RunDocument, RunStatus } from "../../engine/documents.js";
import { diagnosticJson } from "../../report/json/check.js";
import { newRunId } from "../../store/index.js";
import type { ServerContext } from "../context.js";
import { HttpError, shown } from "./http-error.js";
import { RunLog } from "./run-log.js";
import { parseStartRequest, type StartRequest } from "./start-request.js";
import { WebOperator } from "./web-operator.js";

/** A run started by this server, while it runs and shortly after. */
export interface LiveRun {
  id: string;
  press: string;
  control: RunControl;
  operator: WebOperator;
  log: RunLog;
  /** Set when run-stop has been emitted (or the engine failed). */
  status: RunStatus | null;
  /** Resolves when the run is over and its record flushed. */
  done: Promise<void>;
}

/** How long a finished run stays in memory for late subscribers before the record answers alone [ms]. */
const LINGER = 10_000;
/** How long a shutdown waits for runs to finish safely before it asks for an immediate release [ms]. */
const SHUTDOWN_SAFE_WAIT = 30_000;

export class RunManager {
  private readonly live = new Map<string, LiveRun>();
  /** Press name → the id of the run that holds it. */
  private readonly presses = new Map<string, string>();

  constructor(private readonly ctx: ServerContext) {}

  /** A run this server started and still remembers (running, or just finished). */
  get(id: string): LiveRun | undefined {
    return this.live.get(id);
  }

  /** Checks the request and the protocol, takes the press, connects, starts the engine; the run id. */
  async start(body: unknown): Promise<string> {
    const req = parseStartRequest(body, this.ctx.defaultPress);
    const { checkAdvisors } = await import("../../models/simulate/advisors.js");
    const bytes = new TextEncoder().encode(req.protocol);
    const result = checkBytes("protocol.yaml", bytes, checkAdvisors);
    if (result.exitCode === 2 || !result.runnable || !result.compiled || result.errors > 0) {
      const error =
        result.exitCode === 2
          ? "the protocol cannot be read (see the diagnostics) — nothing was sent to the press"
          : `the protocol has ${result.errors} error${result.errors === 1 ? "" : "s"} — refused before anything connects to the press; fix the diagnostics (POST /api/check shows them too)`;
      throw new HttpError(422, error, { diagnostics: result.diagnostics.map(diagnosticJson) });
    }
    const compiled = result.compiled;

    const holder = this.presses.get(req.pressName);
    if (holder !== undefined)
      throw new HttpError(
        409,
        `the press ${shown(req.pressName)} is busy with run ${holder}: wait for it to end, or abort it`,
        { run: holder },
      );
    // taken before the first await below, so two requests cannot both start on one press
    this.presses.set(req.pressName, "(starting)");
    try {
      return await this.launch(req, compiled, req.protocol);
    } catch (e) {
      this.presses.delete(req.pressName);
      throw e;
    }
  }

  private async launch(
    req: StartRequest,
    compiled: NonNullable<ReturnType<typeof checkBytes>["compiled"]>,
    text: string,
  ): Promise<string> {
    const store = this.ctx.store;
    const scheduler: Scheduler =
      req.choice.kind === "sim" ? new VirtualScheduler(Date.now(), req.speed) : realScheduler;
    const runId = newRunId(scheduler);
    const control = new RunControl();
    const log = new RunLog();

    // every document goes to the record and to the live log; neither may throw into the engine
    let currentStep = 0;
    let storeFailure: unknown;
    let pending: Promise<void> = Promise.resolve();
    let status: RunStatus | null = null;
    // the twin's step marker (step-relative faults), known once the press is built
    const twin: { markStep?: (n: number) => void } = {};
    const sink: DocumentSink = (doc: RunDocument) => {
      if (doc.type === "step-start") {
        currentStep = doc.step;
        try {
          twin.markStep?.(doc.step);
        } catch {
          // the twin's fault clock only; never stops the run
        }
      }
      if (doc.type === "run-stop") status = doc.status;
      pending = pending
        .then(() => store.write(doc))
        .catch((e: unknown) => {
          if (storeFailure === undefined) {
            storeFailure = e;
            control.requestStop(
              "safe",
              `the run record cannot be written (${shown(String((e as Error)?.message ?? e), 120)}): finished safely`,
            );
          }
        });
      log.push(doc);
    };
    const by = req.operator ? `web (${req.operator})` : "web";
    const operator = new WebOperator(
      scheduler,
      (fields) =>
        sink({
          type: "event",
          run: runId,
          time: scheduler.now() / 1000,
          step: currentStep,
          ...fields,
        } as RunDocument),
      by,
    );
    // what a manual press asks (set 3.4 t, open the valve) is recorded like the engine's own prompts
    const pressOperator =
      req.choice.kind === "manual"
        ? recordingOperator(operator, (message, time) =>
            sink({ type: "event", run: runId, time, kind: "operator", message, step: currentStep }),
          )
        : operator;

    let press: Press;
    try {
      press = makePress(req.choice, {
        compiled,
        scheduler,
        faults: req.faults,
        map: undefined,
        operator: pressOperator,
      });
    } catch (e) {
      if (e instanceof SsbError)
        throw new HttpError(422, e.hint ? `${e.message}; ${e.hint}` : e.message, { diagnostics: [] });
      throw e;
    }
    try {
      await press.connect();
    } catch (e) {
      await press.close();
      throw new HttpError(503, connectError(req.pressName, e).message);
    }
    const marker = stepMarker(press);
    if (marker) twin.markStep = marker;

    const run: LiveRun = {
      id: runId,
      press: req.pressName,
      control,
      operator,
      log,
      get status() {
        return status;
      },
      done: Promise.resolve(),
    };
    this.presses.set(req.pressName, runId);
    this.live.set(runId, run);

    const execute = async (): Promise<void> => {
      try {
        await runProtocol({
          compiled,
          protocolText: text,
          press,
          operator,
          scheduler,
          sink,
          runId,
          version: this.ctx.version,
          operatorName: req.operator,
          map: null,
          connect: false,
          controlPeriod: 1 / req.rate,
          yes: req.yes,
          ...(req.operateFor !== undefined ? { operateFor: req.operateFor } : {}),
          options: {
            speed: req.choice.kind === "sim" ? req.speed : null,
            faults: req.faultSpecs.length ? req.faultSpecs.join(" ") : null,
            via: "web",
          },
          signal: control,
        });
      } catch (e) {
        // the engine finalizes safely and does not throw; if it ever does, the record's next open
        // marks the run interrupted — say so on the server's console
        process.stderr.write(`ssbpress serve: run ${runId} failed: ${String((e as Error)?.message ?? e)}\n`);
      } finally {
        operator.close();
        await pending;
        await store.flush().catch(() => undefined);
        await press.close();
        this.presses.delete(req.pressName);
        log.end();
        setTimeout(() => this.live.delete(runId), LINGER).unref();
      }
    };
    run.done = execute();
    return runId;
  }

  /** Every running run finishes safely (release at its rate, recorded); resolves when all are recorded. */
  async stopAll(reason = "the server is shutting down: finished safely"): Promise<void> {
    const running = [...this.live.values()].filter((r) => !r.log.ended);
    for (const r of running) {
      r.control.requestStop("safe", reason);
      r.operator.cancel("the server is shutting down");
    }
    await Promise.all(
      running.map(async (r) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            r.control.requestStop("now", `${reason}; released at once (the safe stop took too long)`);
            r.operator.close();
            resolve();
          }, SHUTDOWN_SAFE_WAIT);
        });
        await Promise.race([r.done, late]);
        await r.done;
        clearTimeout(timer);
      }),
    );
  }
}

const managers = new WeakMap<ServerContext, RunManager>();

/** The one run manager of a server (its presses and live runs). */
export function runManager(ctx: ServerContext): RunManager {
  let m = managers.get(ctx);
  if (!m) {
    m = new RunManager(ctx);
    managers.set(ctx, m);
  }
  return m;
}
