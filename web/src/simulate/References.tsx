/**
 * What the numbers rest on: the notes and unknowns the model reports, and the references it cites.
 * The simulation cites keys ("Doux2020"); GET /api/references gives each key's authors, title and
 * journal, which the list shows, with the DOI as a link (a key it does not know stays a key).
 */
import { useJson } from "../history/useJson";
import type { Citation, SimulationResult } from "./types";

function keyOf(c: Citation): string {
  return typeof c === "string" ? c : c.key;
}

export function References({ sim }: { sim: SimulationResult }) {
  const library = useJson<Exclude<Citation, string>[]>("/api/references");
  const texts = new Map<string, Citation>();
  for (const c of [...(library.data ?? []), ...(sim.references ?? []), ...sim.citations])
    if (!texts.has(keyOf(c)) || typeof c !== "string") texts.set(keyOf(c), c);
  const keys = [...new Set(sim.citations.map(keyOf))];
  return (
    <>
      {sim.notes?.length || sim.unknowns?.length ? (
        <section aria-labelledby="sim-notes">
          <h2 id="sim-notes">Notes and unknowns</h2>
          <ul>
            {(sim.unknowns ?? []).map((u) => (
              <li key={`u-${u}`}>
                <strong>Unknown:</strong> {u}
              </li>
            ))}
            {(sim.notes ?? []).map((n) => (
              <li key={`n-${n}`}>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="sim-refs">
        <h2 id="sim-refs">References ({keys.length})</h2>
        <ul className="references">
          {keys.map((k) => {
            const c = texts.get(k);
            if (!c || typeof c === "string")
              return (
                <li key={k}>
                  <cite>{k}</cite>
                </li>
              );
            return (
              <li key={k}>
                <cite>{k}</cite>: {c.authors ? `${c.authors} ` : ""}
                {c.year ? `(${c.year}) ` : ""}
                {c.title ? <em>{c.title}</em> : null}
                {c.journal ? `. ${c.journal}` : ""}
                {c.doi ? (
                  <>
                    {". "}
                    <a href={`https://doi.org/${c.doi}`} rel="noreferrer">
                      doi:{c.doi}
                    </a>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
