/**
 * A decimal comma inside a YAML flow collection. In { … } and [ … ] a comma separates entries, so
 * "{ thickness: 0,5 mm }" reaches a reader as "thickness: 0" and a stray key "5 mm", and
 * "[Press to 2,5 MPa]" as two steps "Press to 2" and "5 MPa". Left alone, the user would be told that
 * 0 has no unit, that "5 mm" is an unknown key or material and that "5" is an unknown action. Such a
 * split is found here and reported once, as what it is; the file is not read on (like the YAML
 * features a protocol does not support), since every reading of it would be a guess.
 */
import { isScalar, visit, type Document, type Node, type Pair } from "yaml";
import { echo } from "../core/text.js";
import { decimalCommaAdvice } from "../core/units.js";

export interface DecimalCommaSplit {
  message: string;
  /** Offset of the comma in the text. */
  at: number;
}

export function decimalCommaSplits(doc: Document.Parsed, text: string): DecimalCommaSplit[] {
  const out: DecimalCommaSplit[] = [];
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
    // in a list a bare "[4,6]" may be meant; a unit after the digits is not: [Press to 2,5 MPa]
    if (!inMap && !/^\d+\s*[^\d\s]/.test(after)) return;
    const sep = inMap ? "{ … }" : "[ … ]";
    const parts = inMap
      ? `${echo(before, 40)} and a key "${echo(after, 40)}"`
      : `"${echo(before, 60)}" and "${echo(after, 40)}"`;
    out.push({
      message: `"${echo(`${before},${after}`, 80)}" has a comma in its number, and inside ${sep} a comma separates entries, so it was read as ${parts}; ${decimalCommaAdvice(before, after)}`,
      at: end,
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
      for (let i = 1; i < items.length; i++) check(items[i - 1], items[i], false);
    },
  });
  return out;
}
