// Runs every benchmark in bench/*.bench.js; each prints JSON lines {"name", "value", "unit", ...}.
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
for (const f of readdirSync(here)
  .filter((f) => f.endsWith(".bench.js"))
  .sort()) {
  if (only && !f.includes(only)) continue;
  const mod = await import(pathToFileURL(join(here, f)).href);
  await mod.default();
}
