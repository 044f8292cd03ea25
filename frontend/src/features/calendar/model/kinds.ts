/** What the first screen needs of the calendar (the Upcoming list): item kinds, their shapes
 * and words, and days left. Kept apart so the month view's logic stays in its lazy chunk. */
import type { components } from "../../../generated/api";
import { daysFrom } from "../../../lib/jobFacts";

export type CalendarItem = components["schemas"]["CalendarItemRead"];
export type ItemKind = "interview" | "step" | "offer_deadline" | "start_date";

export function itemKind(item: CalendarItem): ItemKind {
  if (item.kind === "offer_deadline") return "offer_deadline";
  if (item.kind === "start_date") return "start_date";
  return item.event_type === "interview" ? "interview" : "step";
}

/** Each kind's words (its shape is components/KindIcon's). */
export const KINDS: Record<ItemKind, { label: string; plural: string }> = {
  interview: { label: "Interview", plural: "interviews" },
  step: { label: "Other step", plural: "other steps" },
  offer_deadline: { label: "Offer deadline", plural: "offer deadlines" },
  start_date: { label: "Start date", plural: "start dates" },
};
export const KIND_ORDER: readonly ItemKind[] = [
  "interview",
  "step",
  "offer_deadline",
  "start_date",
];

/** "Offer deadline today", "Offer deadline tomorrow", "Offer deadline in 3 days". */
export function deadlineText(label: string, date: string, today: string): string {
  const days = daysFrom(today, date);
  if (days <= 0) return `${label} today`;
  if (days === 1) return `${label} tomorrow`;
  return `${label} in ${days} days`;
}
