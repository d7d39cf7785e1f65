/**
 * `startServer`: the run record opened once, the application, and a listening HTTP server on the
 * asked host and port (port 0: a free one). `close()` stops accepting requests, lets the run manager
 * bring its runs to a safe stop (its `onShutdown` hooks), then flushes and closes the run record.
 */
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { SsbError } from "../core/errors.js";
import { openStore } from "../store/index.js";
import type { RunStore } from "../store/types.js";
import { createApp } from "./app.js";
import type { ServerContext } from "./context.js";

export interface ServeOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 8080; 0 picks a free one). */
  port?: number;
  /** The run record: a SQLite file or postgres:// URL (default as `run`: SSBPRESS_DB, else the data folder). */
  db?: string;
  /** A run record already open (tests); `db` is then ignored and the caller closes it. */
  store?: RunStore;
  /** The access token, or null for none (loopback). */
  token?: string | null;
  /** Default press of runs that name none. */
  press?: string;
  /** The built web app, or null to serve the API only. */
  webRoot?: string | null;
  /** The example protocols folder, or null. */
  examplesDir?: string | null;
  version: string;
}

export interface RunningServer {
  /** Where it listens, e.g. http://127.0.0.1:41234/ (no token). */
  url: string;
  context: ServerContext;
  /** Stop: no new requests, runs stopped safely, the record flushed and closed. Safe to call twice. */
  close(): Promise<void>;
}

/** host:port as a URL authority (IPv6 in brackets). */
function authority(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? "127.0.0.1";
  const ownStore = opts.store === undefined;
  const store = opts.store ?? (await openStore(opts.db));
  const context: ServerContext = {
    store,
    version: opts.version,
    host,
    port: opts.port ?? 8080,
    token: opts.token ?? null,
    webRoot: opts.webRoot ?? null,
    examplesDir: opts.examplesDir ?? null,
    defaultPress: opts.press ?? "sim",
    onShutdown: [],
  };
  const app = createApp(context);
  const server = createAdaptorServer({ fetch: app.fetch });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(context.port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (e) {
    if (ownStore) await store.close().catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    const where = authority(host, context.port);
    if (code === "EADDRINUSE")
      throw new SsbError("usage", `cannot listen on ${where}: the port is in use by another program`, {
        hint: "choose another port with --port (0 picks a free one), or stop the other program",
      });
    if (code === "EADDRNOTAVAIL" || code === "EACCES" || code === "ENOTFOUND" || code === "EAFNOSUPPORT")
      throw new SsbError(
        "usage",
        `cannot listen on ${where}: ${code === "EACCES" ? "permission denied (ports below 1024 need privileges)" : "this machine has no such address"}`,
        {
          hint: "use --host 127.0.0.1 (this machine only) or 0.0.0.0 (every network), and a port from 1024 up",
        },
      );
    throw e;
  }
  context.port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // runs first (they release the press and end their event streams), then idle connections
      for (const hook of context.onShutdown) await hook().catch(() => undefined);
      const s = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
      s.closeIdleConnections?.();
      const force = setTimeout(() => s.closeAllConnections?.(), 2000);
      await stopped;
      clearTimeout(force);
      if (ownStore) await store.close();
    })());
  return { url: `http://${authority(host, context.port)}/`, context, close };
}
