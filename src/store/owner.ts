/**
 * Who records a run, and whether that process is still alive: the basis for marking runs whose
 * process died (kill -9, power loss) as interrupted.
 */
import { hostname } from "node:os";

export interface Owner {
  pid: number;
  host: string;
}

export const thisProcess = (): Owner => ({ pid: process.pid, host: hostname() });

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A run's recorder is gone when it ran on this host and its pid is no longer alive, or when it
 * has not given a sign of life (heartbeat) for `staleAfterMs` — the only test possible for another
 * host, and the one that catches a reused pid.
 */
export function ownerGone(
  run: { owner_pid: number; owner_host: string; heartbeat_ms: number },
  me: Owner,
  nowMs: number,
  staleAfterMs: number,
): boolean {
  if (nowMs - Number(run.heartbeat_ms) > staleAfterMs) return true;
  return run.owner_host === me.host && !pidAlive(Number(run.owner_pid));
}
