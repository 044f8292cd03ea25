import { Pencil, Trash2 } from "lucide-react";
import { ROUNDS } from "../../../generated/trackingSchema.js";
import type { TrackedJob, TrackingEvent } from "../../../lib/apiTypes";
import { todayIso } from "../../../lib/format";
import { eventDateText } from "../../../lib/jobFacts";
import { AddToCalendar } from "../../../components/AddToCalendar";
import { describe } from "../model/formModel";
import { eventName, isLocked, latestEvent, roundOf, timeline } from "../model/stageModel";
import { STAGE_ICONS } from "../../../components/ui/StageBadge";

export const eventItemId = (event: TrackingEvent) => `event-${event.id}`;

/** A map search for a place that reads like an address (it has a number or a comma: "Main St
 * 5, Berlin"), so a phone opens its maps app on the way to an interview; null for anything
 * else ("Video call", "Remote"), which stays text. */
function placeLink(location: string): string | null {
  if (!/[0-9,]/.test(location) || /^[a-z]+:/i.test(location.trim())) return null;
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(location.trim())}`;
}

function EventItem({
  job,
  event,
  isLatest,
  editable,
  onEdit,
  onDelete,
}: {
  job: TrackedJob;
  event: TrackingEvent;
  isLatest: boolean;
  editable: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const name = eventName(event);
  const Icon = STAGE_ICONS[event.event_type];
  const when = [eventDateText(event), event.event_time?.slice(0, 5)].filter(Boolean).join(" · ");
  const place = event.location ? placeLink(event.location) : null;
  // A round already in the name ("Interview round 2") is not said twice.
  const { facts, texts } = describe(event, roundOf(event) === null ? [] : [ROUNDS.field]);
  // An inferred step's date is not known: nothing to put in a calendar.
  const upcoming = !event.inferred && event.event_date >= todayIso();
  return (
    <li
      className="timeline-item"
      data-stage={event.event_type}
      id={eventItemId(event)}
      tabIndex={-1}
    >
      <span className="timeline-icon" aria-hidden="true">
        <Icon className="icon" />
      </span>
      <div className="timeline-body">
        <h4 className="timeline-title">{name}</h4>
        <p className="timeline-when">
          {when}
          {event.location && (
            <>
              {" · "}
              {place ? (
                <a href={place} target="_blank" rel="noopener noreferrer">
                  {event.location}
                  <span className="visually-hidden"> (opens a map)</span>
                </a>
              ) : (
                event.location
              )}
            </>
          )}
        </p>
        {facts.length > 0 && <p className="timeline-facts">{facts.join(" · ")}</p>}
        {texts.map((text) => (
          <p key={text.name} className="timeline-text">
            <span className="timeline-text-label">{text.label}: </span>
            {text.value}
          </p>
        ))}
        {editable && (
          <div className="timeline-actions">
            <button
              type="button"
              className="button small quiet"
              onClick={onEdit}
              aria-label={`Edit ${name}`}
            >
              <Pencil aria-hidden="true" className="icon" />
              Edit
            </button>
            {isLatest && (
              <button
                type="button"
                className="button small quiet danger"
                onClick={onDelete}
                aria-label={`Delete ${name}`}
              >
                <Trash2 aria-hidden="true" className="icon" />
                Delete
              </button>
            )}
            {/* Only for what is still ahead: a past step has no place in a calendar. */}
            {upcoming && (
              <AddToCalendar
                jobId={job.id}
                eventId={event.id}
                company={job.company}
                name={name}
                date={event.event_date}
              />
            )}
          </div>
        )}
      </div>
    </li>
  );
}

/** The job's history, newest first by date: each step with its icon and stage colour, date,
 * time and place, its note in words, Edit, and Delete on the latest step (deleting it rolls the
 * stage back: that is the undo). Read-only while the job is rejected or withdrawn. */
export function Timeline({
  job,
  onEdit,
  onDelete,
}: {
  job: TrackedJob;
  onEdit: (event: TrackingEvent) => void;
  onDelete: (event: TrackingEvent) => void;
}) {
  const latest = latestEvent(job);
  const editable = !isLocked(job);
  const events = timeline(job);
  return (
    <section className="job-section" aria-labelledby={`timeline-${job.id}`}>
      <h3 id={`timeline-${job.id}`}>History</h3>
      {events.length === 0 ? (
        <p className="muted-note">Nothing recorded yet. Record the first step above.</p>
      ) : (
        <ol className="timeline">
          {events.map((event) => (
            <EventItem
              key={event.id}
              job={job}
              event={event}
              isLatest={latest?.id === event.id}
              editable={editable}
              onEdit={() => onEdit(event)}
              onDelete={() => onDelete(event)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
