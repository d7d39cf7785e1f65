/**
 * A small Modbus TCP (MBAP) server on node:net: framing, request decoding and replies for function
 * codes 1, 2, 3, 4, 5, 6, 15 and 16. What the registers mean is the device's business (server.ts).
 *
 * Why not modbus-serial's ServerTCP: it trusts the frames it gets. It does not check the protocol
 * id, so any byte stream is cut into "frames"; a PDU shorter than its function needs makes its
 * handlers read past the buffer and throw inside the socket's data handler, which takes the whole
 * process down; it reports out-of-range requests per address through callbacks with no way to
 * refuse a request that spans a mapped and an unmapped register atomically; and it bounds neither
 * connections nor buffers. CONTRACTS §5 requires the opposite on every point (exception 02 for any
 * address outside the map, 01 for an unknown function, malformed frames dropped, the server never
 * stops), so the framing is done here, where every length is checked before it is read.
 */
import { createServer, type Server, type Socket } from "node:net";

export const ModbusException = {
  IllegalFunction: 1,
  IllegalAddress: 2,
  IllegalValue: 3,
  DeviceFailure: 4,
} as const;
export type ModbusException = (typeof ModbusException)[keyof typeof ModbusException];

export type ModbusRequest =
  | { fc: 1 | 2 | 3 | 4; address: number; quantity: number }
  | { fc: 5; address: number; value: boolean }
  | { fc: 6; address: number; value: number }
  | { fc: 15; address: number; values: boolean[] }
  | { fc: 16; address: number; values: number[] };

/** What a device answers: bits or registers for reads, nothing for writes, or an exception code. */
export type ModbusAnswer =
  | { bits: boolean[] }
  | { registers: number[] }
  | { ok: true }
  | { exception: ModbusException }
  /** No reply at all (a simulated lost link). */
  | { drop: true };

export interface ModbusDevice {
  handle(unitId: number, request: ModbusRequest): Promise<ModbusAnswer>;
}

export interface MbapServerOptions {
  host: string;
  port: number;
  device: ModbusDevice;
  /** Most simultaneous client connections (default 16); more are refused by the OS backlog. */
  maxConnections?: number;
  /** A connection idle this long [ms, wall clock] is closed (default 120 000). */
  idleTimeout?: number;
}

export interface MbapServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** MBAP header (7 bytes) + the longest PDU (253 bytes). */
const MAX_ADU = 260;
/**
 * Unprocessed bytes a connection may hold. Clients wait for each reply (a few pipeline a handful of
 * requests); beyond this the socket is paused until the queue drains, so a client flooding the
 * server costs it this much memory and no more.
 */
const MAX_PENDING = 16 * MAX_ADU;

/** Decodes one PDU. "malformed": the frame is dropped; a number: reply with that exception. */
function decodeRequest(pdu: Buffer): ModbusRequest | "malformed" | ModbusException {
  if (pdu.length < 1) return "malformed";
  const fc = pdu[0]!;
  const u16 = (at: number) => pdu.readUInt16BE(at);
  switch (fc) {
    case 1:
    case 2:
    case 3:
    case 4: {
      if (pdu.length !== 5) return "malformed";
      const quantity = u16(3);
      const max = fc <= 2 ? 2000 : 125;
      if (quantity < 1 || quantity > max) return ModbusException.IllegalValue;
      return { fc, address: u16(1), quantity };
    }
    case 5: {
      if (pdu.length !== 5) return "malformed";
      const v = u16(3);
      if (v !== 0xff00 && v !== 0x0000) return ModbusException.IllegalValue;
      return { fc, address: u16(1), value: v === 0xff00 };
    }
    case 6:
      if (pdu.length !== 5) return "malformed";
      return { fc, address: u16(1), value: u16(3) };
    case 15: {
      if (pdu.length < 6) return "malformed";
      const quantity = u16(3);
      const bytes = pdu[5]!;
      if (pdu.length !== 6 + bytes) return "malformed";
      if (quantity < 1 || quantity > 1968 || bytes !== Math.ceil(quantity / 8))
        return ModbusException.IllegalValue;
      const values: boolean[] = [];
      for (let i = 0; i < quantity; i++) values.push(((pdu[6 + (i >> 3)]! >> (i & 7)) & 1) === 1);
      return { fc, address: u16(1), values };
    }
    case 16: {
      if (pdu.length < 6) return "malformed";
      const quantity = u16(3);
      const bytes = pdu[5]!;
      if (pdu.length !== 6 + bytes) return "malformed";
      if (quantity < 1 || quantity > 123 || bytes !== 2 * quantity) return ModbusException.IllegalValue;
      const values: number[] = [];
      for (let i = 0; i < quantity; i++) values.push(u16(6 + 2 * i));
      return { fc, address: u16(1), values };
    }
    default:
      return ModbusException.IllegalFunction;
  }
}

