import { useId } from "react";
import { Dialog, type FocusTarget } from "../../../components/ui/Dialog";
import { EVENT_FORMS } from "../../../generated/trackingSchema.js";
import type { EventCreate, TrackedJob } from "../../../lib/apiTypes";
import { useCreateEvent } from "../api/jobMutations";
import { REJECTED_STAGE } from "../model/stageModel";
import { EventForm } from "./EventForm";

/** Record a rejection (a common reason and free-text details, both optional, as the note model
 * declares them). It locks the job until it is undone. */
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
      title={EVENT_FORMS[REJECTED_STAGE].title}
      onClose={onClose}
      describedBy={explainId}
      returnFocus={returnFocus}
    >
      <EventForm
        job={job}
        eventType={REJECTED_STAGE}
        submitLabel={EVENT_FORMS[REJECTED_STAGE].title}
        onCancel={onClose}
        onSubmit={async (body) => {
          const updated = await createEvent.create(body as EventCreate);
          onClose();
          onRejected(updated);
        }}
      >
        <p id={explainId} className="modal-body">
          {job.title} at {job.company} is then locked: no more steps or edits until you undo the
          rejection.
        </p>
      </EventForm>
    </Dialog>
  );
}
