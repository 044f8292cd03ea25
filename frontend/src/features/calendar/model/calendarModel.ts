/** Pure calendar logic: months in the address bar, the month grid, items by day, and the words
 * for kinds and deadlines. Dates are local calendar dates as `YYYY-MM-DD` strings. */
import { ENDED_STAGES } from "../../../generated/trackingSchema.js";
import { type CalendarItem, type ItemKind, KINDS, KIND_ORDER, itemKind } from "./kinds";

export { deadlineText, itemKey, itemKind, KINDS, KIND_ORDER } from "./kinds";
export type { CalendarItem } from "./kinds";

const pad = (n: number) => String(n).padStart(2, "0");

/** A `YYYY-MM-DD` string as a UTC date (calendar arithmetic without clock changes). */
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const fromDate = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export function addDays(iso: string, days: number): string {
  const d = toDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return fromDate(d);
}

/** `?month=2026-02` → "2026-02"; anything else → the month of `today`. */
export function parseMonth(raw: string | null | undefined, today: string): string {
  if (raw && /^\d{4}-(0[1-9]|1[0-2])$/.test(raw)) {
    const year = Number(raw.slice(0, 4));
    if (year >= 1900 && year <= 2999) return raw;
  }
  return today.slice(0, 7);
}

export function addMonths(month: string, delta: number): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1 + delta;
  const y = year + Math.floor(index / 12);
  const m = ((index % 12) + 12) % 12;
  return `${y}-${pad(m + 1)}`;
}

const daysInMonth = (month: string) =>
  new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** The same day of another month, clamped to its length (31 Jan + 1 month → 28/29 Feb). */
export function shiftMonthKeepDay(iso: string, delta: number): string {
  const month = addMonths(iso.slice(0, 7), delta);
  const day = Math.min(Number(iso.slice(8, 10)), daysInMonth(month));
  return `${month}-${pad(day)}`;
}

/** The weeks shown for a month, Monday first: full weeks, so the first and last may hold days
 * of the neighbouring months. */
export function monthGrid(month: string): string[][] {
  const first = `${month}-01`;
  const weekday = (toDate(first).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const start = addDays(first, -weekday);
  const last = `${month}-${pad(daysInMonth(month))}`;
  const weeks: string[][] = [];
  for (let day = start; day <= last;) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++, day = addDays(day, 1)) week.push(day);
    weeks.push(week);
  }
  return weeks;
}

/** The range the month view asks the API for: its first to its last shown day. */
export function gridRange(month: string): { from: string; to: string } {
  const weeks = monthGrid(month);
  return { from: weeks[0]![0]!, to: weeks.at(-1)!.at(-1)! };
}

export function groupByDate(items: readonly CalendarItem[]): Map<string, CalendarItem[]> {
  const byDate = new Map<string, CalendarItem[]>();
  for (const item of items) {
    const list = byDate.get(item.date);
    if (list) list.push(item);
    else byDate.set(item.date, [item]);
  }
  return byDate;
}

/** How many of each kind a day holds, in KIND_ORDER, kinds absent left out. */
function kindCounts(items: readonly CalendarItem[]): { kind: ItemKind; count: number }[] {
  return KIND_ORDER.map((kind) => ({
    kind,
    count: items.filter((item) => itemKind(item) === kind).length,
  })).filter((entry) => entry.count > 0);
}

/** "3 items: 2 interviews, 1 offer deadline" for a day's accessible name ("" for none). */
export function describeCounts(items: readonly CalendarItem[]): string {
  if (!items.length) return "";
  const kinds = kindCounts(items)
    .map(({ kind, count }) =>
      count === 1 ? `1 ${KINDS[kind].label.toLowerCase()}` : `${count} ${KINDS[kind].plural}`,
    )
    .join(", ");
  return `${items.length} ${items.length === 1 ? "item" : "items"}: ${kinds}`;
}

/** How many chips a day cell shows before "+N more". */
const CHIPS_PER_DAY = 3;

/** A day's chips: all of them when they fit, else one fewer and "+N more" in the last place
 * (so a full day and a crowded one are the same height). */
export function dayChips(
  items: readonly CalendarItem[],
  room: number = CHIPS_PER_DAY,
): { shown: readonly CalendarItem[]; more: number } {
  if (items.length <= room) return { shown: items, more: 0 };
  return { shown: items.slice(0, room - 1), more: items.length - (room - 1) };
}

export type CalendarLayout = "month" | "agenda";

/** `?view=agenda` → the month as a list; anything else → the grid. */
export const parseLayout = (raw: string | null | undefined): CalendarLayout =>
  raw === "agenda" ? "agenda" : "month";

/** The month's own days (not the neighbours the grid shows) that hold items, in order. */
export function agendaDays(
  month: string,
  byDate: ReadonlyMap<string, readonly CalendarItem[]>,
): string[] {
  return [...byDate.keys()].filter((day) => day.slice(0, 7) === month).sort();
}

/** Items of jobs that ended (ENDED_STAGES: rejected, declined) are shown muted. */
export const isMuted = (item: CalendarItem) => ENDED_STAGES.includes(item.stage);

/** "Monday 3 February 2026". */
export function longDate(iso: string): string {
  return toDate(iso).toLocaleDateString(undefined, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** "February 2026". */
export function monthTitle(month: string): string {
  return toDate(`${month}-01`).toLocaleDateString(undefined, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** "Mon", "Tue", … Monday first. */
export function weekdayNames(): { short: string; long: string }[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const d = toDate(addDays("2024-01-01", i));
    return {
      short: d.toLocaleDateString(undefined, { weekday: "short", timeZone: "UTC" }),
      long: d.toLocaleDateString(undefined, { weekday: "long", timeZone: "UTC" }),
    };
  });
}
