/** What the first screen needs of the calendar (the Upcoming list): item kinds, their shapes
 * and words, and days left. Kept apart so the month view's logic stays in its lazy chunk. */
import type { components } from "../../../generated/api";
import { DATED_NOTE_FIELDS, type DatedItemKind } from "../../../generated/trackingSchema.js";
import { daysFrom } from "../../../lib/jobFacts";

export type CalendarItem = components["schemas"]["CalendarItemRead"];
/** An event is an interview or another step; each note date (DATED_NOTE_FIELDS) is its own kind,
 * and so is a saved job's posting's last day to apply (`apply_by`, no event behind it). */
export type ItemKind = "interview" | "step" | DatedItemKind | "apply_by";

export function itemKind(item: CalendarItem): ItemKind {
  if (item.kind === "apply_by") return "apply_by";
  const dated = DATED_NOTE_FIELDS.find((d) => d.kind === item.kind);
  if (dated) return dated.kind;
  return item.event_type === "interview" ? "interview" : "step";
}

type KindWords = { label: string; plural: string };

/** Each kind's words (its shape is components/KindIcon's); a note date's are its table label. */
export const KINDS = {
  interview: { label: "Interview", plural: "interviews" },
  step: { label: "Other step", plural: "other steps" },
  ...(Object.fromEntries(
    DATED_NOTE_FIELDS.map((d) => [d.kind, { label: d.label, plural: `${d.label.toLowerCase()}s` }]),
  ) as Record<DatedItemKind, KindWords>),
  apply_by: { label: "Apply by", plural: "apply-by dates" },
} satisfies Record<ItemKind, KindWords>;
export const KIND_ORDER: readonly ItemKind[] = [
  "interview",
  "step",
  ...DATED_NOTE_FIELDS.map((d) => d.kind),
  "apply_by",
];

/** A stable key for an item: its kind and its event, or its job when no event is behind it. */
export const itemKey = (item: CalendarItem) =>
  `${item.kind}-${item.event_id ?? `job${item.job_id}`}`;

/** "Offer deadline today", "Offer deadline tomorrow", "Offer deadline in 3 days". */
export function deadlineText(label: string, date: string, today: string): string {
  const days = daysFrom(today, date);
  if (days <= 0) return `${label} today`;
  if (days === 1) return `${label} tomorrow`;
  return `${label} in ${days} days`;
}
