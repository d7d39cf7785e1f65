// Benchmarks of issue #9 (the web app), measured as a user meets them: `ssbpress serve` started
// from the built CLI on a free loopback port, Debian's chromium driven by playwright-core.
//   - first page load over loopback, to interactive (target < 1 s)
//   - the JavaScript the browser downloads for the first page, as sent (gzipped) (target < 400 kB)
//   - a twin sample to the live chart, p95 at 100 Hz telemetry (target < 250 ms)
//   - a 1,000,000-sample run's history plot, request to drawn (target < 1 s)
// Needs `npm run build` (npm run bench does it) and /usr/bin/chromium (or CHROMIUM_PATH).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { openStore } from "../dist/store/index.js";

/* global setTimeout, clearTimeout, fetch, document, window */
const emit = (o) => console.log(JSON.stringify(o));
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const T0 = 1_764_540_930;

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** `ssbpress serve --port 0 --db FILE`, resolved with its URL once it prints it. */
async function serve(db) {
  const child = spawn(process.execPath, [join(ROOT, "bin/ssbpress.js"), "serve", "--port", "0", "--db", db], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL:\n${out}`)), 15_000);
    const onData = (b) => {
      out += b.toString();
      const m = /(http:\/\/[^\s/]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => fail(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return {
    url,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(child.pid, "SIGTERM");
      await exited;
    },
  };
}

/** A recorded run of n samples at 100 Hz (a ramp-and-hold pattern with noise), written through the store. */
async function writeLongRun(db, n) {
  const run = "20261201-040000-w1m1";
  const store = await openStore(db);
  await store.write({
    type: "run-start",
    run,
    time: T0,
    protocol: "name: bench\n",
    sha256: "0".repeat(64),
    name: "bench 1M samples",
    die: { "Diameter [mm]": 10, "Area [mm2]": 78.539816, "Rating [MPa]": null },
    press: "sim",
    map: null,
    operator: null,
    version: "bench",
    steps: 1,
  });
  await store.write({ type: "step-start", run, time: T0, step: 1, text: "Press to 250 MPa, hold 2 h" });
  for (let i = 0; i < n; i++) {
    const f = Math.min(19.6, i * 0.001) + 0.02 * Math.sin(i * 0.7);
    await store.write({
      type: "sample",
      run,
      time: T0 + i / 100,
      step: 1,
      "Test time [s]": i / 100,
      "Force setpoint [kN]": Math.min(19.6, i * 0.001),
      "Force [kN]": f,
      "Pressure [MPa]": f / 0.0785398,
      "Position [mm]": 12.5 - f * 1e-3,
      "Temperature [degC]": 25,
    });
  }
  await store.write({
    type: "step-end",
    run,
    time: T0 + n / 100,
    step: 1,
    text: "Press to 250 MPa, hold 2 h",
  });
  await store.write({ type: "run-stop", run, time: T0 + n / 100, status: "completed", reason: "bench" });
  await store.close();
  return run;
}

const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/**
 * The first page (the protocol editor) in a fresh browser context (empty cache), from the request
 * to an editor that takes typing; and the JavaScript it downloaded, counted as sent (gzipped).
 */
async function firstLoad(browser, url) {
  const times = [];
  let jsBytes = 0;
  let jsFiles = 0;
  for (let i = 0; i < 6; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const scripts = [];
    page.on("requestfinished", (r) => {
      if (r.url().endsWith(".js")) scripts.push(r);
    });
    const t0 = performance.now();
    await page.goto(`${url}/`);
    await page.locator(".cm-content").waitFor();
    const ms = performance.now() - t0;
    if (i > 0) times.push(ms); // the first context also warms the server's disk cache
    if (i === 1) {
      for (const r of scripts) jsBytes += (await r.sizes()).responseBodySize;
      jsFiles = scripts.length;
    }
    await context.close();
  }
  emit({
    name: "web: first page load to interactive editor (median of 5, cold browser cache)",
    value: Math.round(percentile(times, 50)),
    unit: "ms",
    target: "< 1000 ms",
  });
  emit({
    name: "web: first page load to interactive editor (slowest of 5)",
    value: Math.round(Math.max(...times)),
    unit: "ms",
  });
  emit({
    name: `web: JavaScript downloaded by the first page (${jsFiles} files, as sent, gzipped)`,
    value: +(jsBytes / 1000).toFixed(1),
    unit: "kB",
    target: "< 400 kB",
  });
}

/** A 1,000,000-sample run's page: the server's decimation alone, and from navigation to the plot drawn. */
async function historyPlot(browser, url, id) {
  const series = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = await fetch(`${url}/api/runs/${id}/series?points=1500`);
    const j = await r.json();
    series.push(performance.now() - t0);
    if (j["Sample count [-]"] !== 1_000_000) throw new Error(`series saw ${j["Sample count [-]"]} samples`);
  }
  emit({
    name: "web: 1,000,000-sample run decimated on the server (GET /series, 1500 columns, min/max)",
    value: Math.round(percentile(series, 50)),
    unit: "ms",
  });
  const times = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}/#/history`);
    await page.locator("nav").waitFor();
    const t0 = performance.now();
    await page.goto(`${url}/#/history/${id}`);
    // drawn: the trace's canvas exists and holds coloured pixels
    await page.waitForFunction(
      () => {
        const c = document.querySelector('section[aria-labelledby="run-plot"] canvas');
        if (!c || c.width === 0) return false;
        const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        for (let k = 0; k < d.length; k += 4 * 97)
          if (d[k + 3] > 0 && (d[k] < 200 || d[k + 1] < 200 || d[k + 2] < 200)) return true;
        return false;
      },
      null,
      { timeout: 30_000, polling: "raf" },
    );
    times.push(performance.now() - t0);
    await context.close();
  }
  emit({
    name: "web: 1,000,000-sample run's history plot, navigation to drawn (median of 3)",
    value: Math.round(percentile(times, 50)),
    unit: "ms",
    target: "< 1000 ms",
  });
}

