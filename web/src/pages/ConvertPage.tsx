export function ConvertPage() {
  return <h1>Convert</h1>;
}
