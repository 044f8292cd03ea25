import { TriangleAlert } from "lucide-react";
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { ConfirmDialog } from "../../../components/ui/Dialog";
import { SchemaField } from "../../../components/ui/SchemaField";
import { JOB_FIELDS } from "../../../generated/trackingSchema.js";
import { fieldErrorMap } from "../../../lib/apiClient";
import type { JobUpdate, TrackedJob } from "../../../lib/apiTypes";
import {
  addSchemes,
  asInput,
  isDirty,
  SCHEME_ADDED,
  validate,
  type FormErrors,
  type FormValues,
} from "../../../lib/fieldSpecs";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender";
import { useUpdateJob } from "../api/jobMutations";

const valuesOf = (job: TrackedJob): FormValues =>
  Object.fromEntries(
    JOB_FIELDS.map((f) => [f.name, asInput((job as unknown as Record<string, unknown>)[f.name])]),
  );

/** Only what changed, trimmed as the API stores it; an emptied optional field is null. */
function changes(initial: FormValues, values: FormValues): JobUpdate {
  const body: Record<string, string | null> = {};
  for (const field of JOB_FIELDS) {
    const before = asInput(initial[field.name]).trim();
    const after = asInput(values[field.name]).trim();
    if (after !== before) body[field.name] = after || null;
  }
  return body;
}

/** Company, title and posting URL edited in place on the job, with the fields, labels and
 * limits of "Track a job" (JOB_FIELDS) and the same checks. Escape or Cancel leaves; with
 * unsaved changes Escape asks first. */
export function JobFieldsForm({ job, onDone }: { job: TrackedJob; onDone: () => void }) {
  const [initial] = useState(() => valuesOf(job));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  // The url fields https:// was added to (said under them until they change).
  const [schemed, setSchemed] = useState<string[]>([]);
  const updateJob = useUpdateJob(job.id);
  const focusAfterRender = useFocusAfterRender();
  const id = useId();
  // Editing starts in the first field.
  useEffect(() => {
    const first = JOB_FIELDS[0];
    if (first) document.getElementById(`${id}-${first.name}`)?.focus();
  }, [id]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (updateJob.isPending) return;
    const sent = withSchemes();
    const found = validate(JOB_FIELDS, sent, { trim: true });
    setErrors(found);
    setFormError(null);
    const firstBad = JOB_FIELDS.find((f) => found[f.name]);
    if (firstBad) {
      focusAfterRender(`${id}-${firstBad.name}`);
      return;
    }
    const body = changes(initial, sent);
    if (!Object.keys(body).length) return onDone();
    try {
      await updateJob.mutateAsync(body);
      onDone();
    } catch (err) {
      const { _form: general, ...atFields } = fieldErrorMap(
        err,
        JOB_FIELDS.map((f) => f.name),
      );
      setErrors(atFields);
      setFormError(general ?? (Object.keys(atFields).length ? null : (err as Error).message));
      const first = JOB_FIELDS.find((f) => atFields[f.name]);
      if (first) focusAfterRender(`${id}-${first.name}`);
    }
  }

  /** The values with https:// added where a URL was typed without it. */
  function withSchemes(): FormValues {
    const { values: next, added } = addSchemes(JOB_FIELDS, values);
    if (added.length) {
      setValues(next);
      setSchemed(added);
    }
    return next;
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== "Escape") return;
    e.preventDefault();
    if (isDirty(initial, values)) setAsking(true);
    else onDone();
  }

  return (
    <form
      className="job-fields-form"
      aria-label="Edit company, title and URL"
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
      aria-busy={updateJob.isPending || undefined}
    >
      {formError && (
        <p className="form-error" role="alert">
          <TriangleAlert aria-hidden="true" className="icon" />
          {formError}
        </p>
      )}
      <div className="field-grid">
        {JOB_FIELDS.map((field) => (
          <div key={field.name}>
            <SchemaField
              idPrefix={id}
              field={field}
              value={values[field.name]}
              error={errors[field.name]}
              onChange={(name, value) => {
                setValues((prev) => ({ ...prev, [name]: value }));
                if (errors[name]) setErrors((prev) => ({ ...prev, [name]: undefined }));
                if (schemed.includes(name)) setSchemed((prev) => prev.filter((n) => n !== name));
              }}
              onBlur={field.type === "url" ? () => void withSchemes() : undefined}
            />
            {schemed.includes(field.name) && (
              <p className="field-help" role="status">
                {SCHEME_ADDED}
              </p>
            )}
          </div>
        ))}
      </div>
      <div className="job-fields-actions">
        <button
          type="submit"
          className="button primary small"
          aria-disabled={updateJob.isPending || undefined}
        >
          {updateJob.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" className="button small" onClick={onDone}>
          Cancel
        </button>
      </div>
      {asking && (
        <ConfirmDialog
          title="Discard your changes?"
          confirmLabel="Discard"
          cancelLabel="Keep editing"
          onConfirm={onDone}
          onClose={() => setAsking(false)}
        >
          <p>The changes to {job.company} have not been saved.</p>
        </ConfirmDialog>
      )}
    </form>
  );
}
