import { convert } from "../core/convert.js";
import { SsbError } from "../core/errors.js";
import type { Io } from "./io.js";
import { oneLine, safeMessage } from "./safe.js";

export function runConvert(
  quantity: string,
  opts: Record<string, string | boolean | undefined>,
  io: Io,
): number {
  const s = (k: string) => (typeof opts[k] === "string" ? (opts[k] as string) : undefined);
  const r = convert(quantity, {
    ...(s("die") !== undefined ? { die: s("die") } : {}),
    ...(s("to") !== undefined ? { to: s("to") } : {}),
    ...(s("ram") !== undefined ? { ram: s("ram") } : {}),
    ...(s("bolts") !== undefined ? { bolts: s("bolts") } : {}),
    ...(s("nutFactor") !== undefined ? { nutFactor: s("nutFactor") } : {}),
    gauge: opts.gauge === true,
    pellet: opts.pellet === true,
  });
  // reported by main(), as text or as a JSON error object
  if (!r.ok)
    throw new SsbError(
      r.error.code === "internal" ? "internal" : "usage",
      r.error.message,
      r.error.hint ? { hint: r.error.hint } : {},
    );
  for (const w of r.value.warnings) io.err(`warning: ${safeMessage(w)}`);
  if (opts.json) io.out(JSON.stringify(r.value.values));
  else for (const l of r.value.lines) io.out(safeMessage(oneLine(l)));
  return 0;
}
