/**
 * step-order: unknown layers, layers added twice, pressing or ejecting an empty die, operating an
 * incomplete cell, and building on after the pellet was ejected.
 */
import { closest, distance } from "fastest-levenshtein";
import type { RuleContext } from "./context.js";

export function checkStepOrder({ protocol, trace, sink, skippedAdds }: RuleContext): void {
  const ids = protocol.layers.map((l) => l.id);
  const added = new Set<string>();
  /** The step that pushed the stack out, once one has. */
  let ejectedAt: number | undefined;
  /**
   * Adds already reported (an unknown layer here, a layer whose definition was wrong by the loader,
   * which left the step out): a die left empty by them is not reported again.
   */
  const failedAdds = [...(skippedAdds ?? [])];
  const emptyBecauseOfFailedAdd = (step: number) => added.size === 0 && failedAdds.some((i) => i < step);
  for (const t of trace) {
    const s = t.source;
    if (t.orderProblems.includes("after-eject")) {
      // One error says it all: the step's other problems (an empty die, a missing layer) follow from it.
      sink.error(
        "step-order",
        `step ${s.index} comes after the pellet was ejected at step ${ejectedAt ?? "?"}; ejecting ends the assembly in this die: move the step before the Eject, or write the next assembly as its own protocol`,
        s.pos,
        s.index,
      );
      continue;
    }
    if (s.kind === "eject") {
      if (!t.orderProblems.includes("empty-die")) ejectedAt ??= s.index;
      else if (!emptyBecauseOfFailedAdd(s.index))
        sink.error(
          "step-order",
          `step ${s.index} ejects an empty die; ${ejectedAt !== undefined ? `the pellet already left it at step ${ejectedAt}: remove this step` : 'add and press the layers first (e.g. "Add separator")'}`,
          s.pos,
          s.index,
        );
      continue;
    }
    if (s.kind === "add") {
      if (t.orderProblems.includes("unknown-layer")) {
        failedAdds.push(s.index);
        const best = ids.length ? closest(s.layer, ids) : undefined;
        // "Add Li6PS5Cl": a material's name where the layer's id belongs
        const madeOf = protocol.layers.filter((l) => l.material.name.toLowerCase() === s.layer.toLowerCase());
        const hint = madeOf.length
          ? `"${s.layer}" is the material of layer ${madeOf.map((l) => `"${l.id}"`).join(", ")}: Add takes the layer's id ("Add ${madeOf[0]!.id}"); `
          : best && distance(s.layer.toLowerCase(), best.toLowerCase()) <= Math.max(2, s.layer.length / 3)
            ? `did you mean "${best}"? `
            : "";
        sink.error(
          "step-order",
          `"Add ${s.layer}": no layer "${s.layer}" is defined; ${hint}defined layers: ${ids.join(", ") || "none"}`,
          s.layerPos,
          s.index,
        );
      } else if (t.orderProblems.includes("added-twice")) {
        sink.error(
          "step-order",
          `layer "${s.layer}" is already in the die; each layer is added once (define a second layer with its own id if you mean two)`,
          s.layerPos,
          s.index,
        );
      } else added.add(s.layer);
    }
    if (s.kind === "press" && t.orderProblems.includes("empty-die") && !emptyBecauseOfFailedAdd(s.index)) {
      sink.error(
        "step-order",
        `step ${s.index} presses an empty die; add a layer first (e.g. "Add separator")`,
        s.pos,
        s.index,
      );
    }
    if (s.kind === "operate") {
      const missing = ids.filter((id) => !added.has(id));
      if (t.orderProblems.includes("empty-die")) {
        if (emptyBecauseOfFailedAdd(s.index)) continue;
        sink.error(
          "step-order",
          `step ${s.index} operates an empty die; add and press the layers first`,
          s.pos,
          s.index,
        );
      } else if (missing.length) {
        sink.error(
          "step-order",
          `step ${s.index} operates an incomplete cell: ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length > 1 ? "are" : "is"} never added; add ${missing.length > 1 ? "them" : "it"} before operating`,
          s.pos,
          s.index,
        );
      }
    }
  }
  const mentioned = new Set(trace.flatMap((t) => (t.source.kind === "add" ? [t.source.layer] : [])));
  for (const layer of protocol.layers) {
    const id = layer.id;
    if (!added.has(id) && !mentioned.has(id)) {
      sink.warning(
        "unused-layer",
        `layer "${id}" is defined but never added; add it with "Add ${id}" or remove it`,
        layer.pos,
      );
    }
  }
}
