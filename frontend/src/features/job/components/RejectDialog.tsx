import { useId } from "react";
import { Dialog, type FocusTarget } from "../../../components/ui/Dialog";
import type { EventCreate, TrackedJob } from "../../../lib/apiTypes";
import { useCreateEvent } from "../api/jobMutations";
import { REJECTED_STAGE } from "../model/stageModel";
import { EventForm } from "./EventForm";

/** Record a rejection (reason optional). It locks the job until it is undone. */
export function RejectDialog({
  job,
  onClose,
  onRejected,
  returnFocus,
}: {
  job: TrackedJob;
  onClose: () => void;
  onRejected: (job: TrackedJob) => void;
  returnFocus?: FocusTarget;
}) {
  const explainId = useId();
  const createEvent = useCreateEvent(job.id);
  return (
    <Dialog
      title={`Mark ${job.company} as rejected`}
      onClose={onClose}
      describedBy={explainId}
      returnFocus={returnFocus}
    >
      <EventForm
        job={job}
        eventType={REJECTED_STAGE}
        submitLabel="Mark as rejected"
        onCancel={onClose}
        onSubmit={async (body) => {
          const updated = await createEvent.create(body as EventCreate);
          onClose();
          onRejected(updated);
        }}
      >
        <p id={explainId} className="modal-body">
          The job is then locked: no more steps or edits until you undo the rejection.
        </p>
      </EventForm>
    </Dialog>
  );
}
