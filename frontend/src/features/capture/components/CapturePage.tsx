import { Check, ExternalLink } from "lucide-react";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "wouter";
import { Duplicates } from "../../../components/posting/Duplicates";
import { PostingPreview } from "../../../components/posting/PostingPreview";
import { fieldErrorMap } from "../../../lib/apiClient";
import type { TrackedJob } from "../../../lib/apiTypes";
import { hasPostingFacts, postingIn, salaryText, type CaptureResult } from "../../../lib/posting";
import { jobPath } from "../../../lib/routes";
import { useCapture, useTrackWithPosting } from "../../../lib/useCapture";
import { forgetStoredPage, listenForPage, storedPage, type CapturedPage } from "../model/handshake";
import "./capture.css";

/** `/capture`, opened by the bookmarklet in a small window: waits for the posting's page,
 * has the API read it, and shows a prefilled form with what was found; one click tracks it. */
export function CapturePage() {
  const [page, setPage] = useState<CapturedPage | null>(storedPage);
  const capture = useCapture();
  const { mutate } = capture;

  useEffect(() => listenForPage(setPage), []);
  useEffect(() => {
    if (page) mutate(page);
  }, [page, mutate]);

  return (
    <section className="capture" aria-labelledby="capture-heading">
      <h2 id="capture-heading">Save a posting</h2>
      {!page ? (
        <Waiting />
      ) : capture.isError ? (
        <div className="form-error" role="alert">
          <p>Could not read the posting: {capture.error.message}</p>
          <button type="button" className="button small" onClick={() => mutate(page)}>
            Try again
          </button>
        </div>
      ) : !capture.data ? (
        <p className="detail-placeholder" role="status">
          Reading the posting…
        </p>
      ) : (
        <CaptureForm key={page.url} result={capture.data} pageUrl={page.url} />
      )}
    </section>
  );
}

function Waiting() {
  if (window.opener) {
    return (
      <p className="detail-placeholder" role="status">
        Waiting for the posting’s page…
      </p>
    );
  }
  return (
    <div className="capture-empty">
      <p>
        This window saves the posting you are reading. Open it with the Track bookmarklet while on a
        posting’s page.
      </p>
      <p>
        <Link href="/settings#bookmarklet">Set up the bookmarklet</Link>
      </p>
    </div>
  );
}

type Values = { company: string; title: string; job_url: string; location: string };
const FIELDS: {
  name: keyof Values;
  label: string;
  max: number;
  required?: boolean;
  type?: string;
}[] = [
  { name: "company", label: "Company", max: 200, required: true },
  { name: "title", label: "Job title", max: 200, required: true },
  { name: "job_url", label: "Posting URL", max: 2000, type: "url" },
  { name: "location", label: "Location", max: 200 },
];

function CaptureForm({ result, pageUrl }: { result: CaptureResult; pageUrl: string }) {
  const { posting, duplicates } = result;
  const id = useId();
  const [values, setValues] = useState<Values>(() => ({
    company: posting.company ?? "",
    title: posting.title ?? "",
    job_url: posting.job_url ?? pageUrl,
    location: posting.location ?? "",
  }));
  const [errors, setErrors] = useState<Partial<Record<keyof Values | "_form", string>>>({});
  const track = useTrackWithPosting();
  const [saved, setSaved] = useState<TrackedJob | null>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (saved) doneRef.current?.focus();
  }, [saved]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (track.isPending) return;
    const found: typeof errors = {};
    for (const f of FIELDS) {
      const v = values[f.name].trim();
      if (f.required && !v) found[f.name] = "Required.";
      else if (v.length > f.max) found[f.name] = `At most ${f.max} characters.`;
    }
    setErrors(found);
    const firstBad = FIELDS.find((f) => found[f.name]);
    if (firstBad) {
      document.getElementById(`${id}-${firstBad.name}`)?.focus();
      return;
    }
    const salary = salaryText(posting.salary);
    try {
      const job = await track.mutateAsync({
        company: values.company.trim(),
        title: values.title.trim(),
        job_url: values.job_url.trim() || null,
        notes: {
          location: values.location.trim() || null,
          salary: salary && salary.length <= 100 ? salary : null,
          general_note: null,
        },
        priority: 0,
        tags: [],
        posting: hasPostingFacts(posting) ? postingIn(posting) : null,
      });
      forgetStoredPage();
      setSaved(job);
    } catch (err) {
      const { _form: general, ...atFields } = fieldErrorMap(
        err,
        FIELDS.map((f) => f.name),
      );
      setErrors({
        ...atFields,
        _form: general ?? (Object.keys(atFields).length ? undefined : (err as Error).message),
      });
    }
  }

  if (saved) {
    return (
      <div className="capture-done">
        <h3 ref={doneRef} tabIndex={-1}>
          <Check size={20} aria-hidden="true" /> Saved to Track
        </h3>
        <p>
          {saved.company} — {saved.title}
        </p>
        <div className="capture-actions">
          <Link className="button primary" href={jobPath(saved.id)}>
            <ExternalLink size={16} aria-hidden="true" />
            Open in Track
          </Link>
          <button type="button" className="button secondary" onClick={() => window.close()}>
            Close window
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="capture-form" onSubmit={submit} noValidate aria-label="Track this posting">
      <Duplicates duplicates={duplicates} />
      {posting.source === "none" && (
        <p className="muted-note">
          No posting data was found on the page; fill in what is missing.
        </p>
      )}
      {errors._form && (
        <p className="form-error" role="alert">
          {errors._form}
        </p>
      )}
      {FIELDS.map((f) => (
        <div className="field" key={f.name}>
          <label htmlFor={`${id}-${f.name}`}>
            {f.label}
            {f.required && <span aria-hidden="true"> *</span>}
          </label>
          <input
            id={`${id}-${f.name}`}
            type={f.type ?? "text"}
            value={values[f.name]}
            required={f.required}
            aria-invalid={errors[f.name] ? true : undefined}
            aria-describedby={errors[f.name] ? `${id}-${f.name}-error` : undefined}
            onChange={(e) => {
              const value = e.target.value;
              setValues((prev) => ({ ...prev, [f.name]: value }));
            }}
          />
          {errors[f.name] && (
            <p className="field-error" id={`${id}-${f.name}-error`}>
              {errors[f.name]}
            </p>
          )}
        </div>
      ))}
      <div className="capture-actions">
        <button
          type="submit"
          className="button primary"
          aria-disabled={track.isPending || undefined}
        >
          {track.isPending ? "Saving…" : duplicates.length ? "Track it anyway" : "Track this job"}
        </button>
        <button type="button" className="button secondary" onClick={() => window.close()}>
          Cancel
        </button>
      </div>
      <PostingPreview posting={posting} headingId={`${id}-preview`} />
    </form>
  );
}
