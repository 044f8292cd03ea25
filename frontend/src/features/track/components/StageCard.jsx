import { REPEATABLE_EVENT_TYPES } from "../../../generated/trackingSchema.js";
import { formatDate, summarise } from "../model/formModel.js";
import { cardState, latestEvent, stageLabel, stepStatus } from "../model/stageModel.js";

const STATE_TEXT = {
  completed: { icon: "✓", text: "Done" },
  next: { icon: "→", text: "Next" },
  locked: { icon: "▪", text: "Locked" },
  rejected: { icon: "⊘", text: "Read-only" },
};

export const stageCardId = (job, stage) => `stage-${job.id}-${stage}`;

export function eventName(event, index) {
  const label = stageLabel(event.event_type);
  if (!REPEATABLE_EVENT_TYPES.includes(event.event_type)) return label;
  return `${label} round ${event.note?.round ?? index + 1}`;
}

function EventItem({ event, name, isLatest, editable, onEdit, onDelete }) {
  const when = [formatDate(event.event_date), event.event_time, event.location].filter(Boolean).join(" · ");
  // A repeated event's name already carries its round ("Interview round 2"); don't repeat it.
  const summary = summarise(event).filter((item) => !(item.name === "round" && name !== stageLabel(event.event_type)));
  return (
    <li className="event">
      <p className="event-when">
        {name !== stageLabel(event.event_type) && <strong>{name}: </strong>}
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
      {editable && (
        <div className="card-actions">
          <button type="button" className="button small" onClick={onEdit} aria-label={`Edit ${name}`}>
            Edit
          </button>
          {isLatest && (
            <button type="button" className="button small danger" onClick={onDelete} aria-label={`Delete ${name}`}>
              Delete
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** One stage of the journey in one of the design's four states:
 * Completed (date, summary, Edit, Delete on the latest event), Next (+ Add),
 * Locked (greyed, no actions), Rejected (read-only; undo lives on the job card). */
export function StageCard({ job, stage, onAdd, onEdit, onDelete }) {
  const { state, events, canAddMore } = cardState(job, stage);
  const label = stageLabel(stage);
  const headingId = `${stageCardId(job, stage)}-heading`;
  const latest = latestEvent(job);
  const repeatable = REPEATABLE_EVENT_TYPES.includes(stage);
  const status = STATE_TEXT[state];

  return (
    <section className="stage-card" data-state={state} aria-labelledby={headingId} id={stageCardId(job, stage)} tabIndex={-1}>
      <header className="stage-card-header">
        <h3 id={headingId}>{label}</h3>
        <span className="state-tag">
          <span aria-hidden="true">{status.icon} </span>
          {status.text}
        </span>
      </header>
      {events.length > 0 && (
        <ol className="events">
          {events.map((event, index) => (
            <EventItem
              key={event.id}
              event={event}
              name={eventName(event, index)}
              isLatest={latest?.id === event.id}
              editable={state === "completed"}
              onEdit={() => onEdit(event)}
              onDelete={() => onDelete(event)}
            />
          ))}
        </ol>
      )}
      {state === "next" && (
        <button type="button" className="button add" onClick={() => onAdd(stage)} aria-label={`Add ${label}`}>
          + Add
        </button>
      )}
      {state === "completed" && canAddMore && repeatable && (
        <button type="button" className="button add" onClick={() => onAdd(stage)} aria-label={`Add ${label} round`}>
          + Add round
        </button>
      )}
      {state === "locked" && (
        <p className="card-note">{stepStatus(job, stage) === "skipped" ? "Skipped." : "Not available from the current stage."}</p>
      )}
      {state === "rejected" && events.length === 0 && <p className="card-note">Not reached.</p>}
    </section>
  );
}
