/**
 * The run console in a browser, against `ssbpress serve` on the digital twin: the classic recipe
 * loaded as the editor would leave it, its preflight table, a run at speed whose trace grows live
 * and that ends completed, recorded in the history and exported as BDF; and a second run aborted
 * midway, which the page and the run record both report as aborted, with the force released.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  ROOT,
  launchBrowser,
  openPage,
  pageErrors,
  screenshot,
  seriousA11yViolations,
  startServer,
  type TestServer,
} from "./harness";

const CLASSIC = "examples/classic-li-lpscl-nmc811.yaml";

let server: TestServer;
const cspViolations: string[] = [];
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens #/run with a protocol in the editor's saved state, as if the user had written it. */
async function consoleWith(file: string): Promise<Page> {
  const page = await openPage(browser, `${server.url}/#/run`);
  // The server's Content Security Policy ('self' only) must hold for everything the console draws.
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  const text = readFileSync(join(ROOT, file), "utf8");
  await page.evaluate(
    ([t, f]) => localStorage.setItem("ssbpress.protocol", JSON.stringify({ text: t, fileName: f })),
    [text, file.split("/").pop()!] as const,
  );
  await page.reload();
  return page;
}

/** Chooses the twin at `speed`, shortens Operate, and starts through the confirmation. */
async function startOnTwin(page: Page, speed: number, operateFor: string): Promise<string> {
  await page.getByRole("radio", { name: /Digital twin/ }).check();
  await page.getByLabel(/Speed/).fill(String(speed));
  await page.getByLabel(/Operate for/).fill(operateFor);
  await page.getByLabel(/Answer Add\/Ask prompts automatically/).check();
  const before = await runIds();
  await page.getByRole("button", { name: /Start run/ }).click();
  // The first click only asks: nothing has started until the second answer, naming the press.
  expect(await runIds()).toEqual(before);
  await page.getByRole("button", { name: /Yes, start on the digital twin/ }).click();
  await page.waitForURL(/#\/run\/.+/, { timeout: 15_000 });
  return decodeURIComponent(new URL(page.url()).hash.replace(/^#\/run\//, ""));
}

async function runIds(): Promise<string[]> {
  const list = (await (await fetch(`${server.url}/api/runs`)).json()) as { id: string }[];
  return list.map((r) => r.id);
}

const received = async (page: Page): Promise<number> =>
  Number((await page.locator(".run-chart-plot").getAttribute("data-received")) ?? "0");

const shownForce = async (page: Page): Promise<number> =>
  Number.parseFloat((await page.getByTestId("value-force").textContent()) ?? "NaN");

describe("run console on the digital twin", () => {
  it("shows the preflight, runs the classic recipe live to completion, finds it in history and exports BDF", async () => {
    const page = await consoleWith(CLASSIC);
    // The preflight table: step 2 asks for 250 MPa = 19.63 kN = 2 t on the 10 mm die.
    const step2 = page.getByRole("row", { name: /Press to 250 MPa/ });
    await step2.waitFor({ timeout: 20_000 });
    await expect(step2.getByRole("cell").allTextContents()).resolves.toEqual(
      expect.arrayContaining(["250", "19.63", "2"]),
    );
    // The classic recipe's warning (Li creep under the Operate pressure) is shown, not blocking.
    await page
      .getByText(/creep-safe limit/)
      .first()
      .waitFor();
    expect(await page.getByRole("button", { name: /Start run/ }).isEnabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const id = await startOnTwin(page, 100, "30 s");

    // The trace grows while the run goes on: more samples drawn, and the force shown moves.
    await page.waitForFunction(
      () => Number(document.querySelector(".run-chart-plot")?.getAttribute("data-received") ?? 0) > 50,
      undefined,
      { timeout: 20_000 },
    );
    // The current step is marked, with what it is doing and its time left (checked early: at 100×
    // the whole run takes about 8 s).
    await expect
      .poll(() => page.locator('.run-step[aria-current="step"]').count(), { timeout: 5_000 })
      .toBe(1);
    const first = await received(page);
    const force1 = await shownForce(page);
    await page.waitForTimeout(1_500);
    const second = await received(page);
    const force2 = await shownForce(page);
    expect(second).toBeGreaterThan(first);
    expect(force2).not.toBe(force1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "run");

    expect(cspViolations).toEqual([]);
    const status = page.getByRole("heading", { level: 2, name: /^Completed/ });
    await status.waitFor({ timeout: 60_000 });
    await page
      .locator(".run-stop")
      .getByText("completed; the cell is held at the Operate pressure")
      .waitFor();
    // Thinning keeps the drawn points bounded, however many samples came.
    const drawn = Number(await page.locator(".run-chart-plot").getAttribute("data-points"));
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThanOrEqual(4000);
    expect(await received(page)).toBeGreaterThan(drawn);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The latency probe recorded one value per drawn batch.
    const latencies = await page.evaluate(() => window.__ssbpressChartLatencies?.length ?? 0);
    expect(latencies).toBeGreaterThan(0);

    // The run record says the same.
    const record = (await (await fetch(`${server.url}/api/runs/${encodeURIComponent(id)}`)).json()) as {
      status: string;
    };
    expect(record.status).toBe("completed");

    // BDF, downloaded from the link the page offers.
    const href = await page.getByRole("link", { name: "BDF" }).getAttribute("href");
    expect(href).toBeTruthy();
    const bdf = await page.request.get(new URL(href!, server.url).href);
    expect(bdf.status()).toBe(200);
    const header = (await bdf.text()).split(/\r?\n/)[0]!;
    expect(header).toContain("Test Time / s");
    expect(header).toContain("Force / N");

    // The history lists it; its link leads to the run's page.
    await page.getByRole("link", { name: /Open this run in the history/ }).click();
    await page.waitForURL(new RegExp(`#/history/${encodeURIComponent(id)}$`));
    await page.goto(`${server.url}/#/history`);
    await page.reload();
    await page.getByText(id).first().waitFor({ timeout: 20_000 });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 180_000);

  it("aborts a run midway at once: the page and the record say aborted, and the force is released", async () => {
    const page = await consoleWith(CLASSIC);
    await page.getByRole("row", { name: /Press to 250 MPa/ }).waitFor({ timeout: 20_000 });
    const id = await startOnTwin(page, 10, "1 min");
    // Abort once the press is well loaded (the first ramp to 19.6 kN).
    await page.waitForFunction(
      () => Number.parseFloat(document.querySelector('[data-testid="value-force"]')?.textContent ?? "0") > 8,
      undefined,
      { timeout: 60_000 },
    );
    // Pause and resume: the buttons follow the run's own events.
    await page.getByRole("button", { name: "Pause" }).click();
    // The run itself reports the pause (its "paused at step" event), and the page says what it means.
    await page.getByText(/^Paused: the load in force is held/).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByText(/^Paused:/).waitFor({ state: "detached", timeout: 20_000 });
    await page.getByRole("button", { name: "Pause" }).waitFor();
    const abort = page.getByRole("button", { name: /^Abort/ });
    expect(await abort.isEnabled()).toBe(true);
    await abort.click(); // no second question: an abort must be fast
    await page.getByRole("heading", { level: 2, name: /^Aborted/ }).waitFor({ timeout: 60_000 });
    expect(await seriousA11yViolations(page)).toEqual([]);

    const record = (await (await fetch(`${server.url}/api/runs/${encodeURIComponent(id)}`)).json()) as {
      status: string;
    };
    expect(record.status).toBe("aborted");
    // The last recorded samples show the press released (≈ 0 kN), not left loaded.
    const csv = await (
      await fetch(`${server.url}/api/runs/${encodeURIComponent(id)}/export?format=csv`)
    ).text();
    const lines = csv.trim().split(/\r?\n/);
    const col = lines[0]!.split(",").indexOf("Force [kN]");
    expect(col).toBeGreaterThanOrEqual(0);
    const forces = lines.slice(1).map((l) => Number(l.split(",")[col]));
    expect(Math.max(...forces)).toBeGreaterThan(8); // it was loaded …
    expect(Math.abs(forces.at(-1)!)).toBeLessThan(0.5); // … and released
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 180_000);

  it("announces an interlock (an injected pellet fracture) in red and as an alert, and records it", async () => {
    const page = await consoleWith(CLASSIC);
    await page.getByRole("row", { name: /Press to 250 MPa/ }).waitFor({ timeout: 20_000 });
    await page.getByLabel(/Inject a fault/).fill("fracture@step2+60s");
    const id = await startOnTwin(page, 100, "30 s");
    const alert = page.getByRole("alert").filter({ hasText: /Interlock:/ });
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/fracture/i);
    await page
      .getByRole("heading", { level: 2, name: /^Stopped by an interlock/ })
      .waitFor({ timeout: 60_000 });
    expect(await page.locator(".run-event.interlock").count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const record = (await (await fetch(`${server.url}/api/runs/${encodeURIComponent(id)}`)).json()) as {
      status: string;
    };
    expect(record.status).toBe("interlock");
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it("comes back to the same run after a reload (replayed from its start); a second console finds the press busy", async () => {
    const page = await consoleWith(CLASSIC);
    await page.getByRole("row", { name: /Press to 250 MPa/ }).waitFor({ timeout: 20_000 });
    const id = await startOnTwin(page, 10, "30 s");
    const enough = (n: number) =>
      page.waitForFunction(
        (min) => Number(document.querySelector(".run-chart-plot")?.getAttribute("data-received") ?? 0) > min,
        n,
        { timeout: 30_000 },
      );
    await enough(100);
    const before = await received(page);
    await page.reload(); // a tablet that slept, a tab closed by mistake
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/run/${id}`);
    await enough(before);
    // Everything from the start is there again, counted once: about 10 samples per test second.
    const samples = await received(page);
    const testTime = await page.getByTestId("value-test-time").textContent();
    const [m, s] = (testTime ?? "0:00").split(":").map(Number);
    const seconds = m! * 60 + s!;
    expect(samples).toBeGreaterThan(seconds * 10 * 0.8);
    expect(samples).toBeLessThan(seconds * 10 * 1.2 + 50);

    // A second console finds the press busy: the run going on is offered, and a start is refused (409).
    const other = await consoleWith(CLASSIC);
    await other.getByRole("row", { name: /Press to 250 MPa/ }).waitFor({ timeout: 20_000 });
    const offered = other.getByRole("link", { name: "Open its console" });
    await offered.waitFor({ timeout: 20_000 });
    expect(await offered.getAttribute("href")).toBe(`#/run/${encodeURIComponent(id)}`);
    await other.getByRole("button", { name: /Start run/ }).click();
    await other.getByRole("button", { name: /Yes, start on the digital twin/ }).click();
    await other.getByText(/^The press is busy/).waitFor({ timeout: 20_000 });
    expect(new URL(other.url()).hash).toBe("#/run");
    expect(await seriousA11yViolations(other)).toEqual([]);
    await other.close();
    await page.getByRole("button", { name: /^Abort/ }).click();
    await page.getByRole("heading", { level: 2, name: /^Aborted/ }).waitFor({ timeout: 60_000 });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it("refuses to start a protocol with errors, and says where to fix it", async () => {
    const page = await openPage(browser, `${server.url}/#/run`);
    const bad = "name: x\ndie: { diameter: 10 mm }\nsteps:\n  - Press to 9000 MPa\n";
    await page.evaluate(
      (t) => localStorage.setItem("ssbpress.protocol", JSON.stringify({ text: t, fileName: "bad.yaml" })),
      bad,
    );
    await page.reload();
    await page.getByText(/it cannot be run/).waitFor({ timeout: 20_000 });
    await page
      .getByText(/line 4, column 14/)
      .first()
      .waitFor();
    expect(await page.getByRole("button", { name: /Start run/ }).isDisabled()).toBe(true);
    expect(await page.getByRole("link", { name: /Fix it in the editor/ }).count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);
});
