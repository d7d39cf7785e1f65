/**
 * The Simulate page in a real browser against `ssbpress serve`: the classic example simulated with
 * and without Monte Carlo samples, its charts drawn with labelled axes, the risk bands and the
 * predicted state shown; a protocol with an error refused with its line and a way to the editor.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
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

const CLASSIC = readFileSync(join(ROOT, "examples/classic-li-lpscl-nmc811.yaml"), "utf8");

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page at #/simulate with `text` as the protocol being worked on (as the editor leaves it). */
async function simulatePage(text: string, fileName: string, width?: number): Promise<Page> {
  const page = await openPage(browser, server.url + "/", width);
  await page.evaluate(
    ([t, f]) => localStorage.setItem("ssbpress.protocol", JSON.stringify({ text: t, fileName: f })),
    [text, fileName],
  );
  await page.goto(server.url + "/#/simulate");
  await page.reload();
  return page;
}

describe("Simulate page", () => {
  it("simulates the classic example: programme, risks, cycling and state, with Monte Carlo bands", async () => {
    const page = await simulatePage(CLASSIC, "classic-li-lpscl-nmc811.yaml");
    await page.getByLabel("Monte Carlo samples").fill("200");
    await page.getByLabel("Seed").fill("7");
    await page.getByRole("button", { name: "Simulate" }).click();

    const programme = page.locator("figure", { hasText: "Pressure programme" });
    await programme.waitFor({ timeout: 45_000 });
    // the timeline came with the answer: not the step-summary fallback
    expect(await programme.locator("figcaption").textContent()).not.toContain("step summary");
    expect(await colouredPixels(programme)).toBeGreaterThan(200);
    const progAxes = await axisLabels(programme);
    expect(progAxes).toContain("Time [min]");
    expect(progAxes).toContain("Pressure [MPa]");
    expect(progAxes).toContain("Relative density [-]");
    // one density line per layer of the example, named in the legend
    expect(await programme.locator(".u-legend").textContent()).toContain("anode relative density [-]");

    const cycling = page.locator("figure", { hasText: "Stack pressure during cycling" });
    expect(await colouredPixels(cycling)).toBeGreaterThan(50);
    expect(await axisLabels(cycling)).toContain("Stack pressure [MPa]");
    expect(await axisLabels(cycling)).toContain("Operation time [h]");

    // the risks: a row per press step, with a 5–95 % range from the 200 samples
    const risks = page.locator("table.risk-table");
    expect(await risks.locator("caption").textContent()).toContain("200 Monte Carlo samples");
    expect(await risks.locator("tbody tr").count()).toBeGreaterThanOrEqual(4);
    expect(await risks.locator(".risk-band").count()).toBeGreaterThan(0);
    expect(await risks.textContent()).toMatch(/5–95 %: [^)]+%/);

    // the state per layer carries units and bands
    const layers = page.locator("table", { hasText: "Ionic conductivity [mS/cm]" });
    expect(await layers.locator("tbody tr").count()).toBe(3);
    expect(await layers.textContent()).toMatch(/\d µm/);
    expect(await layers.textContent()).toMatch(/mS\/cm \[/);
    expect(await page.locator("table", { hasText: "Interface resistance" }).textContent()).toMatch(/Ω cm²/);

    // references by key, with the paper's authors and title from /api/references
    const refs = page.locator("ul.references li", { hasText: "Doux2020" });
    await expect.poll(() => refs.textContent(), { timeout: 10_000 }).toMatch(/Doux2020: .*Doux/);

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "simulate");
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("draws legibly at 800 px and redraws when the window is resized", async () => {
    const page = await simulatePage(CLASSIC, "classic.yaml", 1280);
    // with samples: the risk table then carries its widest text (the 5–95 % ranges)
    await page.getByLabel("Monte Carlo samples").fill("100");
    await page.getByRole("button", { name: "Simulate" }).click();
    const programme = page.locator("figure", { hasText: "Pressure programme" });
    await programme.waitFor({ timeout: 45_000 });
    const canvas = programme.locator("canvas").first();
    const wide = (await canvas.boundingBox())!.width;
    await page.setViewportSize({ width: 800, height: 900 });
    await page.waitForFunction(
      (w) => {
        const c = document.querySelector("figure.chart canvas");
        return c !== null && c.getBoundingClientRect().width < w - 100;
      },
      wide,
      { timeout: 10_000 },
    );
    const narrow = (await canvas.boundingBox())!.width;
    expect(narrow).toBeLessThanOrEqual(800);
    expect(narrow).toBeGreaterThan(600);
    expect(await colouredPixels(programme)).toBeGreaterThan(200);
    // nothing wider than the window: no sideways scrolling of the page
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("refuses a protocol with an error: the banner names the line and links to the editor", async () => {
    const broken = CLASSIC.replace("Add cathode on top", "Add cathodee on top");
    const line = broken.split("\n").findIndex((l) => l.includes("cathodee")) + 1;
    const page = await simulatePage(broken, "broken.yaml");
    await page.getByRole("button", { name: "Simulate" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 30_000 });
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain("cannot be simulated");
    expect(text).toContain(`line ${line}`);
    expect(text).toContain("cathodee");
    expect(await alert.getByRole("link", { name: /editor/ }).getAttribute("href")).toBe("#/editor");
    expect(await page.locator("figure.chart").count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows that it is simulating, and a cancelled simulation leaves the page usable", async () => {
    const page = await simulatePage(CLASSIC, "classic.yaml");
    await page.getByLabel("Monte Carlo samples").fill("2000");
    await page.getByRole("button", { name: "Simulate" }).click();
    await page.getByText("simulating…", { exact: true }).waitFor({ timeout: 5_000 });
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Simulate" }).waitFor({ timeout: 5_000 });
    expect(await page.getByRole("button", { name: "Simulate" }).isEnabled()).toBe(true);
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(await page.locator("figure.chart").count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("an ejected pellet: the Eject step in the risks, the pellet's state shown from before it left the die", async () => {
    const text = readFileSync(join(ROOT, "examples/separator-pellet.yaml"), "utf8");
    const page = await simulatePage(text, "separator-pellet.yaml");
    await page.getByRole("button", { name: "Simulate" }).click();
    const risks = page.locator("table.risk-table");
    await risks.waitFor({ timeout: 45_000 });
    expect(await risks.locator("tbody th", { hasText: "3. Eject the pellet" }).count()).toBe(1);
    // the die is empty after the Eject: the state shown by default is the pellet's, after step 2
    const layers = page.locator("table", { hasText: "Ionic conductivity [mS/cm]" });
    expect(await layers.locator("caption").textContent()).toContain("Layers after step 2");
    expect(await layers.locator("tbody tr", { hasText: "separator" }).count()).toBe(1);
    const programme = page.locator("figure", { hasText: "Pressure programme" });
    expect(await programme.textContent()).toMatch(/final relative densities: separator 0\.\d+/);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("explains a samples value that is not a whole number instead of sending it", async () => {
    const page = await simulatePage(CLASSIC, "classic.yaml");
    await page.getByLabel("Monte Carlo samples").fill("1e3");
    await page.getByRole("button", { name: "Simulate" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("whole number");
    await page.getByLabel("Monte Carlo samples").fill("99999999");
    await page.getByRole("button", { name: "Simulate" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("from 0 to 5000");
    await page.close();
  }, 60_000);
});
