/**
 * The one door from the browser to the server (ARCHITECTURE.md: web talks to server only). Every
 * answer is the JSON of CONTRACTS §8, the same keys and units as the CLI's --json; errors arrive
 * as {"error": message} and become an ApiError with that message and the HTTP status.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const type = res.headers.get("content-type") ?? "";
  const body: unknown = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const error = (body as { error?: unknown } | null)?.error;
    const message =
      typeof error === "string"
        ? error
        : typeof (error as { message?: unknown } | undefined)?.message === "string"
          ? (error as { message: string }).message
          : `the server answered ${res.status} ${res.statusText}`;
    throw new ApiError(message, res.status, body);
  }
  return body as T;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(path, { headers: { accept: "application/json" }, signal: signal ?? null }));
}

export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return answer<T>(
    await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body ?? {}),
      signal: signal ?? null,
    }),
  );
}

/** A human sentence for any failure of a request (shown in the page's error banner). */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof DOMException && e.name === "AbortError") return "cancelled";
  if (e instanceof TypeError)
    return "the ssbpress server cannot be reached: is `ssbpress serve` still running?";
  return e instanceof Error ? e.message : String(e);
}
