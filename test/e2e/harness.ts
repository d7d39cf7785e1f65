/**
 * What every browser test needs: `ssbpress serve` started as a user starts it (the built CLI, a
 * throwaway database, a free port on 127.0.0.1, stopped by its own process id), and Debian's
 * chromium driven by playwright-core. The tests need `npm run build` first (CI's `npm ci` runs it
 * through `prepare`): the server serves the built app from dist/web.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** The database file the server records runs in. */
  db: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** Starts `ssbpress serve --port 0` with extra arguments; resolves once it prints its URL. */
export async function startServer(args: string[] = []): Promise<TestServer> {
  for (const built of ["dist/cli/ssbpress.js", "dist/web/index.html"])
    if (!existsSync(join(ROOT, built)))
      throw new Error(`${built} is missing: run \`npm run build\` before the browser tests`);
  const dir = mkdtempSync(join(tmpdir(), "ssbpress-e2e-"));
  const db = join(dir, "runs.sqlite");
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, "bin/ssbpress.js"), "serve", "--port", "0", "--db", db, ...args],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  let out = "";
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL within 15 s:\n${out}`)), 15_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/[^\s/]+:\d+)\/?/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code} before printing its URL:\n${out}`));
    });
  });
  return {
    url,
    db,
    output: () => out,
    async close() {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(child.pid, "SIGTERM");
        const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, "SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

/** A new page at a tablet-and-desktop size, failing the test on any uncaught page error. */
export async function openPage(browser: Browser, url: string, width = 1280, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  (page as Page & { pageErrors?: string[] }).pageErrors = errors;
  await page.goto(url);
  return page;
}

/** Uncaught errors the page threw so far (a working page throws none). */
export function pageErrors(page: Page): string[] {
  return (page as Page & { pageErrors?: string[] }).pageErrors ?? [];
}

const axeSource = (): string => (createRequire(import.meta.url)("axe-core") as { source: string }).source;

/** axe-core's serious and critical violations on the page as it is now ("id: help (n nodes)"). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // evaluated through the DevTools protocol: the server's Content-Security-Policy refuses inline <script> tags
  await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes} nodes)`);
}

/**
 * Saves a screenshot to docs/img/web-NAME.png, only when asked (SSBPRESS_SCREENSHOTS=1): a test
 * run never rewrites the repository's files on its own.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SSBPRESS_SCREENSHOTS !== "1") return;
  const file = join(ROOT, "docs/img", `web-${name}.png`);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: false });
}
