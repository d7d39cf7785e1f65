/**
 * The History pages in a real browser against `ssbpress serve`: two runs made on the twin through
 * the API, listed and filtered, one opened (trace drawn, statistics, events, a BDF download), and
 * the two overlaid.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import {
  launchBrowser,
  openPage,
  pageErrors,
  ROOT,
  screenshot,
  seriousA11yViolations,
  startServer,
  type TestServer,
} from "./harness";
import { axisLabels, colouredPixels } from "./chart-pixels";

const example = (name: string) => readFileSync(join(ROOT, "examples", name), "utf8");
const CLASSIC = example("classic-li-lpscl-nmc811.yaml");
const SYMMETRIC = example("doux2020-li-symmetric.yaml");
const nameOf = (yaml: string) => /^name:\s*(.+)$/m.exec(yaml)![1]!.trim();

let server: TestServer;
let browser: Browser;
const runs: { id: string; name: string }[] = [];

/** Starts a run on the twin; its id, as soon as the server accepted it. */
async function startRun(protocol: string, speed: number, fault?: string): Promise<string> {
  const res = await fetch(server.url + "/api/runs", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      protocol,
      press: "sim",
      speed,
      yes: true,
      operate_for: "1 min",
      ...(fault ? { fault } : {}),
    }),
  });
  const body = (await res.json()) as { id?: string; error?: string };
  if (res.status !== 201 || !body.id)
    throw new Error(`POST /api/runs answered ${res.status}: ${JSON.stringify(body)}`);
  return body.id;
}

/** Waits until the run has ended (its status is no longer "running"). */
async function ended(id: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const show = (await (await fetch(`${server.url}/api/runs/${id}`)).json()) as { status?: string };
    if (show.status && show.status !== "running") return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`run ${id} still running after 60 s:\n${server.output()}`);
}

