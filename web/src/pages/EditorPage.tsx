/**
 * The protocol editor: file actions, the YAML with the checker's diagnostics as you type, their
 * list, and beside it the stack in the die at each step. Simulate and Run take the same text.
 */
import { useRef } from "react";
import { useProtocol } from "../protocol-state";
import { ProtocolEditor, type EditorHandle } from "../editor/ProtocolEditor";
import { DiagnosticList } from "../editor/DiagnosticList";
import { FileBar } from "../editor/FileBar";
import { useCheck } from "../editor/useCheck";
import { useCompletionData } from "../editor/useCompletionData";
import { usePreflight } from "../stack/preflight";
import { StackView } from "../stack/StackView";

export function EditorPage() {
  const { text, fileName, setProtocol } = useProtocol();
  const check = useCheck(text, fileName);
  const completions = useCompletionData();
  const handle = useRef<EditorHandle | null>(null);
  const current = check.checked?.text === text ? check.checked : null;
  // an emptied editor clears the drawing ("" is sent as the checked text)
  const preflight = usePreflight(text.trim() ? (current?.text ?? null) : "", current?.result.errors ?? 0);
  const errors = check.checked?.result.errors ?? 0;

  return (
    <div className="editor-page">
      <div className="editor-head">
        <h1>Protocol</h1>
        <div className="editor-next">
          <a className={`button${errors ? " secondary" : ""}`} href="#/simulate">
            Simulate
          </a>
          <a className="button secondary" href="#/run">
            Run
          </a>
        </div>
      </div>
      <FileBar text={text} fileName={fileName} setProtocol={setProtocol} />
      {!text.trim() ? (
        <p className="muted">
          Start from an example, open a .yaml file, plan one on the <a href="#/plan">Plan</a> page, or type a
          protocol below (Ctrl-Space offers step strings, material names and layer ids).
        </p>
      ) : null}
      <div className="editor-layout">
        <div className="editor-main">
          <ProtocolEditor
            text={text}
            onChange={(t) => setProtocol(t)}
            checked={check.checked}
            completions={completions}
            handle={handle}
          />
          <DiagnosticList
            result={check.checked?.result ?? null}
            stale={check.pending || (check.checked !== null && check.checked.text !== text)}
            error={check.error}
            onJump={(line, column) => handle.current?.jumpTo(line, column)}
            summaryId="check-summary"
          />
        </div>
        <aside className="editor-side" aria-label="Stack">
          <StackView state={preflight} />
        </aside>
      </div>
    </div>
  );
}
