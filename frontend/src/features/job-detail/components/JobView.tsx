import {
  ChevronLeft,
  ExternalLink,
  Lock,
  Pencil,
  Trash2,
  TriangleAlert,
  Undo2,
} from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { ConfirmDialog } from "../../../components/ui/Dialog";
import { StageBadge } from "../../../components/ui/StageBadge";
import { useToast } from "../../../components/ui/Toast";
import type { EventTypeValue } from "../../../generated/trackingSchema.js";
import { isApiError } from "../../../lib/apiClient";
import type { JobId, TrackedJob, TrackingEvent } from "../../../lib/apiTypes";
import { formatDate } from "../../../lib/format";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender";
import { useDeleteEvent, useDeleteJob } from "../api/jobMutations";
import { useJob } from "../api/useJob";
import { describe } from "../model/formModel";
import {
  REJECTED_STAGE,
  eventName,
  isRejected,
  latestEvent,
  stageLabel,
} from "../model/stageModel";
import { EventDialog } from "./EventDialog";
import { JobDetails } from "./JobDetails";
import { JobFieldsForm } from "./JobFieldsForm";
import { NextStep, nextStepId } from "./NextStep";
import { ProgressStepper } from "./ProgressStepper";
import { RejectDialog } from "./RejectDialog";
import { ResumeSection } from "./ResumeSection";
import { Timeline, eventItemId } from "./Timeline";
import "./job.css";

export interface JobViewProps {
  jobId: JobId;
  /** The list this job was opened from (with its filters). */
  backHref: string;
  /** The job was deleted: the app shows the list. */
  onDeleted: () => void;
}

/** The job at /jobs/:id: loading, gone (404), failed, or the job itself. */
export function JobView({ jobId, backHref, onDeleted }: JobViewProps) {
  const job = useJob(jobId);
  if (isApiError(job.error) && job.error.status === 404) {
    return (
      <section className="job-view" aria-labelledby="job-missing-heading">
        <h2 id="job-missing-heading">This job is not here</h2>
        <p>It may have been deleted, or the link is not quite right.</p>
        <Link href={backHref}>Back to your jobs</Link>
      </section>
    );
  }
  if (!job.data) {
    return job.isError ? (
      <div className="form-error" role="alert">
        <p>Could not load this job: {job.error.message}</p>
        <button type="button" className="button small" onClick={() => void job.refetch()}>
          Try again
        </button>
      </div>
    ) : (
      <p className="detail-placeholder" role="status">
        Loading the job…
      </p>
    );
  }
  return <JobCard key={jobId} job={job.data} backHref={backHref} onDeleted={onDeleted} />;
}

type OpenDialog =
  | { kind: "add"; type: EventTypeValue }
  | { kind: "edit"; event: TrackingEvent }
  | { kind: "reject" }
  | { kind: "delete-event"; event: TrackingEvent; error?: string }
  | { kind: "delete-job"; error?: string };

/** "Position filled · Went with another candidate": the rejection's reason in words. */
const rejectionReason = (event: TrackingEvent) => describe(event).facts.join(" · ");

/** The job: header (edited in place), stepper, the next step, the history, details, résumé,
 * reject/undo and delete. Every change re-renders from the TrackedJob the API returns. */
