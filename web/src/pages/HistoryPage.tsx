export function HistoryPage({ id }: { id?: string | undefined }) {
  void id;
  return <h1>History</h1>;
}
