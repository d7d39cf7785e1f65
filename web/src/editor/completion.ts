/**
 * Completion in the protocol editor: step strings in `steps:`, material names after `material:`
 * (also inside a composite `{ NMC811: 70 wt%, … }`), and the layer ids the document defines after
 * "Add " or `add:`. The lists come from the server (GET /api/steps, /api/materials); the ids from
 * the text being typed.
 */
import {
  snippetCompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { layerIds, sectionAt } from "./yaml-outline";

export interface MaterialInfo {
  name: string;
  aliases?: string[];
  class?: string;
}

export interface StepTemplate {
  /** What the list shows, e.g. "Press to 250 MPa at 5 MPa/s, hold 2 min". */
  label: string;
  /** CodeMirror snippet text: ${placeholders} are tabbed through. */
  snippet: string;
  detail?: string;
}

export interface CompletionData {
  materials: MaterialInfo[];
  steps: StepTemplate[];
}

/**
 * GET /api/steps as templates. Accepts plain strings or objects naming the text in `template`,
 * `example` or `text` (and a `description`/`kind`); "<value>" or "{value}" placeholders become
 * snippet fields.
 */
export function toStepTemplates(raw: unknown): StepTemplate[] {
  const list = Array.isArray(raw)
    ? raw
    : Array.isArray((raw as { steps?: unknown } | null)?.steps)
      ? (raw as { steps: unknown[] }).steps
      : [];
  const out: StepTemplate[] = [];
  for (const item of list) {
    const o = (typeof item === "string" ? { template: item } : item) as Record<string, unknown> | null;
    const text = [o?.template, o?.example, o?.text, o?.step].find((v): v is string => typeof v === "string");
    if (!text) continue;
    const detail = [o?.description, o?.kind, o?.label].find((v): v is string => typeof v === "string");
    // placeholders ("<value>", "{value}") become snippet fields; without any, each quantity does
    // ("250 MPa", "5 MPa/s"), so Tab walks through the numbers to change
    const hasPlaceholder = /<[^<>]+>|\{[^{}]+\}/.test(text);
    const snippet = hasPlaceholder
      ? text.replace(
          /<([^<>]+)>|\{([^{}]+)\}/g,
          (_m, a: string | undefined, b: string | undefined) => `\${${a ?? b}}`,
        )
      : text.replace(/\d[\d.]*\s*(?:°C|[A-Za-z%]+(?:\/[A-Za-z]+)?)/g, (q) => `\${${q}}`);
    const label = text.replace(
      /<([^<>]+)>|\{([^{}]+)\}/g,
      (_m, a: string | undefined, b: string | undefined) => a ?? b ?? "",
    );
    out.push({ label, snippet, ...(detail ? { detail } : {}) });
  }
  return out;
}

const NAME = /[\w.()+-]*$/;

function materialOptions(materials: MaterialInfo[]): Completion[] {
  const out: Completion[] = [];
  for (const m of materials) {
    out.push({ label: m.name, type: "constant", ...(m.class ? { detail: m.class } : {}) });
    for (const a of m.aliases ?? [])
      if (a !== m.name)
        out.push({
          label: a,
          type: "constant",
          detail: `${m.name}${m.class ? `, ${m.class}` : ""}`,
          boost: -1,
        });
  }
  return out;
}

/** The completion source; `data` is read at each request so the lists can arrive later. */
export function protocolCompletions(data: () => CompletionData) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    if (/^\s*#/.test(before) || / #/.test(before)) return null;

    // material: Li6… or material: { NMC811: 70 wt%, Li6… }
    const afterMaterial = /\bmaterial\s*:\s*(.*)$/.exec(before)?.[1];
    if (afterMaterial !== undefined && /^(\{\s*(?:[^,}]*,\s*)*)?[\w.()+-]*$/.test(afterMaterial)) {
      const word = NAME.exec(before)?.[0] ?? "";
      if (!word && !ctx.explicit && !/[:{,]\s$/.test(before)) return null;
      return {
        from: ctx.pos - word.length,
        options: materialOptions(data().materials),
        validFor: /^[\w.()+-]*$/,
      };
    }

    const lines = ctx.state.doc.toString().split(/\r?\n/);
    if (sectionAt(lines, line.number) !== "steps") return null;

    // Add <layer> [on top|on bottom], or { add: <layer> }
    const add = /(?:^\s*-\s+add\s+|\badd\s*:\s*)([\w.-]*)$/i.exec(before);
    if (add) {
      const word = add[1] ?? "";
      return {
        from: ctx.pos - word.length,
        options: layerIds(ctx.state.doc.toString()).map((id) => ({
          label: id,
          type: "variable",
          detail: "layer",
        })),
        validFor: /^[\w.-]*$/,
      };
    }
    const where = /^\s*-\s+add\s+[\w.-]+\s+(\w*)$/i.exec(before);
    if (where) {
      const word = where[1] ?? "";
      return {
        from: ctx.pos - word.length,
        options: ["on top", "on bottom"].map((label) => ({ label, type: "keyword" })),
      };
    }

    // a new step string: "- Pr…"
    const step = /^\s*-\s+([A-Za-z][A-Za-z ]*)?$/.exec(before);
    if (step && (step[1] || ctx.explicit || /-\s$/.test(before))) {
      const typed = step[1] ?? "";
      return {
        from: ctx.pos - typed.length,
        options: data().steps.map((s) =>
          snippetCompletion(s.snippet, {
            label: s.label,
            type: "function",
            ...(s.detail ? { detail: s.detail } : {}),
          }),
        ),
      };
    }
    return null;
  };
}
