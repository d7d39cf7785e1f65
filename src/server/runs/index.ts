/**
 * Routes under /api/runs (CONTRACTS §8): the run record, starting a run on a press (one run per
 * press at a time), its live document stream, and pause/resume/abort/answer. Each route composes the
 * library exactly as the CLI's `run` and `runs` commands do; docs/api.md ("Runs") lists the routes
 * and the extensions the web app uses (plot, series, bdf-metadata, prompt events).
 */
import { createHash } from "node:crypto";
import { Hono, type Context } from "hono";
import { stream } from "hono/streaming";
import { bdfMetadata, writeRunBdf } from "../../report/run-bdf.js";
import { writeRunCsv, writeRunJson, type ChunkWriter } from "../../report/run-export.js";
import { runPlotSvg } from "../../report/run-plot.js";
import { runShowJson, runStatistics } from "../../report/run-show.js";
import type { RunRecord } from "../../store/types.js";
import type { ServerContext } from "../context.js";
import { eventStream } from "./event-stream.js";
import { readJsonObject } from "../api/body.js";
import { HttpError, shown } from "./http-error.js";
import { runManager, type LiveRun } from "./manager.js";
import { seriesAnswer } from "./series.js";
import { START_FIELDS } from "./start-request.js";

const START_EXAMPLE = '{"protocol": "…YAML…", "press": "sim", "speed": 60, "yes": true}';

const FORMATS = ["csv", "json", "bdf", "bdf-metadata"] as const;
type Format = (typeof FORMATS)[number];
const DEFAULT_POINTS = 1500;
const MAX_POINTS = 20_000;

function failure(c: Context, e: unknown): Response {
  if (e instanceof HttpError) return c.json({ error: e.message, ...e.extra }, e.status);
  // never a stack trace: the message, and where to look
  process.stderr.write(
    `ssbpress serve: ${c.req.method} ${c.req.path}: ${String((e as Error)?.stack ?? e)}\n`,
  );
  return c.json(
    {
      error: `the server failed on ${c.req.method} ${c.req.path}: ${shown(String((e as Error)?.message ?? e), 200)}`,
    },
    500,
  );
}

/** Wraps a handler so that every refusal becomes `{"error": …}` with its status. */
const handle =
  (fn: (c: Context) => Promise<Response>) =>
  async (c: Context): Promise<Response> => {
    try {
      return await fn(c);
    } catch (e) {
      return failure(c, e);
    }
  };

const idOf = (c: Context): string => c.req.param("id") ?? "";

const attachment = (name: string) => `attachment; filename="${name}"`;

