/**
 * The editor's file actions: New, Open (a local .yaml), Save (download), and the examples one
 * choice away. Whatever replaces the text asks first when there are unsaved edits.
 */
import { useEffect, useRef, useState } from "react";
import { describeError, getJson } from "../api";
import { downloadText, NEW_PROTOCOL, readProtocolFile } from "./files";
import { confirmDiscard, markSaved } from "./unsaved";

interface Example {
  name: string;
  title?: string;
}

interface Props {
  text: string;
  fileName: string;
  setProtocol(text: string, fileName?: string): void;
}

const yamlName = (name: string) => (/\.ya?ml$/i.test(name) ? name : `${name}.yaml`);

export function FileBar({ text, fileName, setProtocol }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [examples, setExamples] = useState<Example[]>([]);
  const [chosen, setChosen] = useState("");
  const [note, setNote] = useState<{ tone: "error" | "ok"; text: string } | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    getJson<Example[]>("/api/examples", abort.signal).then(
      (list) => setExamples(Array.isArray(list) ? list : []),
      (e: unknown) => {
        if (!abort.signal.aborted)
          setNote({ tone: "error", text: `The examples could not be listed: ${describeError(e)}` });
      },
    );
    return () => abort.abort();
  }, []);

  const replace = (next: string, name: string, what: string) => {
    markSaved(next);
    setProtocol(next, name);
    setNote({ tone: "ok", text: what });
  };

  const loadExample = async (name: string) => {
    setChosen(name);
    if (!name) return;
    if (!confirmDiscard(text, `load the example "${name}"`)) {
      setChosen("");
      return;
    }
    try {
      const ex = await getJson<{ name: string; protocol: string }>(
        `/api/examples/${encodeURIComponent(name)}`,
      );
      replace(ex.protocol, yamlName(ex.name ?? name), `Loaded the example ${yamlName(ex.name ?? name)}.`);
    } catch (e) {
      setNote({ tone: "error", text: `The example "${name}" could not be loaded: ${describeError(e)}` });
    }
  };

  const open = async (file: File | undefined) => {
    if (!file) return;
    if (!confirmDiscard(text, `open "${file.name}"`)) return;
    const r = await readProtocolFile(file);
    if (r.ok) replace(r.text, r.fileName, `Opened ${r.fileName}.`);
    else setNote({ tone: "error", text: r.error });
  };

  return (
    <div className="filebar">
      <div className="filebar-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            if (confirmDiscard(text, "start a new protocol"))
              replace(NEW_PROTOCOL, "protocol.yaml", "Started a new protocol.");
          }}
        >
          New
        </button>
        <button type="button" className="secondary" onClick={() => input.current?.click()}>
          Open file…
        </button>
        <input
          ref={input}
          type="file"
          accept=".yaml,.yml,text/yaml,text/x-yaml,text/plain"
          hidden
          aria-label="Protocol file to open"
          onChange={(e) => {
            void open(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
        <button
          type="button"
          className="secondary"
          disabled={!text}
          onClick={() => {
            downloadText(text, fileName);
            markSaved(text);
            setNote({ tone: "ok", text: `Saved as ${fileName} (in your downloads).` });
          }}
        >
          Save
        </button>
        <label className="examples-picker">
          Examples
          <select value={chosen} onChange={(e) => void loadExample(e.target.value)}>
            <option value="">Load an example…</option>
            {examples.map((ex) => (
              <option key={ex.name} value={ex.name}>
                {ex.title ? `${ex.title} (${ex.name})` : ex.name}
              </option>
            ))}
          </select>
        </label>
        <span className="filebar-name" title="File name used by Save">
          {fileName}
        </span>
      </div>
      {note ? (
        <p className={`banner ${note.tone}`} role={note.tone === "error" ? "alert" : "status"}>
          {note.text}
        </p>
      ) : null}
    </div>
  );
}
