/**
 * A hash router (#/simulate, #/history/RUN-ID): the server serves one index.html, and a page's
 * address survives a reload and can be bookmarked or pasted into a lab notebook.
 */
import { useEffect, useState } from "react";

export interface Route {
  /** The page: "editor", "plan", "simulate", "run", "history", "convert". */
  page: string;
  /** What follows the page in the address, e.g. a run id: ["RUN-ID"]. */
  rest: string[];
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? "editor", rest: parts.slice(1) };
}

export function navigate(page: string, ...rest: string[]): void {
  window.location.hash = "#/" + [page, ...rest].map(encodeURIComponent).join("/");
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
