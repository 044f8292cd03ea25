import { useRef, useState } from "react";
import { ConfirmDialog } from "../../../components/Modal.jsx";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender.js";
import { formatDate } from "../model/formModel.js";
import {
  CARD_STAGES,
  REJECTED_STAGE,
  canAdd,
  isRejected,
  latestEvent,
  reachedStage,
  stageLabel,
} from "../model/stageModel.js";
import { JobMetadataInputs } from "./JobMetadataInputs.jsx";
import { ProgressStepper } from "./ProgressStepper.jsx";
import { RejectModal } from "./RejectModal.jsx";
import { ResumeSection } from "./ResumeSection.jsx";
import { StageBadge } from "./StageBadge.jsx";
import { StageCard, eventName, stageCardId } from "./StageCard.jsx";
import { StageCardForm } from "./StageCardForm.jsx";

const byId = (id) => ({
  get current() {
    return document.getElementById(id);
  },
});

/** The expanded job: stepper, stage cards, details, résumé, reject/undo and delete.
 * Every change re-renders from the TrackedJob the API returns (`onJobChange`). */
export function TrackedJobCard({ job, trackApi, onJobChange, onJobDeleted, notify }) {
  const [dialog, setDialog] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef(null);
  const focusAfterRender = useFocusAfterRender();
  const rejected = isRejected(job);
  const rejection = rejected ? latestEvent(job) : null;

  async function mutate(action) {
    setError(null);
    const updated = await action();
    onJobChange(updated);
    return updated;
  }

  async function undoRejection(current = job) {
    const last = latestEvent(current);
    if (!last || last.event_type !== REJECTED_STAGE) return;
    setBusy(true);
    try {
      await mutate(() => trackApi.deleteEvent(current.id, last.id));
      notify({ message: `${current.company}: rejection undone.` });
      focusAfterRender(() => headingRef.current);
    } catch (err) {
      setError(`Could not undo the rejection: ${err.message}`);
    } finally {
      setBusy(false);
    }
  }

  async function confirmDeleteEvent() {
    const { event } = dialog;
    setBusy(true);
    try {
      const updated = await mutate(() => trackApi.deleteEvent(job.id, event.id));
      setDialog(null);
      notify({ message: `Deleted. ${job.company} is back at ${stageLabel(updated.stage)}.` });
    } catch (err) {
      setDialog({ ...dialog, error: err.message });
    } finally {
      setBusy(false);
    }
  }

  async function confirmDeleteJob() {
    setBusy(true);
    try {
      await trackApi.deleteJob(job.id);
      onJobDeleted(job.id);
      notify({ message: `Stopped tracking ${job.title} at ${job.company}.` });
    } catch (err) {
      setDialog({ ...dialog, error: err.message });
      setBusy(false);
    }
  }

  const closeDialog = () => setDialog(null);
  const eventIndex = (event) => job.events.filter((e) => e.event_type === event.event_type).indexOf(event);

  return (
    <article className="job-card" aria-labelledby={`job-${job.id}-heading`} data-stage={job.stage}>
      <header className="job-card-header">
        <div>
          <h2 id={`job-${job.id}-heading`} ref={headingRef} tabIndex={-1}>
            {job.title} <span className="at">at</span> {job.company}
          </h2>
          <p className="job-meta">
            <StageBadge stage={job.stage} />
            {job.job_url && (
              <a href={job.job_url} target="_blank" rel="noopener noreferrer">
                Job posting<span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            )}
          </p>
        </div>
        <div className="card-actions">
          {canAdd(job, REJECTED_STAGE) && (
            <button type="button" className="button" onClick={() => setDialog({ kind: "reject" })}>
              Mark as rejected…
            </button>
          )}
          <button type="button" className="button danger" onClick={() => setDialog({ kind: "delete-job" })}>
            Delete job…
          </button>
        </div>
      </header>

      {rejected && (
        <div className="rejection-banner" role="note">
          <p>
            <strong>
              <span aria-hidden="true">⊘ </span>Rejected
            </strong>{" "}
            on {formatDate(rejection.event_date)} after {stageLabel(reachedStage(job))}
            {rejection.note?.reason ? `: “${rejection.note.reason}”.` : "."} The job is locked.
          </p>
          <button type="button" className="button" onClick={() => undoRejection()} disabled={busy}>
            Undo rejection
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}

      <ProgressStepper job={job} />

      <div className="stage-cards">
        {CARD_STAGES.map((stage) => (
          <StageCard
            key={stage}
            job={job}
            stage={stage}
            onAdd={(type) => setDialog({ kind: "add", type })}
            onEdit={(event) => setDialog({ kind: "edit", event })}
            onDelete={(event) => setDialog({ kind: "delete-event", event })}
          />
        ))}
      </div>

      <div className="job-extras">
        <JobMetadataInputs
          job={job}
          disabled={rejected}
          saveNotes={(notes) => mutate(() => trackApi.updateJob(job.id, { notes }))}
        />
        <ResumeSection job={job} trackApi={trackApi} onJobChange={onJobChange} disabled={rejected} />
      </div>

      {dialog?.kind === "add" && (
        <StageCardForm
          eventType={dialog.type}
          onClose={closeDialog}
          returnFocus={byId(stageCardId(job, dialog.type))}
          onSubmit={(body) => mutate(() => trackApi.createEvent(job.id, body))}
        />
      )}
      {dialog?.kind === "edit" && (
        <StageCardForm
          eventType={dialog.event.event_type}
          event={dialog.event}
          onClose={closeDialog}
          returnFocus={byId(stageCardId(job, dialog.event.event_type))}
          onSubmit={(body) => mutate(() => trackApi.updateEvent(job.id, dialog.event.id, body))}
        />
      )}
      {dialog?.kind === "reject" && (
        <RejectModal
          job={job}
          onClose={closeDialog}
          returnFocus={headingRef}
          onSubmit={async (body) => {
            const updated = await mutate(() => trackApi.createEvent(job.id, body));
            notify({
              message: `${job.company} marked as rejected.`,
              action: { label: "Undo", run: () => undoRejection(updated) },
            });
          }}
        />
      )}
      {dialog?.kind === "delete-event" && (
        <ConfirmDialog
          title={`Delete ${eventName(dialog.event, eventIndex(dialog.event))}?`}
          confirmLabel="Delete step"
          onConfirm={confirmDeleteEvent}
          onClose={closeDialog}
          busy={busy}
          error={dialog.error}
          returnFocus={byId(stageCardId(job, dialog.event.event_type))}
        >
          <p>
            The step from {formatDate(dialog.event.event_date)} is removed and the job goes back to the stage before it.
          </p>
        </ConfirmDialog>
      )}
      {dialog?.kind === "delete-job" && (
        <ConfirmDialog
          title={`Stop tracking ${job.company}?`}
          confirmLabel="Delete job"
          onConfirm={confirmDeleteJob}
          onClose={closeDialog}
          busy={busy}
          error={dialog.error}
        >
          <p>
            {job.title} at {job.company}, its {job.events.length} step{job.events.length === 1 ? "" : "s"}
            {job.has_resume ? " and its résumé" : ""} are deleted for good.
          </p>
        </ConfirmDialog>
      )}
    </article>
  );
}
