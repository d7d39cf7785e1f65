/**
 * A manual press run through the web console: every instruction arrives as a `prompt` event with
 * the numbers in the press's own unit (tonnes), is answered by POST …/answer, and every answer is
 * recorded as an `operator` event, as `ssbpress run --press manual` records the terminal's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  post,
  QUICK_MANUAL,
  readEvents,
  testServer,
  type SseEvent,
  type TestServer,
} from "./api-harness.case.js";

let s: TestServer;
beforeAll(async () => {
  s = await testServer("manual");
});
afterAll(async () => {
  await s.close();
});

describe("a manual press answered through the web", () => {
  let id: string;
  let events: SseEvent[];
  const refusals: { body: unknown; status: number; error: string }[] = [];

  beforeAll(async () => {
    // no "press": the server's default (manual here)
    const r = await post(s.app, "/api/runs", { protocol: QUICK_MANUAL, operator: "Ana" });
    expect(r.status).toBe(201);
    id = ((await r.json()) as { id: string }).id;
    let triedBad = false;
    ({ events } = await readEvents(await s.app.request(`/api/runs/${id}/events`), async (e) => {
      if (e.event !== "event" || e.data.kind !== "prompt" || e.data.expects === "nothing") return;
      if (e.data.expects === "reading" && !triedBad) {
        triedBad = true;
        // hostile answers first: each refused, the prompt stays open
        for (const body of [
          { answer: "maybe" },
          { answer: "ok", reading: "3.4 bar" },
          { answer: "ok", reading: -2 },
          { answer: "ok", reading: "lots" },
          { answer: "ok", extra: 1 },
          [],
          { answer: "ok", reading: "3,4" },
          { answer: "ok", reading: "0x10" },
        ]) {
          const bad = await post(s.app, `/api/runs/${id}/answer`, body);
          refusals.push({ body, status: bad.status, error: ((await bad.json()) as { error: string }).error });
        }
      }
      const answer = e.data.expects === "reading" ? { answer: "ok", reading: "3.38 t" } : { answer: "yes" };
      expect((await post(s.app, `/api/runs/${id}/answer`, answer)).status).toBe(202);
    }));
  }, 60_000);

  it("completes, with the answers recorded as operator events", () => {
    expect(events.at(-1)!.data).toMatchObject({ type: "run-stop", status: "completed" });
    const operator = events
      .filter((e) => e.event === "event" && e.data.kind === "operator")
      .map((e) => e.data.message);
    expect(operator).toEqual(
      expect.arrayContaining([
        "web (Ana) confirmed: Put the separator in the die and confirm",
        expect.stringMatching(/^web \(Ana\) confirmed: Set the press to 3\.4 t .*, reading 3\.38 t$/),
        "web (Ana) confirmed: Release the press (open the valve) and confirm",
      ]),
    );
  });

  it("prompts carry the setting in tonnes, the target, the reading's unit and the hold's count-down", () => {
    const prompts = events.filter((e) => e.event === "event" && e.data.kind === "prompt").map((e) => e.data);
    const set = prompts.find((p) => p["Set [t]"] === 3.4)!;
    expect(set).toMatchObject({
      type: "event",
      run: id,
      step: 2,
      expects: "reading",
      unit: "t",
      "Target force [kN]": 33.34, // 3.4 t × 9.80665
    });
    expect(set["Target pressure [MPa]"] as number).toBeCloseTo(251.2, 1); // on a 13 mm die
    expect(set.message).toMatch(/^Set the press to 3\.4 t/);
    const hold = prompts.find((p) => p.expects === "nothing" && p["Countdown [s]"] !== undefined)!;
    expect(hold).toMatchObject({ "Countdown [s]": 3, step: 2 });
    const release = prompts.find((p) => /^Release the press/.test(p.message as string))!;
    expect(release).toMatchObject({ expects: "confirm", unit: null, "Set [t]": 0 });
    // prompts are numbered, in order
    const numbers = prompts.map((p) => p.prompt as number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it("the typed reading is the measured force", () => {
    const held = events.filter((e) => e.event === "sample" && e.data.step === 2).map((e) => e.data);
    expect(held.at(-1)!["Force [kN]"] as number).toBeCloseTo(3.38 * 9.80665, 2);
  });

  it("refuses bad answers with 400 and keeps the prompt open", () => {
    expect(refusals.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 400]);
    expect(refusals[0]!.error).toMatch(/"answer" must be "ok", "yes", "no" or "abort"/);
    expect(refusals[1]!.error).toBe(
      '"reading": "3.4 bar" is not in a unit the gauge reads; type a number ≥ 0 in t, e.g. 3.4 or 3.4 t',
    );
    expect(refusals[2]!.error).toMatch(/≥ 0/);
    expect(refusals[6]!.error).toBe(
      '"reading": "3,4" has a comma in its number; write a decimal point: "3.4"',
    );
    // not read as 0 t followed by a unit "x10", nor as hexadecimal 16 t
    expect(refusals[7]!.error).toMatch(/^"reading": "0x10": "x10" is not a unit/);
  });

  it("409 for an answer once the run has ended", async () => {
    const r = await post(s.app, `/api/runs/${id}/answer`, { answer: "ok" });
    expect(r.status).toBe(409);
  });
});

describe("aborting a manual run", () => {
  it("closes the open prompt and records the run aborted", async () => {
    const r = await post(s.app, "/api/runs", { protocol: QUICK_MANUAL, press: "manual" });
    const id = ((await r.json()) as { id: string }).id;
    let aborted = false;
    const { events } = await readEvents(await s.app.request(`/api/runs/${id}/events`), async (e) => {
      if (e.event !== "event" || e.data.kind !== "prompt" || e.data.expects === "nothing") return;
      if (e.data.expects === "reading" && !aborted) {
        aborted = true;
        // the operator stops while told to load: nothing was set yet
        expect((await post(s.app, `/api/runs/${id}/abort`)).status).toBe(202);
        return;
      }
      await post(s.app, `/api/runs/${id}/answer`, { answer: "ok" });
    });
    expect(events.at(-1)!.data).toMatchObject({ type: "run-stop", status: "aborted" });
    const record = (await (await s.app.request(`/api/runs/${id}`)).json()) as { status: string };
    expect(record.status).toBe("aborted");
  }, 60_000);
});
