import { REPEATABLE_EVENT_TYPES, type EventTypeValue } from "../../../generated/trackingSchema.js";
import type { TrackedJob, TrackingEvent } from "../../../lib/apiTypes";
import { formatDate } from "../../../lib/format";
import { AddToCalendar } from "../../calendar/components/AddToCalendar";
import { summarise } from "../model/formModel";
import {
  cardState,
  latestEvent,
  stageLabel,
  stepStatus,
  type CardState,
} from "../model/stageModel";

const STATE_TEXT: Record<CardState, { icon: string; text: string }> = {
  completed: { icon: "✓", text: "Done" },
  next: { icon: "→", text: "Next" },
  locked: { icon: "▪", text: "Locked" },
  rejected: { icon: "⊘", text: "Read-only" },
};

export const stageCardId = (job: TrackedJob, stage: EventTypeValue) => `stage-${job.id}-${stage}`;

/** "Interview round 2" for a repeatable event, else the stage's label. */
export function eventName(event: TrackingEvent, index: number): string {
  const label = stageLabel(event.event_type);
  if (!REPEATABLE_EVENT_TYPES.includes(event.event_type)) return label;
  const round = event.note?.round;
  return `${label} round ${typeof round === "number" ? round : index + 1}`;
}

function EventItem({
  job,
  event,
  name,
  isLatest,
  editable,
  onEdit,
  onDelete,
}: {
  job: TrackedJob;
  event: TrackingEvent;
  name: string;
  isLatest: boolean;
  editable: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const when = [formatDate(event.event_date), event.event_time, event.location]
    .filter(Boolean)
    .join(" · ");
  const named = name !== stageLabel(event.event_type);
  // A repeated event's name already carries its round ("Interview round 2"); don't repeat it.
  const summary = summarise(event).filter((item) => !(item.name === "round" && named));
  return (
    <li className="event">
      <p className="event-when">
        {named && <strong>{name}: </strong>}
        {when}
      </p>
      {summary.length > 0 && (
        <dl className="event-summary">
          {summary.map((item) => (
            <div key={item.name}>
              <dt>{item.label}</dt>
              <dd>{item.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="card-actions">
        {editable && (
          <button
            type="button"
            className="button small"
            onClick={onEdit}
            aria-label={`Edit ${name}`}
          >
            Edit
          </button>
        )}
        {editable && isLatest && (
          <button
            type="button"
            className="button small danger"
            onClick={onDelete}
            aria-label={`Delete ${name}`}
          >
            Delete
          </button>
        )}
        {/* Not on a rejected job's read-only cards: its dates no longer happen. */}
        {editable && (
          <AddToCalendar
            jobId={job.id}
            eventId={event.id}
            company={job.company}
            name={name}
            date={event.event_date}
          />
        )}
      </div>
    </li>
  );
}

/** One stage of the journey in one of the design's four states:
 * Completed (its events by date, summary, Edit, Delete on the latest event), Next (+ Add),
 * Locked (greyed, no actions), Rejected (read-only; undo lives on the job card). */
export function StageCard({
  job,
  stage,
  onAdd,
  onEdit,
  onDelete,
}: {
  job: TrackedJob;
  stage: EventTypeValue;
  onAdd: (stage: EventTypeValue) => void;
  onEdit: (event: TrackingEvent) => void;
  onDelete: (event: TrackingEvent, name: string) => void;
}) {
  const { state, events, canAddMore } = cardState(job, stage);
  const label = stageLabel(stage);
  const headingId = `${stageCardId(job, stage)}-heading`;
  const latest = latestEvent(job);
  const repeatable = REPEATABLE_EVENT_TYPES.includes(stage);
  const status = STATE_TEXT[state];

  return (
    <section
      className="stage-card"
      data-state={state}
      aria-labelledby={headingId}
      id={stageCardId(job, stage)}
      tabIndex={-1}
    >
      <header className="stage-card-header">
        <h3 id={headingId}>{label}</h3>
        <span className="state-tag">
          <span aria-hidden="true">{status.icon} </span>
          {status.text}
        </span>
      </header>
      {events.length > 0 && (
        <ol className="events">
          {events.map((event, index) => {
            const name = eventName(event, index);
            return (
              <EventItem
                key={event.id}
                job={job}
                event={event}
                name={name}
                isLatest={latest?.id === event.id}
                editable={state === "completed"}
                onEdit={() => onEdit(event)}
                onDelete={() => onDelete(event, name)}
              />
            );
          })}
        </ol>
      )}
      {state === "next" && (
        <button
          type="button"
          className="button add"
          onClick={() => onAdd(stage)}
          aria-label={`Add ${label}`}
        >
          + Add
        </button>
      )}
      {state === "completed" && canAddMore && repeatable && (
        <button
          type="button"
          className="button add"
          onClick={() => onAdd(stage)}
          aria-label={`Add ${label} round`}
        >
          + Add round
        </button>
      )}
      {state === "locked" && (
        <p className="card-note">
          {stepStatus(job, stage) === "skipped"
            ? "Skipped."
            : "Not available from the current stage."}
        </p>
      )}
      {state === "rejected" && events.length === 0 && <p className="card-note">Not reached.</p>}
    </section>
  );
}
