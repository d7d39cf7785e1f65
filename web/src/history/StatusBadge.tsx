/** A run's status as a word with a colour that does not carry the meaning alone. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status.replace(/[^a-z-]/g, "")}`}>{status}</span>;
}

/** An ISO time in the lab's local time, to the second, or the raw text if it is not a time. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}
