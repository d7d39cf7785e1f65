/**
 * Run ids: short enough to type, sortable by start time (UTC), unique. "20261130-221530-7f3a":
 * date, time, then 16 bits that are random per process and counted up within it, so two runs
 * started in the same second by one process never collide and two processes almost never do
 * (the database's unique key refuses the rare collision rather than merging two runs).
 */
import { randomInt } from "node:crypto";
import type { Clock } from "../core/clock.js";

let counter = randomInt(0, 0x10000);

export function newRunId(clock: Clock): string {
  const iso = new Date(clock.now()).toISOString(); // 2026-11-30T22:15:30.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  counter = (counter + 1) % 0x10000;
  return `${stamp}-${counter.toString(16).padStart(4, "0")}`;
}

/** Characters a run id (or a prefix of one) may contain; anything else cannot match. */
export const RUN_ID_CHARS = /^[0-9A-Za-z_-]+$/;
