/**
 * A manual press run answered through the page, as an operator at the press would: every prompt
 * shows what to do, the press's own unit (tonnes for this press) and a Confirm button; readings
 * are typed with their unit; the run completes and is recorded. The protocol is short (one press
 * step, a short hold) because the operator is real here: the run goes at the wall clock's pace.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import {
  launchBrowser,
  openPage,
  pageErrors,
  screenshot,
  seriousA11yViolations,
  startServer,
  type TestServer,
} from "./harness";

// 0.5 t on a 13 mm die is 36.9 MPa: a light load, quick for the simulated operator to reach.
const PROTOCOL = `name: Separator pellet on a manual press, 13 mm die
die: { diameter: 13 mm, rating: 10 t }
press: { capacity: 15 t, type: manual, gauge: t }
layers:
  separator: { material: Li6PS5Cl, mass: 135 mg }
steps:
  - Add separator
  - Press to 0.5 t, hold 5 s
  - Release
`;

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

describe("run console as the manual press's operator guide", () => {
  it("guides a manual press run through its prompts to completion, in tonnes", async () => {
    const page = await openPage(browser, `${server.url}/#/run`);
    await page.evaluate(
      (t) => localStorage.setItem("ssbpress.protocol", JSON.stringify({ text: t, fileName: "manual.yaml" })),
      PROTOCOL,
    );
    await page.reload();
    await page.getByRole("row", { name: /Press to 0\.5 t/ }).waitFor({ timeout: 20_000 });
    await page.getByRole("radio", { name: /Manual press/ }).check();
    // A manual press's operator answers every prompt: the automatic-answer option is not offered.
    expect(await page.getByLabel(/Answer Add\/Ask prompts automatically/).count()).toBe(0);
    await page.getByLabel(/Operator name/).fill("E2E operator");
    await page.getByRole("button", { name: /Start run/ }).click();
    await page.getByRole("button", { name: /Yes, start on the manual press/ }).click();
    await page.waitForURL(/#\/run\/.+/, { timeout: 15_000 });
    const id = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/run\//, ""));

    const confirm = page.getByRole("button", { name: /^Confirm/ });
    const done = page.getByRole("heading", { level: 2, name: /^(Completed|Aborted|Stopped|Interrupted)/ });
    const messages: string[] = [];
    const keys: string[] = [];
    let sawTonnes = false;
    let typedReading = false;
    let checkedA11y = false;
    const deadline = Date.now() + 120_000;
    while (!(await done.isVisible())) {
      expect(Date.now()).toBeLessThan(deadline);
      if (!(await confirm.isVisible())) {
        await page.waitForTimeout(200);
        continue;
      }
      const key = (await page.locator(".operator-guide").getAttribute("data-prompt")) ?? "";
      if (keys.at(-1) === key) {
        // Our answer is on its way; the prompt closes when the run records it.
        await page.waitForTimeout(200);
        continue;
      }
      keys.push(key);
      messages.push((await page.locator(".guide-message").textContent()) ?? "");
      const target = page.getByTestId("guide-target");
      if (await target.isVisible()) {
        const shown = (await target.textContent()) ?? "";
        expect(shown).toMatch(/^0\.5 t$/);
        sawTonnes = true;
        if (!checkedA11y) {
          expect(await seriousA11yViolations(page)).toEqual([]);
          await page.evaluate(() => window.scrollTo(0, 0));
          await screenshot(page, "run-manual");
          checkedA11y = true;
        }
      }
      const reading = page.getByLabel(/^Reading/);
      if (await reading.isVisible()) {
        expect(await page.locator(".guide-reading label").textContent()).toMatch(/\[t\]/);
        if (!typedReading) {
          // a decimal comma (a phone's decimal keypad offers one) is named, with the number to type
          await reading.fill("0,5");
          await expect(page.locator(".guide-reading .banner.error").textContent()).resolves.toBe(
            '"0,5" has a comma: type 0.5, with a decimal point.',
          );
          await expect(reading.getAttribute("aria-invalid")).resolves.toBe("true");
        }
        await reading.fill("0.5");
        typedReading = true;
        await reading.press("Enter"); // Enter in the field confirms, with the reading
      } else {
        // Confirm has the focus: Enter answers, as at a keyboard next to the press.
        await expect(confirm.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
        await page.keyboard.press("Enter");
      }
    }
    await page.getByRole("heading", { level: 2, name: /^Completed/ }).waitFor();
    expect(sawTonnes).toBe(true);
    expect(typedReading).toBe(true);
    expect(messages.length).toBeGreaterThanOrEqual(3); // place, press, release
    expect(await seriousA11yViolations(page)).toEqual([]);

    const record = (await (await fetch(`${server.url}/api/runs/${encodeURIComponent(id)}`)).json()) as {
      status: string;
      operator: string | null;
      events?: { message?: string }[];
    };
    expect(record.status).toBe("completed");
    expect(record.operator).toBe("E2E operator");
    // The typed reading is part of the record.
    expect(JSON.stringify(record.events ?? record)).toMatch(/0\.5 t/);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 180_000);
});
