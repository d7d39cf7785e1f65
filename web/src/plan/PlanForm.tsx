/**
 * The planner's form: the stack, the die and the press, the goal → POST /api/plan → the protocol
 * goes into the editor (asking first if the editor holds unsaved edits) and the editor opens. An
 * error that names a field is shown at that field, anything else above the button.
 */
import { useState, type FormEvent } from "react";
import { ApiError, describeError, postJson } from "../api";
import { useProtocol } from "../protocol-state";
import { navigate } from "../router";
import { confirmDiscard } from "../editor/unsaved";
import { useMaterials } from "../editor/useCompletionData";
import { fieldOfMessage, PLAN_FIELDS, type PlanField } from "./fields";

const INITIAL: Record<string, string> = {
  separator: "Li6PS5Cl",
  cathode: "NMC811:70,Li6PS5Cl:30",
  anode: "Li",
  die: "10 mm",
  press: "10 t",
  goal: "cycling",
};

/** The request body: the fields that were filled in, trimmed, and optimize when ticked. */
function planBody(values: Record<string, string>, optimize: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of PLAN_FIELDS) {
    const v = (values[f.key] ?? "").trim();
    if (v) body[f.key] = v;
  }
  if (optimize) body.optimize = true;
  return body;
}

function hintOf(e: unknown): string | undefined {
  const err =
    e instanceof ApiError ? (e.body as { error?: { hint?: unknown }; hint?: unknown } | null) : null;
  const h = err?.error?.hint ?? err?.hint;
  // a hint written for the command line ("e.g. ssbpress convert …") does not help on this page
  return typeof h === "string" && !/\bssbpress\s/.test(h) ? h : undefined;
}

export function PlanForm() {
  const { text, setProtocol } = useProtocol();
  const materials = useMaterials();
  const [values, setValues] = useState<Record<string, string>>(INITIAL);
  const [optimize, setOptimize] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<{ key: string; message: string } | null>(null);
  const [banner, setBanner] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFieldError(null);
    setBanner(null);
    try {
      const r = await postJson<{ protocol?: unknown }>("/api/plan", planBody(values, optimize));
      if (typeof r.protocol !== "string") throw new Error("the server's answer holds no protocol");
      if (!confirmDiscard(text, "replace them with the planned protocol")) return;
      setProtocol(r.protocol, "plan.yaml");
      navigate("editor");
    } catch (err) {
      const message = describeError(err);
      const hint = hintOf(err);
      const full = hint ? `${message} (${hint})` : message;
      const key = err instanceof ApiError ? fieldOfMessage(message) : null;
      if (key) setFieldError({ key, message: full });
      else setBanner(full);
    } finally {
      setBusy(false);
    }
  };

  const control = (f: PlanField) => {
    const id = `plan-${f.key}`;
    const invalid = fieldError?.key === f.key;
    const describedBy = `${id}-help${invalid ? ` ${id}-error` : ""}`;
    const common = {
      id,
      name: f.key,
      value: values[f.key] ?? "",
      "aria-describedby": describedBy,
      "aria-invalid": invalid || undefined,
      onChange: (ev: { target: { value: string } }) => setValues((v) => ({ ...v, [f.key]: ev.target.value })),
    };
    return (
      <div className={`field${invalid ? " invalid" : ""}`} key={f.key}>
        <label htmlFor={id}>{f.label}</label>
        {f.kind === "select" ? (
          <select {...common}>
            {f.choices?.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...common}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder={f.placeholder}
            required={f.key === "separator"}
            list={f.kind === "material" ? "plan-materials" : undefined}
          />
        )}
        <small id={`${id}-help`} className="muted">
          {f.help}
        </small>
        {invalid ? (
          <small id={`${id}-error`} className="field-error" role="alert">
            {fieldError.message}
          </small>
        ) : null}
      </div>
    );
  };

  const byKey = (keys: string[]) => PLAN_FIELDS.filter((f) => keys.includes(f.key)).map(control);
  return (
    <form className="plan-form" onSubmit={(e) => void submit(e)} aria-busy={busy}>
      <datalist id="plan-materials">
        {materials.map((m) => (
          <option key={m.name} value={m.name}>
            {m.class ?? ""}
          </option>
        ))}
      </datalist>
      <fieldset>
        <legend>The stack</legend>
        <div className="form-grid">
          {byKey(["separator", "cathode", "anode", "separator_mass", "cathode_mass", "anode_thickness"])}
        </div>
      </fieldset>
      <fieldset>
        <legend>Die and press</legend>
        <div className="form-grid">{byKey(["die", "die_rating", "press", "press_type", "temperature"])}</div>
      </fieldset>
      <fieldset>
        <legend>Goal</legend>
        <div className="form-grid">{byKey(["goal"])}</div>
        <div className="check-field">
          <input
            id="plan-optimize"
            type="checkbox"
            checked={optimize}
            onChange={(e) => setOptimize(e.target.checked)}
          />
          <label htmlFor="plan-optimize">Optimize</label>
          <small className="muted">
            {" "}
            choose the pressures and holds that maximise the predicted ionic conductance within the risk
            limits (slower)
          </small>
        </div>
      </fieldset>
      {banner ? (
        <p className="banner error" role="alert">
          The protocol could not be planned: {banner}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? "Planning…" : "Plan the protocol"}
        </button>
        <span className="muted">
          It replaces the protocol in the editor (you are asked first if it has unsaved edits).
        </span>
      </div>
    </form>
  );
}
