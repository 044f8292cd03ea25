import { useId, useState } from "react";
import { fieldErrorMap } from "../../../lib/apiClient.js";

// The job's own columns are not part of the generated note schema; their limits come from
// CONTRACT.md section 3 and the server checks them again.
const JOB_FIELDS = [
  { name: "company", label: "Company", required: true, maxLength: 200, type: "text" },
  { name: "title", label: "Job title", required: true, maxLength: 200, type: "text" },
  { name: "job_url", label: "Posting URL", required: false, maxLength: 2000, type: "url" },
];
const EMPTY = { company: "", title: "", job_url: "" };

function check(values) {
  const errors = {};
  for (const f of JOB_FIELDS) {
    const v = values[f.name].trim();
    if (f.required && !v) errors[f.name] = `${f.label} is required.`;
    else if (v.length > f.maxLength) errors[f.name] = `${f.label} can be at most ${f.maxLength} characters.`;
  }
  if (values.job_url.trim() && !/^https?:\/\/\S+$/i.test(values.job_url.trim())) {
    errors.job_url = "Use a full web address starting with http:// or https://.";
  }
  return errors;
}

/** "Track a job": company, title and (optionally) the posting's URL. */
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
      await onCreate({
        company: values.company.trim(),
        title: values.title.trim(),
        job_url: values.job_url.trim() || null,
      });
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
