/**
 * The protocol being worked on, shared by every page: the editor writes it, the planner replaces
 * it, simulate and the run console read it. Kept in localStorage so a reload (or a tablet that
 * slept) does not lose an hour of editing.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

const KEY = "ssbpress.protocol";

export interface ProtocolState {
  /** The YAML text. */
  text: string;
  /** The file name it was opened from or will be saved as. */
  fileName: string;
  setProtocol(text: string, fileName?: string): void;
}

const Context = createContext<ProtocolState | null>(null);

function load(): { text: string; fileName: string } {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "null") as {
      text?: unknown;
      fileName?: unknown;
    } | null;
    if (saved && typeof saved.text === "string" && typeof saved.fileName === "string")
      return { text: saved.text, fileName: saved.fileName };
  } catch {
    // A corrupt saved state is dropped: the editor starts empty rather than not at all.
  }
  return { text: "", fileName: "protocol.yaml" };
}

export function ProtocolProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState(load);
  const setProtocol = useCallback((text: string, fileName?: string) => {
    setState((s) => {
      const next = { text, fileName: fileName ?? s.fileName };
      try {
        localStorage.setItem(KEY, JSON.stringify(next));
      } catch {
        // Storage full or disabled: the text stays in memory.
      }
      return next;
    });
  }, []);
  const value = useMemo(() => ({ ...state, setProtocol }), [state, setProtocol]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useProtocol(): ProtocolState {
  const value = useContext(Context);
  if (!value) throw new Error("useProtocol outside ProtocolProvider");
  return value;
}
