/**
 * The app's frame: one navigation bar (a link per page, usable by keyboard), the page, and the
 * shared protocol state. Each page lives in pages/ and owns its folder of components.
 */
import { ProtocolProvider } from "./protocol-state";
import { useRoute } from "./router";
import { EditorPage } from "./pages/EditorPage";
import { PlanPage } from "./pages/PlanPage";
import { SimulatePage } from "./pages/SimulatePage";
import { RunPage } from "./pages/RunPage";
import { HistoryPage } from "./pages/HistoryPage";
import { ConvertPage } from "./pages/ConvertPage";

const PAGES = [
  { page: "editor", label: "Protocol" },
  { page: "plan", label: "Plan" },
  { page: "simulate", label: "Simulate" },
  { page: "run", label: "Run" },
  { page: "history", label: "History" },
  { page: "convert", label: "Convert" },
] as const;

function Page({ page, rest }: { page: string; rest: string[] }) {
  switch (page) {
    case "plan":
      return <PlanPage />;
    case "simulate":
      return <SimulatePage />;
    case "run":
      return <RunPage id={rest[0]} />;
    case "history":
      return <HistoryPage id={rest[0]} />;
    case "convert":
      return <ConvertPage />;
    default:
      return <EditorPage />;
  }
}

export function App() {
  const route = useRoute();
  const current = PAGES.some((p) => p.page === route.page) ? route.page : "editor";
  return (
    <ProtocolProvider>
      <header className="topbar">
        <a className="brand" href="#/editor">
          ssbpress
        </a>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.page}>
                <a href={`#/${p.page}`} aria-current={current === p.page ? "page" : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main">
        <Page page={current} rest={route.rest} />
      </main>
    </ProtocolProvider>
  );
}
