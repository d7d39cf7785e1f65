/**
 * Every validation point of every model, in report order. Each model's list lives beside the others
 * in ./points/ and is built from data/published with the committed parameters.
 */
import type { ValidationPoint } from "./point.js";

const LISTS: (() => ValidationPoint[])[] = [];

export function allPoints(): ValidationPoint[] {
  return LISTS.flatMap((list) => list());
}
