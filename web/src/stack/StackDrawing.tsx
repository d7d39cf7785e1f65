/**
 * The die in section at one step: the bore between two walls, the bottom punch, the layers from
 * the bottom up, the top punch, and an arrow with the pressure when the step presses. Layer
 * heights are equal (the order and the materials are the point, not the thicknesses); each layer is
 * labelled with its id, material and class beside the die.
 */
import type { PreflightStep } from "./preflight";
import { classFill, className } from "./classes";

const W = 480;
const BORE_X = 70;
const BORE_W = 150;
const WALL = 22;
const LAYER_H = 38;
const PUNCH_H = 34;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function StackDrawing({ step }: { step: PreflightStep }) {
  const layers = step.layers;
  const pressing = step.pressureMPa !== null;
  const top = 56; // room for the arrow and its label
  const stackH = Math.max(1, layers.length) * LAYER_H;
  const bottomPunchY = top + PUNCH_H + stackH;
  const H = bottomPunchY + PUNCH_H + 10;
  const label = layers.length
    ? `Die after step ${step.step}, bottom to top: ${layers.map((l) => `${l.id} (${l.material ?? "unknown material"}, ${className(l.class ?? "")})`).join(", ")}`
    : `Die after step ${step.step}: empty`;
  return (
    <svg className="stack-drawing" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {/* die walls */}
      <rect x={BORE_X - WALL} y={top - 6} width={WALL} height={H - top - 4} fill="#5b636e" />
      <rect x={BORE_X + BORE_W} y={top - 6} width={WALL} height={H - top - 4} fill="#5b636e" />
      {/* top punch (over the stack) and bottom punch */}
      <rect x={BORE_X + 2} y={top} width={BORE_W - 4} height={PUNCH_H - 4} fill="#2f353d" />
      <rect x={BORE_X + 2} y={bottomPunchY + 2} width={BORE_W - 4} height={PUNCH_H - 4} fill="#2f353d" />
      {pressing ? (
        <g>
          <line
            x1={BORE_X + BORE_W / 2}
            y1={8}
            x2={BORE_X + BORE_W / 2}
            y2={top - 6}
            stroke="#a3000b"
            strokeWidth={4}
          />
          <polygon
            points={`${BORE_X + BORE_W / 2 - 9},${top - 16} ${BORE_X + BORE_W / 2 + 9},${top - 16} ${BORE_X + BORE_W / 2},${top - 4}`}
            fill="#a3000b"
          />
          <text x={BORE_X + BORE_W / 2 + 14} y={24} className="svg-strong">
            {`${step.pressureMPa} MPa`}
          </text>
        </g>
      ) : null}
      {layers.length === 0 ? (
        <text
          x={BORE_X + BORE_W / 2}
          y={top + PUNCH_H + LAYER_H / 2 + 5}
          textAnchor="middle"
          className="svg-muted"
        >
          empty
        </text>
      ) : null}
      {layers.map((l, i) => {
        // the first layer listed is the bottom one
        const y = bottomPunchY - (i + 1) * LAYER_H;
        return (
          <g key={`${l.id}-${i}`}>
            <rect
              x={BORE_X + 2}
              y={y}
              width={BORE_W - 4}
              height={LAYER_H}
              fill={classFill(l.class ?? "")}
              stroke="#222"
            />
            <text x={BORE_X + BORE_W / 2} y={y + LAYER_H / 2 + 5} textAnchor="middle" className="svg-strong">
              {clip(l.id, 16)}
            </text>
            <line
              x1={BORE_X + BORE_W + WALL + 2}
              y1={y + LAYER_H / 2}
              x2={BORE_X + BORE_W + WALL + 14}
              y2={y + LAYER_H / 2}
              stroke="#222"
            />
            <text x={BORE_X + BORE_W + WALL + 18} y={y + LAYER_H / 2 - 3}>
              <title>{`${l.id}: ${l.material ?? "unknown material"} (${className(l.class ?? "")})`}</title>
              <tspan>{clip(l.material ?? "unknown material", 28)}</tspan>
              <tspan x={BORE_X + BORE_W + WALL + 18} dy={16} className="svg-muted svg-small">
                {className(l.class ?? "")}
              </tspan>
            </text>
          </g>
        );
      })}
    </svg>
  );
}
