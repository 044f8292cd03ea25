/** What a row, a card or a panel says about a job at a glance, computed from the job's own
 * events (the same items as the calendar: each event, and each note date DATED_NOTE_FIELDS
 * names, such as an offer's deadline). Dates are local calendar dates as `YYYY-MM-DD` strings;
 * `today` is the page's local date (format.todayIso). */
import {
  DATED_NOTE_FIELDS,
  ENDED_STAGES,
  STAGE_LABELS,
  STAGES,
  type DatedItemKind,
  type StageValue,
} from "../generated/trackingSchema.js";
import type { TrackedJob, TrackingEvent } from "./apiTypes";
import { formatDate } from "./format";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

type NextDateKind = "event" | DatedItemKind;

export interface NextDate {
  date: string;
  time: string | null;
  kind: NextDateKind;
  /** The stage's label for an event ("Interview"), else the note date's ("Offer deadline"). */
  label: string;
}

export interface LastActivity {
  /** the latest event's type, or "saved" when the job has no events */
  stage: StageValue;
  /** the latest event's date, or the day the job was saved (for an inferred step, the date
   * the import gave it: only for ordering, never shown) */
  date: string;
  /** false when the latest event is an inferred step, whose date is not known */
  known: boolean;
}

/** What the page says instead of an inferred step's date. */
export const DATE_NOT_KNOWN = "date not known";

/** An event's date as the page writes it ("5 Oct 2026"), or "date not known" for an inferred
 * step (one an import created to reach a spreadsheet's status). */
export function eventDateText(event: Pick<TrackingEvent, "event_date" | "inferred">): string {
  return event.inferred ? DATE_NOT_KNOWN : formatDate(event.event_date);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The day a UTC timestamp falls on in the page's time zone. */
function localDate(timestamp: string): string {
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return timestamp.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function latestEvent(job: TrackedJob): TrackingEvent | undefined {
  return job.events[job.events.length - 1];
}

/** The latest step and its date ("Applied", 2026-11-21), or "Saved" and the day it was saved. */
export function lastActivity(job: TrackedJob): LastActivity {
  const latest = latestEvent(job);
  if (latest) return { stage: latest.event_type, date: latest.event_date, known: !latest.inferred };
  return { stage: "saved", date: localDate(job.created_at), known: true };
}

/** "today", "yesterday", "5 d ago", "3 wk ago", "4 mo ago", or "in 2 d" for a future date. */
export function relativeDays(date: string, today: string): string {
  const days = daysFrom(date, today);
  if (days === 0) return "today";
  if (days === 1) return "yesterday";
  if (days === -1) return "tomorrow";
  const future = days < 0;
  const n = Math.abs(days);
  const span = n < 14 ? `${n} d` : n < 60 ? `${Math.floor(n / 7)} wk` : `${Math.floor(n / 30)} mo`;
  return future ? `in ${span}` : `${span} ago`;
}

/** "Applied 5 d ago": the text of the last activity column. */
export function lastActivityText(job: TrackedJob, today: string): string {
  const { stage, date, known } = lastActivity(job);
  return `${STAGE_LABELS[stage]} ${known ? relativeDays(date, today) : `(${DATE_NOT_KNOWN})`}`;
}

function noteDate(note: unknown, key: string): string | null {
  if (!note || typeof note !== "object") return null;
  const value = (note as Record<string, unknown>)[key];
  return typeof value === "string" && ISO_DATE.test(value) ? value : null;
}

/** Every dated thing of the job still ahead of it, as the calendar's upcoming list has them:
 * its events, and the note dates DATED_NOTE_FIELDS names while they stay open (an offer's
 * deadline only while the job is at offer). */
function datedItems(job: TrackedJob): NextDate[] {
  const items: NextDate[] = [];
  for (const event of job.events) {
    // An inferred step has no known date: nothing to show as coming (as the calendar).
    if (!event.inferred && ISO_DATE.test(event.event_date)) {
      items.push({
        date: event.event_date,
        time: event.event_time ?? null,
        kind: "event",
        label: STAGE_LABELS[event.event_type],
      });
    }
    for (const dated of DATED_NOTE_FIELDS) {
      if (event.event_type !== dated.event_type) continue;
      if (dated.open_while !== null && job.stage !== dated.open_while) continue;
      const date = noteDate(event.note, dated.field);
      if (date) items.push({ date, time: null, kind: dated.kind, label: dated.label });
    }
  }
  return items;
}

/** The job's next date from today on: its next interview (or any event dated ahead), its offer's
 * deadline while the offer is open, or its start date. Null when nothing is ahead, and for jobs
 * at one of the ENDED_STAGES (rejected or declined: nothing there is still coming). */
export function nextDate(job: TrackedJob, today: string): NextDate | null {
  // A row, a card and a sort each ask; jobs are immutable (a change is a new object), so the
  // answer is kept per job object and day.
  const cached = nextDates.get(job);
  if (cached && cached.today === today) return cached.next;
  const next = findNextDate(job, today);
  nextDates.set(job, { today, next });
  return next;
}

const nextDates = new WeakMap<TrackedJob, { today: string; next: NextDate | null }>();

function findNextDate(job: TrackedJob, today: string): NextDate | null {
  if (ENDED_STAGES.includes(job.stage)) return null;
  let best: NextDate | null = null;
  for (const item of datedItems(job)) {
    if (item.date < today) continue;
    if (
      !best ||
      item.date < best.date ||
      (item.date === best.date && (item.time ?? "") < (best.time ?? ""))
    ) {
      best = item;
    }
  }
  return best;
}

const stageIndex = (stage: string) => {
  const index = STAGES.findIndex((s) => s.value === stage);
  return index === -1 ? STAGES.length : index;
};

/** How far a job got, for "Stage, furthest first": accepted at the top, then offer down to
 * saved, then the ENDED_STAGES (declined, then rejected, then withdrawn), each of those by the
 * stage the job had reached before it ended (rejected after an interview above rejected after
 * applying). An ended job never outranks one still going. */
export function stageOrder(job: Pick<TrackedJob, "stage" | "events">): number {
  const ended = ENDED_STAGES.indexOf(job.stage);
  if (ended === -1) return 100 + stageIndex(job.stage);
  const reached = job.events.at(-2)?.event_type ?? "saved";
  return 10 * (ENDED_STAGES.length - ended) + stageIndex(reached);
}
