/**
 * What every part of the HTTP server shares: the run record, the software version, and how the
 * server is bound (which decides whether a token is required, CONTRACTS §8). Built once by
 * `startServer` (or by a test) and handed to `createApp`; the routes never open a store or read
 * the environment themselves, so a test can give them an in-memory store and a virtual clock.
 */
import type { RunStore } from "../store/types.js";

export interface ServerContext {
  /** The run record (SQLite by default, PostgreSQL with --db postgres://…). */
  store: RunStore;
  /** ssbpress's version, as `GET /api/health` and every run-start document report it. */
  version: string;
  /** The address the server listens on; anything but loopback requires `token`. */
  host: string;
  /** The port it listens on (the Host/Origin checks compare against host:port). */
  port: number;
  /** The bearer token; null when bound to loopback (no token needed). */
  token: string | null;
  /** The built web app (dist/web), or null to serve the API only. */
  webRoot: string | null;
  /** The press a run uses when its request names none: "sim", "manual" or "modbus-tcp://…". */
  defaultPress: string;
  /** The example protocols (the package's examples/ folder), or null when it is not there. */
  examplesDir: string | null;
  /**
   * Called, in order, when the server stops, before the store closes: the run manager registers
   * here how to bring its runs to a safe stop (press released, documents flushed).
   */
  onShutdown: (() => Promise<void>)[];
}
