import { useId, useState, type FormEvent } from "react";
import { useLocation, useSearch } from "wouter";
import { Dialog, useDialogDirty } from "../../../components/ui/Dialog";
import { SchemaField } from "../../../components/ui/SchemaField";
import { TagEditor } from "../../../components/ui/TagEditor";
import { JOB_FIELDS } from "../../../generated/trackingSchema.js";
import { fieldErrorMap } from "../../../lib/apiClient";
import type { JobCreate } from "../../../lib/apiTypes";
import {
  hasPostingFacts,
  postingIn,
  salaryText,
  type CaptureResult,
  type PostingIn,
} from "../../../lib/posting";
import {
  addSchemes,
  asInput,
  SCHEME_ADDED,
  validate,
  type FormErrors,
  type FormValues,
} from "../../../lib/fieldSpecs";
import { PRIORITY_LABELS } from "../../../lib/jobLabels";
import { jobPath } from "../../../lib/routes";
import { useTags } from "../../../lib/useTags";
import { useCreateJob } from "../api/useCreateJob";
import { companyFromUrl } from "../model/companyFromUrl";
import { PastePosting } from "./PastePosting";

// The fields, labels and limits come from the JobCreate model (JOB_FIELDS, generated; a new
// field appears here with no edit); the server checks them again. The posting's URL comes first:
// paste it and the company is filled in from it.
const URL_FIELD = "job_url";
const FIELDS = [
  ...JOB_FIELDS.filter((f) => f.name === URL_FIELD),
  ...JOB_FIELDS.filter((f) => f.name !== URL_FIELD),
];
const emptyValues = (): FormValues => Object.fromEntries(JOB_FIELDS.map((f) => [f.name, ""]));

/** The request body: trimmed values, null for an empty optional field; priority and tags. */
const jobBody = (values: FormValues, priority: number, tags: string[]) =>
  ({
    ...Object.fromEntries(JOB_FIELDS.map((f) => [f.name, asInput(values[f.name]).trim() || null])),
    priority,
    tags,
  }) as unknown as JobCreate;

/** What a pasted posting adds to the request: its location and salary as the job's notes, and
 * the posting itself (its description, dates, employment type, salary). */
function capturedParts(captured: CaptureResult | null): {
  notes?: JobCreate["notes"];
  posting?: PostingIn;
} {
  if (!captured) return {};
  const { posting } = captured;
  const salary = salaryText(posting.salary);
  return {
    notes: {
      location: posting.location?.slice(0, 200) ?? null,
      salary: salary && salary.length <= 100 ? salary : null,
      general_note: null,
    },
    ...(hasPostingFacts(posting) ? { posting: postingIn(posting) } : {}),
  };
}

/** "Track a job" in a dialog: URL, company, title, priority and tags, and "Paste a posting" to
 * fill them from the posting's page. The new job opens at once. */
export function TrackJobDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Track a job" onClose={onClose} className="track-dialog">
      <TrackJobForm onCancel={onClose} onDone={onClose} />
    </Dialog>
  );
}

