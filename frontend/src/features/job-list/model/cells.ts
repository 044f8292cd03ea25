/** What the table's cells say: "Interview · Dec 3, 14:30", "Offer deadline · in 2 d". */
import type { TrackedJob } from "../../../lib/apiTypes";
import { nextDate, relativeDays } from "../../../lib/jobFacts";

// One formatter each, made once: a row per job calls them hundreds of times.
const DAY_MONTH = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const FULL_DATE = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Each day formatted once: 500 rows share a few dozen dates, and formatting is the costly part
 * of drawing a row. */
function cachedFormat(format: Intl.DateTimeFormat): (iso: string) => string {
  const done = new Map<string, string>();
  return (iso) => {
    let text = done.get(iso);
    if (text === undefined) {
      text = format.format(utc(iso));
      done.set(iso, text);
    }
    return text;
  };
}

/** "Dec 3" in the reader's locale. */
export const shortDate = cachedFormat(DAY_MONTH);
/** "Dec 3, 2026" in the reader's locale. */
export const fullDate = cachedFormat(FULL_DATE);

/** An event by its day (today and tomorrow in words); a deadline or start date by days left. */
export function nextDateText(job: TrackedJob, today: string): string | null {
  const next = nextDate(job, today);
  if (!next) return null;
  if (next.kind !== "event") return `${next.label} · ${relativeDays(next.date, today)}`;
  const days = relativeDays(next.date, today);
  const day = days === "today" || days === "tomorrow" ? days : shortDate(next.date);
  return `${next.label} · ${day}${next.time ? `, ${next.time.slice(0, 5)}` : ""}`;
}
