/** The calculator of the lab bench: force ⇄ pressure ⇄ gauge ⇄ torque (`ssbpress convert`). */
import { ConvertForm } from "../convert/ConvertForm";

export function ConvertPage() {
  return (
    <div className="convert-page">
      <h1>Convert</h1>
      <p className="muted">
        Pressure on the pellet ⇄ force on the die, a manual press's gauge reading, a bolted cell's torque.
      </p>
      <ConvertForm />
    </div>
  );
}
