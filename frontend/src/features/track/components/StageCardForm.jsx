import { Modal } from "../../../components/Modal.jsx";
import { stageLabel } from "../model/stageModel.js";
import { EventForm } from "./EventForm.jsx";

/** Add or edit one event of a stage, in a modal. */
export function StageCardForm({ eventType, event = null, onSubmit, onClose, returnFocus }) {
  const label = stageLabel(eventType);
  const round = event?.note?.round;
  const title = event ? `Edit ${label}${round ? ` round ${round}` : ""}` : `Add ${label}`;
  return (
    <Modal title={title} onClose={onClose} returnFocus={returnFocus}>
      <EventForm
        eventType={eventType}
        event={event}
        submitLabel={event ? "Save changes" : `Add ${label}`}
        onCancel={onClose}
        onSubmit={async (body) => {
          await onSubmit(body);
          onClose();
        }}
      />
    </Modal>
  );
}