export function runRoutes(ctx: ServerContext): Hono {
  const routes = new Hono();
  const runs = runManager(ctx);
  const store = ctx.store;
  // on shutdown every running run finishes safely (released, recorded) before the store closes
  ctx.onShutdown.push(() => runs.stopAll());

  async function recordOf(id: string): Promise<RunRecord> {
    const record = await store.get(id);
    if (!record)
      throw new HttpError(
        404,
        `no run "${shown(id, 40)}" in the run record: GET /api/runs lists the recorded runs`,
      );
    return record;
  }

  /** A run this server is running, for a control; 409 when it has ended, 404 when there is none. */
  async function running(id: string): Promise<LiveRun> {
    let live = runs.get(id);
    if (live && !live.log.ended) return live;
    // a unique beginning of an id is enough, as in the CLI
    const record = await recordOf(id);
    live = runs.get(record.summary.id);
    if (live && !live.log.ended) return live;
    const status = record.stop?.status ?? record.summary.status;
    if (status === "running")
      throw new HttpError(409, `run ${record.summary.id} is running in another process: control it there`);
    throw new HttpError(409, `run ${record.summary.id} has ended (${status}): nothing to control`);
  }

  // ---- the run record ----

  routes.get(
    "/",
    handle(async (c) => c.json(await store.list())),
  );

  routes.get(
    "/:id",
    handle(async (c) => {
      const record = await recordOf(idOf(c));
      const statistics = (c.req.query("statistics") ?? "true").trim().toLowerCase();
      if (statistics !== "true" && statistics !== "false")
        throw new HttpError(400, `statistics must be true or false, got "${shown(statistics, 30)}"`);
      if (statistics === "false") {
        // An extension for pages: the record without a pass over its samples (a 1,000,000-sample
        // run's statistics take seconds): each step's times only, and the stored sample count.
        const { stats } = await runStatistics(store, record, { samples: false });
        return c.json(runShowJson(record, stats, await store.sampleCount(record.summary.id)));
      }
      const { stats, samples } = await runStatistics(store, record);
      return c.json(runShowJson(record, stats, samples));
    }),
  );

  routes.get(
    "/:id/export",
    handle(async (c) => {
      const asked = (c.req.query("format") ?? "").trim().toLowerCase();
      if (!(FORMATS as readonly string[]).includes(asked))
        throw new HttpError(
          400,
          `format must be one of ${FORMATS.join(", ")}${asked ? `, got "${shown(asked, 30)}"` : ""}: e.g. ?format=csv`,
          {
            formats: FORMATS,
          },
        );
      const format = asked as Format;
      const record = await recordOf(idOf(c));
      const id = record.summary.id;
      const samples = () => store.samples(id);
      if (format === "bdf-metadata") {
        // the CLI's sidecar, for the data file `ID.bdf.csv` (its SHA-256 computed in one streaming pass)
        const hash = createHash("sha256");
        const n = await writeRunBdf(record, samples(), (chunk) => void hash.update(chunk, "utf8"));
        const meta = bdfMetadata(record, {
          dataFile: `${id}.bdf.csv`,
          dataSha256: hash.digest("hex"),
          samples: n,
        });
        c.header("Content-Disposition", attachment(`${id}.bdf.metadata.json`));
        return c.body(JSON.stringify(meta, null, 2) + "\n", 200, {
          "Content-Type": "application/json; charset=utf-8",
        });
      }
      c.header(
        "Content-Type",
        format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
      );
      c.header("Content-Disposition", attachment(format === "bdf" ? `${id}.bdf.csv` : `${id}.${format}`));
      return stream(c, async (out) => {
        const write: ChunkWriter = async (chunk) => {
          await out.write(chunk);
        };
        if (format === "csv") await writeRunCsv(samples(), write);
        else if (format === "json") await writeRunJson(record, samples(), write);
        else await writeRunBdf(record, samples(), write);
      });
    }),
  );

  routes.get(
    "/:id/plot",
    handle(async (c) => {
      const q = (c.req.query("quantity") ?? "pressure").trim().toLowerCase();
      if (q !== "pressure" && q !== "force")
        throw new HttpError(400, `quantity must be pressure or force, got "${shown(q, 30)}"`);
      const record = await recordOf(idOf(c));
      const svg = await runPlotSvg(record, store.samples(record.summary.id), { y: q });
      c.header("Content-Disposition", attachment(`${record.summary.id}-${q}.svg`));
      return c.body(svg + "\n", 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
    }),
  );

  routes.get(
    "/:id/series",
    handle(async (c) => {
      const text = c.req.query("points");
      const points = text === undefined ? DEFAULT_POINTS : Number(text);
      if (!/^\s*\d+\s*$/.test(text ?? "1") || !Number.isInteger(points) || points < 2 || points > MAX_POINTS)
        throw new HttpError(
          400,
          `points must be a whole number from 2 to ${MAX_POINTS}, got "${shown(text, 30)}"`,
        );
      const record = await recordOf(idOf(c));
      const id = record.summary.id;
      const live = runs.get(id);
      if (live && !live.log.ended) await store.flush();
      return c.json(seriesAnswer(id, await store.envelope(id, points)));
    }),
  );

  // ---- live runs ----

  routes.post(
    "/",
    handle(async (c) => {
      const id = await runs.start(await readJsonObject(c, START_FIELDS, START_EXAMPLE));
      return c.json({ id }, 201);
    }),
  );

  routes.get(
    "/:id/events",
    handle(async (c) => {
      const id = idOf(c);
      let live = runs.get(id);
      if (live) return eventStream(c, store, { live });
      const record = await recordOf(id);
      live = runs.get(record.summary.id);
      return eventStream(c, store, live ? { live } : { record });
    }),
  );

  routes.post(
    "/:id/pause",
    handle(async (c) => {
      const run = await running(idOf(c));
      run.control.pause();
      return c.json({ id: run.id, requested: "pause" }, 202);
    }),
  );

  routes.post(
    "/:id/resume",
    handle(async (c) => {
      const run = await running(idOf(c));
      run.control.resume();
      return c.json({ id: run.id, requested: "resume" }, 202);
    }),
  );

  routes.post(
    "/:id/abort",
    handle(async (c) => {
      const run = await running(idOf(c));
      // like Ctrl-C: the first abort finishes safely (release at the protocol's rate), a second releases at once
      const first = run.control.stopRequested === null;
      run.control.requestStop(
        first ? "safe" : "now",
        first
          ? "aborted from the web console: finished safely (released at the protocol's release rate)"
          : "aborted again from the web console: released at once",
      );
      run.operator.cancel("the run was aborted");
      return c.json({ id: run.id, requested: first ? "abort" : "release now" }, 202);
    }),
  );

  routes.post(
    "/:id/answer",
    handle(async (c) => {
      const run = await running(idOf(c));
      run.operator.answer(
        await readJsonObject(c, ["answer", "reading"], '{"answer": "ok", "reading": "3.4 t"}'),
      );
      return c.json({ id: run.id, answered: true }, 202);
    }),
  );

  return routes;
}
