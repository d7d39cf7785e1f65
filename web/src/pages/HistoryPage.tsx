/**
 * History: #/history lists the recorded runs, #/history/ID shows one, and
 * #/history/compare/ID1/ID2 overlays two.
 */
import { useRoute } from "../router";
import { RunsList } from "../history/RunsList";
import { RunView } from "../history/RunView";
import { CompareView } from "../history/CompareView";

export function HistoryPage({ id }: { id?: string | undefined }) {
  const { rest } = useRoute();
  if (rest[0] === "compare") {
    const [a, b] = [rest[1], rest[2]];
    if (a && b) return <CompareView key={`${a}/${b}`} a={a} b={b} />;
    // a pasted or hand-edited address with one run: say what is missing, and offer the list
    return (
      <>
        <p className="banner warning" role="alert">
          Comparing needs two runs (#/history/compare/RUN-ID/OTHER-RUN-ID): tick two runs below and press
          Compare.
        </p>
        <RunsList />
      </>
    );
  }
  if (id) return <RunView key={id} id={id} />;
  return <RunsList />;
}