function TrackJobForm({ onCancel, onDone }: { onCancel: () => void; onDone: () => void }) {
  const [values, setValues] = useState<FormValues>(emptyValues);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [priority, setPriority] = useState(0);
  const [tags, setTags] = useState<string[]>([]);
  const suggestions = useTags().map((t) => t.tag);
  // The company as last inferred: a URL may replace it until the user types their own.
  const [inferred, setInferred] = useState<string | null>(null);
  // The url fields https:// was added to (said under them until they change).
  const [schemed, setSchemed] = useState<string[]>([]);
  const [captured, setCaptured] = useState<CaptureResult | null>(null);
  const { create, isPending } = useCreateJob();
  const [, navigate] = useLocation();
  const search = useSearch();
  const id = useId();
  useDialogDirty(Object.values(values).some((v) => v.trim() !== "") || tags.length > 0);

  function setValue(name: string, value: string) {
    setValues((prev) => ({ ...prev, [name]: value }));
    if (errors[name]) setErrors((prev) => ({ ...prev, [name]: undefined }));
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

  function inferFrom(url: string) {
    const company = companyFromUrl(url);
    if (!company) return;
    const current = values.company ?? "";
    if (current.trim() !== "" && current !== inferred) return;
    setInferred(company);
    setValue("company", company);
  }

  /** The posting's company, title and canonical URL fill the form (the user may change them). */
  function fillFrom(result: CaptureResult) {
    setCaptured(result);
    const { company, title, job_url } = result.posting;
    const found = { company, title, job_url };
    for (const [name, value] of Object.entries(found)) {
      if (value && JOB_FIELDS.some((f) => f.name === name)) setValue(name, value);
    }
    if (company) setInferred(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (isPending) return;
    const sent = withSchemes();
    const found = validate(JOB_FIELDS, sent, { trim: true });
    setErrors(found);
    setFormError(null);
    const firstBad = FIELDS.find((f) => found[f.name]);
    if (firstBad) {
      document.getElementById(`${id}-${firstBad.name}`)?.focus();
      return;
    }
    try {
      const job = await create({
        ...jobBody(sent, priority, tags),
        ...capturedParts(captured),
      });
      // Closed in the same render as the job opens (beside the list, which keeps its filters),
      // so the job's heading can take focus.
      onDone();
      // Offline, the job waits on the device (the banner says so) and the list stays.
      if (job) navigate(jobPath(job.id, search ? `?${search}` : ""));
    } catch (err) {
      const { _form: general, ...atFields } = fieldErrorMap(err, [
        ...JOB_FIELDS.map((f) => f.name),
        "priority",
        "tags",
      ]);
      setErrors(atFields);
      setFormError(general ?? (Object.keys(atFields).length ? null : (err as Error).message));
    }
  }

  return (
    <form className="track-form" onSubmit={submit} noValidate aria-label="Track a job">
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      {FIELDS.map((field) => (
        <div
          key={field.name}
          onPaste={
            field.name === URL_FIELD ? (e) => inferFrom(e.clipboardData.getData("text")) : undefined
          }
        >
          <SchemaField
            idPrefix={id}
            field={field}
            value={values[field.name]}
            error={errors[field.name]}
            onChange={(name, value) => {
              setValue(name, value);
              if (name === "company") setInferred(null);
              if (schemed.includes(name)) setSchemed((prev) => prev.filter((n) => n !== name));
            }}
            onBlur={
              field.name === URL_FIELD ? () => inferFrom(withSchemes()[URL_FIELD] ?? "") : undefined
            }
          />
          {schemed.includes(field.name) && (
            <p className="field-help" role="status">
              {SCHEME_ADDED}
            </p>
          )}
          {field.name === "company" && inferred && values.company === inferred && (
            <p className="field-help">Filled in from the posting’s address; change it if needed.</p>
          )}
        </div>
      ))}
      <PastePosting url={values[URL_FIELD] ?? ""} result={captured} onResult={fillFrom} />
      <div className="field">
        <label htmlFor={`${id}-priority`}>Priority</label>
        <select
          id={`${id}-priority`}
          value={priority}
          onChange={(e) => setPriority(Number(e.target.value))}
        >
          {PRIORITY_LABELS.map((label, value) => (
            <option key={label} value={value}>
              {label}
            </option>
          ))}
        </select>
        {errors.priority && <p className="field-error">{errors.priority}</p>}
      </div>
      <TagEditor tags={tags} onChange={setTags} suggestions={suggestions} idPrefix={id} />
      {errors.tags && <p className="field-error">{errors.tags}</p>}
      <div className="modal-actions">
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" aria-disabled={isPending || undefined}>
          {isPending ? "Adding…" : "Track job"}
        </button>
      </div>
    </form>
  );
}
