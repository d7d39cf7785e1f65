import { checkBytes, formatDiagnostic } from "../protocol/check.js";
import { methodsText } from "../protocol/methods.js";
import { settingsJson, settingsText } from "../protocol/settings.js";
import { describeFsError, type Io } from "./io.js";

export async function runCheck(
  file: string,
  opts: { json?: boolean; quiet?: boolean; methods?: boolean; settings?: boolean },
  io: Io,
): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (e) {
    const message = describeFsError(file, e);
    if (opts.json) {
      io.out(
        JSON.stringify({
          file,
          diagnostics: [{ rule: "unreadable", severity: "error", message, line: 1, column: 1, step: null }],
          errors: 1,
          warnings: 0,
        }),
      );
    } else io.err(`${file}: error unreadable: ${message}`);
    return 2;
  }
  // The physics models answer the operate-step questions (time to short); they are loaded only when
  // the protocol operates the cell, so that checking an assembly protocol stays fast.
  const operates = /\boperate\b/i.test(new TextDecoder().decode(bytes.subarray(0, 1_000_000)));
  const advisors = operates ? (await import("../models/simulate/index.js")).checkAdvisors : undefined;
  const r = checkBytes(file, bytes, advisors);
  if (opts.json) {
    const diagnostics = r.diagnostics.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      line: d.line,
      column: d.column,
      step: d.step,
      ...(d.citations?.length ? { citations: d.citations } : {}),
    }));
    const methods = opts.methods && r.protocol && r.errors === 0 ? { methods: methodsText(r.protocol) } : {};
    const settings =
      opts.settings && r.protocol && r.exitCode !== 2 ? { settings: settingsJson(r.protocol) } : {};
    io.out(
      JSON.stringify(
        { file, diagnostics, errors: r.errors, warnings: r.warnings, ...settings, ...methods },
        null,
        2,
      ),
    );
    return r.exitCode;
  }
  for (const d of r.diagnostics) {
    if (opts.quiet && d.severity !== "error") continue;
    io.out(formatDiagnostic(file, d));
  }
  const verdict = r.exitCode === 0 ? "ok" : r.exitCode === 2 ? "cannot be read" : "not safe to run";
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  io.out(`${file}: ${n(r.errors, "error")}, ${n(r.warnings, "warning")} — ${verdict}`);
  if (opts.settings && r.protocol && Number.isFinite(r.protocol.die.diameter)) {
    io.out("");
    for (const l of settingsText(r.protocol)) io.out(l);
  }
  if (opts.methods && r.protocol && r.errors === 0) {
    io.out("");
    io.out(methodsText(r.protocol));
  }
  return r.exitCode;
}
