/** Checks an event gets on this device beside the server's own: dates that are probably typos
 * (warned about, never blocked: backdating is legitimate). A taken interview round is the API's
 * rule alone: its 422 names the round field and the free round, and the form shows it there. */
import { ROUNDS, STAGE_LABELS, type EventTypeValue } from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { formatDate, todayIso } from "../../../lib/format";
import { daysFrom } from "../../../lib/jobFacts";

const YEAR_DAYS = 365;

/** Whether events of this type are numbered in rounds (ROUNDS). */
export const hasRounds = (eventType: EventTypeValue) => eventType === ROUNDS.event_type;

/** A warning for an event dated before the step it follows, or more than a year from today;
 * for an inferred step whose date is left as it is, that its date is not known; null when the
 * date looks right. `eventId`: the event being edited (null for a new one). */
export function dateWarning(
  job: TrackedJob,
  date: string,
  eventId: number | null,
  today = todayIso(),
): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const index =
    eventId === null ? job.events.length : job.events.findIndex((e) => e.id === eventId);
  const edited = eventId === null ? undefined : job.events[index];
  if (edited?.inferred && date === edited.event_date) {
    // Kept as it is, an inferred step's date stays unknown (the form does not send it).
    return "The date of this step is not known (an import added the step): set the day it happened, or leave it unknown.";
  }
  const previous = index > 0 ? job.events[index - 1] : undefined;
  const warnings: string[] = [];
  // An inferred step's date is not known: nothing can be said to be before it.
  if (previous && !previous.inferred && date < previous.event_date) {
    warnings.push(
      `This is before the step it follows (${STAGE_LABELS[previous.event_type]} on ${formatDate(previous.event_date)}).`,
    );
  }
  const days = daysFrom(today, date);
  if (Math.abs(days) > YEAR_DAYS) {
    warnings.push(`This is more than a year ${days > 0 ? "from now" : "ago"}: check the year.`);
  }
  return warnings.length ? `${warnings.join(" ")} You can still save it.` : null;
}
