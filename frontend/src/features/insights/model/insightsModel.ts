/** The insights answer in people's words: funnel rows with the conversion from the stage
 * before, percentages, and stage labels. Pure: no React, no fetching. */
import { STAGE_LABELS, STAGES } from "../../../generated/trackingSchema.js";
import type { components } from "../../../generated/api";

export type Insights = components["schemas"]["InsightsRead"];
export type FollowUp = components["schemas"]["FollowUpRead"];

/** The stale threshold the follow-ups use, in days. */
export const STALE_DAYS = 14;

/** 0.4 → "40%"; one decimal only below 10% and not whole ("2.5%"); null → "—". */
export function percent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return "—";
  const value = ratio * 100;
  if (value > 0 && value < 10 && !Number.isInteger(Math.round(value * 10) / 10)) {
    return `${(Math.round(value * 10) / 10).toFixed(1)}%`;
  }
  return `${Math.round(value)}%`;
}

export interface FunnelRow {
  stage: string;
  label: string;
  reached: number;
  /** Share of the widest bar (0..1), for the bar's width. */
  width: number;
  /** "40% of applied reached screening"; null for the first row or when the one before is 0. */
  conversion: string | null;
}

export function funnelRows(funnel: Insights["funnel"]): FunnelRow[] {
  const max = Math.max(0, ...funnel.map((step) => step.reached));
  return funnel.map((step, i) => {
    const before = i > 0 ? funnel[i - 1] : undefined;
    const conversion =
      before && before.reached > 0
        ? `${percent(step.reached / before.reached)} of ${STAGE_LABELS[before.stage].toLowerCase()} reached ${STAGE_LABELS[step.stage].toLowerCase()}`
        : null;
    return {
      stage: step.stage,
      label: STAGE_LABELS[step.stage],
      reached: step.reached,
      width: max > 0 ? step.reached / max : 0,
      conversion,
    };
  });
}

const SOURCE_LABELS: Record<string, string> = {
  online: "Online",
  referral: "Referral",
  recruiter: "Recruiter",
  email: "Email",
  in_person: "In person",
  other: "Other",
  unknown: "Not recorded",
};

export const sourceLabel = (source: string) => SOURCE_LABELS[source] ?? source;

/** "8 days", "1 day", "3.5 days"; null → "—". */
export function days(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "—";
  const rounded = Math.round(value * 10) / 10;
  return `${rounded} ${rounded === 1 ? "day" : "days"}`;
}

/** Stage counts in the schema's order, every stage present. */
export function stageCounts(byStage: Insights["by_stage"]) {
  return STAGES.map((s) => ({ stage: s.value, label: s.label, count: byStage[s.value] ?? 0 }));
}

/** "No news from Acme for 16 days". */
export const followUpSentence = (item: FollowUp) =>
  `No news from ${item.company} for ${item.days_since} ${item.days_since === 1 ? "day" : "days"}`;
