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
  if (rest[0] === "compare" && rest[1] && rest[2])
    return <CompareView key={`${rest[1]}/${rest[2]}`} a={rest[1]} b={rest[2]} />;
  if (id) return <RunView key={id} id={id} />;
  return <RunsList />;
}
