/** Insights answers for tests. */
import type { Insights } from "./model/insightsModel";

const zeroStages = {
  saved: 0,
  applied: 0,
  screening: 0,
  interview: 0,
  reference: 0,
  offer: 0,
  accepted: 0,
  declined: 0,
  rejected: 0,
  withdrawn: 0,
};

export function makeInsights(overrides: Partial<Insights> = {}): Insights {
  return {
    total: 0,
    by_stage: { ...zeroStages },
    funnel: ["applied", "screening", "interview", "reference", "offer", "accepted"].map(
      (stage) => ({ stage: stage as Insights["funnel"][number]["stage"], reached: 0 }),
    ),
    response_rate: null,
    median_days_to_response: null,
    by_source: [],
    follow_up: [],
    ...overrides,
  };
}
