export function SimulatePage() {
  return <h1>Simulate</h1>;
}
