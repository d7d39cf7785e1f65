/** The planner: a protocol written for a stack, a die, a press and a goal (`ssbpress plan`). */
import { PlanForm } from "../plan/PlanForm";

export function PlanPage() {
  return (
    <div className="plan-page">
      <h1>Plan a protocol</h1>
      <p className="muted">
        Say what the cell is made of and what you press it with; ssbpress writes the layer-by-layer protocol,
        which you can then check, edit, simulate and run.
      </p>
      <PlanForm />
    </div>
  );
}
