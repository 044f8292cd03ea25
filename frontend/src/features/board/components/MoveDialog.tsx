import { Suspense, type ComponentType } from "react";
import type { FocusTarget } from "../../../components/ui/Dialog";
import { LOCKED_STAGES, type EventTypeValue } from "../../../generated/trackingSchema.js";
import type { JobId, TrackedJob } from "../../../lib/apiTypes";
import { handleId } from "./BoardCard";

/** The forms a move opens: the job view's own (the same form and request as there), handed to
 * the board by the app (app/BoardScreen.tsx), which may load them lazily; `preload` is called
 * when a move is first chosen or a drag starts. */
export interface MoveForms {
  EventDialog: ComponentType<{
    job: TrackedJob;
    eventType: EventTypeValue;
    onClose: () => void;
    returnFocus?: FocusTarget;
  }>;
  /** Records an end of the job (rejected or withdrawn: `ending`) after a confirmation. */
  RejectDialog: ComponentType<{
    job: TrackedJob;
    ending?: EventTypeValue;
    onClose: () => void;
    onRejected: (job: TrackedJob) => void;
    returnFocus?: FocusTarget;
  }>;
  preload?: () => void;
}

/** Moves that end the job early (rejected, withdrawn) open the confirmation, not a step form. */
const ENDS_EARLY: readonly string[] = LOCKED_STAGES;

export interface Move {
  jobId: JobId;
  stage: EventTypeValue;
}

/** Where focus goes when a form closes: the card's drag handle, or its link when the card can
 * no longer move (its column was its last). Looked up then: the card may be in a new column. */
const cardFocus = (id: JobId) => () =>
  document.getElementById(handleId(id)) ??
  document.querySelector<HTMLElement>(`[data-job-id="${id}"] a`);

/** The form that records a move, dated today: the rejection form for Rejected, else the form of
 * the column's step. The card moves when the server has recorded it. */
export function MoveDialog({
  forms,
  move,
  job,
  onClose,
}: {
  forms: MoveForms;
  move: Move;
  job: TrackedJob;
  onClose: () => void;
}) {
  return (
    <Suspense
      fallback={
        <p className="visually-hidden" role="status">
          Opening the form…
        </p>
      }
    >
      {ENDS_EARLY.includes(move.stage) ? (
        <forms.RejectDialog
          job={job}
          ending={move.stage}
          onClose={onClose}
          onRejected={() => {}}
          returnFocus={cardFocus(job.id)}
        />
      ) : (
        <forms.EventDialog
          job={job}
          eventType={move.stage}
          onClose={onClose}
          returnFocus={cardFocus(job.id)}
        />
      )}
    </Suspense>
  );
}
