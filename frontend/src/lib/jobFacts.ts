/** What a row, a card or a panel says about a job at a glance, computed from the job's own
 * events (the same kinds as the calendar: an event, an offer's deadline, an accepted offer's
 * start date). Dates are local calendar dates as `YYYY-MM-DD` strings; `today` is the page's
 * local date (format.todayIso). */
import { STAGES, type StageValue } from "../generated/trackingSchema.js";
import type { TrackedJob, TrackingEvent } from "./apiTypes";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export type NextDateKind = "event" | "offer_deadline" | "start_date";

export interface NextDate {
  date: string;
  time: string | null;
  kind: NextDateKind;
  /** "Interview", "Offer deadline", "Start date" */
  label: string;
}

export interface LastActivity {
  /** the latest event's type, or "saved" when the job has no events */
  stage: StageValue;
  /** the latest event's date, or the day the job was saved */
  date: string;
}

const stageLabel = (value: string) => STAGES.find((s) => s.value === value)?.label ?? value;

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
  if (latest) return { stage: latest.event_type, date: latest.event_date };
  return { stage: "saved", date: localDate(job.created_at) };
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
  const { stage, date } = lastActivity(job);
  return `${stageLabel(stage)} ${relativeDays(date, today)}`;
}

function noteDate(note: unknown, key: string): string | null {
  if (!note || typeof note !== "object") return null;
  const value = (note as Record<string, unknown>)[key];
  return typeof value === "string" && ISO_DATE.test(value) ? value : null;
}

/** Every dated thing of the job, as the calendar lists them. */
function datedItems(job: TrackedJob): NextDate[] {
  const items: NextDate[] = [];
  for (const event of job.events) {
    if (ISO_DATE.test(event.event_date)) {
      items.push({
        date: event.event_date,
        time: event.event_time ?? null,
        kind: "event",
        label: stageLabel(event.event_type),
      });
    }
    if (event.event_type === "offer" && job.stage === "offer") {
      const deadline = noteDate(event.note, "deadline");
      if (deadline)
        items.push({ date: deadline, time: null, kind: "offer_deadline", label: "Offer deadline" });
    }
    if (event.event_type === "accepted") {
      const start = noteDate(event.note, "start_date");
      if (start) items.push({ date: start, time: null, kind: "start_date", label: "Start date" });
    }
  }
  return items;
}

/** The job's next date from today on: its next interview (or any event dated ahead), its offer's
 * deadline while the offer is open, or its start date. Null when nothing is ahead, and for jobs
 * that are rejected or declined (nothing there is still coming). */
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
  if (job.stage === "rejected" || job.stage === "declined") return null;
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

/** Stage order for sorting: the main line, then the outcomes, rejected last. */
export function stageOrder(stage: string): number {
  const index = STAGES.findIndex((s) => s.value === stage);
  return index === -1 ? STAGES.length : index;
}
