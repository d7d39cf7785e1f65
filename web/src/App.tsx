/**
 * The app's frame: one navigation bar (a link per page, usable by keyboard), the page, and the
 * shared protocol state. Each page lives in pages/ and owns its folder of components.
 */
import { lazy, Suspense } from "react";
import { ProtocolProvider } from "./protocol-state";
import { parseRoute, useRoute } from "./router";

const PAGES = [
  { page: "editor", label: "Protocol" },
  { page: "plan", label: "Plan" },
  { page: "simulate", label: "Simulate" },
  { page: "run", label: "Run" },
  { page: "history", label: "History" },
  { page: "convert", label: "Convert" },
] as const;
const PAGE_NAMES: readonly string[] = PAGES.map((p) => p.page);

// The editor is the page a new visit lands on: its chunk is asked for as this module starts, not
// after the first render, so its download overlaps the app's start.
const editorChunk = () => import("./pages/EditorPage");
const landing = parseRoute(window.location.hash).page;
const earlyEditor = landing === "editor" || !PAGE_NAMES.includes(landing) ? editorChunk() : null;
const EditorPage = lazy(() => (earlyEditor ?? editorChunk()).then((m) => ({ default: m.EditorPage })));
// Each page is its own chunk, loaded when it is first opened: the editor's CodeMirror and the
// charts' uPlot are not parsed before the page that needs them (first load, README Benchmarks).
const PlanPage = lazy(() => import("./pages/PlanPage").then((m) => ({ default: m.PlanPage })));
const SimulatePage = lazy(() => import("./pages/SimulatePage").then((m) => ({ default: m.SimulatePage })));
const RunPage = lazy(() => import("./pages/RunPage").then((m) => ({ default: m.RunPage })));
const HistoryPage = lazy(() => import("./pages/HistoryPage").then((m) => ({ default: m.HistoryPage })));
const ConvertPage = lazy(() => import("./pages/ConvertPage").then((m) => ({ default: m.ConvertPage })));

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
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Page page={current} rest={route.rest} />
        </Suspense>
      </main>
    </ProtocolProvider>
  );
}
