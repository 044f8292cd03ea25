import type { Dispatch, RefObject, SetStateAction } from "react";
import { ConfirmDialog } from "../../../components/ui/Dialog";
import { useToast } from "../../../components/ui/Toast";
import { STAGE_LABELS, type EventTypeValue } from "../../../generated/trackingSchema.js";
import type { TrackedJob, TrackingEvent } from "../../../lib/apiTypes";
import { formatDate } from "../../../lib/format";
import { useDeleteEvent, useDeleteJob } from "../api/jobMutations";
import { eventName, WITHDRAWN_STAGE } from "../model/stageModel";
import { EventDialog } from "./EventDialog";
import { RejectDialog } from "./RejectDialog";
import { eventItemId } from "./Timeline";

/** The one dialog the job view has open, if any. */
export type OpenDialog =
  | { kind: "add"; type: EventTypeValue }
  | { kind: "edit"; event: TrackingEvent }
  | { kind: "reject" }
  | { kind: "withdraw" }
  | { kind: "delete-event"; event: TrackingEvent; error?: string }
  | { kind: "delete-job"; error?: string };

/** The job view's dialogs: record or edit a step, reject, withdraw, delete the latest step, delete the
 * job. Each returns focus to where the person was, or to what replaced it. */
export function JobDialogs({
  job,
  dialog,
  setDialog,
  headingRef,
  nextStepFocus,
  onDeleted,
  undoRejection,
}: {
  job: TrackedJob;
  dialog: OpenDialog;
  setDialog: Dispatch<SetStateAction<OpenDialog | null>>;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** The next step's first button, or the job's heading. */
  nextStepFocus: () => HTMLElement | null;
  onDeleted: () => void;
  /** Undo the job's rejection or withdrawal (delete that latest event). */
  undoRejection: (rejected: TrackedJob) => void;
}) {
  const notify = useToast();
  const deleteEvent = useDeleteEvent(job.id);
  const deleteJob = useDeleteJob(job.id);
  const close = () => setDialog(null);
  const showError = (err: unknown) =>
    setDialog((d) => (d ? { ...d, error: (err as Error).message } : d));

  async function confirmDeleteEvent(event: TrackingEvent) {
    try {
      const updated = await deleteEvent.mutateAsync(event.id);
      setDialog(null);
      notify({ message: `Deleted. ${job.company} is back at ${STAGE_LABELS[updated.stage]}.` });
    } catch (err) {
      showError(err);
    }
  }

  async function confirmDeleteJob() {
    try {
      await deleteJob.mutateAsync();
      notify({ message: `Stopped tracking ${job.title} at ${job.company}.` });
      onDeleted();
    } catch (err) {
      showError(err);
    }
  }

  switch (dialog.kind) {
    case "add":
      return (
        <EventDialog
          job={job}
          eventType={dialog.type}
          onClose={close}
          returnFocus={nextStepFocus}
        />
      );
    case "edit":
      return (
        <EventDialog
          job={job}
          eventType={dialog.event.event_type}
          event={dialog.event}
          onClose={close}
          returnFocus={() => document.getElementById(eventItemId(dialog.event))}
        />
      );
    case "reject":
      return (
        <RejectDialog
          job={job}
          onClose={close}
          returnFocus={headingRef}
          onRejected={(updated) =>
            notify({
              message: `${job.company} marked as rejected.`,
              action: { label: "Undo", run: () => undoRejection(updated) },
            })
          }
        />
      );
    case "withdraw":
      return (
        <RejectDialog
          job={job}
          ending={WITHDRAWN_STAGE}
          onClose={close}
          returnFocus={headingRef}
          onRejected={(updated) =>
            notify({
              message: `${job.company} marked as withdrawn.`,
              action: { label: "Undo", run: () => undoRejection(updated) },
            })
          }
        />
      );
    case "delete-event":
      return (
        <ConfirmDialog
          title={`Delete ${eventName(dialog.event)}?`}
          confirmLabel="Delete step"
          onConfirm={() => void confirmDeleteEvent(dialog.event)}
          onClose={close}
          busy={deleteEvent.isPending}
          error={dialog.error}
          returnFocus={nextStepFocus}
        >
          <p>
            {dialog.event.inferred
              ? "The step (its date is not known) is removed"
              : `The step from ${formatDate(dialog.event.event_date)} is removed`}{" "}
            and the job goes back to the stage before it.
          </p>
        </ConfirmDialog>
      );
    case "delete-job":
      return (
        <ConfirmDialog
          title={`Stop tracking ${job.company}?`}
          confirmLabel="Delete job"
          onConfirm={() => void confirmDeleteJob()}
          onClose={close}
          busy={deleteJob.isPending}
          error={dialog.error}
        >
          <p>{deletedForGood(job)}</p>
        </ConfirmDialog>
      );
  }
}

/** "Engineer at Acme, its 3 steps and its résumé are deleted for good.", leaving out what the
 * job does not have (no "its 0 steps"). */
function deletedForGood(job: TrackedJob): string {
  const steps = job.events.length;
  const parts = [
    steps > 0 ? `its ${steps} step${steps === 1 ? "" : "s"}` : null,
    job.has_resume ? "its résumé" : null,
  ].filter(Boolean);
  const what = `${job.title} at ${job.company}`;
  return parts.length
    ? `${what}, ${parts.join(" and ")} are deleted for good.`
    : `${what} is deleted for good.`;
}
