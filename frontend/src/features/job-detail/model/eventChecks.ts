/** Checks an event gets on this device before it is sent, beside the server's own:
 * interview rounds (a taken round is refused by the API, so it is caught here first) and dates
 * that are probably typos (warned about, never blocked: backdating is legitimate). */
import { REPEATABLE_EVENT_TYPES, type EventTypeValue } from "../../../generated/trackingSchema.js";
import type { TrackedJob, TrackingEvent } from "../../../lib/apiTypes";
import { formatDate, todayIso } from "../../../lib/format";
import { nextRound, stageLabel } from "./stageModel";

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365;

const roundOf = (event: TrackingEvent): number | null => {
  const round = event.note?.round;
  return typeof round === "number" ? round : null;
};

/** The rounds of the job's interviews, leaving out the event being edited. */
function interviews(job: TrackedJob, exceptEventId: number | null) {
  return job.events.filter((e) => e.event_type === "interview" && e.id !== exceptEventId);
}

export const hasRounds = (eventType: EventTypeValue) =>
  REPEATABLE_EVENT_TYPES.includes(eventType) && eventType === "interview";

/** Why `round` cannot be used for this interview, or null. */
export function roundProblem(
  job: TrackedJob,
  round: number,
  exceptEventId: number | null,
): string | null {
  const taken = interviews(job, exceptEventId).find((e) => roundOf(e) === round);
  if (!taken) return null;
  const free = nextRound({ ...job, events: interviews(job, exceptEventId) });
  return `This job already has interview round ${round} (${formatDate(taken.event_date)}). Use round ${free}, or leave it empty for the next one.`;
}

/** A warning for an event dated before the step it follows, or more than a year from today;
 * null when the date looks right. `eventId`: the event being edited (null for a new one). */
export function dateWarning(
  job: TrackedJob,
  date: string,
  eventId: number | null,
  today = todayIso(),
): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const index =
    eventId === null ? job.events.length : job.events.findIndex((e) => e.id === eventId);
  const previous = index > 0 ? job.events[index - 1] : undefined;
  const warnings: string[] = [];
  if (previous && date < previous.event_date) {
    warnings.push(
      `This is before the step it follows (${stageLabel(previous.event_type)} on ${formatDate(previous.event_date)}).`,
    );
  }
  const days = (Date.parse(date) - Date.parse(today)) / DAY_MS;
  if (Math.abs(days) > YEAR_DAYS) {
    warnings.push(`This is more than a year ${days > 0 ? "from now" : "ago"}: check the year.`);
  }
  return warnings.length ? `${warnings.join(" ")} You can still save it.` : null;
}
