/**
 * The planner and the calculator in a real browser against `ssbpress serve`: the planned protocol
 * lands in the editor exactly as `ssbpress plan` writes it, errors land at their field, and the
 * converter shows what `ssbpress convert` computes. Accessible; fits 800 px.
 */
import { execFileSync } from "node:child_process";
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

/** The CLI's --json answer (the reference the page must agree with). */
function cli(...args: string[]): Record<string, unknown> {
  return JSON.parse(
    execFileSync(process.execPath, [join(ROOT, "bin/ssbpress.js"), ...args, "--json"], { encoding: "utf8" }),
  ) as Record<string, unknown>;
}

const editorText = (page: Page) =>
  page.evaluate(
    () => (JSON.parse(localStorage.getItem("ssbpress.protocol") ?? "{}") as { text?: string }).text ?? "",
  );

async function open(hash: string, width = 1280): Promise<Page> {
  const page = await openPage(browser, `${server.url}/#/${hash}`, width);
  page.on("dialog", (d) => void d.accept());
  return page;
}

describe("plan page", { timeout: 90_000 }, () => {
  it("writes the protocol `plan` writes into the editor and opens it", async () => {
    const page = await open("plan");
    await page.getByLabel("Separator electrolyte").fill("Li6PS5Cl");
    await page.getByLabel("Cathode composite").fill("NMC811:70,Li6PS5Cl:30");
    await page.getByLabel("Anode", { exact: true }).fill("LiIn");
    await page.getByLabel("Die diameter").fill("13 mm");
    await page.getByLabel("Press capacity").fill("15 t");
    await page.getByLabel("Goal").selectOption("cycling");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "plan");
    await page.getByRole("button", { name: "Plan the protocol" }).click();
    await page.waitForFunction(() => location.hash === "#/editor", undefined, { timeout: 30_000 });
    const expected = cli(
      "plan",
      "--separator",
      "Li6PS5Cl",
      "--cathode",
      "NMC811:70,Li6PS5Cl:30",
      "--anode",
      "LiIn",
      "--die",
      "13mm",
      "--press",
      "15t",
    ).protocol;
    expect(typeof expected).toBe("string");
    await expect.poll(() => editorText(page), { timeout: 10_000 }).toBe(expected);
    await page.locator(".cm-content", { hasText: "LiIn" }).waitFor();
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it("shows an error at the field it is about, and others in a banner", async () => {
    const page = await open("plan");
    await page.getByLabel("Separator electrolyte").fill("Li6PS5Clx");
    await page.getByRole("button", { name: "Plan the protocol" }).click();
    const field = page.getByLabel("Separator electrolyte");
    await expect.poll(() => field.getAttribute("aria-invalid"), { timeout: 20_000 }).toBe("true");
    expect(await page.locator(".field.invalid").innerText()).toMatch(
      /unknown material "Li6PS5Clx"; did you mean Li6PS5Cl/,
    );

    await field.fill("Li6PS5Cl");
    await page.getByLabel("Cathode mass").fill("15");
    await page.getByRole("button", { name: "Plan the protocol" }).click();
    const mass = page.getByLabel("Cathode mass");
    await expect.poll(() => mass.getAttribute("aria-invalid"), { timeout: 20_000 }).toBe("true");
    expect(await field.getAttribute("aria-invalid")).toBeNull();
    expect(await page.locator(".field.invalid").innerText()).toMatch(/no unit/);
    expect(await page.evaluate(() => location.hash)).toBe("#/plan");

    // a press too small for the pellet: about the whole set-up, so above the button
    await page.getByLabel("Cathode mass").fill("");
    await page.getByLabel("Press capacity").fill("1 t");
    await page.getByRole("button", { name: "Plan the protocol" }).click();
    const banner = page.locator(".plan-form > .banner.error");
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toMatch(/could not be planned: .*allows only 118\.6 MPa/);
    expect(await page.locator(".field.invalid").count()).toBe(0);
    await page.close();
  });

  it("asks before replacing unsaved edits in the editor", async () => {
    const page = await openPage(browser, `${server.url}/#/editor`);
    await page.locator(".cm-content").click();
    await page.keyboard.insertText("name: my unsaved work\n");
    await page.evaluate(() => (location.hash = "#/plan"));
    const plan = page.getByRole("button", { name: "Plan the protocol" });
    const asked: string[] = [];
    page.once("dialog", (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await plan.click();
    await expect.poll(() => asked.length, { timeout: 30_000 }).toBe(1);
    expect(asked[0]).toMatch(/unsaved edits/);
    expect(await page.evaluate(() => location.hash)).toBe("#/plan");
    await expect.poll(() => editorText(page), { timeout: 10_000 }).toBe("name: my unsaved work\n");

    page.once("dialog", (d) => void d.accept());
    await plan.click();
    await page.waitForFunction(() => location.hash === "#/editor", undefined, { timeout: 30_000 });
    await expect.poll(() => editorText(page), { timeout: 10_000 }).toMatch(/^# Written by "ssbpress plan"/);
    await page.close();
  });

  it("fits 800 px", async () => {
    const page = await open("plan", 800);
    await page.getByLabel("Separator electrolyte").waitFor();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(800);
    await page.close();
  });
});

describe("convert page", { timeout: 90_000 }, () => {
  it("converts 500 MPa on a 10 mm die to the force the CLI gives, with every equivalent", async () => {
    const page = await open("convert");
    await page.getByLabel("Quantity").fill("500 MPa");
    await page.getByLabel("Die diameter").fill("10 mm");
    await page.getByRole("button", { name: "Convert" }).click();
    const expected = cli("convert", "500 MPa", "--die", "10 mm");
    const main = page.locator(".convert-main");
    await main.waitFor({ timeout: 20_000 });
    expect((await main.innerText()).replace(/\s+/g, " ")).toBe(`Force ${String(expected["Force [kN]"])} kN`);
    const table = (await page.locator(".convert-table").innerText()).replace(/\s+/g, " ");
    expect(table).toContain(`Force ${String(expected["Force [tf]"])} tf`);
    expect(table).toContain(`Die diameter 10 mm`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "convert");

    // a gauge reading on a manual press: 200 bar on a 50 mm ram, pressure on a 13 mm die
    await page.getByLabel("Quantity").fill("200 bar");
    await page.getByLabel("Die diameter").fill("13 mm");
    await page.getByLabel(/Ram diameter/).fill("50 mm");
    await page.getByRole("button", { name: "Convert" }).click();
    const gauge = cli("convert", "200 bar", "--die", "13 mm", "--ram", "50 mm");
    await expect
      .poll(async () => (await page.locator(".convert-table").innerText()).replace(/\s+/g, " "), {
        timeout: 20_000,
      })
      .toContain(`Pressure ${String(gauge["Pressure [MPa]"])} MPa`);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it("says what is wrong with a quantity of the wrong kind, inline", async () => {
    const page = await open("convert");
    await page.getByLabel("Quantity").fill("500 mm");
    await page.getByRole("button", { name: "Convert" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.innerText()).toMatch(/"500 mm" is a length/);
    expect(await page.locator(".convert-main").count()).toBe(0);
    await page.close();
  });

  it("fits 800 px", async () => {
    const page = await open("convert", 800);
    await page.getByLabel("Quantity").fill("3.9 t");
    await page.getByLabel("Die diameter").fill("13 mm");
    await page.getByRole("button", { name: "Convert" }).click();
    await page.locator(".convert-main").waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(800);
    await page.close();
  });
});