/** The reply PDU for a request and the device's answer (null: send nothing). */
function encodeAnswer(fc: number, request: ModbusRequest | null, answer: ModbusAnswer): Buffer | null {
  if ("drop" in answer) return null;
  if ("exception" in answer) return Buffer.from([(fc | 0x80) & 0xff, answer.exception]);
  if (!request) return null;
  if ("bits" in answer) {
    const bytes = Math.ceil(answer.bits.length / 8);
    const out = Buffer.alloc(2 + bytes);
    out[0] = fc;
    out[1] = bytes;
    answer.bits.forEach((b, i) => {
      if (b) out[2 + (i >> 3)]! |= 1 << (i & 7);
    });
    return out;
  }
  if ("registers" in answer) {
    const out = Buffer.alloc(2 + 2 * answer.registers.length);
    out[0] = fc;
    out[1] = 2 * answer.registers.length;
    answer.registers.forEach((w, i) => out.writeUInt16BE(w & 0xffff, 2 + 2 * i));
    return out;
  }
  const out = Buffer.alloc(5);
  out[0] = fc;
  out.writeUInt16BE(request.address, 1);
  if (request.fc === 5) out.writeUInt16BE(request.value ? 0xff00 : 0, 3);
  else if (request.fc === 6) out.writeUInt16BE(request.value, 3);
  else if (request.fc === 15) out.writeUInt16BE(request.values.length, 3);
  else if (request.fc === 16) out.writeUInt16BE(request.values.length, 3);
  return out;
}

export function startMbapServer(o: MbapServerOptions): Promise<MbapServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => serveConnection(socket, o, sockets));
  server.maxConnections = o.maxConnections ?? 16;
  // A failing listen is reported to the caller below; later errors (none expected) must not crash.
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      server.on("error", () => undefined);
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : o.port;
      resolve({
        host: o.host,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function serveConnection(socket: Socket, o: MbapServerOptions, sockets: Set<Socket>): void {
  sockets.add(socket);
  socket.setNoDelay(true);
  socket.setTimeout(o.idleTimeout ?? 120_000, () => socket.destroy());
  socket.on("error", () => undefined);
  socket.on("close", () => sockets.delete(socket));
  let pending: Buffer = Buffer.alloc(0);
  let busy = false;

  const pump = async () => {
    if (busy) return;
    busy = true;
    try {
      while (pending.length >= 7 && !socket.destroyed) {
        const transaction = pending.readUInt16BE(0);
        const protocol = pending.readUInt16BE(2);
        const length = pending.readUInt16BE(4);
        // Not Modbus (or out of step with the stream): there is no way to find the next frame, so
        // the connection is closed; the server and every other connection carry on.
        if (protocol !== 0 || length < 2 || length > MAX_ADU - 6) {
          socket.destroy();
          return;
        }
        if (pending.length < 6 + length) break;
        const unit = pending[6]!;
        const pdu = pending.subarray(7, 6 + length);
        pending = pending.subarray(6 + length);
        const reply = await answer(o.device, unit, Buffer.from(pdu));
        if (reply && !socket.destroyed) {
          const head = Buffer.alloc(7);
          head.writeUInt16BE(transaction, 0);
          head.writeUInt16BE(0, 2);
          head.writeUInt16BE(reply.length + 1, 4);
          head[6] = unit;
          socket.write(Buffer.concat([head, reply]));
        }
        if (socket.isPaused() && pending.length < MAX_PENDING) socket.resume();
      }
    } finally {
      busy = false;
    }
  };

  socket.on("data", (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    if (pending.length >= MAX_PENDING) socket.pause();
    void pump();
  });
}

async function answer(device: ModbusDevice, unit: number, pdu: Buffer): Promise<Buffer | null> {
  const fc = pdu[0] ?? 0;
  const request = decodeRequest(pdu);
  if (request === "malformed") return null;
  if (typeof request === "number") return encodeAnswer(fc, null, { exception: request });
  let result: ModbusAnswer;
  try {
    result = await device.handle(unit, request);
  } catch {
    result = { exception: ModbusException.DeviceFailure };
  }
  return encodeAnswer(fc, request, result);
}
