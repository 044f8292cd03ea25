import { Dialog, type FocusTarget } from "../../../components/ui/Dialog";
import type { EventTypeValue } from "../../../generated/trackingSchema.js";
import type { EventCreate, TrackedJob, TrackingEvent } from "../../../lib/apiTypes";
import { useCreateEvent, useUpdateEvent } from "../api/jobMutations";
import { stageLabel } from "../model/stageModel";
import { EventForm } from "./EventForm";

/** Add or edit one event of a stage, in a dialog. */
export function EventDialog({
  job,
  eventType,
  event = null,
  onClose,
  returnFocus,
}: {
  job: TrackedJob;
  eventType: EventTypeValue;
  event?: TrackingEvent | null;
  onClose: () => void;
  returnFocus?: FocusTarget;
}) {
  const createEvent = useCreateEvent(job.id);
  const updateEvent = useUpdateEvent(job.id);
  const label = stageLabel(eventType);
  const round = event?.note?.round;
  const title = event
    ? `Edit ${label}${typeof round === "number" ? ` round ${round}` : ""}`
    : `Add ${label}`;
  return (
    <Dialog title={title} onClose={onClose} returnFocus={returnFocus}>
      <EventForm
        job={job}
        eventType={eventType}
        event={event}
        submitLabel={event ? "Save changes" : `Add ${label}`}
        onCancel={onClose}
        onSubmit={async (body) => {
          if (event) await updateEvent.mutateAsync({ eventId: event.id, body: body });
          else await createEvent.create(body as EventCreate);
          onClose();
        }}
      />
    </Dialog>
  );
}
