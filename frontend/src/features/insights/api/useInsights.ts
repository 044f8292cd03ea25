/** GET /api/insights with the browser's local date as `today`. */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../lib/apiContext";
import { todayIso } from "../../../lib/format";
import { STALE_DAYS } from "../model/insightsModel";

export const insightsKeys = {
  all: ["insights"] as const,
  at: (today: string, staleDays: number) => ["insights", today, staleDays] as const,
};

export function useInsights(staleDays = STALE_DAYS) {
  const api = useApi();
  const today = todayIso();
  return useQuery({
    queryKey: insightsKeys.at(today, staleDays),
    queryFn: ({ signal }) =>
      api.get("/api/insights", { query: { today, stale_days: staleDays }, signal }),
  });
}
