/**
 * CodeMirror 6 holding the protocol: YAML highlighting, the checker's diagnostics as underlines and
 * gutter marks with hover text, completion. The text lives in the app's protocol state; this view
 * follows it when someone else replaces it (an example, the planner) and reports every edit.
 */
import { useEffect, useRef, type RefObject } from "react";
import { basicSetup } from "codemirror";
import { EditorView } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { toEditorDiagnostics } from "./check-result";
import type { Checked } from "./useCheck";
import { protocolCompletions, type CompletionData } from "./completion";

export interface EditorHandle {
  /** Puts the cursor at a 1-based line and column, scrolls it into view and focuses the editor. */
  jumpTo(line: number, column: number): void;
}

interface Props {
  text: string;
  onChange(text: string): void;
  checked: Checked | null;
  completions: CompletionData;
  handle: RefObject<EditorHandle | null>;
}

/**
 * The editor's look. CodeMirror styles itself at run time (style-mod); in a page whose CSP allows
 * only style sheets from the server ('self'), its <style> tags would be refused and the editor would
 * fall apart. In a shadow root it uses a constructed style sheet instead, which the CSP does not
 * govern, so the editor lives in one, and every rule it needs is here rather than in styles.css.
 */
const theme = EditorView.theme({
  "&": {
    fontSize: "15px",
    border: "2px solid var(--line, #8a8f98)",
    borderRadius: "6px",
    background: "#fff",
    color: "#111",
    maxHeight: "70vh",
  },
  "&.cm-focused": { outline: "3px solid var(--focus, #ffbf00)", outlineOffset: "2px" },
  ".cm-scroller": {
    fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
    lineHeight: "1.5",
  },
  ".cm-content": { minHeight: "24rem" },
  ".cm-gutters": { background: "#f3f4f6", color: "#3d3d3d", borderRight: "1px solid #c9ccd1" },
  // underlines that stay visible in a bright room: a wavy line plus a tint, in the page's colours
  ".cm-lintRange-error": {
    backgroundImage: "none",
    textDecoration: "underline wavy #a3000b 2px",
    textUnderlineOffset: "3px",
    backgroundColor: "#fde8ea",
  },
  ".cm-lintRange-warning": {
    backgroundImage: "none",
    textDecoration: "underline wavy #b86e00 2px",
    textUnderlineOffset: "3px",
    backgroundColor: "#fff3dc",
  },
  ".cm-tooltip": { fontFamily: "system-ui, sans-serif", fontSize: "0.95rem", color: "#111" },
  ".diag-tip": { maxWidth: "36rem", padding: "0.25rem 0.4rem" },
  ".diag-tip p": { margin: "0.3rem 0 0" },
});

export function ProtocolEditor({ text, onChange, checked, completions, handle }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  /** Texts this editor reported through onChange and has not seen come back as `text` yet. */
  const echoes = useRef<string[]>([]);
  const latest = useRef({ onChange, completions });
  latest.current = { onChange, completions };

  useEffect(() => {
    if (!host.current) return;
    const shadow = host.current.shadowRoot ?? host.current.attachShadow({ mode: "open" });
    // one source for the editor's life: completion keeps a result only while its source is the same function
    const complete = protocolCompletions(() => latest.current.completions);
    const v = new EditorView({
      parent: shadow,
      state: EditorState.create({
        doc: text,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          theme,
          EditorView.lineWrapping,
          EditorState.languageData.of(() => [{ autocomplete: complete }]),
          EditorView.contentAttributes.of({ "aria-label": "Protocol (YAML)" }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            const t = u.state.doc.toString();
            echoes.current.push(t);
            if (echoes.current.length > 200) echoes.current.shift();
            latest.current.onChange(t);
          }),
        ],
      }),
    });
    view.current = v;
    handle.current = {
      jumpTo(line, column) {
        const doc = v.state.doc;
        const l = doc.line(Math.min(Math.max(1, line), doc.lines));
        const at = Math.min(l.from + Math.max(1, column) - 1, l.to);
        v.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
        v.focus();
      },
    };
    return () => {
      v.destroy();
      view.current = null;
      handle.current = null;
    };
    // the view is made once; text and diagnostics reach it through the effects below
  }, []);

  // Someone else replaced the text (an example, a file, the planner): show it. A text this editor
  // emitted itself comes back a render later, possibly after more keystrokes: it is recognised and
  // skipped, or fast typing would be overwritten by its own echo.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const seen = echoes.current.lastIndexOf(text);
    if (seen >= 0) {
      echoes.current.splice(0, seen + 1);
      return;
    }
    if (v.state.doc.toString() !== text)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
  }, [text]);

  // the checker's answer, only when it is about the text on screen (else the marks would be misplaced)
  useEffect(() => {
    const v = view.current;
    if (!v || !checked || checked.text !== v.state.doc.toString()) return;
    v.dispatch(setDiagnostics(v.state, toEditorDiagnostics(v.state.doc, checked.result.diagnostics)));
  }, [checked]);

  return <div ref={host} className="protocol-editor" />;
}
