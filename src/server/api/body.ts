/**
 * Reading a request's JSON body, bounded and checked field by field. Every refusal says what is
 * wrong and how to fix it: a body that is not JSON, not an object, a field of the wrong type, a
 * field the route does not know (with the closest known name, and a warning when the name holds
 * characters that only look like ASCII letters).
 */
import { closest, distance } from "fastest-levenshtein";
import type { Context } from "hono";
import { echo } from "../../core/text.js";
import { MAX_BODY_BYTES } from "../security/body-limit.js";
import { HttpError } from "./http-error.js";

export type JsonObject = Record<string, unknown>;

/** Reads the raw body, counting bytes as they arrive: a missing or false Content-Length cannot pass the limit. */
async function readBounded(c: Context): Promise<Uint8Array> {
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError(
        413,
        `the request body is larger than ${MAX_BODY_BYTES} bytes; send a smaller protocol`,
      );
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    out.set(ch, at);
    at += ch.byteLength;
  }
  return out;
}

/**
 * The body as a JSON object whose keys are all in `known` (`example` shows a valid body in every
 * message). An empty body is an empty object when `emptyOk`.
 */
export async function readJsonObject(
  c: Context,
  known: readonly string[],
  example: string,
): Promise<JsonObject> {
  const bytes = await readBounded(c);
  if (bytes.byteLength === 0)
    throw new HttpError(400, `the request has no body; send a JSON object, e.g. ${example}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, `the request body is not UTF-8 text; send a JSON object, e.g. ${example}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // JSON.parse says where (position N); repeat it, bounded, without anything else of the error
    const why = e instanceof SyntaxError ? echo(e.message, 160) : "it cannot be parsed";
    throw new HttpError(
      400,
      `the request body is not valid JSON (${why}); send a JSON object, e.g. ${example}`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new HttpError(
      400,
      `the request body must be a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}; e.g. ${example}`,
    );
  const obj = value as JsonObject;
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const guess = closest(key, [...known]);
    const lookAlike = /[^\x20-\x7e]/.test(key)
      ? " (it holds characters outside ASCII that may only look like letters: type the name again)"
      : "";
    const meant = guess !== undefined && distance(key, guess) <= 2 ? `; did you mean "${guess}"?` : "";
    throw new HttpError(
      400,
      `unknown field "${echo(key, 60)}"${lookAlike}${meant} (fields: ${known.join(", ")})`,
    );
  }
  return obj;
}

const typeName = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`);

/** A text field; undefined when absent (or `required` refuses it). */
export function stringField(body: JsonObject, key: string, required: true, example: string): string;
export function stringField(
  body: JsonObject,
  key: string,
  required: false,
  example: string,
): string | undefined;
export function stringField(
  body: JsonObject,
  key: string,
  required: boolean,
  example: string,
): string | undefined {
  const v = body[key];
  if (v === undefined) {
    if (required) throw new HttpError(400, `"${key}" is missing; e.g. ${example}`);
    return undefined;
  }
  if (typeof v !== "string")
    throw new HttpError(400, `"${key}" must be text (a JSON string), got ${typeName(v)}; e.g. ${example}`);
  return v;
}

/** A true/false field; false when absent. */
export function booleanField(body: JsonObject, key: string): boolean {
  const v = body[key];
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new HttpError(400, `"${key}" must be true or false, got ${typeName(v)}`);
  return v;
}

/** A whole-number field within [min, max]; `fallback` when absent. */
export function integerField(
  body: JsonObject,
  key: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const v = body[key];
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max)
    throw new HttpError(
      400,
      `"${key}" must be a whole number from ${min} to ${max}, got ${typeof v === "number" ? String(v) : typeName(v)}`,
    );
  return v;
}

/** A field given as text or as a plain number (e.g. a probability 0.05): its text. */
export function textOrNumberField(body: JsonObject, key: string, example: string): string | undefined {
  const v = body[key];
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return stringField(body, key, false, example);
}
