/**
 * The manual press's operator guide: the open prompt in big type — what to do, the number to set
 * in the press's own units ("3.06 t"), a countdown while a hold runs — a big Confirm button that
 * has the focus (Enter confirms), a field for the reading when one is asked, and a way to refuse.
 * The answer goes to `POST /api/runs/:id/answer`; the prompt closes when the server records it.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { describeError, postJson } from "../api";
import type { Prompt } from "./documents";
import { num } from "./format";

/** The value to set on the press, in its own unit; none for a release (set to 0: the message says it). */
function promptTarget(p: Prompt): { value: number; unit: string } | null {
  return p.set && p.set.value > 0 ? p.set : null;
}

const READING = /^\s*(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export function OperatorGuide({
  runId,
  prompt,
  holdLeft,
}: {
  runId: string;
  prompt: Prompt;
  /** The step's countdown as text ("1:45"), when it is counting. */
  holdLeft: string | null;
}) {
  const [reading, setReading] = useState("");
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const sendingRef = useRef(false);
  const readingId = useId();
  const target = promptTarget(prompt);

  // A new prompt: empty field, focus on Confirm so that Enter answers it.
  useEffect(() => {
    setReading("");
    setFailure(null);
    confirm.current?.focus();
  }, [prompt.key]);

  // a phone's decimal keypad often offers a comma: say so, with the number to type instead
  const comma = /^\s*(\d+),(\d+)\s*$/.exec(reading);
  const readingProblem =
    reading.trim() === "" || READING.test(reading)
      ? null
      : comma
        ? `"${reading.trim()}" has a comma: type ${comma[1]}.${comma[2]}, with a decimal point.`
        : `"${reading}" is not a reading: type a number ≥ 0 such as 3.4, without the unit.`;

  async function send(answer: "ok" | "abort") {
    if (sendingRef.current) return; // one answer per press of the button
    sendingRef.current = true;
    setSending(true);
    setFailure(null);
    try {
      const body: { answer: string; reading?: number } = { answer };
      if (answer === "ok" && reading.trim() !== "") body.reading = Number(reading);
      await postJson(`/api/runs/${encodeURIComponent(runId)}/answer`, body);
    } catch (e) {
      setFailure(`The answer did not reach the run: ${describeError(e)}. Try again.`);
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!readingProblem) void send("ok");
  }

  return (
    <section className="operator-guide" aria-labelledby="guide-h" data-prompt={prompt.key}>
      <h2 id="guide-h">Your turn{prompt.step !== null ? ` — step ${prompt.step}` : ""}</h2>
      <p className="guide-message">{prompt.message}</p>
      {target && (
        <p className="guide-target">
          <span className="guide-target-label">Set the press to</span>{" "}
          <span className="guide-target-value" data-testid="guide-target">
            {num(target.value)} {target.unit}
          </span>
          {prompt.targetForce !== null && (
            <span className="guide-target-also">
              {" "}
              = {num(prompt.targetForce)} kN
              {prompt.targetPressure !== null ? `, ${num(prompt.targetPressure)} MPa on the pellet` : ""}
            </span>
          )}
        </p>
      )}
      {holdLeft && (
        <p className="guide-countdown">
          Hold: <span className="guide-countdown-value">{holdLeft}</span> left
        </p>
      )}
      <form onSubmit={onSubmit} className="guide-form">
        {prompt.expects === "reading" && (
          <div className="guide-reading">
            <label htmlFor={readingId}>
              Reading{prompt.unit ? ` [${prompt.unit}]` : ""}
              {" (optional)"}
            </label>
            <input
              id={readingId}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={reading}
              onChange={(e) => setReading(e.target.value)}
              aria-invalid={readingProblem !== null && reading !== ""}
              aria-describedby={readingProblem ? `${readingId}-problem` : undefined}
            />
            {prompt.unit && <span className="guide-unit">{prompt.unit}</span>}
            {readingProblem && reading !== "" && (
              <p id={`${readingId}-problem`} className="banner error">
                {readingProblem}
              </p>
            )}
          </div>
        )}
        <div className="guide-buttons">
          <button
            type="submit"
            ref={confirm}
            className="guide-confirm"
            // Not disabled while sending: a disabled button drops the focus, and Enter must keep working.
            aria-disabled={readingProblem !== null}
          >
            Confirm — done
          </button>
          <button type="button" className="danger" onClick={() => void send("abort")} disabled={sending}>
            Refuse — stop the run
          </button>
        </div>
      </form>
      {failure && (
        <p className="banner error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}

/** A notice that needs no answer (a hold's count-down), big enough to read from the press. */
export function NoticePanel({ notice, left }: { notice: Prompt; left: string | null }) {
  return (
    <section className="notice-panel" aria-labelledby="notice-h">
      <h2 id="notice-h">{notice.message}</h2>
      {left && (
        <p className="guide-countdown">
          <span className="guide-countdown-value">{left}</span> left
        </p>
      )}
    </section>
  );
}
