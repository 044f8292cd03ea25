import { useId, useState } from "react";
import { JOB_FIELDS } from "../../../generated/trackingSchema.js";
import { fieldErrorMap } from "../../../lib/apiClient.js";

// The fields, labels and limits come from the JobCreate model (JOB_FIELDS, generated); the
// server checks them again.
const EMPTY = Object.fromEntries(JOB_FIELDS.map((f) => [f.name, ""]));
const WEB_ADDRESS = /^https?:\/\/\S+$/i;

function check(values) {
  const errors = {};
  for (const f of JOB_FIELDS) {
    const v = values[f.name].trim();
    if (!v) {
      if (f.required) errors[f.name] = `${f.label} is required.`;
    } else if (f.maxLength != null && v.length > f.maxLength) {
      errors[f.name] = `${f.label} can be at most ${f.maxLength} characters.`;
    } else if (f.minLength != null && v.length < f.minLength) {
      errors[f.name] = `${f.label} must be at least ${f.minLength} characters.`;
    } else if (f.type === "url" && !WEB_ADDRESS.test(v)) {
      errors[f.name] = "Use a full web address starting with http:// or https://.";
    }
  }
  return errors;
}

/** The request body: trimmed values, null for an empty optional field. */
const body = (values) => Object.fromEntries(JOB_FIELDS.map((f) => [f.name, values[f.name].trim() || null]));

/** "Track a job": the fields of JOB_FIELDS (company, title and, optionally, the posting's URL). */
export function TrackJobForm({ onCreate }) {
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(e) {
    e.preventDefault();
    const found = check(values);
    setErrors(found);
    setFormError(null);
    const firstBad = JOB_FIELDS.find((f) => found[f.name]);
    if (firstBad) {
      document.getElementById(`${id}-${firstBad.name}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await onCreate(body(values));
      setValues(EMPTY);
    } catch (err) {
      const { _form: general, ...atFields } = fieldErrorMap(err, JOB_FIELDS.map((f) => f.name));
      setErrors(atFields);
      setFormError(general ?? (Object.keys(atFields).length ? null : err.message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="track-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Track a job</h2>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="track-form-fields">
        {JOB_FIELDS.map((f) => (
          <div key={f.name} className={`field${errors[f.name] ? " has-error" : ""}`}>
            <label htmlFor={`${id}-${f.name}`}>
              {f.label}
              {f.required && <span className="required"> (required)</span>}
            </label>
            <input
              id={`${id}-${f.name}`}
              name={f.name}
              type={f.type}
              maxLength={f.maxLength}
              value={values[f.name]}
              required={f.required || undefined}
              aria-invalid={errors[f.name] ? true : undefined}
              aria-describedby={errors[f.name] ? `${id}-${f.name}-error` : undefined}
              onChange={(e) => setValues((prev) => ({ ...prev, [f.name]: e.target.value }))}
            />
            {errors[f.name] && (
              <p id={`${id}-${f.name}-error`} className="field-error">
                <span aria-hidden="true">⚠ </span>
                {errors[f.name]}
              </p>
            )}
          </div>
        ))}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Adding…" : "Track job"}
        </button>
      </div>
    </form>
  );
}
