export function PlanPage() {
  return <h1>Plan</h1>;
}
