import { useId } from "react";
import { Modal } from "../../../components/Modal.jsx";
import { REJECTED_STAGE } from "../model/stageModel.js";
import { EventForm } from "./EventForm.jsx";

/** Record a rejection (reason optional). It locks the job until it is undone. */
export function RejectModal({ job, onSubmit, onClose, returnFocus }) {
  const explainId = useId();
  return (
    <Modal title={`Mark ${job.company} as rejected`} onClose={onClose} describedBy={explainId} returnFocus={returnFocus}>
      <EventForm
        eventType={REJECTED_STAGE}
        submitLabel="Mark as rejected"
        onCancel={onClose}
        onSubmit={async (body) => {
          await onSubmit(body);
          onClose();
        }}
      >
        <p id={explainId} className="modal-body">
          The job is then locked: no more steps or edits until you undo the rejection.
        </p>
      </EventForm>
    </Modal>
  );
}
