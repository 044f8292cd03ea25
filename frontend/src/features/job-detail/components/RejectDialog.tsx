import { useId } from "react";
import { Dialog, type FocusTarget } from "../../../components/ui/Dialog";
import { EVENT_FORMS, type EventTypeValue } from "../../../generated/trackingSchema.js";
import type { EventCreate, TrackedJob } from "../../../lib/apiTypes";
import { useCreateEvent } from "../api/jobMutations";
import { REJECTED_STAGE, WITHDRAWN_STAGE } from "../model/stageModel";
import { EventForm } from "./EventForm";

/** Record a rejection (a common reason and free-text details, both optional, as the note model
 * declares them), or a withdrawal (an optional reason): the confirmation of an end. It locks the
 * job until it is undone. */
export function RejectDialog({
  job,
  ending = REJECTED_STAGE,
  onClose,
  onRejected,
  returnFocus,
}: {
  job: TrackedJob;
  /** REJECTED_STAGE or WITHDRAWN_STAGE. */
  ending?: EventTypeValue;
  onClose: () => void;
  onRejected: (job: TrackedJob) => void;
  returnFocus?: FocusTarget;
}) {
  const explainId = useId();
  const createEvent = useCreateEvent(job.id);
  const what = ending === WITHDRAWN_STAGE ? "withdrawal" : "rejection";
  return (
    <Dialog
      title={EVENT_FORMS[ending].title}
      onClose={onClose}
      describedBy={explainId}
      returnFocus={returnFocus}
    >
      <EventForm
        job={job}
        eventType={ending}
        submitLabel={EVENT_FORMS[ending].title}
        onCancel={onClose}
        onSubmit={async (body) => {
          const updated = await createEvent.create(body as EventCreate);
          onClose();
          onRejected(updated);
        }}
      >
        <p id={explainId} className="modal-body">
          {job.title} at {job.company} is then locked: no more steps or edits until you undo the{" "}
          {what}.
        </p>
      </EventForm>
    </Dialog>
  );
}
