import { useId, useState, type FormEvent } from "react";
import { useLocation } from "wouter";
import { SchemaField } from "../../../components/ui/SchemaField";
import { JOB_FIELDS } from "../../../generated/trackingSchema.js";
import { fieldErrorMap } from "../../../lib/apiClient";
import type { JobCreate } from "../../../lib/apiTypes";
import { asInput, validate, type FormErrors, type FormValues } from "../../../lib/fieldSpecs";
import { jobPath } from "../../../lib/routes";
import { useCreateJob } from "../api/useCreateJob";

// The fields, labels and limits come from the JobCreate model (JOB_FIELDS, generated); the
// server checks them again.
const emptyValues = (): FormValues => Object.fromEntries(JOB_FIELDS.map((f) => [f.name, ""]));

/** The request body: trimmed values, null for an empty optional field. */
export const jobBody = (values: FormValues) =>
  Object.fromEntries(
    JOB_FIELDS.map((f) => [f.name, asInput(values[f.name]).trim() || null]),
  ) as unknown as JobCreate;

/** "Track a job": the fields of JOB_FIELDS (company, title and, optionally, the posting's URL).
 * The new job opens at once. */
export function TrackJobForm() {
  const [values, setValues] = useState<FormValues>(emptyValues);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const { create, isPending } = useCreateJob();
  const [, navigate] = useLocation();
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (isPending) return;
    const found = validate(JOB_FIELDS, values, { trim: true });
    setErrors(found);
    setFormError(null);
    const firstBad = JOB_FIELDS.find((f) => found[f.name]);
    if (firstBad) {
      document.getElementById(`${id}-${firstBad.name}`)?.focus();
      return;
    }
    try {
      const job = await create(jobBody(values));
      setValues(emptyValues());
      navigate(jobPath(job.id));
    } catch (err) {
      const { _form: general, ...atFields } = fieldErrorMap(
        err,
        JOB_FIELDS.map((f) => f.name),
      );
      setErrors(atFields);
      setFormError(general ?? (Object.keys(atFields).length ? null : (err as Error).message));
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
        {JOB_FIELDS.map((field) => (
          <SchemaField
            key={field.name}
            idPrefix={id}
            field={field}
            value={values[field.name]}
            error={errors[field.name]}
            onChange={(name, value) => {
              setValues((prev) => ({ ...prev, [name]: value }));
              if (errors[name]) setErrors((prev) => ({ ...prev, [name]: undefined }));
            }}
          />
        ))}
        <button type="submit" className="button primary" aria-disabled={isPending || undefined}>
          {isPending ? "Adding…" : "Track job"}
        </button>
      </div>
    </form>
  );
}
