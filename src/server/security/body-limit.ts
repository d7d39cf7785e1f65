/**
 * The request body limit (CONTRACTS §8: 1,000,000 bytes, else 413), counted as the bytes arrive so
 * that a missing or false Content-Length cannot pass it. A refused body is first read and thrown
 * away (up to a bound, for a short time) and the connection then closed: a client still sending
 * when the answer comes would otherwise see a reset connection instead of the 413 that says why.
 */
import type { MiddlewareHandler } from "hono";
import { HttpError } from "../api/http-error.js";

/** Largest request body [bytes]. */
export const MAX_BODY_BYTES = 1_000_000;

/** How much of a refused body is read and discarded before the answer [bytes], and for how long [ms]. */
const DISCARD_BYTES = 16_000_000;
const DISCARD_MS = 2_000;

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, already: number): Promise<void> {
  let total = already;
  const deadline = Date.now() + DISCARD_MS;
  try {
    while (total < DISCARD_BYTES && Date.now() < deadline) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
    }
  } catch {
    // the client went away: nothing left to discard
  }
  await reader.cancel().catch(() => undefined);
}

function tooLarge(): HttpError {
  return new HttpError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes; send a smaller one`);
}

export const bodyLimit: MiddlewareHandler = async (c, next) => {
  const body = c.req.raw.body;
  if (!body) return next();
  const length = c.req.header("content-length");
  const declared =
    length !== undefined && c.req.header("transfer-encoding") === undefined ? Number(length) : NaN;
  if (Number.isFinite(declared) && declared <= MAX_BODY_BYTES) return next(); // Node reads no more than declared
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await discard(reader, size);
      c.header("Connection", "close");
      throw tooLarge();
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    whole.set(ch, at);
    at += ch.byteLength;
  }
  c.req.raw = new Request(c.req.raw, { body: whole });
  return next();
};
