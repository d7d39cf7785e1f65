// Benchmark of issue #7: a Modbus TCP read + write round trip over loopback (target p99 < 5 ms):
// 2,000 iterations of ModbusPress.read() (one request per mapped register group) and setForce (one
// setpoint write) against startPressServer serving the digital twin, in this process. Baseline,
// measured in the same run: a raw net socket echo of a Modbus-sized frame over loopback, two
// exchanges per iteration (as many as the read + write above makes at the least).
import { Buffer } from "node:buffer";
import { createServer, connect } from "node:net";
import { realScheduler } from "../dist/core/clock.js";
import { ModbusPress, startPressServer } from "../dist/devices/modbus/index.js";
import { createTwin } from "../dist/devices/sim/index.js";

const emit = (o) => console.log(JSON.stringify(o));
const N = 2000;
const WARMUP = 200;
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x) => +x.toFixed(3);

/** p50 and p99 [ms] of `N` calls of `once`, after a warm-up. */
async function time(once) {
  for (let i = 0; i < WARMUP; i++) await once(i);
  const times = [];
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    await once(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

async function modbusRoundTrip() {
  const press = createTwin({ scheduler: realScheduler, dieDiameter: 0.01, capacity: 10 * 9806.65 });
  const server = await startPressServer({ host: "127.0.0.1", port: 0, press, scheduler: realScheduler });
  const client = new ModbusPress(`modbus-tcp://127.0.0.1:${server.port}`, { capacity: 10 * 9806.65 });
  try {
    await client.connect();
    // small forces, a different one each time so that every setpoint is really written
    return await time(async (i) => {
      await client.read();
      await client.setForce(1000 + (i % 50), 2000);
    });
  } finally {
    await client.release().catch(() => undefined);
    await client.close();
    await server.close();
  }
}

async function echoRoundTrip() {
  const server = createServer((s) => s.on("data", (d) => s.write(d)));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const socket = connect(server.address().port, "127.0.0.1");
  socket.setNoDelay(true);
  await new Promise((r) => socket.once("connect", r));
  // a read-holding-registers request's size (MBAP 7 + PDU 5)
  const frame = Buffer.from([0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 2]);
  const exchange = () =>
    new Promise((resolve) => {
      let got = 0;
      const onData = (d) => {
        got += d.length;
        if (got >= frame.length) {
          socket.off("data", onData);
          resolve();
        }
      };
      socket.on("data", onData);
      socket.write(frame);
    });
  try {
    return await time(async () => {
      await exchange();
      await exchange();
    });
  } finally {
    socket.destroy();
    await new Promise((r) => server.close(r));
  }
}

export default async function run() {
  const echo = await echoRoundTrip();
  const modbus = await modbusRoundTrip();
  emit({
    name: "Modbus TCP read + setForce round trip over loopback, p50",
    value: ms(modbus.p50),
    unit: "ms",
    baseline: ms(echo.p50),
    iterations: N,
  });
  emit({
    name: "Modbus TCP read + setForce round trip over loopback, p99",
    value: ms(modbus.p99),
    unit: "ms",
    target: "< 5 ms",
    baseline: ms(echo.p99),
    iterations: N,
  });
  emit({
    name: "raw socket echo over loopback, two exchanges (baseline), p99",
    value: ms(echo.p99),
    unit: "ms",
  });
}