function JobCard({
  job,
  backHref,
  onDeleted,
}: {
  job: TrackedJob;
  backHref: string;
  onDeleted: () => void;
}) {
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const notify = useToast();
  const deleteEvent = useDeleteEvent(job.id);
  const deleteJob = useDeleteJob(job.id);
  const rejected = isRejected(job);
  const rejection = rejected ? latestEvent(job) : null;
  const headingId = `job-${job.id}-heading`;
  const reason = rejection ? rejectionReason(rejection) : "";

  // A job that opens takes focus, so keyboard and screen reader users land on it.
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, []);

  /** Where focus goes when a dialog's opener is gone: the next step's first button, or the job. */
  const nextStepFocus = () =>
    document.querySelector<HTMLElement>(`#${nextStepId(job)} button`) ?? headingRef.current;

  // A change can remove the focused button (the menu once no other step is left, the next step
  // at an outcome): focus then goes to the next step, or the job, never to the page's body.
  useEffect(() => {
    const active = document.activeElement;
    if (!dialog && (!active || active === document.body)) nextStepFocus()?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the job changes
  }, [job]);

  async function undoRejection(current: TrackedJob = job) {
    const last = latestEvent(current);
    if (!last || last.event_type !== REJECTED_STAGE) return;
    setError(null);
    try {
      await deleteEvent.mutateAsync(last.id);
      notify({ message: `${current.company}: rejection undone.` });
      focusAfterRender(() => headingRef.current);
    } catch (err) {
      setError(`Could not undo the rejection: ${(err as Error).message}`);
    }
  }

  async function confirmDeleteEvent(event: TrackingEvent) {
    try {
      const updated = await deleteEvent.mutateAsync(event.id);
      setDialog(null);
      notify({ message: `Deleted. ${job.company} is back at ${stageLabel(updated.stage)}.` });
    } catch (err) {
      setDialog((d) => (d ? { ...d, error: (err as Error).message } : d));
    }
  }

  async function confirmDeleteJob() {
    try {
      await deleteJob.mutateAsync();
      notify({ message: `Stopped tracking ${job.title} at ${job.company}.` });
      onDeleted();
    } catch (err) {
      setDialog((d) => (d ? { ...d, error: (err as Error).message } : d));
    }
  }

  const closeDialog = () => setDialog(null);

  return (
    <article className="job-view" aria-labelledby={headingId} data-stage={job.stage}>
      <Link href={backHref} className="back-link">
        <ChevronLeft aria-hidden="true" className="icon" />
        All jobs
      </Link>
      <header className="job-card-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {job.title} <span className="at">at</span> {job.company}
        </h2>
        <div className="job-meta">
          <StageBadge stage={job.stage} />
          {job.job_url && (
            <a href={job.job_url} target="_blank" rel="noopener noreferrer">
              Job posting
              <ExternalLink aria-hidden="true" className="icon" />
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          )}
          {!rejected && !editing && (
            <button type="button" className="button small quiet" onClick={() => setEditing(true)}>
              <Pencil aria-hidden="true" className="icon" />
              Edit job
            </button>
          )}
        </div>
      </header>
      {editing && (
        <JobFieldsForm
          job={job}
          onDone={() => {
            setEditing(false);
            focusAfterRender(() => headingRef.current);
          }}
        />
      )}

      {rejected && rejection && (
        <div className="rejection-banner" role="note">
          <div>
            <p className="rejection-what">
              <strong>Rejected</strong> on {formatDate(rejection.event_date)}
              {reason ? ` · ${reason}` : ""}
            </p>
            <p className="rejection-why">
              <Lock aria-hidden="true" className="icon" />
              Steps and details are locked while the job is rejected. Undo the rejection to change
              them.
            </p>
          </div>
          <button
            type="button"
            className="button small"
            onClick={() => void undoRejection()}
            aria-disabled={deleteEvent.isPending || undefined}
          >
            <Undo2 aria-hidden="true" className="icon" />
            Undo rejection
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          <TriangleAlert aria-hidden="true" className="icon" />
          {error}
        </p>
      )}

      <ProgressStepper job={job} />

      {!rejected && (
        <NextStep
          job={job}
          onAdd={(type) => setDialog({ kind: "add", type })}
          onReject={() => setDialog({ kind: "reject" })}
        />
      )}

      <Timeline
        job={job}
        onEdit={(event) => setDialog({ kind: "edit", event })}
        onDelete={(event) => setDialog({ kind: "delete-event", event })}
      />

      <JobDetails job={job} disabled={rejected} />
      <ResumeSection job={job} disabled={rejected} />

      <footer className="job-view-footer">
        <button
          type="button"
          className="button small quiet danger"
          onClick={() => setDialog({ kind: "delete-job" })}
        >
          <Trash2 aria-hidden="true" className="icon" />
          Delete job…
        </button>
      </footer>

      {dialog?.kind === "add" && (
        <EventDialog
          job={job}
          eventType={dialog.type}
          onClose={closeDialog}
          returnFocus={nextStepFocus}
        />
      )}
      {dialog?.kind === "edit" && (
        <EventDialog
          job={job}
          eventType={dialog.event.event_type}
          event={dialog.event}
          onClose={closeDialog}
          returnFocus={() => document.getElementById(eventItemId(dialog.event))}
        />
      )}
      {dialog?.kind === "reject" && (
        <RejectDialog
          job={job}
          onClose={closeDialog}
          returnFocus={headingRef}
          onRejected={(updated) =>
            notify({
              message: `${job.company} marked as rejected.`,
              action: { label: "Undo", run: () => void undoRejection(updated) },
            })
          }
        />
      )}
      {dialog?.kind === "delete-event" && (
        <ConfirmDialog
          title={`Delete ${eventName(dialog.event)}?`}
          confirmLabel="Delete step"
          onConfirm={() => void confirmDeleteEvent(dialog.event)}
          onClose={closeDialog}
          busy={deleteEvent.isPending}
          error={dialog.error}
          returnFocus={nextStepFocus}
        >
          <p>
            The step from {formatDate(dialog.event.event_date)} is removed and the job goes back to
            the stage before it.
          </p>
        </ConfirmDialog>
      )}
      {dialog?.kind === "delete-job" && (
        <ConfirmDialog
          title={`Stop tracking ${job.company}?`}
          confirmLabel="Delete job"
          onConfirm={() => void confirmDeleteJob()}
          onClose={closeDialog}
          busy={deleteJob.isPending}
          error={dialog.error}
        >
          <p>
            {job.title} at {job.company}, its {job.events.length} step
            {job.events.length === 1 ? "" : "s"}
            {job.has_resume ? " and its résumé" : ""} are deleted for good.
          </p>
        </ConfirmDialog>
      )}
    </article>
  );
}