/** Starts a run on the twin at 600× and waits until it has ended; its id. */
async function recordRun(protocol: string, fault?: string): Promise<string> {
  const id = await startRun(protocol, 600, fault);
  await ended(id);
  return id;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // one press, one run at a time: the second starts after the first has ended
  runs.push({ id: await recordRun(CLASSIC), name: nameOf(CLASSIC) });
  runs.push({ id: await recordRun(SYMMETRIC), name: nameOf(SYMMETRIC) });
  // the twin's pellet cracks while the cathode is pressed: the run ends on an interlock
  runs.push({ id: await recordRun(CLASSIC, "fracture@step4+10s"), name: nameOf(CLASSIC) });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("History pages", () => {
  it("lists the runs and filters them by protocol name, status and date", async () => {
    const page = await openPage(browser, server.url + "/#/history");
    const table = page.locator("table.runs-table");
    const rows = (n: number) =>
      page.waitForFunction((k) => document.querySelectorAll("table.runs-table tbody tr").length === k, n, {
        timeout: 10_000,
      });
    await rows(3);
    for (const r of runs) expect(await table.textContent()).toContain(r.id);

    await page.getByLabel("Protocol name").fill(nameOf(SYMMETRIC).slice(0, 6).toLowerCase());
    await rows(1);
    expect(await table.textContent()).toContain(runs[1]!.id);
    expect(await table.textContent()).not.toContain(runs[0]!.id);

    await page.getByRole("button", { name: "Clear filters" }).click();
    await rows(3);
    await page.getByLabel("Status").selectOption("aborted");
    await rows(0);
    await page.getByLabel("Status").selectOption("interlock");
    await rows(1);
    expect(await table.textContent()).toContain(runs[2]!.id);
    await page.getByLabel("Status").selectOption("completed");
    await rows(2);
    expect(await table.textContent()).not.toContain(runs[2]!.id);
    // both filters at once: the classic recipe that completed
    await page.getByLabel("Protocol name").fill("NMC811");
    await rows(1);
    expect(await table.textContent()).toContain(runs[0]!.id);

    // a day range after today holds none of them; one that includes today holds all
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByLabel("Started from").fill("2999-01-01");
    await rows(0);
    await page.getByLabel("Started from").fill("2000-01-01");
    await page.getByLabel("Started to").fill("2999-12-31");
    await rows(3);
    await page.getByLabel("Started to").fill("2000-01-02");
    await rows(0);
    await page.getByRole("button", { name: "Clear filters" }).click();
    await rows(3);

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "history");
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("opens a run: trace drawn, statistics per step, events, downloads (BDF with its columns)", async () => {
    const page = await openPage(browser, server.url + "/#/history");
    await page.locator("tr", { hasText: runs[0]!.id }).getByRole("link", { name: runs[0]!.name }).click();
    await page.getByRole("heading", { level: 1, name: runs[0]!.name }).waitFor({ timeout: 20_000 });
    expect(page.url()).toContain(`#/history/${runs[0]!.id}`);
    expect(await page.locator(".run-header").textContent()).toMatch(/completed/);
    expect(await page.locator(".run-header").textContent()).toMatch(/[0-9a-f]{64}/);

    const trace = page.locator("figure", { hasText: "against time" });
    await trace.locator("canvas").waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => {
      const c = document.querySelector("figure.chart canvas") as HTMLCanvasElement | null;
      return c !== null && c.width > 0;
    });
    expect(await colouredPixels(trace)).toBeGreaterThan(200);
    const labels = await axisLabels(trace);
    expect(labels).toContain("Test time [s]");
    expect(labels).toContain("Force [kN]");
    expect(labels).toContain("Position [mm]");

    // the classic recipe: 7 steps, press steps with peak pressures near their targets
    // the statistics come in a second request, after the trace: wait for their rows
    const stats = page.locator("table.stats-table");
    await stats.locator("tbody tr").nth(6).waitFor({ timeout: 20_000 });
    expect(await stats.locator("tbody tr").count()).toBe(7);
    const step2 = (await stats.locator("tbody tr").nth(1).textContent()) ?? "";
    const peak = Number(/([\d.]+) MPa/.exec(step2)?.[1]);
    expect(peak).toBeGreaterThan(240);
    expect(peak).toBeLessThan(260);
    expect(step2).toMatch(/kN/);
    expect(step2).toMatch(/mm/);
    expect(await page.locator("ol.events li").count()).toBeGreaterThan(0);

    // switching the plot to pressure redraws with the pressure axis
    await page.getByLabel("Pressure [MPa]").check();
    await page.waitForFunction(() =>
      document.querySelector(".chart-axes")?.textContent?.includes("Pressure [MPa]"),
    );
    expect(await colouredPixels(trace)).toBeGreaterThan(200);

    const bdf = page.getByRole("link", { name: /BDF/ });
    expect(await bdf.getAttribute("download")).toBeTruthy();
    const [download] = await Promise.all([page.waitForEvent("download"), bdf.click()]);
    const file = await download.path();
    const header = readFileSync(file, "utf8").split("\n")[0]!;
    expect(header).toContain("Test Time / s");
    expect(header).toContain("Applied Pressure / Pa");
    for (const name of [/CSV/, /JSON/, /SVG plot \(force\)/])
      expect(await page.getByRole("link", { name }).getAttribute("download")).toBeTruthy();

    await page.locator("details.protocol-text summary").click();
    await page.locator("details.protocol-text pre").waitFor({ timeout: 10_000 });
    expect(await page.locator("details.protocol-text pre").textContent()).toContain("Press to 250 MPa");

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "history-run");
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("compares two selected runs on one chart with a legend naming both", async () => {
    const page = await openPage(browser, server.url + "/#/history");
    const compare = page.getByRole("button", { name: "Compare the two selected runs" });
    await page.getByLabel(`Compare ${runs[0]!.name} (${runs[0]!.id})`).check();
    expect(await compare.isDisabled()).toBe(true);
    await page.getByLabel(`Compare ${runs[1]!.name} (${runs[1]!.id})`).check();
    await compare.click();
    await page.getByRole("heading", { level: 1, name: "Compare two runs" }).waitFor({ timeout: 10_000 });
    const chart = page.locator("figure.chart");
    await chart.locator("canvas").waitFor({ timeout: 20_000 });
    expect(await colouredPixels(chart)).toBeGreaterThan(200);
    const legend = (await chart.locator(".u-legend").textContent()) ?? "";
    expect(legend).toContain(runs[0]!.id);
    expect(legend).toContain(runs[1]!.id);
    expect(legend).toContain("Pressure [MPa]");
    expect(await axisLabels(chart)).toContain("Test time [s]");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "compare");
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows a run stopped by an interlock: its reason, the event in red on the trace and in the list", async () => {
    const page = await openPage(browser, `${server.url}/#/history/${runs[2]!.id}`);
    const header = page.locator(".run-header");
    await header.waitFor({ timeout: 20_000 });
    expect(await header.textContent()).toContain("interlock");
    expect(await header.textContent()).toMatch(/fracture/);
    const interlocks = page.locator("ol.events li.event-interlock");
    expect(await interlocks.count()).toBeGreaterThan(0);
    expect(await interlocks.first().textContent()).toMatch(/fracture/);
    const trace = page.locator("figure", { hasText: "against time" });
    await trace.locator("canvas").waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector("figure.chart .u-legend") !== null);
    // the interlock's solid red line: pixels of the interlock colour on the chart
    const red = await trace
      .locator("canvas")
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4)
          if (px[i]! > 150 && px[i + 1]! < 50 && px[i + 2]! < 50 && px[i + 3]! > 200) n++;
        return n;
      });
    expect(red).toBeGreaterThan(20);
    // on a tablet next to the press: the page does not scroll sideways (wide tables scroll inside)
    await page.setViewportSize({ width: 800, height: 900 });
    await page.waitForFunction(
      () => document.querySelector("figure.chart canvas")!.getBoundingClientRect().width <= 800,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("follows a run that is still recording until it ends", async () => {
    // 60× real time: the classic recipe takes about a quarter of a minute
    const id = await startRun(CLASSIC, 60);
    const page = await openPage(browser, `${server.url}/#/history/${id}`);
    const header = page.locator(".run-header");
    await header.waitFor({ timeout: 20_000 });
    expect(await header.locator(".status").textContent()).toBe("running");
    await page.locator("figure.chart canvas").waitFor({ timeout: 20_000 });
    // no reload: the page refreshes the record and the trace while the run goes on
    await page.waitForFunction(
      () => document.querySelector(".run-header .status")?.textContent === "completed",
      null,
      {
        timeout: 60_000,
      },
    );
    await ended(id);
    const samples = Number(
      await page.locator(".run-header div", { hasText: "Samples" }).locator("dd").textContent(),
    );
    const show = (await (await fetch(`${server.url}/api/runs/${id}`)).json()) as { samples: number };
    expect(samples).toBe(show.samples);
    expect(await colouredPixels(page.locator("figure.chart"))).toBeGreaterThan(200);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it("says so when a run does not exist", async () => {
    const page = await openPage(browser, server.url + "/#/history/no-such-run");
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toMatch(/no-such-run|not found|no run/i);
    expect(await page.getByRole("link", { name: /all runs/i }).count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 30_000);
});