/**
 * A twin run in real time with 100 Hz telemetry, watched on the run console: for every batch the
 * chart draws, the page records how old the newest sample is (draw time − sample time).
 */
async function chartLatency(browser, url) {
  const protocol = readFileSync(join(ROOT, "examples/classic-li-lpscl-nmc811.yaml"), "utf8");
  const r = await fetch(`${url}/api/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ protocol, press: "sim", speed: 1, rate: 100, yes: true, operate_for: "5 s" }),
  });
  const { id, error } = await r.json();
  if (!id) throw new Error(`the bench run did not start: ${error}`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/#/run/${id}`);
  await sleep(20_000);
  const latencies = await page.evaluate(() => window.__ssbpressChartLatencies ?? []);
  await fetch(`${url}/api/runs/${id}/abort`, { method: "POST" });
  await page.close();
  // the first draws replay the run from its start: only the live part counts
  const live = latencies.slice(Math.floor(latencies.length / 4));
  if (live.length < 20) throw new Error(`only ${live.length} chart updates recorded`);
  emit({
    name: `web: twin sample to live chart at 100 Hz, p95 (${live.length} draws)`,
    value: Math.round(percentile(live, 95)),
    unit: "ms",
    target: "< 250 ms",
  });
  emit({
    name: "web: twin sample to live chart at 100 Hz, median",
    value: Math.round(percentile(live, 50)),
    unit: "ms",
  });
}

export default async function run() {
  if (!existsSync(CHROMIUM) || !existsSync(join(ROOT, "dist/web/index.html"))) {
    emit({
      name: "web: skipped",
      value: 0,
      unit: "-",
      note: `needs ${CHROMIUM} and dist/web (npm run build)`,
    });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "ssbpress-bench-web-"));
  const db = join(dir, "runs.sqlite");
  const longRun = await writeLongRun(db, 1_000_000);
  const server = await serve(db);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  try {
    await firstLoad(browser, server.url);
    await historyPlot(browser, server.url, longRun);
    await chartLatency(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node bench/web.bench.js` runs it alone; bench/run.js imports it and calls run().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
