/** The activity report's pure parts: the date ranges the page offers, and the rows' words. */
import { STAGE_FIELDS } from "../../../generated/trackingSchema.js";
import type { components } from "../../../generated/api";

type Report = components["schemas"]["ReportRead"];
export type ReportRow = Report["rows"][number];
export type Outcome = ReportRow["outcome"];

export interface DateRange {
  from: string;
  to: string;
}

export type RangeChoice = "this-month" | "last-month" | "custom";

/** The API's limit on a range (both days included, `to` at most this many days after `from`). */
const MAX_RANGE_DAYS = 366;

const pad = (n: number) => String(n).padStart(2, "0");
/** A local calendar day as YYYY-MM-DD (month 0-based; day 0 is the last day of the month before). */
function isoDay(year: number, month: number, day: number): string {
  const date = new Date(year, month, day);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** From the first of this month to today (the days to come hold no applications yet). */
export function thisMonth(today: Date): DateRange {
  return {
    from: isoDay(today.getFullYear(), today.getMonth(), 1),
    to: isoDay(today.getFullYear(), today.getMonth(), today.getDate()),
  };
}

/** The whole month before this one (December of last year in January). */
export function lastMonth(today: Date): DateRange {
  return {
    from: isoDay(today.getFullYear(), today.getMonth() - 1, 1),
    to: isoDay(today.getFullYear(), today.getMonth(), 0),
  };
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** Why a custom range cannot be asked for, in the user's words; null when it can. */
export function customRangeProblem(range: DateRange): string | null {
  if (!range.from || !range.to) return "Choose both dates.";
  if (Number.isNaN(dayNumber(range.from)) || Number.isNaN(dayNumber(range.to))) {
    return "Choose both dates.";
  }
  if (range.to < range.from) return "The end date is before the start date.";
  if (dayNumber(range.to) - dayNumber(range.from) > MAX_RANGE_DAYS) {
    return `A report covers at most ${MAX_RANGE_DAYS} days; make two reports.`;
  }
  return null;
}

/** "5 January 2026" (the date as stored, whatever the time zone). */
export function longDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** "1 January 2026 – 31 January 2026", or one date for a one-day range. */
export function rangeLabel(range: DateRange): string {
  return range.from === range.to
    ? longDate(range.from)
    : `${longDate(range.from)} – ${longDate(range.to)}`;
}

const OUTCOME_LABELS: Record<Outcome, string> = {
  waiting: "Waiting for a reply",
  interviewing: "Interviewing",
  offer: "Offer received",
  accepted: "Offer accepted",
  declined: "Offer declined",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

export const outcomeLabel = (outcome: Outcome) => OUTCOME_LABELS[outcome];

// The applied note's choices and their labels, from the generated schema.
const HOW_LABELS: Record<string, string> = Object.fromEntries(
  (STAGE_FIELDS.applied.find((field) => field.name === "type")?.options ?? []).map((option) => [
    option.value,
    option.label,
  ]),
);

/** "Referral"; "Not recorded" when the application's note does not say. */
export const howLabel = (how: string | null) =>
  how === null ? "Not recorded" : (HOW_LABELS[how] ?? how);

/** A link as people read it on paper: without `https://` and a trailing slash. */
export function readableUrl(url: string): string {
  return url.replace(/^https?:\/\//i, "").replace(/\/$/, "");
}

/** The CSV's file name, as the API names it. */
export const csvFileName = (range: DateRange) => `track-report-${range.from}-to-${range.to}.csv`;
