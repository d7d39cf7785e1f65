/**
 * `ssbpress serve`: the web app and the JSON API (CONTRACTS §8) on this machine. Prints one line,
 * `ssbpress serve: http://HOST:PORT/` (with `?token=…` when a token is needed), then serves until
 * Ctrl-C or SIGTERM, which stop it cleanly (runs brought to a safe stop, the run record closed).
 */
import { existsSync, readdirSync } from "node:fs";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import { fileURLToPath } from "node:url";
import { SsbError } from "../core/errors.js";
import { echo } from "../core/text.js";
import { startServer } from "../server/serve.js";
import { isLoopback } from "../server/security/hosts.js";
import { MIN_TOKEN_LENGTH, newToken } from "../server/security/token.js";
import type { Io } from "./io.js";

export interface ServeCliOptions {
  host?: string;
  port?: string;
  db?: string;
  token?: string;
  press?: string;
}

const VERSION = "0.1.0";

function usage(message: string, hint: string): SsbError {
  return new SsbError("usage", message, { hint });
}

function parsePort(text: string): number {
  const t = text.trim();
  const port = /^\d{1,5}$/.test(t) ? Number(t) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw usage(
      `--port must be a whole number from 0 to 65535, got "${echo(text, 40)}"`,
      "e.g. --port 8080; --port 0 picks a free port",
    );
  return port;
}

function parseHost(text: string): string {
  const t = text.trim().replace(/^\[(.*)\]$/, "$1");
  if (t.toLowerCase() === "localhost") return "127.0.0.1";
  if (isIP(t) === 0)
    throw usage(
      `--host must be an IP address of this machine, got "${echo(text, 60)}"`,
      "use --host 127.0.0.1 (this machine only, the default) or --host 0.0.0.0 (every network, with a token)",
    );
  return t;
}

function checkToken(text: string): string {
  if (text.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9._~-]+$/.test(text))
    throw usage(
      `--token must be at least ${MIN_TOKEN_LENGTH} characters of letters, digits and . _ ~ - (it goes into a URL)`,
      "leave --token out to have a random one generated and printed",
    );
  return text;
}

function checkPress(text: string): string {
  if (text === "sim" || text === "manual" || /^modbus-(tcp|rtu):/.test(text)) return text;
  throw usage(
    `--press "${echo(text, 80)}" is not a press ssbpress knows`,
    "use sim, manual, modbus-tcp://HOST:PORT or modbus-rtu:/dev/ttyUSB0?baud=19200&parity=even",
  );
}

/** The first of the candidate folders (relative to this module, bundled or not) that holds `probe`. */
function packageFolder(candidates: string[], probe: (dir: string) => boolean): string | null {
  for (const c of candidates) {
    const dir = fileURLToPath(new URL(c, import.meta.url));
    if (probe(dir)) return dir;
  }
  return null;
}

// This module runs from dist/cli/ssbpress.js, from a chunk in dist/cli/chunks/, or from src/cli (tests).
const webRoot = () =>
  packageFolder(["../web/", "../../web/", "../../dist/web/"], (d) => existsSync(`${d}/index.html`));
const examplesDir = () =>
  packageFolder(["../../examples/", "../../../examples/"], (d) => {
    try {
      return readdirSync(d).some((f) => f.endsWith(".yaml"));
    } catch {
      return false;
    }
  });

/** The addresses by which other machines reach this one (for a server bound to every network). */
function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (!a.internal && a.family === "IPv4") out.push(a.address);
  return out;
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

export async function runServe(opts: ServeCliOptions, io: Io): Promise<number> {
  const host = parseHost(opts.host ?? "127.0.0.1");
  const port = parsePort(opts.port ?? "8080");
  const press = checkPress(opts.press ?? "sim");
  const given = opts.token === undefined ? undefined : checkToken(opts.token);
  // Beyond loopback a token is required: the given one, or a new random one printed below.
  const token = given ?? (isLoopback(host) ? null : newToken());
  const web = webRoot();
  const stop = stopSignal();
  const server = await startServer({
    host,
    port,
    ...(opts.db !== undefined ? { db: opts.db } : {}),
    token,
    press,
    webRoot: web,
    examplesDir: examplesDir(),
    version: VERSION,
  });
  const withToken = (url: string) => (token ? `${url}?token=${token}` : url);
  io.out(`ssbpress serve: ${withToken(server.url)}`);
  if (host === "0.0.0.0" || host === "::")
    for (const a of lanAddresses())
      io.err(`  from other machines: ${withToken(`http://${a}:${server.context.port}/`)}`);
  if (!web) io.err("the web app is not built (run `npm run build`); serving the JSON API only");
  io.err("Ctrl-C stops the server");
  const signal = await stop;
  io.err(`${signal}: stopping (runs brought to a safe stop, the run record closed)`);
  await server.close();
  return 0;
}
