/**
 * `ssbpress sim-press --modbus HOST:PORT` (CONTRACTS §5): the digital twin served over a real Modbus
 * TCP socket, so a PLC programmer's tool, a Python script or `ssbpress run --press modbus-tcp://…`
 * can drive it. It runs until Ctrl-C or SIGTERM, then stops listening and releases.
 */
import { realScheduler } from "../core/clock.js";
import { SsbError } from "../core/errors.js";
import { roundSig } from "../core/units.js";
import { checkText } from "../protocol/check.js";
import { createTwin, parseFault } from "../devices/sim/index.js";
import { startPressServer } from "../devices/modbus/server.js";
import { loadMap, quantityOption } from "./run-devices.js";
import type { Io } from "./io.js";
import { oneLine } from "./safe.js";

export interface SimPressOptions {
  modbus?: string;
  map?: string;
  die?: string;
  capacity?: string;
  heated?: boolean;
  watchdog?: string;
  fault?: string[];
  json?: boolean;
}

const usage = (message: string, hint: string) => new SsbError("usage", message, { hint });

function hostPort(text: string | undefined): { host: string; port: number } {
  if (!text) throw usage("where to listen? --modbus HOST:PORT is required", "e.g. --modbus 127.0.0.1:5020");
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port >= 0 && port <= 65535))
    throw usage(
      `--modbus "${oneLine(text).slice(0, 60)}" is not HOST:PORT`,
      "e.g. --modbus 127.0.0.1:5020 (port 0 picks a free one)",
    );
  return { host: m[1]!.replace(/^\[|\]$/g, ""), port };
}

/** The twin's default content: an 80 mg Li6PS5Cl separator (CONTRACTS §5), built through the loader. */
function defaultLayers(diameter: number) {
  const text = `die: { diameter: ${diameter * 1000} mm }\nlayers:\n  separator: { material: Li6PS5Cl, mass: 80 mg }\nsteps:\n  - Add separator\n`;
  const compiled = checkText("<sim-press>", text).compiled;
  const layer = compiled?.layers[0];
  return layer ? [{ layer, position: "bottom" as const }] : [];
}

export async function runSimPress(o: SimPressOptions, io: Io): Promise<number> {
  const { host, port } = hostPort(o.modbus);
  const diameter = o.die === undefined ? 0.01 : quantityOption(o.die, "length", "--die", "10mm");
  if (diameter < 1e-3 || diameter > 0.2) throw usage(`--die ${o.die} is outside 1–200 mm`, "e.g. --die 10mm");
  const capacity =
    o.capacity === undefined ? 10 * 9806.65 : quantityOption(o.capacity, "force", "--capacity", "10t");
  if (capacity > 5e6) throw usage(`--capacity ${o.capacity} is above 500 t`, "e.g. --capacity 10t");
  const watchdog =
    o.watchdog === undefined ? 2 : quantityOption(o.watchdog, "time", "--watchdog", "2s", true);
  const faults = (o.fault ?? []).map((f) => parseFault(f));
  const map = await loadMap(o.map, io);

  const scheduler = realScheduler;
  const press = createTwin({
    scheduler,
    dieDiameter: diameter,
    capacity,
    heated: o.heated === true,
    faults,
    layers: defaultLayers(diameter),
    // The server runs the Modbus watchdog of CONTRACTS §5 on the requests it receives; the twin's
    // own watchdog (for in-process runs) would trip whenever a client polls slowly.
    watchdog: 0,
  });
  let server;
  try {
    server = await startPressServer({ host, port, map, press, scheduler, watchdog });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SsbError(
      "io",
      `cannot listen on ${host}:${port}: ${code === "EADDRINUSE" ? "the port is in use" : code === "EACCES" ? "permission denied" : oneLine(String((e as Error).message))}`,
      {
        hint: "choose another port, e.g. --modbus 127.0.0.1:5020 (ports below 1024 need privileges)",
      },
    );
  }
  const where = `${server.host}:${server.port}`;
  const facts = {
    listening: where,
    map: map.name,
    "Die diameter [mm]": roundSig(diameter * 1000, 4),
    "Capacity [kN]": roundSig(capacity / 1000, 4),
    heated: o.heated === true,
    "Watchdog [s]": watchdog,
    faults: o.fault ?? [],
  };
  if (o.json) io.out(JSON.stringify(facts));
  else
    io.out(
      `serving the simulated press on ${where} (map ${map.name}, ${facts["Die diameter [mm]"]} mm die, ${roundSig(capacity / 9806.65, 3)} t${o.heated ? ", heated" : ""}, watchdog ${watchdog ? `${watchdog} s` : "off"}); Ctrl-C stops`,
    );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  io.err("simulated press stopped");
  return 0;
}
