import { Dialog, type FocusTarget } from "../../../components/ui/Dialog";
import type { EventTypeValue } from "../../../generated/trackingSchema.js";
import type { EventCreate, TrackedJob, TrackingEvent } from "../../../lib/apiTypes";
import { useCreateEvent, useUpdateEvent } from "../api/jobMutations";
import { formTitle } from "../model/formModel";
import { EventForm } from "./EventForm";

/** Record or edit one event, in a dialog titled in plain words ("Record interview",
 * "Accept the offer", "Edit interview round 2": EVENT_FORMS). */
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
  const title = formTitle(eventType, event);
  return (
    <Dialog title={title} onClose={onClose} returnFocus={returnFocus}>
      <EventForm
        job={job}
        eventType={eventType}
        event={event}
        submitLabel={event ? "Save changes" : title}
        onCancel={onClose}
        onSubmit={async (body) => {
          if (event) await updateEvent.mutateAsync({ eventId: event.id, body: body });
          else await createEvent.createOrQueue(body as EventCreate);
          onClose();
        }}
      />
    </Dialog>
  );
}
