/**
 * Which `Host` names the server answers to (CONTRACTS §8, DNS rebinding): its own address, and on
 * loopback the loopback names; bound to every interface (0.0.0.0, ::), the machine's addresses and
 * its host name. A page of another site that resolves its own name to this machine still sends its
 * own name as Host, and is refused.
 */
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";

/** True for an address or name that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || (isIP(h) === 4 && h.startsWith("127."));
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** An address as it appears in a Host header: IPv6 in brackets, names in lower case. */
const asHostName = (a: string) => (isIP(a) === 6 ? `[${a.toLowerCase()}]` : a.toLowerCase());

/** The host names (without port) accepted in `Host` for a server bound to `bound`. */
export function allowedHostNames(bound: string): Set<string> {
  const names = new Set<string>([asHostName(bound)]);
  const everywhere = bound === "0.0.0.0" || bound === "::";
  if (isLoopback(bound) || everywhere) for (const n of LOOPBACK_NAMES) names.add(n);
  if (everywhere || !isLoopback(bound)) {
    const own = hostname().toLowerCase();
    names.add(own);
    names.add(`${own}.local`);
  }
  if (everywhere)
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(asHostName(a.address.replace(/%.*$/, "")));
  return names;
}

/** Splits a Host header into name and port (80 when absent); undefined when it is not host[:port]. */
export function parseHostHeader(value: string): { name: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), port: m[2] === undefined ? 80 : Number(m[2]) };
}
