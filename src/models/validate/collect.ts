/**
 * Every validation point of every model, in report order (the chain from powder to cell, then the
 * whole chain end to end). Each model's list lives beside the others in ./points/ and is built from
 * data/published with the committed parameters.
 */
import type { ValidationPoint } from "./point.js";
import { cellPoints } from "./points/cell.js";
import { conductivityPoints } from "./points/conductivity.js";
import { contactPoints } from "./points/contact.js";
import { creepPoints } from "./points/creep.js";
import { densificationPoints } from "./points/densification.js";
import { fracturePoints } from "./points/fracture.js";
import { stackPoints } from "./points/stack.js";

const LISTS: (() => ValidationPoint[])[] = [
  densificationPoints,
  conductivityPoints,
  contactPoints,
  creepPoints,
  fracturePoints,
  stackPoints,
  cellPoints,
];

export function allPoints(): ValidationPoint[] {
  return LISTS.flatMap((list) => list());
}
