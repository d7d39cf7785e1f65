/**
 * Commas inside a YAML flow collection. In { … } and [ … ] a comma separates entries, so what a
 * person wrote as one value can reach a reader as two:
 * - a decimal comma: "{ thickness: 0,5 mm }" becomes "thickness: 0" and a stray key "5 mm", and
 *   "[Press to 2,5 MPa]" two steps "Press to 2" and "5 MPa";
 * - a step's own clauses: "[Press to 250 MPa, hold 2 min]" becomes a press without a hold and a
 *   step "hold 2 min".
 * Left alone, the user would be told that 0 has no unit, that "5 mm" is an unknown key or material,
 * that "hold" is an unknown action. Such a split is found here and reported once, as what it is; the
 * file is not read on (like the YAML features a protocol does not support), since every reading of
 * it would be a guess.
 */
import { isScalar, visit, type Document, type Node, type Pair } from "yaml";
import { echo } from "../core/text.js";
import { decimalCommaAdvice } from "../core/units.js";

export interface CommaSplit {
  /** The checker's rule: a number split at its decimal comma, or a step split at its clause. */
  rule: "invalid-quantity" | "invalid-step";
  message: string;
  /** Offset of the comma in the text. */
  at: number;
}

export function flowCommaSplits(doc: Document.Parsed, text: string): CommaSplit[] {
  const out: CommaSplit[] = [];
  const check = (head: Node | null | undefined, tail: Node | null | undefined, inMap: boolean) => {
    if (!isScalar(head) || !isScalar(tail) || !head.range || !tail.range) return;
    const end = head.range[1];
    // "0,5" with nothing between the comma and the digit; "0, 5" is two entries written on purpose
    if (text[end] !== "," || tail.range[0] !== end + 1) return;
    const before = text.slice(head.range[0], end);
    const after = text.slice(end + 1, tail.range[1]);
    if (!/\d$/.test(before) || !/^\d/.test(after)) return;
    // in a map the number is a value and the tail a key left without one: { density: 0,96 }
    if (inMap && !(typeof head.value === "number" && Number.isInteger(head.value))) return;
    // in a list a bare "[4,6]" may be meant, and "[Doux2020,10.1002/…]" is two references; a
    // number standing alone before the comma with a unit after the digits is not: [Press to 2,5 MPa]
    if (!inMap && !(/(^|\s)[+-]?\d+$/.test(before) && /^\d+\s*[^\d\s.,/]/.test(after))) return;
    const sep = inMap ? "{ … }" : "[ … ]";
    const parts = inMap
      ? `${echo(before, 40)} and a key "${echo(after, 40)}"`
      : `"${echo(before, 60)}" and "${echo(after, 40)}"`;
    out.push({
      rule: "invalid-quantity",
      message: `"${echo(`${before},${after}`, 80)}" has a comma in its number, and inside ${sep} a comma separates entries, so it was read as ${parts}; ${decimalCommaAdvice(before, after)}`,
      at: end,
    });
  };
  // "[Press to 250 MPa, hold 2 min]": the entry after the comma is a clause of the step before it.
  // Only clauses that are never a step of their own: "Release at 1 MPa/s" is one, so it is left alone.
  const clause = (head: Node | null | undefined, tail: Node | null | undefined) => {
    if (!isScalar(head) || !isScalar(tail) || !head.range || !tail.range) return;
    if (typeof head.value !== "string" || typeof tail.value !== "string") return;
    if (!/^(press|heat|cool)\b/i.test(head.value) || !/^(hold|ramp|at)\s+\S/i.test(tail.value)) return;
    const between = text.slice(head.range[1], tail.range[0]);
    if (!/^\s*,\s*$/.test(between)) return;
    const whole = `${head.value}, ${tail.value}`;
    out.push({
      rule: "invalid-step",
      message: `"${echo(tail.value, 40)}" belongs to the step before it: inside [ … ] a comma separates entries, so "${echo(whole, 80)}" was read as two steps; quote the step ("${echo(whole, 80)}") or write the steps as a list of "- " lines`,
      at: tail.range[0],
    });
  };
  visit(doc, {
    Map(_, map) {
      if (!map.flow) return;
      const items = map.items as Pair<Node, Node | null>[];
      for (let i = 1; i < items.length; i++) {
        if (items[i]!.value === null) check(items[i - 1]!.value, items[i]!.key, true);
      }
    },
    Seq(_, seq) {
      if (!seq.flow) return;
      const items = seq.items as Node[];
      for (let i = 1; i < items.length; i++) {
        check(items[i - 1], items[i], false);
        clause(items[i - 1], items[i]);
      }
    },
  });
  return out;
}
