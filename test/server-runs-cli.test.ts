/**
 * The server adds no second implementation of the run record: for a run started over HTTP, the
 * API's show, list and exports are exactly what `ssbpress runs show/list/export --json` print from
 * the same database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diskFs, type Io } from "../src/cli/io.js";
import { runsExport, runsList, runsShow } from "../src/cli/runs.js";
import {
  example,
  post,
  readEvents,
  testServer,
  type TestServer,
} from "../src/server/runs/api-harness.case.js";

let s: TestServer;
let id: string;

/** What a `runs` command prints on stdout, as bytes (each io.out line ends with a newline). */
async function cli(fn: (io: Io) => Promise<number>): Promise<string> {
  const out: string[] = [];
  const io: Io = { ...diskFs, out: (t) => out.push(t + "\n"), err: () => {} };
  expect(await fn(io)).toBe(0);
  return out.join("");
}

beforeAll(async () => {
  s = await testServer();
  const r = await post(s.app, "/api/runs", {
    protocol: example("classic-li-lpscl-nmc811.yaml"),
    press: "sim",
    speed: 1000,
    operate_for: "3 s",
    yes: true,
  });
  id = ((await r.json()) as { id: string }).id;
  await readEvents(await s.app.request(`/api/runs/${id}/events`)); // to its end
}, 60_000);
afterAll(async () => {
  await s.close();
});

describe("the API's run record equals the CLI's", () => {
  it.each(["csv", "json", "bdf"])(
    "GET …/export?format=%s is byte for byte what `runs export` prints",
    async (format) => {
      const api = await (await s.app.request(`/api/runs/${id}/export?format=${format}`)).text();
      const printed = await cli((io) => runsExport(id, { db: s.dbPath, format }, io));
      expect(api.length).toBeGreaterThan(1000);
      expect(api).toBe(printed);
    },
  );

  it("GET /api/runs/:id is `runs show --json`", async () => {
    const api = (await (await s.app.request(`/api/runs/${id}`)).json()) as unknown;
    expect(api).toEqual(JSON.parse(await cli((io) => runsShow(id, { db: s.dbPath, json: true }, io))));
  });

  it("GET /api/runs is `runs list --json`", async () => {
    const api = (await (await s.app.request("/api/runs")).json()) as unknown;
    expect(api).toEqual(JSON.parse(await cli((io) => runsList({ db: s.dbPath, json: true }, io))));
  });
});
