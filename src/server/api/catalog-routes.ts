/**
 * Read-only routes the web app's editor needs (extensions to CONTRACTS §8, docs/api.md): the health
 * check, the example protocols shipped with the package, the materials database and the step
 * templates of the protocol language — each read from the library, never a second list.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Hono } from "hono";
import { parseDocument } from "yaml";
import { echo } from "../../core/text.js";
import { listMaterials } from "../../materials/index.js";
import { REFERENCES } from "../../materials/references.js";
import { STEP_EXAMPLES } from "../../protocol/step-text.js";
import { OBJECT_EXAMPLES } from "../../protocol/steps.js";
import type { ServerContext } from "../context.js";
import { HttpError } from "./http-error.js";
import { refuseOtherMethods } from "./method.js";

/** An example's name: a file name of examples/ without `.yaml` (no path, no dots leading anywhere). */
const EXAMPLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

async function exampleNames(dir: string | null): Promise<string[]> {
  if (!dir) return [];
  const files = await readdir(dir).catch(() => [] as string[]);
  return files
    .filter((f) => f.endsWith(".yaml") && EXAMPLE_NAME.test(f.slice(0, -5)))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The protocol's own `name:` (its title), or the file name when it has none. */
function titleOf(name: string, text: string): string {
  try {
    const title = parseDocument(text, { prettyErrors: false }).get("name");
    return typeof title === "string" && title.trim() ? title.trim() : name;
  } catch {
    return name;
  }
}

/** A material's known property values with their unit in the key (unknowns left out). */
function propertyValues(
  properties: Record<string, { value: number | null } | undefined>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, p] of Object.entries(properties)) if (p && p.value !== null) out[key] = p.value;
  return out;
}

export function catalogRoutes(ctx: ServerContext): Hono {
  const api = new Hono();

  api.get("/health", (c) => c.json({ ok: true, version: ctx.version }));

  api.get("/examples", async (c) => {
    const dir = ctx.examplesDir;
    const names = await exampleNames(dir);
    const list = await Promise.all(
      names.map(async (name) => ({
        name,
        title: titleOf(name, await readFile(join(dir!, `${name}.yaml`), "utf8")),
      })),
    );
    return c.json(list);
  });

  api.get("/examples/:name", async (c) => {
    const name = c.req.param("name");
    const names = await exampleNames(ctx.examplesDir);
    if (!names.includes(name))
      throw new HttpError(404, `no example named "${echo(name, 100)}"; GET /api/examples lists them`);
    const protocol = await readFile(join(ctx.examplesDir!, `${name}.yaml`), "utf8");
    return c.json({ name, protocol });
  });

  api.get("/materials", (c) =>
    c.json(
      listMaterials().map((m) => ({
        name: m.name,
        aliases: m.aliases,
        class: m.class,
        description: m.description,
        ...propertyValues(m.properties),
      })),
    ),
  );

  api.get("/steps", (c) =>
    c.json(
      Object.entries(STEP_EXAMPLES).map(([kind, text]) => ({
        kind,
        text,
        ...(OBJECT_EXAMPLES[kind] ? { object: OBJECT_EXAMPLES[kind] } : {}),
      })),
    ),
  );

  // The sources behind the numbers, so a page can show "Doux2020" as the paper it is.
  api.get("/references", (c) =>
    c.json(
      Object.values(REFERENCES).map((r) => ({
        key: r.key,
        authors: r.authors,
        title: r.title,
        journal: r.journal,
        year: r.year ?? null,
        doi: r.doi ?? null,
      })),
    ),
  );

  refuseOtherMethods(api, "GET", [
    "/health",
    "/examples",
    "/examples/:name",
    "/materials",
    "/steps",
    "/references",
  ]);
  return api;
}
